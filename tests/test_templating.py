"""The Jinja filters that are not Markdown: the time a `<time datetime>` attribute carries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from quizapp.templating import datetime_attribute


def test_a_datetime_attribute_stops_at_the_second_and_keeps_the_offset():
    moment = datetime(2026, 12, 1, 9, 5, 7, 123456, tzinfo=UTC)
    assert datetime_attribute(moment) == "2026-12-01T09:05:07+00:00"
    tehran = timezone(timedelta(hours=3, minutes=30))
    assert datetime_attribute(moment.astimezone(tehran)) == "2026-12-01T12:35:07+03:30"


def test_a_naive_datetime_has_no_offset():
    assert datetime_attribute(datetime(2026, 1, 2, 3, 4, 5, 999999)) == "2026-01-02T03:04:05"
