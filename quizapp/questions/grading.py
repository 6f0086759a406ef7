"""Scoring a learner's response to a question, with the partial credit the bank format defines
(each type's own rule is in its module under `questions/types/`).

Responses index lists in the canonical order of the question's body. A response of the wrong
shape never raises: it scores 0, like an unanswered question.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from quizapp.questions import types
from quizapp.questions.types.base import Malformed


@dataclass(frozen=True)
class Grade:
    """A score in [0, 1] and, per option, blank, item or pair, whether that part was right."""

    score: float
    correct: bool
    parts: tuple[bool, ...]


def grade(question_type: str, body: Mapping[str, Any], response: Mapping[str, Any]) -> Grade:
    """Score a response to a question of `question_type` whose canonical body is `body`."""
    kind = types.get(question_type)
    try:
        if not isinstance(response, Mapping):
            raise Malformed
        score, parts = kind.grade(body, response)
    except Malformed:
        return Grade(0.0, False, (False,) * kind.part_count(body))
    score = round(min(max(score, 0.0), 1.0), 6)
    return Grade(score, score == 1.0, tuple(parts))
