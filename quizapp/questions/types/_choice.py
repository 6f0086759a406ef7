"""What single and multiple choice questions share: options with a right flag and feedback."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from yaml.nodes import Node

from quizapp.questions.markdown import render_inline
from quizapp.questions.nodes import Scope, same_text_key, shorten
from quizapp.questions.types import QuestionType
from quizapp.questions.types.base import AnswerKey, Body, LintTexts, arranged

OPTIONS_RANGE = (2, 10)


def check_options(scope: Scope, fields: Mapping[str, Node]) -> tuple[list[dict[str, Any]], bool]:
    """The options, and whether every one of them could be read (so their flags can be
    counted)."""
    options_node = fields.get("options")
    nodes = scope.sequence(options_node, "'options'", *OPTIONS_RANGE, noun="option")
    options: list[dict[str, Any]] = []
    complete = nodes is not None
    texts: dict[str, int] = {}
    for number, node in enumerate(nodes or (), 1):
        option = scope.fields(node, f"option {number}", ("text",), ("correct", "feedback"))
        if option is None:
            complete = False
            continue
        text = scope.text(option.get("text"), f"'text' of option {number}")
        correct: bool | None = False
        if "correct" in option:
            correct = scope.boolean(option["correct"], f"'correct' of option {number}")
        feedback = None
        if "feedback" in option:
            feedback = scope.text(option["feedback"], f"'feedback' of option {number}")
        if text is not None:
            first = texts.setdefault(same_text_key(text), number)
            if first != number:
                scope.problem(
                    option["text"],
                    f"option {number} has the same text as option {first} ('{shorten(text)}')",
                )
        if correct is None:
            complete = False
        options.append({"text": text, "correct": bool(correct), "feedback": feedback})
    return options, complete and options_node is not None


def lists(body: Body) -> dict[str, int]:
    return {"options": len(body["options"])}


def view(body: Body, order: Mapping[str, Sequence[int]]) -> dict[str, Any]:
    return {"choices": arranged([o["text"] for o in body["options"]], order["options"])}


def answer_key(body: Body) -> list[str]:
    return [render_inline(o["text"]) for o in body["options"] if o.get("correct")]


def chosen_feedback(body: Body, picked: Sequence[int | None]) -> list[dict[str, Any]]:
    return [body["options"][i] for i in picked if i is not None]


def export(body: Body) -> dict[str, Any]:
    options = []
    for option in body["options"]:
        entry: dict[str, Any] = {"text": option["text"]}
        if option.get("correct"):
            entry["correct"] = True
        if option.get("feedback"):
            entry["feedback"] = option["feedback"]
        options.append(entry)
    return {"options": options}


def lint_texts(prompt: str, body: Body) -> LintTexts:
    options = tuple(body["options"])
    return LintTexts(
        options=options,
        keyed=tuple(str(o["text"]) for o in options if o["correct"]),
        shown=tuple(str(o["text"]) for o in options),
        feedback=tuple(str(o["feedback"]) for o in options if o.get("feedback")),
        wrong_feedbacks=tuple(
            (f"option {number}", str(o["feedback"]), str(o["text"]))
            for number, o in enumerate(options, 1)
            if o.get("feedback") and not o["correct"]
        ),
    )


def fixed_answers(body: Body) -> list[AnswerKey]:
    return [("", option["text"], bool(option.get("correct")), "") for option in body["options"]]


def option_at(items: Sequence[Any], index: Any) -> Any:
    """items[index] for an index the quiz form could have stored: no negative one, no bool."""
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise IndexError(index)
    return items[index]


def answer_of(option: Mapping[str, Any]) -> AnswerKey:
    return ("", option["text"], bool(option.get("correct")), "")


# Exchange formats (quizapp.exchange): what single and multiple choice share in GIFT and
# Moodle XML. Single choice: the right option at full credit, the others at none. Multiple
# choice: right options an equal share of 100%, wrong ones an equal share of -100%, which is
# how this app scores them.


def _weights(options: Sequence[Mapping[str, Any]], single: bool) -> list[float]:
    from quizapp.exchange import moodle

    if single:
        return [100.0 if option["correct"] else 0.0 for option in options]
    return moodle.choice_weights(options)


def gift_answers(question: Any, single: bool) -> list[str]:
    from quizapp.exchange import moodle
    from quizapp.exchange.gift import escape

    options = question.body["options"]
    lines = []
    for weight, option in zip(_weights(options, single), options, strict=True):
        mark = ("=" if weight else "~") if single else f"~%{moodle.weight_text(weight)}%"
        feedback = f"#{escape(option['feedback'])}" if option.get("feedback") else ""
        lines.append(f"{mark}{escape(option['text'])}{feedback}")
    return lines


def to_moodle_xml(xml: Any, question: Any, single: bool) -> list[Any]:
    from quizapp.exchange import moodle

    options = question.body["options"]
    xml.value("single", "true" if single else "false")
    xml.value("shuffleanswers", "true")
    xml.value("answernumbering", "abc")
    for option, weight in zip(options, _weights(options, single), strict=True):
        xml.answer(moodle.weight_text(weight), option["text"], option.get("feedback"))
    return []


def _options(
    reading: Any, weighted: Sequence[tuple[float, str, str | None]], single: bool
) -> list[dict[str, Any]]:
    from quizapp.exchange import moodle

    right, lost = moodle.choice_marks(single, [(weight, text) for weight, text, _ in weighted])
    for message in lost:
        reading.lost(message)
    return [
        {"text": text, "correct": correct, "feedback": feedback or None}
        for correct, (_, text, feedback) in zip(right, weighted, strict=True)
    ]


def from_gift(reading: Any, answers: str, name: str, single: bool) -> bool:
    parts = [p for p in answers.replace("=", "~=").split("~") if p.strip()]
    reading.question.type = name
    reading.question.fields = {"options": _options(reading, reading.weighted(parts, 0.0), single)}
    return True


def from_moodle_xml(reading: Any, name: str, single: bool) -> bool:
    weighted = [(fraction, text, feedback) for fraction, text, feedback, _ in reading.answers()]
    reading.question.type = name
    reading.question.fields = {"options": _options(reading, weighted, single)}
    return True


def to_anki(anki: Any, question: Any, single: bool) -> Any:
    """The options on the front in a fixed order of their own, each marked on the back."""
    options = sorted(question.body["options"], key=lambda option: option["text"].casefold())
    front = anki.md(question.prompt)
    if not single:
        front += f"<p>{anki.SELECT_ALL}</p>"
    front += anki.options([anki.inline(o["text"]) for o in options], numbered=True)
    lines = []
    for option in options:
        mark = '<span class="right">✓ ' if option.get("correct") else "<span>✗ "
        line = mark + anki.inline(option["text"]) + "</span>"
        if option.get("feedback"):
            line += f'<div class="feedback">{anki.inline(option["feedback"])}</div>'
        lines.append(line)
    lost = (
        ()
        if single
        else ("partial credit for a partly right set of options (the learner rates recall)",)
    )
    return anki.basic(front, anki.options(lines), lost)


def from_anki(note: Any, name: str, single: bool) -> Any:
    """A choice question our `to_anki` wrote, or None."""
    if note.is_cloze or note.typed or not note.back.startswith('<ul class="options"><li><span'):
        return None
    select_all = f"<p>{note.SELECT_ALL}</p>"
    prompt = note.front.partition('<ol class="options">')[0]
    if (select_all in prompt) == single:
        return None
    options: list[dict[str, Any]] = []
    for item in note.item_html(note.back):
        found = note.OPTION.match(item)
        if found is None:
            return None
        option: dict[str, Any] = {"text": note.markdown(found.group(2))}
        if found.group(1) == "✓":
            option["correct"] = True
        if found.group(3):
            option["feedback"] = note.markdown(found.group(3))
        options.append(option)
    return note.question(name, prompt.replace(select_all, ""), {"options": options})


class ChoiceType(QuestionType):
    """What both choice types do alike; `SINGLE` says which of the two a subclass is."""

    SINGLE: bool
    REQUIRED = ("options",)

    def part_count(self, body: Body) -> int:
        return len(body["options"])

    def lists(self, body: Body) -> dict[str, int]:
        return lists(body)

    def view(self, body: Body, order: Mapping[str, Sequence[int]]) -> dict[str, Any]:
        return view(body, order)

    def answer_key(self, body: Body) -> list[str]:
        return answer_key(body)

    def export(self, body: Body) -> dict[str, Any]:
        return export(body)

    def lint_texts(self, prompt: str, body: Body) -> LintTexts:
        return lint_texts(prompt, body)

    def fixed_answers(self, body: Body) -> list[AnswerKey]:
        return fixed_answers(body)

    # Exchange formats (quizapp.exchange): GIFT, Moodle XML, then Anki and CSV below.

    def to_gift(self, question: Any) -> Any:
        from quizapp.exchange import gift

        return gift.Written(answers=gift_answers(question, self.SINGLE))

    def to_moodle_xml(self, xml: Any, question: Any) -> list[Any]:
        return to_moodle_xml(xml, question, self.SINGLE)

    def from_gift(self, reading: Any, answers: str) -> bool:
        return from_gift(reading, answers, self.NAME, self.SINGLE)

    def from_moodle_xml(self, reading: Any) -> bool:
        return from_moodle_xml(reading, self.NAME, self.SINGLE)

    # Anki (quizapp.exchange.apkg) and CSV.

    def to_anki(self, anki: Any, question: Any) -> Any:
        return to_anki(anki, question, self.SINGLE)

    def from_anki(self, note: Any) -> Any:
        return from_anki(note, self.NAME, self.SINGLE)

    def to_csv(self, body: Body) -> tuple[list[str], list[str], list[str]]:
        options = body["options"]
        return (
            [o["text"] for o in options],
            [o["text"] for o in options if o.get("correct")],
            [f"{o['text']}: {o['feedback']}" for o in options if o.get("feedback")],
        )
