"""FSRS through our boundary: growing intervals, relearning, previews, the UTC rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from fsrs import Rating, State

from quizapp.flashcards.scheduling import (
    MemoryState,
    format_interval,
    make_scheduler,
    previews,
    retrievability,
    review,
    utc,
)

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_good_again_and_again_gives_growing_intervals():
    scheduler = make_scheduler()
    memory, now = MemoryState(), START
    intervals = []
    for _ in range(8):
        memory = review(scheduler, memory, Rating.Good, now)
        intervals.append(memory.due - now)
        now = memory.due
    assert memory.state == State.Review
    review_intervals = [i for i in intervals if i >= timedelta(days=1)]
    assert len(review_intervals) >= 5
    assert review_intervals == sorted(review_intervals)
    assert review_intervals[-1] > review_intervals[0] * 10
    assert memory.reps == 8 and memory.lapses == 0


def test_again_on_a_review_card_sends_it_to_relearning_and_counts_a_lapse():
    scheduler = make_scheduler()
    memory, now = MemoryState(), START
    for _ in range(4):
        memory = review(scheduler, memory, Rating.Good, now)
        now = memory.due
    assert memory.state == State.Review
    stability = memory.stability
    lapsed = review(scheduler, memory, Rating.Again, now)
    assert lapsed.state == State.Relearning
    assert lapsed.lapses == 1
    assert lapsed.due - now <= timedelta(minutes=10)
    assert lapsed.stability < stability


def test_button_previews_are_what_the_rating_then_gives():
    scheduler = make_scheduler()
    memory = review(scheduler, MemoryState(), Rating.Good, START)
    now = memory.due
    shown = previews(scheduler, memory, now)
    assert shown[Rating.Again] < shown[Rating.Hard] <= shown[Rating.Good] < shown[Rating.Easy]
    for rating, interval in shown.items():
        assert review(scheduler, memory, rating, now).due - now == interval


def test_a_higher_desired_retention_schedules_sooner():
    memory, now = MemoryState(), START
    for _ in range(3):
        memory = review(make_scheduler(), memory, Rating.Good, now)
        now = memory.due
    relaxed = review(make_scheduler(0.8), memory, Rating.Good, now).due
    strict = review(make_scheduler(0.97), memory, Rating.Good, now).due
    assert strict < relaxed


def test_retrievability_falls_with_time_and_is_zero_for_new_cards():
    scheduler = make_scheduler()
    assert retrievability(scheduler, MemoryState(), START) == 0.0
    memory = review(scheduler, MemoryState(), Rating.Good, START)
    memory = review(scheduler, memory, Rating.Good, memory.due)
    soon = retrievability(scheduler, memory, memory.due)
    later = retrievability(scheduler, memory, memory.due + timedelta(days=60))
    assert 0 < later < soon <= 1


def test_naive_datetimes_are_refused_and_other_zones_converted():
    with pytest.raises(ValueError, match="naive"):
        utc(datetime(2026, 1, 1, 12, 0))
    berlin = datetime(2026, 1, 1, 13, 0, tzinfo=timezone(timedelta(hours=1)))
    assert utc(berlin) == datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert utc(berlin).tzinfo is UTC
    with pytest.raises(ValueError):
        review(make_scheduler(), MemoryState(), Rating.Good, datetime(2026, 1, 1))


def test_memory_state_survives_a_round_trip_through_json_data():
    memory = review(make_scheduler(), MemoryState(), Rating.Hard, START)
    assert MemoryState.from_dict(memory.as_dict()) == memory


@pytest.mark.parametrize(
    ("interval", "text"),
    [
        (timedelta(seconds=30), "30s"),
        (timedelta(minutes=10), "10m"),
        (timedelta(hours=3), "3h"),
        (timedelta(days=3), "3d"),
        (timedelta(days=75), "2.5mo"),
        (timedelta(days=730), "2y"),
    ],
)
def test_intervals_are_shown_briefly(interval, text):
    assert format_interval(interval) == text
