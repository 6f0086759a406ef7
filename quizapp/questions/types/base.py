"""The vocabulary the question-type modules share: the pieces of a page they show, what the
linter reads, a flashcard's typed-answer field, and the form a response is read from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from quizapp.questions.markdown import render_inline

Body = Mapping[str, Any]
Response = Mapping[str, Any]
# One answer a response gives, for response analysis: (part, text, right, code).
AnswerKey = tuple[str, str, bool, str]


class Flow(list[Any]):
    """A short list a bank file writes on one line, like `topics: [sanctions, arms]`."""


class Malformed(Exception):
    """The response does not have the shape its question type expects."""


class FormValueRefused(Exception):
    """A submitted form holds a value the page could not have offered; the message is for
    the student."""


@dataclass(frozen=True)
class Choice:
    """One control value and its label. `value` is the display position, not the answer key."""

    value: int
    html: str


@dataclass(frozen=True)
class ClozePart:
    """A run of the passage, or a blank. A blank is known by its place (1, 2, ...) only: its
    name in the bank is often its answer."""

    html: str = ""
    blank: int | None = None


@dataclass(frozen=True)
class CardInput:
    """A typed-answer field on a flashcard's front: its form name, label and keyboard."""

    name: str
    label: str
    inputmode: str = "text"


@dataclass(frozen=True)
class LintTexts:
    """What the linter reads of a question besides its prompt and explanation.

    `options` are a choice question's options (text, correct, feedback); `accepted` the
    (label, accepted answers) of typed answers; `keyed` what is to be recalled or recognised;
    `shown` what a learner sees before answering; `right` what the question holds to be right
    beyond its keyed answers; `feedback` every feedback note; `wrong_feedbacks` (label,
    feedback, text) of each wrong answer's note; `stem` text that is part of the question's
    stem (a cloze passage); `distractors` wrong answers that are not options; `glosses`
    texts that spell out one term by another ("right (left)")."""

    options: tuple[Mapping[str, Any], ...] = ()
    accepted: tuple[tuple[str, tuple[str, ...]], ...] = ()
    keyed: tuple[str, ...] = ()
    shown: tuple[str, ...] = ()
    right: tuple[str, ...] = ()
    feedback: tuple[str, ...] = ()
    wrong_feedbacks: tuple[tuple[str, str, str], ...] = ()
    stem: str = ""
    distractors: tuple[str, ...] = ()
    glosses: tuple[str, ...] = field(default_factory=tuple)


class ResponseForm(Protocol):
    """A submitted quiz form, as a type module reads its answer from it. Each method refuses
    (raises) a value the page could not have offered."""

    def one(self, name: str) -> str | None:
        """The single value of a field, None if it was not sent."""

    def every(self, name: str) -> list[str]:
        """Every value of a field sent several times (checkboxes), each at most once."""

    def shown_position(self, list_name: str, raw: str) -> int:
        """The canonical index of the entry shown at position `raw` of a list."""

    def text(self, name: str) -> str:
        """A typed text, stripped, within the length the page allows."""

    def place(self, raw: str, count: int) -> int:
        """A place from 1 to `count`."""


def arranged(texts: Sequence[str], positions: Sequence[int]) -> tuple[Choice, ...]:
    """The texts as controls, in display order: position `shown` holds `texts[positions[shown]]`."""
    return tuple(
        Choice(value=shown, html=render_inline(texts[canonical]))
        for shown, canonical in enumerate(positions)
    )


def index(value: Any, size: int) -> int:
    """A list index a response holds, or Malformed."""
    # bool is an int subclass, but True is not a sensible index.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < size:
        raise Malformed
    return value


def response_field(response: Response, name: str, kind: type | tuple[type, ...]) -> Any:
    value = response.get(name)
    if not isinstance(value, kind):
        raise Malformed
    return value


def fraction(parts: Sequence[bool]) -> float:
    return sum(parts) / len(parts) if parts else 0.0


def shown_index(order: Mapping[str, Sequence[int]], list_name: str, canonical: int) -> int | None:
    """Where a list's canonical entry is shown, for filling a form in again."""
    positions = list(order.get(list_name, []))
    return positions.index(canonical) if canonical in positions else None
