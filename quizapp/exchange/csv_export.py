"""A deck as a spreadsheet: one row per question, spreadsheet-safe like the gradebook
(UTF-8 without a byte order mark, no cell that a spreadsheet would run as a formula)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from quizapp.csvsafe import to_csv
from quizapp.exchange.model import Exported, ExportRequest, Format, Skipped
from quizapp.questions import types
from quizapp.questions.model import QuestionSpec

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


def _row(
    question: QuestionSpec, cells: Callable[..., Any], section_titles: Mapping[str, str]
) -> list[object]:
    # The type's (options, answer, feedback) lines, each list one cell.
    options, answer, feedback = cells(question.body)
    return [
        question.id,
        question.type,
        question.prompt,
        JOIN.join(options),
        JOIN.join(answer),
        JOIN.join(feedback),
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
        cells = types.mapping(question.type, "to_csv")
        if cells is None:
            skipped.append(Skipped(question.id, f"type {question.type} has no CSV columns"))
            continue
        rows.append(_row(question, cells, titles))
    text = to_csv(HEADER, rows)
    return Exported(text.encode("utf-8"), f"{deck.slug}.csv", tuple(skipped))


FORMAT = Format(
    name="csv",
    label="CSV spreadsheet (one row per question)",
    extension=".csv",
    media_type="text/csv",
    export=export_csv,
)
