"""What every rule is given: one validated deck, where it is defined, the text of its files (to
point a warning at the line of the text it is about) and the source document."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from quizapp.lint.model import Finding
from quizapp.lint.source import Document
from quizapp.questions.model import DeckSpec, QuestionSpec

_PROBE = 24


@dataclass(frozen=True)
class DeckContext:
    deck: DeckSpec
    file: str
    line: int
    column: int
    document: Document | None = None
    texts: Mapping[str, str] = field(default_factory=dict)
    _lines: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)

    def at(
        self, question: QuestionSpec, code: str, message: str, anchor: str | None = None
    ) -> Finding:
        """A warning about one question: at the line of `anchor` (a text of the question) when
        it can be found in the file, otherwise at the start of the question."""
        line, column = self._locate(question, anchor) if anchor else (None, None)
        return Finding(
            question.file,
            line or question.line,
            column or question.column,
            f"question {question.id}",
            code,
            message,
            (question.id,),
        )

    def on_deck(self, code: str, message: str, ids: list[str] | tuple[str, ...] = ()) -> Finding:
        listed = tuple(dict.fromkeys(ids))
        if listed:
            more = f" and {len(listed) - 12} more" if len(listed) > 12 else ""
            message = f"{message} ({', '.join(listed[:12])}{more})"
        return Finding(
            self.file, self.line, self.column, f"deck {self.deck.slug}", code, message, listed
        )

    def _locate(self, question: QuestionSpec, anchor: str) -> tuple[int | None, int | None]:
        text = self.texts.get(question.file)
        if text is None:
            return None, None
        lines = self._lines.get(question.file)
        if lines is None:
            lines = self._lines.setdefault(question.file, text.splitlines())
        first = " ".join(anchor.split())
        # Written plain, in single quotes or in double quotes with escapes.
        probes = {first[:_PROBE], json.dumps(first, ensure_ascii=False)[1 : _PROBE + 1]}
        start = question.line - 1
        sibling = " " * max(question.column - 3, 0) + "- "
        for number in range(start, len(lines)):
            line = lines[number]
            if number > start and line.startswith(sibling):
                break
            for probe in probes:
                found = line.find(probe) if probe else -1
                if found >= 0:
                    quoted = found > 0 and line[found - 1] in "\"'"
                    return number + 1, found + (0 if quoted else 1)
        return None, None
