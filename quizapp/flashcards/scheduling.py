"""FSRS scheduling as plain data: a card's memory state in, the next state and intervals out.

The fsrs package does the arithmetic; this module owns the boundary. fsrs accepts only
timezone-aware UTC datetimes, so every datetime crossing into it goes through `utc()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State
from fsrs.scheduler import DEFAULT_PARAMETERS as FSRS_DEFAULTS

DEFAULT_PARAMETERS: tuple[float, ...] = tuple(FSRS_DEFAULTS)
RATINGS = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)
RATING_NAMES = {
    Rating.Again: "Again",
    Rating.Hard: "Hard",
    Rating.Good: "Good",
    Rating.Easy: "Easy",
}


def utc(moment: datetime) -> datetime:
    """The same instant as an aware UTC datetime; a naive one is refused, not guessed."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: give fsrs an aware UTC datetime")
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class MemoryState:
    """What the scheduler knows of one learner's memory of one question."""

    state: int = int(State.Learning)
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0

    @property
    def is_new(self) -> bool:
        return self.reps == 0

    def as_dict(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in MEMORY_FIELDS}
        for name in MOMENTS:
            data[name] = data[name].isoformat() if data[name] else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MemoryState:
        values = {name: data[name] for name in MEMORY_FIELDS}
        for name in MOMENTS:
            values[name] = utc(datetime.fromisoformat(values[name])) if values[name] else None
        return cls(**values)


MEMORY_FIELDS = tuple(f.name for f in fields(MemoryState))
"""The one list of a card's memory fields: MemoryState's, which Card's columns share by name
(flashcards/service.py reads and stores them by it, reports/service.py selects them)."""
MOMENTS = ("due", "last_review")
"""The memory fields that are moments, kept as ISO text in a review's before/after."""


def make_scheduler(
    desired_retention: float = 0.9, parameters: list[float] | None = None
) -> Scheduler:
    # No fuzz: the interval shown on a button is exactly the one the rating gives.
    if parameters:
        return Scheduler(
            parameters=parameters, desired_retention=desired_retention, enable_fuzzing=False
        )
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=False)


def _to_fsrs(memory: MemoryState, now: datetime) -> FsrsCard:
    return FsrsCard(
        card_id=1,
        state=State(memory.state),
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=utc(memory.due) if memory.due else utc(now),
        last_review=utc(memory.last_review) if memory.last_review else None,
    )


def review(scheduler: Scheduler, memory: MemoryState, rating: Rating, now: datetime) -> MemoryState:
    """The memory state after a rating at `now`."""
    card, _log = scheduler.review_card(_to_fsrs(memory, now), rating, utc(now))
    lapsed = rating == Rating.Again and memory.state == int(State.Review)
    return replace(
        memory,
        state=int(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=utc(card.due),
        last_review=utc(card.last_review) if card.last_review else utc(now),
        reps=memory.reps + 1,
        lapses=memory.lapses + (1 if lapsed else 0),
    )


def previews(scheduler: Scheduler, memory: MemoryState, now: datetime) -> dict[Rating, timedelta]:
    """The interval each rating would give, computed by the same scheduler."""
    return {rating: (review(scheduler, memory, rating, now).due or now) - now for rating in RATINGS}


def retrievability(scheduler: Scheduler, memory: MemoryState, now: datetime) -> float:
    """The probability of recalling the card now (0 for a card never reviewed)."""
    if memory.is_new:
        return 0.0
    return float(scheduler.get_card_retrievability(_to_fsrs(memory, now), utc(now)))


def format_interval(interval: timedelta) -> str:
    """Short, like Anki's buttons: 45s, 10m, 3h, 4d, 2.5mo, 1.2y."""
    seconds = max(0.0, interval.total_seconds())
    if seconds < 60:
        return f"{round(seconds)}s"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo".replace(".0mo", "mo")
    return f"{days / 365:.1f}y".replace(".0y", "y")


class RatingButton(NamedTuple):
    """A rating button on a card's back: the rating it sends, its name and the interval it
    gives."""

    rating: int
    name: str
    interval: str


def rating_buttons(intervals: Mapping[Rating, timedelta]) -> list[RatingButton]:
    return [
        RatingButton(int(rating), RATING_NAMES[rating], format_interval(interval))
        for rating, interval in intervals.items()
    ]
