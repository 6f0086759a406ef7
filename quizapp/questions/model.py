"""The validated question bank as plain frozen data: decks, their sections and topics,
questions in canonical form, and the problems the validator reports."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

DIFFICULTIES = ("easy", "medium", "hard")


@dataclass(frozen=True)
class Section:
    """A part of the source text that questions point back to."""

    id: str
    title: str
    note: str


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    description: str | None = None


@dataclass(frozen=True)
class QuestionSpec:
    """One question; `body` holds the fields of its type in canonical form.

    `file`, `line` and `column` only say where the question was read from, `lint_ignore`
    and `lint_because` which rules of `quizapp lint` it silences and why, and `draft` that it
    is marked as not finished (`draft: true`, which the validator reports as a warning): they
    are not content.
    """

    id: str
    type: str
    prompt: str
    explanation: str
    topics: tuple[str, ...]
    source: str
    difficulty: str | None
    body: dict[str, Any]
    file: str
    line: int
    column: int = 1
    lint_ignore: tuple[str, ...] = ()
    lint_because: str | None = None
    draft: bool = False

    def content(self) -> dict[str, Any]:
        """Everything that defines the question, as JSON-ready data; equal iff unchanged."""
        return {
            "id": self.id,
            "type": self.type,
            "prompt": self.prompt,
            "explanation": self.explanation,
            "topics": list(self.topics),
            "source": self.source,
            "difficulty": self.difficulty,
            "body": copy.deepcopy(self.body),
        }


@dataclass(frozen=True)
class DeckSpec:
    slug: str
    title: str
    description: str
    source_title: str
    sections: tuple[Section, ...]
    topics: tuple[Topic, ...]
    questions: tuple[QuestionSpec, ...]

    def content(self) -> dict[str, Any]:
        """The deck's own fields (not its questions), as JSON-ready data."""
        return {
            "slug": self.slug,
            "title": self.title,
            "description": self.description,
            "source_title": self.source_title,
            "sections": [{"id": s.id, "title": s.title, "note": s.note} for s in self.sections],
            "topics": [
                {"id": t.id, "title": t.title, "description": t.description} for t in self.topics
            ],
        }


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a bank file; `where` is `question ID`, `deck SLUG` or `file`.

    A `warning` does not stop the bank from validating: it is for the teacher to review.
    """

    file: str
    line: int
    column: int
    where: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.file}:{self.line}:{self.column}: {kind}{self.where}: {self.message}"
