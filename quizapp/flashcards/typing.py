"""Typed answers on flashcards: a lenient verdict, and a character diff to show what differed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from rapidfuzz.distance import Levenshtein

from quizapp.questions.textmatch import matches, normalize
from quizapp.questions.types import CardCheck


@dataclass(frozen=True)
class Segment:
    """A run of characters: `same` in both, `extra` typed but not in the answer, `missing`
    in the answer but not typed."""

    kind: str
    text: str


@dataclass(frozen=True)
class TypedComparison:
    typed: str
    answer: str
    right: bool
    typed_segments: tuple[Segment, ...]
    answer_segments: tuple[Segment, ...]


def closest_answer(typed: str, accepted: Sequence[str]) -> str:
    wanted = normalize(typed)
    return min(accepted, key=lambda answer: Levenshtein.distance(wanted, normalize(answer)))


def compare(typed: str, accepted: Sequence[str], typos: int = 0) -> TypedComparison:
    """The verdict uses the same lenient matching as quizzes; the diff is case-insensitive
    against the accepted answer closest to what was typed."""
    typed = typed.strip()
    answer = closest_answer(typed, accepted)
    typed_segments: list[Segment] = []
    answer_segments: list[Segment] = []
    matcher = SequenceMatcher(a=typed.casefold(), b=answer.casefold(), autojunk=False)
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag == "equal":
            typed_segments.append(Segment("same", typed[a_start:a_end]))
            answer_segments.append(Segment("same", answer[b_start:b_end]))
            continue
        if a_end > a_start:
            typed_segments.append(Segment("extra", typed[a_start:a_end]))
        if b_end > b_start:
            answer_segments.append(Segment("missing", answer[b_start:b_end]))
    return TypedComparison(
        typed=typed,
        answer=answer,
        right=matches(typed, accepted, typos),
        typed_segments=tuple(typed_segments),
        answer_segments=tuple(answer_segments),
    )


@dataclass(frozen=True)
class TypedAnswer:
    """One typed answer as a card's back shows it: its label (a cloze blank's; None for the
    card's only field) and the comparison, with the verdict the question type gives."""

    label: str | None
    result: TypedComparison


def compare_checks(checks: Sequence[CardCheck]) -> list[TypedAnswer]:
    """Each typed answer compared with its accepted answers; the verdict is the type's own."""
    return [
        TypedAnswer(
            check.label,
            replace(compare(check.typed, check.accepted, check.typos), right=check.right),
        )
        for check in checks
    ]
