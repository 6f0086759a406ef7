"""Short answer: a typed text, right if it matches one of the accepted answers."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

from yaml.nodes import Node

from quizapp.questions.markdown import render_inline
from quizapp.questions.nodes import Scope
from quizapp.questions.textmatch import matches
from quizapp.questions.types import CardCheck, QuestionType, _typed
from quizapp.questions.types.base import (
    AnswerKey,
    Body,
    CardInput,
    Flow,
    LintTexts,
    Response,
    ResponseForm,
    response_field,
)


class ShortAnswer(QuestionType):
    NAME = "short_answer"
    LABEL = "Short answer"
    REQUIRED = ("answers",)
    OPTIONAL = ("typos",)
    ANALYSIS = "typed"

    def check(self, scope: Scope, fields: Mapping[str, Node]) -> dict[str, Any]:
        return {
            "answers": _typed.accepted_answers(scope, fields.get("answers"), "'answers'"),
            "typos": _typed.typos(scope, fields),
        }

    def grade(self, body: Body, response: Response) -> tuple[float, list[bool]]:
        text = response_field(response, "text", str)
        right = matches(text, body["answers"], body.get("typos", 0))
        return (1.0 if right else 0.0), [right]

    def answer_key(self, body: Body) -> list[str]:
        return [" or ".join(render_inline(a) for a in body["answers"])]

    def read_response(
        self, form: ResponseForm, body: Body, order: Mapping[str, Sequence[int]]
    ) -> dict[str, Any] | None:
        answer = form.text("text")
        return {"text": answer} if answer else None

    def export(self, body: Body) -> dict[str, Any]:
        return _typed.with_typos({"answers": Flow(body["answers"])}, body)

    def lint_texts(self, prompt: str, body: Body) -> LintTexts:
        answers = tuple(body["answers"])
        return LintTexts(accepted=(("answers", answers),), keyed=answers[:1])

    def answers(self, body: Body, response: Response) -> list[AnswerKey] | None:
        return [_typed.typed_answer("", response["text"], body["answers"], body)]

    def card_inputs(self, body: Body) -> tuple[CardInput, ...]:
        return (CardInput("typed", "Type your answer (optional)"),)

    def card_checks(self, body: Body, typed: Mapping[str, str]) -> list[CardCheck]:
        text = typed.get("typed", "")
        if not text:
            return []
        typos = int(body.get("typos", 0))
        right = matches(text, body["answers"], typos)
        return [CardCheck(None, text, tuple(body["answers"]), typos, right)]

    def right_response(self, body: Body) -> dict[str, Any]:
        return {"text": body["answers"][0]}

    def wrong_response(self, body: Body, rng: random.Random) -> dict[str, Any]:
        return {"text": "I am not sure"}

    # Exchange formats (quizapp.exchange): GIFT, Moodle XML.

    GIFT_READS = ("gift:shortanswer",)
    MOODLE_XML_READS = ("shortanswer",)
    # A flashcard's front and back: a generic Anki card, a Quizlet term and definition.
    ANKI_READS = ("anki:card",)
    QUIZLET_READS = ("quizlet:pair",)

    def to_gift(self, question: Any) -> Any:
        from quizapp.exchange.gift import Written, escape
        from quizapp.exchange.moodle import typos_lost

        answers = [f"={escape(answer)}" for answer in question.body["answers"]]
        return Written(answers=answers, notes=typos_lost(question))

    def to_moodle_xml(self, xml: Any, question: Any) -> list[Any]:
        from quizapp.exchange.moodle import typos_lost

        xml.value("usecase", "0")
        for answer in question.body["answers"]:
            xml.answer("100", answer)
        return typos_lost(question)

    def from_gift(self, reading: Any, answers: str) -> bool:
        accepted = reading.accepted(answers)
        if not accepted:
            return False
        reading.question.type = self.NAME
        reading.question.fields = {"answers": accepted, "typos": 0}
        return True

    def from_moodle_xml(self, reading: Any) -> bool:
        from quizapp.exchange.moodle_xml import get_text

        if get_text(reading.element, "usecase").strip() == "1":
            reading.lost("case-sensitive grading is lost: answers here are compared ignoring case")
        answers = [(f, text, fb) for f, text, fb, _ in reading.answers()]
        accepted = reading.full_credit(answers, "")
        if not accepted:
            reading.lost("left out: no answer gets full credit")
            return False
        reading.question.type = self.NAME
        reading.question.fields = {"answers": accepted, "typos": 0}
        return True

    # Anki (quizapp.exchange.apkg), Quizlet and CSV.

    def to_anki(self, anki: Any, question: Any) -> Any:
        answers = list(question.body["answers"])
        lost = anki.typos_lost(question)
        also = ""
        if len(answers) > 1:
            also = "Also accepted: " + ", ".join(anki.escape(a) for a in answers[1:])
            lost.append(
                "other accepted answers are shown on the back, but Anki checks the typed "
                "answer against the first only"
            )
        return anki.typed(anki.md(question.prompt), anki.escape(answers[0]), also, lost)

    def from_anki(self, note: Any) -> Any:
        """A type-in note of ours (a number's too: it comes back as a short answer)."""
        answer = note.plain(note.back)
        if note.is_cloze or not note.typed or not answer:
            return None
        others = [a.strip() for a in note.also().split(", ") if a.strip()]
        return note.question(self.NAME, note.front, {"answers": [answer, *others]})

    def from_answer(self, question: Any, answer: str) -> bool:
        """A flashcard's one answer (`ANKI_READS`, `QUIZLET_READS`), to be typed."""
        question.type = self.NAME
        question.fields = {"answers": [answer]}
        return True

    def to_csv(self, body: Body) -> tuple[list[str], list[str], list[str]]:
        return [], list(body["answers"]), []

    def to_quizlet(self, question: Any) -> tuple[list[tuple[str, str]], list[str]]:
        answers = question.body["answers"]
        lost = _typed.others_lost(answers)
        if question.body.get("typos"):
            lost.append("typo tolerance: Quizlet grades typed answers its own way")
        return [(answers[0], question.prompt)], lost


TYPE = ShortAnswer()
