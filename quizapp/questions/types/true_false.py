"""True or false: a statement, and whether it holds, with a note for each answer."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

from yaml.nodes import Node

from quizapp.questions.nodes import Scope
from quizapp.questions.types import QuestionType
from quizapp.questions.types.base import (
    AnswerKey,
    Body,
    FormValueRefused,
    LintTexts,
    Response,
    ResponseForm,
    response_field,
)

NOTES = ("feedback_true", "feedback_false")


def _word(value: bool) -> str:
    return "True" if value else "False"


class TrueFalse(QuestionType):
    NAME = "true_false"
    LABEL = "True or false"
    REQUIRED = ("answer",)
    OPTIONAL = NOTES
    TRAITS = frozenset({"statement"})

    def check(self, scope: Scope, fields: Mapping[str, Node]) -> dict[str, Any]:
        body: dict[str, Any] = {"answer": scope.boolean(fields.get("answer"), "'answer'")}
        for name in NOTES:
            body[name] = scope.text(fields[name], f"'{name}'") if name in fields else None
        return body

    def grade(self, body: Body, response: Response) -> tuple[float, list[bool]]:
        answer = response_field(response, "answer", bool)
        right = answer == body["answer"]
        return (1.0 if right else 0.0), [right]

    def view(self, body: Body, order: Mapping[str, Sequence[int]]) -> dict[str, Any]:
        return {"front_note": "True or false?"}

    def answer_key(self, body: Body) -> list[str]:
        return [_word(body["answer"])]

    def chosen_feedback(self, body: Body, response: Response) -> list[dict[str, Any]]:
        note = body.get("feedback_true" if response["answer"] else "feedback_false")
        return [{"text": _word(response["answer"]), "feedback": note}] if note else []

    def read_response(
        self, form: ResponseForm, body: Body, order: Mapping[str, Sequence[int]]
    ) -> dict[str, Any] | None:
        raw = form.one("answer")
        if raw is None:
            return None
        if raw not in ("true", "false"):
            raise FormValueRefused("the answer must be true or false.")
        return {"answer": raw == "true"}

    def form_values(
        self, body: Body, response: Response, order: Mapping[str, Sequence[int]]
    ) -> dict[str, Any]:
        return {"answer": "true" if response["answer"] else "false"}

    def export(self, body: Body) -> dict[str, Any]:
        data: dict[str, Any] = {"answer": body["answer"]}
        for name in NOTES:
            if body.get(name):
                data[name] = body[name]
        return data

    def lint_texts(self, prompt: str, body: Body) -> LintTexts:
        wrong = "feedback_false" if body["answer"] else "feedback_true"
        return LintTexts(
            feedback=tuple(body[name] for name in NOTES if body.get(name)),
            wrong_feedbacks=((wrong, body[wrong], prompt),) if body.get(wrong) else (),
        )

    def answers(self, body: Body, response: Response) -> list[AnswerKey] | None:
        answer = response["answer"]
        if not isinstance(answer, bool):
            return None
        return [("", _word(answer), answer == body["answer"], "")]

    def fixed_answers(self, body: Body) -> list[AnswerKey]:
        return [
            ("", "True", body["answer"] is True, ""),
            ("", "False", body["answer"] is False, ""),
        ]

    def right_response(self, body: Body) -> dict[str, Any]:
        return {"answer": body["answer"]}

    def wrong_response(self, body: Body, rng: random.Random) -> dict[str, Any]:
        return {"answer": not body["answer"]}

    # Exchange formats (quizapp.exchange): GIFT, Moodle XML.

    GIFT_READS = ("gift:truefalse",)
    MOODLE_XML_READS = ("truefalse",)

    def to_gift(self, question: Any) -> Any:
        """`{TRUE#feedback for the wrong answer#feedback for the right one}`."""
        from quizapp.exchange.gift import Written, escape

        body = question.body
        right = body.get("feedback_true") if body["answer"] else body.get("feedback_false")
        wrong = body.get("feedback_false") if body["answer"] else body.get("feedback_true")
        text = "TRUE" if body["answer"] else "FALSE"
        if wrong:
            text += "#" + escape(wrong)
        elif right:
            text += "#"
        if right:
            text += "#" + escape(right)
        return Written(inline=text)

    def to_moodle_xml(self, xml: Any, question: Any) -> list[Any]:
        body = question.body
        for value in (True, False):
            fraction = "100" if body["answer"] is value else "0"
            feedback = body.get("feedback_true" if value else "feedback_false")
            xml.answer(fraction, "true" if value else "false", feedback)
        return []

    def from_gift(self, reading: Any, answers: str) -> bool:
        head = answers.split("#", 1)[0].strip()
        answer = head in ("T", "TRUE")
        bits = answers.split("#", 2)
        wrong = reading.text(bits[1]) if len(bits) > 1 else ""
        right = reading.text(bits[2]) if len(bits) > 2 else ""
        reading.question.type = self.NAME
        reading.question.fields = {
            "answer": answer,
            "feedback_true": (right if answer else wrong) or None,
            "feedback_false": (wrong if answer else right) or None,
        }
        return True

    def from_moodle_xml(self, reading: Any) -> bool:
        fields: dict[str, Any] = {"answer": None, "feedback_true": None, "feedback_false": None}
        for fraction, text, feedback, _ in reading.answers():
            value = text.strip().lower() == "true"
            fields["feedback_true" if value else "feedback_false"] = feedback or None
            if fraction >= 100:
                fields["answer"] = value
        if fields["answer"] is None:
            reading.lost("left out: neither true nor false gets full credit")
            return False
        reading.question.type = self.NAME
        reading.question.fields = fields
        return True

    # Anki (quizapp.exchange.apkg) and CSV.

    def to_anki(self, anki: Any, question: Any) -> Any:
        answer = bool(question.body["answer"])
        back = f'<p class="right">{"True" if answer else "False"}</p>'
        right, wrong = _feedback_names(answer)
        if question.body.get(right):
            back += f'<div class="feedback">{anki.md(question.body[right])}</div>'
        if question.body.get(wrong):
            said = "False" if answer else "True"
            back += (
                f'<div class="feedback wrong"><p>If you said {said}:</p>'
                f"{anki.md(question.body[wrong])}</div>"
            )
        return anki.basic(anki.md(question.prompt) + anki.TRUE_OR_FALSE, back)

    def from_anki(self, note: Any) -> Any:
        back = note.back
        if note.is_cloze or note.typed or not back.startswith('<p class="right">'):
            return None
        answer = back.startswith('<p class="right">True</p>')
        if not answer and not back.startswith('<p class="right">False</p>'):
            return None
        fields: dict[str, Any] = {"answer": answer}
        right, wrong = _feedback_names(answer)
        said_wrong = note.WRONG.search(back)
        if said_wrong:
            fields[wrong] = note.markdown(said_wrong.group(1))
            back = back.replace(said_wrong.group(0), "")
        said_right = note.FEEDBACK.search(back)
        if said_right:
            fields[right] = note.markdown(said_right.group(1))
        return note.question(self.NAME, note.front.replace(note.TRUE_OR_FALSE, ""), fields)

    def to_csv(self, body: Body) -> tuple[list[str], list[str], list[str]]:
        feedback = [
            f"{label}: {body[name]}"
            for label, name in (("true", "feedback_true"), ("false", "feedback_false"))
            if body.get(name)
        ]
        return [], ["true" if body["answer"] else "false"], feedback


def _feedback_names(answer: bool) -> tuple[str, str]:
    """The feedback field of the right answer, then of the wrong one."""
    return ("feedback_true", "feedback_false") if answer else ("feedback_false", "feedback_true")


TYPE = TrueFalse()
