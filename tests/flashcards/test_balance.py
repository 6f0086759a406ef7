"""Load balancing and easy days: inside the fuzz range always, flatter days, lighter easy days."""

from __future__ import annotations

import statistics
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.fsrs_bench import month_of_reviews
from quizapp.flashcards.balance import balanced_interval, fuzz_range
from quizapp.flashcards.scheduling import make_scheduler

intervals = st.integers(min_value=1, max_value=3650)
loads = st.dictionaries(st.integers(min_value=0, max_value=4000), st.integers(0, 500))
weekdays = st.frozensets(st.integers(min_value=0, max_value=6))


@given(intervals, loads, weekdays)
def test_a_balanced_interval_stays_inside_the_fuzz_range(interval, due_on, easy):
    low, high = fuzz_range(interval)
    assert low <= balanced_interval(interval, due_on, easy) <= high
    assert low <= interval <= high or interval < 3


@settings(max_examples=40)
@given(st.integers(min_value=3, max_value=3650))
def test_the_fuzz_range_is_the_one_py_fsrs_fuzzes_within(interval):
    """py-fsrs draws from [low, high + 1) and rounds, so it may even give high + 1; balancing
    keeps to [low, high], inside what fuzzing itself could give."""
    scheduler = make_scheduler()
    scheduler.enable_fuzzing = True
    low, high = fuzz_range(interval)
    for _ in range(30):
        fuzzed = scheduler._get_fuzzed_interval(interval=timedelta(days=interval)).days
        assert low <= fuzzed <= high + 1


def test_short_intervals_are_not_moved():
    assert fuzz_range(1) == (1, 1) and fuzz_range(2) == (2, 2)
    assert balanced_interval(2, {2: 100, 3: 0}) == 2


@given(intervals, weekdays)
def test_with_nothing_due_the_interval_fsrs_computed_wins_unless_it_is_an_easy_day(interval, easy):
    low, high = fuzz_range(interval)
    chosen = balanced_interval(interval, {}, easy)
    if interval % 7 not in easy:
        assert chosen == interval
    elif any(day % 7 not in easy for day in range(low, high + 1)):
        assert chosen % 7 not in easy


def test_the_least_busy_day_in_range_is_chosen():
    low, high = fuzz_range(30)
    due_on = {day: 50 for day in range(low, high + 1)} | {high - 1: 3}
    assert balanced_interval(30, due_on) == high - 1


@settings(max_examples=5, deadline=None)
@given(st.integers(min_value=1, max_value=10_000))
def test_a_simulated_month_of_reviews_is_flatter_with_balancing(seed):
    without = statistics.pstdev(month_of_reviews(False, seed=seed))
    with_balancing = statistics.pstdev(month_of_reviews(True, seed=seed))
    assert with_balancing < without


def test_easy_days_get_fewer_reviews():
    def weekend(per_day: list[int]) -> int:
        # The simulation starts on a Monday, and so does the month it returns.
        return sum(n for day, n in enumerate(per_day) if day % 7 in (5, 6))

    plain = month_of_reviews(True)
    easy = month_of_reviews(True, easy_days=frozenset({5, 6}))
    assert weekend(easy) < 0.8 * weekend(plain)
