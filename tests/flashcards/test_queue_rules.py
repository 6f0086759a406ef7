"""The study day and which kind of card comes next."""

from __future__ import annotations

from datetime import UTC, datetime

from quizapp.flashcards import queue
from quizapp.flashcards.typing import compare


def test_the_study_day_starts_at_the_learners_hour_in_their_zone():
    # 02:30 UTC is 03:30 in Berlin in winter: before a 4 o'clock start, still "yesterday".
    day = queue.study_day(datetime(2026, 1, 10, 2, 30, tzinfo=UTC), "Europe/Berlin", 4)
    assert day.start == datetime(2026, 1, 9, 3, 0, tzinfo=UTC)
    assert day.end == datetime(2026, 1, 10, 3, 0, tzinfo=UTC)
    later = queue.study_day(datetime(2026, 1, 10, 3, 30, tzinfo=UTC), "Europe/Berlin", 4)
    assert later.start == datetime(2026, 1, 10, 3, 0, tzinfo=UTC)


def test_a_day_across_a_clock_change_is_23_hours_long():
    day = queue.study_day(datetime(2026, 3, 29, 12, 0, tzinfo=UTC), "Europe/Berlin", 0)
    assert (day.end - day.start).total_seconds() == 23 * 3600


def test_an_unknown_zone_falls_back_to_utc():
    day = queue.study_day(datetime(2026, 1, 10, 12, 0, tzinfo=UTC), "Mars/Olympus", 4)
    assert day.start == datetime(2026, 1, 10, 4, 0, tzinfo=UTC)


def test_reviews_first_then_learning_then_new_within_limits():
    room = queue.limits_left(200, 20, reviews_done=0, new_done=0)
    assert queue.next_kind(3, 2, 5, room) == queue.NEXT_REVIEW
    assert queue.next_kind(0, 2, 5, room) == queue.NEXT_LEARNING
    assert queue.next_kind(0, 0, 5, room) == queue.NEXT_NEW
    assert queue.next_kind(0, 0, 0, room) is None
    spent = queue.limits_left(10, 5, reviews_done=10, new_done=7)
    assert spent == queue.Limits(0, 0)
    assert queue.next_kind(3, 0, 5, spent) is None
    assert queue.next_kind(3, 1, 5, spent) == queue.NEXT_LEARNING


def test_typed_answers_are_judged_leniently_and_diffed_by_character():
    result = compare("  teheran ", ["Tehran"], typos=1)
    assert result.right
    assert "".join(s.text for s in result.typed_segments) == "teheran"
    assert [s.kind for s in result.typed_segments if s.kind != "same"] == ["extra"]
    accents = compare("Téhéran", ["Teheran"])
    assert accents.right and accents.answer == "Teheran"
    wrong = compare("Baghdad", ["Tehran", "Teheran"])
    assert not wrong.right
    assert any(s.kind == "missing" for s in wrong.answer_segments)
