"""Help me decide: the workload of a deck over the coming year at several desired retentions,
simulated by fsrs-rs (the simulator of Anki's "Help me decide"). Plain data in and out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import fsrs_rs_python as fsrs_rs

# 0.70 to 0.97 in steps of 0.03: ten retentions.
RETENTIONS = tuple(round(0.70 + 0.03 * step, 2) for step in range(10))
DAYS = 365
# fsrs-rs's daily cap on study time, in seconds; lifted so only the card limits bound a day.
NO_TIME_CAP = 1e9


@dataclass(frozen=True)
class Habits:
    """How the learner answers: the share of each first rating (Again..Easy) and of Hard, Good
    and Easy among successful reviews. None keeps fsrs-rs's averages from Anki users."""

    first_ratings: tuple[float, float, float, float] | None = None
    review_ratings: tuple[float, float, float] | None = None


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


def workloads(
    parameters: Sequence[float],
    deck_size: int,
    new_per_day: int,
    reviews_per_day: int,
    habits: Habits = Habits(),  # noqa: B008 -- frozen, so one shared default is safe
    retentions: Sequence[float] = RETENTIONS,
    days: int = DAYS,
    seed: int = 42,
) -> list[Workload]:
    """Study a deck of `deck_size` unseen cards for `days` days within the daily limits, once
    per desired retention. The same seed for each, so the curves differ by retention only."""
    config = fsrs_rs.default_simulator_config()
    config.deck_size = deck_size
    config.learn_span = days
    config.learn_limit = new_per_day
    config.review_limit = reviews_per_day
    config.max_cost_perday = NO_TIME_CAP
    if habits.first_ratings:
        config.first_rating_prob = list(habits.first_ratings)
    if habits.review_ratings:
        config.review_rating_prob = list(habits.review_ratings)
    results = []
    for retention in retentions:
        run = fsrs_rs.simulate(list(parameters), retention, config, seed)
        results.append(
            Workload(
                retention=retention,
                reviews_per_day=[int(v) for v in run.review_cnt_per_day],
                remembered_per_day=[float(v) for v in run.memorized_cnt_per_day],
            )
        )
    return results


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
