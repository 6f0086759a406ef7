"""Scoring a learner's response to a question, with the partial credit the bank format defines.

Responses index lists in the canonical order of the question's body. A response of the wrong
shape never raises: it scores 0, like an unanswered question.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.questions.textmatch import matches


@dataclass(frozen=True)
class Grade:
    """A score in [0, 1] and, per option, blank, item or pair, whether that part was right."""

    score: float
    correct: bool
    parts: tuple[bool, ...]


class _Malformed(Exception):
    """The response does not have the shape its question type expects."""


def grade(question_type: str, body: Mapping[str, Any], response: Mapping[str, Any]) -> Grade:
    """Score a response to a question of `question_type` whose canonical body is `body`."""
    grader = _GRADERS.get(question_type)
    if grader is None:
        raise ValueError(f"unknown question type {question_type!r}")
    try:
        if not isinstance(response, Mapping):
            raise _Malformed
        score, parts = grader(body, response)
    except _Malformed:
        return Grade(0.0, False, (False,) * _part_count(question_type, body))
    score = round(min(max(score, 0.0), 1.0), 6)
    return Grade(score, score == 1.0, tuple(parts))


def _part_count(question_type: str, body: Mapping[str, Any]) -> int:
    if question_type in ("single_choice", "multiple_choice"):
        return len(body["options"])
    if question_type == "cloze":
        return len(body["blanks"])
    if question_type == "ordering":
        return len(body["items"])
    if question_type == "matching":
        return len(body["pairs"])
    return 1


def _index(value: Any, size: int) -> int:
    # bool is an int subclass, but True is not a sensible index.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < size:
        raise _Malformed
    return value


def _field(response: Mapping[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    value = response.get(name)
    if not isinstance(value, kind):
        raise _Malformed
    return value


def _single_choice(
    body: Mapping[str, Any], response: Mapping[str, Any]
) -> tuple[float, list[bool]]:
    options = body["options"]
    choice = _index(response.get("choice"), len(options))
    parts = [(i == choice) == option["correct"] for i, option in enumerate(options)]
    return (1.0 if options[choice]["correct"] else 0.0), parts


def _multiple_choice(
    body: Mapping[str, Any], response: Mapping[str, Any]
) -> tuple[float, list[bool]]:
    options = body["options"]
    raw = _field(response, "choices", (list, tuple))
    chosen = [_index(value, len(options)) for value in raw]
    if len(set(chosen)) != len(chosen):
        raise _Malformed
    picked = set(chosen)
    n_correct = sum(1 for option in options if option["correct"])
    n_incorrect = len(options) - n_correct
    hits = sum(1 for i in picked if options[i]["correct"])
    false_picks = len(picked) - hits
    score = hits / n_correct if n_correct else 0.0
    if n_incorrect:
        score -= false_picks / n_incorrect
    parts = [(i in picked) == option["correct"] for i, option in enumerate(options)]
    return max(0.0, score), parts


def _true_false(body: Mapping[str, Any], response: Mapping[str, Any]) -> tuple[float, list[bool]]:
    answer = _field(response, "answer", bool)
    right = answer == body["answer"]
    return (1.0 if right else 0.0), [right]


def _short_answer(body: Mapping[str, Any], response: Mapping[str, Any]) -> tuple[float, list[bool]]:
    text = _field(response, "text", str)
    right = matches(text, body["answers"], body.get("typos", 0))
    return (1.0 if right else 0.0), [right]


def _cloze(body: Mapping[str, Any], response: Mapping[str, Any]) -> tuple[float, list[bool]]:
    blanks: Mapping[str, Sequence[str]] = body["blanks"]
    given = _field(response, "blanks", Mapping)
    if any(name not in blanks or not isinstance(text, str) for name, text in given.items()):
        raise _Malformed
    typos = body.get("typos", 0)
    # A blank left out of the response is an unanswered blank, not a malformed response.
    parts = [matches(given.get(name, ""), accepted, typos) for name, accepted in blanks.items()]
    return _fraction(parts), parts


def _ordering(body: Mapping[str, Any], response: Mapping[str, Any]) -> tuple[float, list[bool]]:
    size = len(body["items"])
    raw = _field(response, "order", (list, tuple))
    order = [_index(value, size) for value in raw]
    if sorted(order) != list(range(size)):
        raise _Malformed
    pairs = size * (size - 1) // 2
    in_order = sum(1 for a in range(size) for b in range(a + 1, size) if order[a] < order[b])
    parts = [order[place] == place for place in range(size)]
    return (in_order / pairs if pairs else 1.0), parts


def _matching(body: Mapping[str, Any], response: Mapping[str, Any]) -> tuple[float, list[bool]]:
    pairs = body["pairs"]
    n_rights = len(pairs) + len(body.get("distractors", ()))
    raw = _field(response, "matches", Mapping)
    chosen: dict[int, int | None] = {}
    for left, right in raw.items():
        # None is a left item the learner has not matched yet.
        chosen[_index(left, len(pairs))] = None if right is None else _index(right, n_rights)
    parts = [chosen.get(i) == i for i in range(len(pairs))]
    return _fraction(parts), parts


def _fraction(parts: Sequence[bool]) -> float:
    return sum(parts) / len(parts) if parts else 0.0


_GRADERS: dict[str, Callable[[Mapping[str, Any], Mapping[str, Any]], tuple[float, list[bool]]]] = {
    "single_choice": _single_choice,
    "multiple_choice": _multiple_choice,
    "true_false": _true_false,
    "short_answer": _short_answer,
    "cloze": _cloze,
    "ordering": _ordering,
    "matching": _matching,
}
