"""What the linter reports: findings (warnings) and per-deck summaries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from quizapp.questions.model import Problem


@dataclass(frozen=True)
class Finding:
    """One warning, in the validator's `FILE:LINE:COL: WHERE: CODE message` form.

    `questions` names the questions behind a deck-wide finding (or the one it is about)."""

    file: str
    line: int
    column: int
    where: str
    code: str
    message: str
    questions: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.where}: {self.code} {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "where": self.where,
            "code": self.code,
            "message": self.message,
            "questions": list(self.questions),
        }


@dataclass(frozen=True)
class DeckSummary:
    """Questions per section, topic, type and difficulty: the balance table."""

    slug: str
    questions: int
    sections: tuple[tuple[str, str, int], ...]
    topics: tuple[tuple[str, str, int], ...]
    types: tuple[tuple[str, int], ...]
    difficulties: tuple[tuple[str, int], ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "questions": self.questions,
            "sections": [{"id": i, "title": t, "questions": n} for i, t, n in self.sections],
            "topics": [{"id": i, "title": t, "questions": n} for i, t, n in self.topics],
            "types": dict(self.types),
            "difficulties": dict(self.difficulties),
        }


@dataclass
class LintReport:
    findings: list[Finding] = field(default_factory=list)
    summaries: list[DeckSummary] = field(default_factory=list)
    # Validation problems: when there are any, the bank could not be linted.
    problems: list[Problem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(f.code for f in self.findings).items()))

    def as_dict(self) -> dict[str, Any]:
        return {
            "problems": [str(p) for p in self.problems],
            "warnings": [f.as_dict() for f in self.findings],
            "counts": self.counts(),
            "decks": [s.as_dict() for s in self.summaries],
        }
