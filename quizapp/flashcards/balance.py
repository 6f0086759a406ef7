"""Load balancing and easy days: which day inside FSRS's fuzz range a review goes to. Plain
rules on day numbers and counts, no database."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

# py-fsrs's fuzz: intervals from 2.5 days on may move by this share of each stretch of days.
FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.10), (20.0, float("inf"), 0.05))
MAXIMUM_INTERVAL = 36500
# An easy day takes about half the reviews of another day (Anki's "reduced").
EASY_DAY_SHARE = 0.5
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def fuzz_range(interval_days: int, maximum: int = MAXIMUM_INTERVAL) -> tuple[int, int]:
    """The days fsrs's fuzz could give instead of `interval_days` (the same bounds as py-fsrs's
    own fuzzing); intervals under 2.5 days are not fuzzed."""
    if interval_days < 2.5:
        return interval_days, interval_days
    delta = 1.0
    for start, end, factor in FUZZ_RANGES:
        delta += factor * max(min(float(interval_days), end) - start, 0.0)
    low = max(2, round(interval_days - delta))
    high = min(round(interval_days + delta), maximum)
    return min(low, high), high


def balanced_interval(
    interval_days: int,
    due_on: Mapping[int, int],
    easy_weekdays: Collection[int] = (),
    weekday_in: Callable[[int], int] = lambda days: days % 7,
) -> int:
    """The interval inside the fuzz range whose day has the least load: `due_on[d]` reviews
    already due `d` days from today, an easy day counting as if it were fuller. Ties go to the
    day nearest the interval FSRS computed. `weekday_in(d)` is the weekday `d` days ahead."""
    low, high = fuzz_range(interval_days)

    def load(days: int) -> tuple[float, int]:
        share = EASY_DAY_SHARE if weekday_in(days) in easy_weekdays else 1.0
        # +1: the review being placed, so an empty easy day still counts as fuller.
        return (due_on.get(days, 0) + 1) / share, abs(days - interval_days)

    return min(range(low, high + 1), key=load)
