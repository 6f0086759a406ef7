"""Help me decide: the workload of a deck over the coming year at several desired retentions,
simulated with FSRS-6 on numpy arrays, all retentions and all cards at once. It starts from the
learner's own cards of the deck (their memory and due day) and adds the deck's unseen cards at
the learner's daily limit of new cards. Plain data in and out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from quizapp.flashcards import fsrs6
from quizapp.flashcards.balance import MAXIMUM_INTERVAL

# 0.70 to 0.97 in steps of 0.03: ten retentions.
RETENTIONS = tuple(round(0.70 + 0.03 * step, 2) for step in range(10))
DAYS = 365
# The average Anki user's ratings (fsrs-rs's simulator defaults): first ratings Again..Easy,
# and Hard, Good, Easy among the successful reviews.
AVERAGE_FIRST_RATINGS = (0.24, 0.094, 0.495, 0.171)
AVERAGE_REVIEW_RATINGS = (0.224, 0.631, 0.145)
# py-fsrs's learning steps (1 and 10 minutes), passed with Good on the first day: Again and
# Hard stay on the first step and take two more Goods, Good takes one, Easy graduates at once.
LEARNING_GOODS = np.array([0, 2, 2, 1, 0])  # by first rating


@dataclass(frozen=True)
class Habits:
    """How the learner answers: the share of each first rating (Again..Easy) and of Hard, Good
    and Easy among successful reviews. None keeps the average Anki user's."""

    first_ratings: tuple[float, float, float, float] | None = None
    review_ratings: tuple[float, float, float] | None = None


@dataclass(frozen=True)
class ExistingCard:
    """A card the learner has studied: its memory state, the study days until it is due (0 or
    less: due today) and since its last review."""

    stability: float
    difficulty: float
    due_in: int
    last_review_ago: int


@dataclass(frozen=True)
class Workload:
    retention: float
    reviews_per_day: list[int]
    remembered_per_day: list[float]

    @property
    def average_reviews(self) -> float:
        return sum(self.reviews_per_day) / len(self.reviews_per_day)

    @property
    def remembered_at_end(self) -> float:
        return self.remembered_per_day[-1]


def _same_day_goods(
    w: fsrs6.Array, s: fsrs6.Array, d: fsrs6.Array, goods: np.ndarray
) -> tuple[fsrs6.Array, fsrs6.Array]:
    """The state after `goods` more Good ratings the same day, card by card."""
    good = np.full(s.shape, 3.0)
    for round_ in range(int(goods.max(initial=0))):
        passing = goods > round_
        s = np.where(passing, fsrs6.short_term_stability(w, s, good), s)
        d = np.where(passing, fsrs6.next_difficulty(w, d, good), d)
    return s, d


def workloads(
    parameters: Sequence[float],
    new_cards: int,
    new_per_day: int,
    reviews_per_day: int,
    habits: Habits = Habits(),  # noqa: B008 -- frozen, so one shared default is safe
    retentions: Sequence[float] = RETENTIONS,
    days: int = DAYS,
    seed: int = 42,
    existing: Sequence[ExistingCard] = (),
) -> list[Workload]:
    """Study for `days` days, once per desired retention: each day the due cards, oldest card
    first, up to `reviews_per_day` (the rest wait a day), then up to `new_per_day` of the
    `new_cards` unseen ones. A review recalls with the card's retrievability; a lapse is
    relearned with Good the same day. The same random draws for every retention, so the
    curves differ by retention only. "Remembered" is the sum of the retrievability of every
    card studied so far, at the end of each day."""
    w = np.asarray(parameters, dtype=float)
    rows, known = len(retentions), len(existing)
    cards = known + new_cards
    target = np.asarray(retentions, dtype=float)[:, None]
    first_cdf = np.cumsum(habits.first_ratings or AVERAGE_FIRST_RATINGS)
    review_cdf = np.cumsum(habits.review_ratings or AVERAGE_REVIEW_RATINGS)
    stability, difficulty = np.ones((rows, cards)), np.full((rows, cards), 5.0)
    due, last = np.full((rows, cards), np.inf), np.zeros((rows, cards))
    if known:
        stability[:, :known] = [max(c.stability, fsrs6.STABILITY_MIN) for c in existing]
        difficulty[:, :known] = [c.difficulty for c in existing]
        due[:, :known] = [max(c.due_in, 0) for c in existing]
        last[:, :known] = [-max(c.last_review_ago, 0) for c in existing]
    seen = known
    rng = np.random.default_rng(seed)
    reviews = np.zeros((rows, days), dtype=int)
    remembered = np.zeros((rows, days))
    for day in range(days):
        draws = rng.random((2, cards))
        waiting = due <= day
        taken = waiting & (np.cumsum(waiting, axis=1) <= reviews_per_day)
        row, card = np.nonzero(taken)
        if len(card):
            s, d = stability[row, card], difficulty[row, card]
            elapsed = day - last[row, card]
            recall = fsrs6.retrievability(w, elapsed, s)
            passed = draws[0, card] < recall
            rating = np.where(passed, 2.0 + np.searchsorted(review_cdf, draws[1, card]), 1.0)
            rating = np.minimum(rating, 4.0)
            s, d = fsrs6.next_state(w, s, d, elapsed, rating)
            s, d = _same_day_goods(w, s, d, (rating == 1).astype(int))
            stability[row, card], difficulty[row, card] = s, d
            gap = np.rint(fsrs6.interval(w, s, target[row, 0]))
            due[row, card] = day + np.clip(gap, 1, MAXIMUM_INTERVAL)
            last[row, card] = day
            reviews[:, day] = np.bincount(row, minlength=rows)
        fresh = slice(seen, min(seen + new_per_day, cards))
        if fresh.stop > fresh.start:
            first = 1.0 + np.minimum(np.searchsorted(first_cdf, draws[0, fresh]), 3)
            s, d = fsrs6.initial_state(w, first)
            s, d = _same_day_goods(w, s, d, LEARNING_GOODS[first.astype(int)])
            stability[:, fresh], difficulty[:, fresh] = s, d
            gap = np.rint(fsrs6.interval(w, s[None, :], target))
            due[:, fresh] = day + np.clip(gap, 1, MAXIMUM_INTERVAL)
            last[:, fresh] = day
            seen = fresh.stop
        if seen:
            studied = slice(0, seen)
            curve = fsrs6.retrievability(w, day - last[:, studied], stability[:, studied])
            remembered[:, day] = curve.sum(axis=1)
    return [
        Workload(
            retention=float(retention),
            reviews_per_day=[int(v) for v in reviews[index]],
            remembered_per_day=[float(v) for v in remembered[index]],
        )
        for index, retention in enumerate(retentions)
    ]


def habits_from(
    first_ratings: Sequence[int], review_ratings: Sequence[int], minimum: int = 100
) -> Habits:
    """The learner's rating habits from their log: the first rating of each card and the
    ratings of the reviews after; each only once there are `minimum` of them."""
    first = None
    if len(first_ratings) >= minimum:
        first = tuple(first_ratings.count(r) / len(first_ratings) for r in (1, 2, 3, 4))
    passed = [r for r in review_ratings if r > 1]
    later = None
    if len(passed) >= minimum:
        later = tuple(passed.count(r) / len(passed) for r in (2, 3, 4))
    return Habits(first, later)  # type: ignore[arg-type]
