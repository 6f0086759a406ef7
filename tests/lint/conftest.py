"""Building small decks for the lint rules: a question is a dict, the deck is dumped to YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from quizapp.lint import Document, LintReport, lint_files, parse_document

DATA = Path(__file__).resolve().parents[1] / "data"

SECTIONS = [
    {"id": "cooling", "title": "Cooling", "note": "How the top of a lake gets cold first."},
    {"id": "density", "title": "Density", "note": "Why ice forms on top and seals the lake."},
    {"id": "safety", "title": "Safety", "note": "When ice is thick enough for skating."},
]
EXPLANATION = (
    "Because cold water at four degrees sinks while colder water rises, ice seals the lake "
    "from above and shelters the fish beneath it."
)


def question(qid: str, kind: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": qid,
        "type": kind,
        "prompt": fields.pop("prompt", f"Question {qid} about frozen lakes?"),
        "explanation": fields.pop("explanation", EXPLANATION),
        "topics": ["ice"],
        "source": fields.pop("source", "density"),
    }
    base.update(fields)
    return base


def single(qid: str, texts: list[str], right: int = 0, **fields: Any) -> dict[str, Any]:
    options = [
        {"text": t, **({"correct": True} if i == right else {})} for i, t in enumerate(texts)
    ]
    return question(qid, "single_choice", options=options, **fields)


def short(qid: str, answers: list[str], typos: int = 0, **fields: Any) -> dict[str, Any]:
    return question(qid, "short_answer", answers=answers, typos=typos, **fields)


def true_false(qid: str, prompt: str, answer: bool, **fields: Any) -> dict[str, Any]:
    return question(qid, "true_false", prompt=prompt, answer=answer, **fields)


def deck_file(
    questions: list[dict[str, Any]], sections: list[dict[str, str]] | None = None
) -> bytes:
    document = {
        "format": 1,
        "deck": {
            "slug": "lakes",
            "title": "Frozen lakes",
            "description": "How lakes freeze, in our own words.",
            "source": {"title": "How lakes freeze", "sections": sections or SECTIONS},
            "topics": [{"id": "ice", "title": "Ice"}],
        },
        "questions": questions,
    }
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True).encode()


def lint(
    questions: list[dict[str, Any]],
    document: Document | None = None,
    sections: list[dict[str, str]] | None = None,
) -> LintReport:
    report = lint_files([("lakes.yaml", deck_file(questions, sections))], document)
    assert not report.problems, report.problems
    return report


def codes(report: LintReport) -> list[str]:
    return [finding.code for finding in report.findings]


def messages(report: LintReport, code: str) -> list[str]:
    return [str(f) for f in report.findings if f.code == code]


@pytest.fixture
def text_document() -> Document:
    path = DATA / "lint-source.txt"
    return parse_document(path.name, path.read_text(encoding="utf-8"))


@pytest.fixture
def markdown_document() -> Document:
    path = DATA / "lint-source.md"
    return parse_document(path.name, path.read_text(encoding="utf-8"))
