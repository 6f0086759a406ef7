"""The rules of an attempt as plain data: drawing questions, reading a submitted form back into
an answer, and time. No database, no web."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar

from quizapp.inputs import MAX_TEXT, small_int_or_none
from quizapp.questions import types
from quizapp.questions.types.base import FormValueRefused
from quizapp.refusals import About, Refusal

# A form posted this long after the deadline still counts: it was sent in time.
DEADLINE_GRACE = timedelta(seconds=5)

T = TypeVar("T")


class QuizRefusal(Refusal):
    """A request about an attempt that the rules refuse (`refusals.Refusal`)."""

    about = About.ATTEMPT


def draw(candidates: Sequence[T], count: int, shuffle: bool, rng: random.Random) -> list[T]:
    """`count` of the candidates, at random; in deck order unless `shuffle`."""
    count = min(count, len(candidates))
    chosen = sorted(rng.sample(range(len(candidates)), count))
    if shuffle:
        rng.shuffle(chosen)
    return [candidates[i] for i in chosen]


class _Form:
    """A submitted form as the question types read it (`types.base.ResponseForm`)."""

    def __init__(
        self, form: Mapping[str, Sequence[str]], order: Mapping[str, Sequence[int]], prefix: str
    ) -> None:
        self.form = form
        self.order = order
        self.prefix = prefix

    def one(self, name: str) -> str | None:
        values = self.form.get(self.prefix + name) or []
        if len(values) > 1:
            raise QuizRefusal(f"the field '{self.prefix + name}' was sent more than once.", 400)
        return values[0] if values else None

    def every(self, name: str) -> list[str]:
        sent = list(self.form.get(self.prefix + name) or [])
        if len(set(sent)) < len(sent):
            raise QuizRefusal("an option was sent twice.", 400)
        return sent

    def shown_position(self, list_name: str, raw: str) -> int:
        positions = self.order.get(list_name, [])
        index = small_int_or_none(raw, 0, len(positions) - 1)
        if index is None:
            raise QuizRefusal(
                f"'{_shorten(raw)}' is not one of the {len(positions)} choices this question "
                "offers.",
                400,
            )
        return positions[index]

    def text(self, name: str) -> str:
        value = (self.one(name) or "").strip()
        if len(value) > MAX_TEXT:
            raise QuizRefusal(f"an answer is longer than the {MAX_TEXT} characters allowed.", 400)
        return value

    def place(self, raw: str, count: int) -> int:
        place = small_int_or_none(raw, 1, count)
        if place is None:
            raise QuizRefusal(f"'{_shorten(raw)}' is not a place from 1 to {count}.", 400)
        return place


def read_response(
    question_type: str,
    body: Mapping[str, Any],
    order: Mapping[str, Sequence[int]],
    form: Mapping[str, Sequence[str]],
    prefix: str = "",
) -> dict[str, Any] | None:
    """The answer in a submitted form, in canonical terms; None if nothing was answered.

    A value the page could not have offered (an option the question does not have, a field
    sent twice, text longer than the page allows) raises QuizRefusal(400): it is refused, not
    guessed at, so the stored answer stays as it was.
    """
    try:
        return types.get(question_type).read_response(_Form(form, order, prefix), body, order)
    except FormValueRefused as refused:
        raise QuizRefusal(str(refused), 400) from refused


def _shorten(raw: str, limit: int = 20) -> str:
    return raw if len(raw) <= limit else raw[:limit] + "…"


def grading_response(
    question_type: str, body: Mapping[str, Any], response: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The stored answer in the shape the grader takes (an unanswered one grades as 0)."""
    if response is None:
        return {}
    return types.get(question_type).grading_response(body, response)


def form_values(
    question_type: str,
    body: Mapping[str, Any],
    response: Mapping[str, Any] | None,
    order: Mapping[str, Sequence[int]],
) -> dict[str, Any]:
    """A stored answer in display terms, to fill the form in again after a reload."""
    if not response:
        return {}
    return types.get(question_type).form_values(body, response, order)


def window_open(opens_at: datetime | None, closes_at: datetime | None, now: datetime) -> bool:
    """Whether `now` is inside a quiz's window (no opening: open already; no closing: never)."""
    return (opens_at is None or opens_at <= now) and (closes_at is None or now < closes_at)


def deadline(started: datetime, minutes: int | None) -> datetime | None:
    return started + timedelta(minutes=minutes) if minutes else None


def past_deadline(deadline_at: datetime | None, now: datetime) -> bool:
    return deadline_at is not None and now > deadline_at + DEADLINE_GRACE


def percent(score: float, max_score: float) -> float:
    return round(100 * score / max_score, 1) if max_score else 0.0
