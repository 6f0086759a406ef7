"""Every question type, one module each, and the registry that maps a type's name to it.

Everything the app knows about a type lives in its module: its YAML fields and their checks,
its canonical body, grading, how a response is read from a form and stored, what the page shows
before and after answering (with its template partial `templates/questions/types/NAME.html`),
its YAML export, the texts the linter reads, its shape in response analysis, its typed-answer
fields on a flashcard, and a right and a wrong answer for demo data. Nothing outside this
package tests a type's name: it asks the registry (`get(name)`, `names()`, ...).

The protocol is an abstract base class, `QuestionType` below, rather than a `typing.Protocol`
that the modules satisfy: most behaviours have a default that most types share (no per-choice
feedback, a response stored in the shape it is graded in, no typed field on a flashcard), an
instance missing an abstract method fails at import rather than at first use, and mypy checks
each override's signature. A type module defines one subclass and exposes its instance as
`TYPE`.

Members of a type:

- `NAME`, `LABEL` (shown above the prompt), `REQUIRED` and `OPTIONAL` (its YAML fields beyond
  the common ones), `TRAITS` (what kind of question it is for the linter's rules: "choice",
  "one-right", "several-right", "statement", "sequence"), `ANALYSIS` (how response
  analysis shows its answers: "fixed" lists every answer offered, "typed" the texts typed,
  "arranged" arrangements by code).
- `check(scope, fields)`: the fields' checks, returning the canonical body.
- `grade(body, response)`, `part_count(body)`.
- `lists(body)`, `view(body, order)`, `answer_key(body)`, `chosen_feedback(body, response)`.
- `read_response(form, body, order)`, `grading_response(body, response)`,
  `form_values(body, response, order)`.
- `export(body)`, `lint_texts(prompt, body)`, `answers(body, response)`, `fixed_answers(body)`,
  `card_inputs(body)`, `card_checks(body, typed)`, `right_response(body)`,
  `wrong_response(body, rng)`.

Exchange formats are open: a format adds a method to the types that it can hold (say
`to_gift(question) -> str`, `from_gift(...)`); `mapping(name, "to_gift")` returns it, or None
for a type the format does not support, and `unsupported("to_gift")` lists those types. A
format's reader finds the type that reads a kind of foreign question through the type's list
of kinds it reads (`GIFT_READS = ("gift:shortanswer",)`, `ANKI_READS`, ...):
`reader("GIFT_READS", "gift:shortanswer", "from_gift")`.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from yaml.nodes import Node

from quizapp.questions.nodes import Scope
from quizapp.questions.types.base import (
    AnswerKey,
    Body,
    CardInput,
    LintTexts,
    Response,
    ResponseForm,
)


@dataclass(frozen=True)
class CardCheck:
    """One typed answer on a flashcard's back: what was typed against what is accepted, and the
    verdict the type gives it (the same as its grading)."""

    label: str | None
    typed: str
    accepted: tuple[str, ...]
    typos: int
    right: bool


class QuestionType(ABC):
    """One question type; see the package docstring for what each member means."""

    NAME: str
    LABEL: str
    REQUIRED: tuple[str, ...]
    OPTIONAL: tuple[str, ...] = ()
    TRAITS: frozenset[str] = frozenset()
    ANALYSIS: str = "fixed"

    @abstractmethod
    def check(self, scope: Scope, fields: Mapping[str, Node]) -> dict[str, Any]:
        """The canonical body of a question whose fields are `fields`, reporting to `scope`."""

    @abstractmethod
    def grade(self, body: Body, response: Response) -> tuple[float, list[bool]]:
        """The score and the parts' verdicts; raises Malformed for a response of the wrong
        shape."""

    def part_count(self, body: Body) -> int:
        return 1

    def lists(self, body: Body) -> dict[str, int]:
        """The question's shuffleable lists and their sizes."""
        return {}

    def view(self, body: Body, order: Mapping[str, Sequence[int]]) -> dict[str, Any]:
        """The `QuestionView` fields this type fills, from nothing of the answer key."""
        return {}

    @abstractmethod
    def answer_key(self, body: Body) -> list[str]:
        """The right answer as lines of HTML, for feedback once an answer is final."""

    def chosen_feedback(self, body: Body, response: Response) -> list[dict[str, Any]]:
        """The feedback notes of what the response chose: [{"text", "feedback"}]."""
        return []

    @abstractmethod
    def read_response(
        self, form: ResponseForm, body: Body, order: Mapping[str, Sequence[int]]
    ) -> dict[str, Any] | None:
        """The answer in a submitted form, in canonical terms; None if nothing was answered."""

    def grading_response(self, body: Body, response: Response) -> dict[str, Any]:
        """A stored answer in the shape `grade` takes."""
        return dict(response)

    def form_values(
        self, body: Body, response: Response, order: Mapping[str, Sequence[int]]
    ) -> dict[str, Any]:
        """A stored answer in display terms, to fill the form in again."""
        return dict(response)

    @abstractmethod
    def export(self, body: Body) -> dict[str, Any]:
        """The type's fields as a bank file writes them, leaving out defaults."""

    @abstractmethod
    def lint_texts(self, prompt: str, body: Body) -> LintTexts:
        """The texts the linter reads."""

    @abstractmethod
    def answers(self, body: Body, response: Response) -> list[AnswerKey] | None:
        """The answers one stored response gives, for response analysis; None for none. May
        raise KeyError, IndexError, TypeError, ValueError or AttributeError on a response of
        another shape, which counts as unanswered."""

    def fixed_answers(self, body: Body) -> list[AnswerKey]:
        """Every answer the question offers, in the bank's order ("fixed" analysis only)."""
        return []

    def card_inputs(self, body: Body) -> tuple[CardInput, ...]:
        """The typed-answer fields of a flashcard's front."""
        return ()

    def card_checks(self, body: Body, typed: Mapping[str, str]) -> list[CardCheck]:
        """What was typed into `card_inputs` (by name), judged, for the card's back."""
        return []

    @abstractmethod
    def right_response(self, body: Body) -> dict[str, Any]:
        """A stored response that is right (demo data)."""

    @abstractmethod
    def wrong_response(self, body: Body, rng: random.Random) -> dict[str, Any]:
        """A stored response that is wrong (demo data)."""


def _load() -> dict[str, QuestionType]:
    # Imported here: the modules import this package for QuestionType.
    from quizapp.questions.types import (
        cloze,
        matching,
        multiple_choice,
        numerical,
        ordering,
        short_answer,
        single_choice,
        true_false,
    )

    modules = (
        single_choice,
        multiple_choice,
        true_false,
        short_answer,
        cloze,
        ordering,
        matching,
        numerical,
    )
    return {module.TYPE.NAME: module.TYPE for module in modules}


_REGISTRY: dict[str, QuestionType] = {}


def _registry() -> dict[str, QuestionType]:
    if not _REGISTRY:
        _REGISTRY.update(_load())
    return _REGISTRY


def names() -> tuple[str, ...]:
    """Every type's name, in the order the guide presents them."""
    return tuple(_registry())


def get(name: str) -> QuestionType:
    """The type called `name`; ValueError for an unknown one."""
    found = find(name)
    if found is None:
        raise ValueError(f"unknown question type {name!r}")
    return found


def find(name: str) -> QuestionType | None:
    """The type called `name`, None for an unknown one (a stored answer of a type since gone)."""
    return _registry().get(name)


def labels() -> dict[str, str]:
    """Each type's name with the label a page shows for it."""
    return {name: kind.LABEL for name, kind in _registry().items()}


def fields() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each type's (required, optional) YAML fields beyond the common ones."""
    return {name: (kind.REQUIRED, kind.OPTIONAL) for name, kind in _registry().items()}


def has_trait(name: str, trait: str) -> bool:
    return trait in get(name).TRAITS


def mapping(name: str, member: str) -> Callable[..., Any] | None:
    """The type's mapping to an exchange format (`to_gift`, ...), None if it has none."""
    found = getattr(get(name), member, None)
    return found if callable(found) else None


def unsupported(member: str) -> list[str]:
    """The types an exchange format cannot hold: those without the mapping `member`."""
    return [name for name in names() if mapping(name, member) is None]


def reader(reads: str, kind: str, member: str) -> Callable[..., Any] | None:
    """The mapping `member` of the type whose list `reads` (`GIFT_READS`, ...) names `kind`:
    how a format's question of that kind becomes ours; None if no type reads it."""
    for name in names():
        if kind in getattr(get(name), reads, ()):
            return mapping(name, member)
    return None


def known_reader(reads: str, kind: str, member: str) -> Callable[..., Any]:
    """`reader` for a kind some type is known to read (a flashcard's front and back): a
    LookupError, a fault of ours and not of the file read, if none does."""
    found = reader(reads, kind, member)
    if found is None:
        raise LookupError(f"no question type has {member} for {kind} in its {reads}")
    return found
