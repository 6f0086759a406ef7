"""What every rule is given: one validated deck, where it is defined, and the source document."""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.lint.model import Finding
from quizapp.lint.source import Document
from quizapp.questions.model import DeckSpec, QuestionSpec


@dataclass(frozen=True)
class DeckContext:
    deck: DeckSpec
    file: str
    line: int
    column: int
    document: Document | None = None

    def at(self, question: QuestionSpec, code: str, message: str) -> Finding:
        return Finding(
            question.file,
            question.line,
            question.column,
            f"question {question.id}",
            code,
            message,
            (question.id,),
        )

    def on_deck(self, code: str, message: str, ids: list[str] | tuple[str, ...] = ()) -> Finding:
        listed = tuple(dict.fromkeys(ids))
        if listed:
            shown = ", ".join(listed[:12]) + (
                f" and {len(listed) - 12} more" if len(listed) > 12 else ""
            )
            message = f"{message} ({shown})"
        return Finding(
            self.file, self.line, self.column, f"deck {self.deck.slug}", code, message, listed
        )
