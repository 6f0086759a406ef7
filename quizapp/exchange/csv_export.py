"""A deck as a spreadsheet: one row per question, spreadsheet-safe like the gradebook
(UTF-8 without a byte order mark, no cell that a spreadsheet would run as a formula)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from quizapp.exchange import numbers
from quizapp.exchange.model import Exported, ExportRequest, Format, Skipped
from quizapp.questions.model import QuestionSpec
from quizapp.reports.csvsafe import to_csv

HEADER = (
    "id",
    "type",
    "prompt",
    "options",
    "answer",
    "feedback",
    "typos",
    "explanation",
    "topics",
    "section",
    "difficulty",
)
# Several values in one cell go on lines of their own: any text may hold a comma or a bar.
JOIN = "\n"

# (options, answer, feedback) of a question, each one cell.
_Cells = tuple[str, str, str]


def _choice(body: Mapping[str, Any]) -> _Cells:
    options = body["options"]
    feedback = [f"{o['text']}: {o['feedback']}" for o in options if o.get("feedback")]
    return (
        JOIN.join(o["text"] for o in options),
        JOIN.join(o["text"] for o in options if o.get("correct")),
        JOIN.join(feedback),
    )


def _true_false(body: Mapping[str, Any]) -> _Cells:
    feedback = [
        f"{label}: {body[name]}"
        for label, name in (("true", "feedback_true"), ("false", "feedback_false"))
        if body.get(name)
    ]
    return "", "true" if body["answer"] else "false", JOIN.join(feedback)


def _short_answer(body: Mapping[str, Any]) -> _Cells:
    return "", JOIN.join(body["answers"]), ""


def _cloze(body: Mapping[str, Any]) -> _Cells:
    blanks = [f"{name}: {' / '.join(answers)}" for name, answers in body["blanks"].items()]
    return body["text"], JOIN.join(blanks), ""


def _ordering(body: Mapping[str, Any]) -> _Cells:
    return "", JOIN.join(body["items"]), ""


def _matching(body: Mapping[str, Any]) -> _Cells:
    pairs = JOIN.join(f"{pair['left']} = {pair['right']}" for pair in body["pairs"])
    return JOIN.join(body.get("distractors", [])), pairs, ""


def _numerical(body: Mapping[str, Any]) -> _Cells:
    units = list(body.get("units") or [])
    answers = body["answers"]
    feedback = [
        f"{numbers.answer_text(a, units)}: {a['feedback']}" for a in answers if a.get("feedback")
    ]
    return (
        JOIN.join(units),
        JOIN.join(numbers.answer_text(a, units) for a in answers),
        JOIN.join(feedback),
    )


_CELLS: dict[str, Callable[[Mapping[str, Any]], _Cells]] = {
    "single_choice": _choice,
    "multiple_choice": _choice,
    "true_false": _true_false,
    "short_answer": _short_answer,
    "cloze": _cloze,
    "ordering": _ordering,
    "matching": _matching,
    "numerical": _numerical,
}


def _row(question: QuestionSpec, section_titles: Mapping[str, str]) -> list[object]:
    options, answer, feedback = _CELLS[question.type](question.body)
    return [
        question.id,
        question.type,
        question.prompt,
        options,
        answer,
        feedback,
        question.body.get("typos"),
        question.explanation,
        JOIN.join(question.topics),
        section_titles.get(question.source, question.source),
        question.difficulty,
    ]


def export_csv(request: ExportRequest) -> Exported:
    deck = request.deck
    titles = {section.id: section.title for section in deck.sections}
    rows = []
    skipped = []
    for question in deck.questions:
        if question.type not in _CELLS:
            skipped.append(Skipped(question.id, f"type {question.type} has no CSV columns"))
            continue
        rows.append(_row(question, titles))
    text = to_csv(HEADER, rows)
    return Exported(text.encode("utf-8"), f"{deck.slug}.csv", tuple(skipped))


FORMAT = Format(
    name="csv",
    label="CSV spreadsheet (one row per question)",
    extension=".csv",
    media_type="text/csv",
    export=export_csv,
)
