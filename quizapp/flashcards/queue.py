"""The study day and the order cards come in: plain rules, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


@dataclass(frozen=True)
class StudyDay:
    """The learner's current study day, as UTC instants."""

    start: datetime
    end: datetime


def study_day(now: datetime, timezone: str, starts_at_hour: int) -> StudyDay:
    """The day containing `now`, beginning at `starts_at_hour` o'clock in the learner's zone.

    Computed on the local calendar, so a day across a daylight-saving change is 23 or 25 hours.
    """
    zone = zone_or_utc(timezone)
    local = now.astimezone(zone)
    start_date = local.date()
    if local.hour < starts_at_hour:
        start_date -= timedelta(days=1)
    start = datetime.combine(start_date, time(starts_at_hour), zone)
    end = datetime.combine(start_date + timedelta(days=1), time(starts_at_hour), zone)
    return StudyDay(start.astimezone(UTC), end.astimezone(UTC))


def day_number(moment: datetime, timezone: str, starts_at_hour: int) -> int:
    """The study day of `moment` as a number (a proleptic ordinal): the local calendar date,
    with days turning at `starts_at_hour` o'clock instead of midnight, as in `study_day`."""
    local = moment.astimezone(zone_or_utc(timezone))
    return (local - timedelta(hours=starts_at_hour)).date().toordinal()


def zone_or_utc(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def known_timezones() -> list[str]:
    return sorted(available_timezones())


@dataclass(frozen=True)
class Limits:
    """What is left of today's allowance."""

    reviews_left: int
    new_left: int


def limits_left(reviews_per_day: int, new_per_day: int, reviews_done: int, new_done: int) -> Limits:
    return Limits(max(0, reviews_per_day - reviews_done), max(0, new_per_day - new_done))


NEXT_REVIEW = "review"
NEXT_LEARNING = "learning"
NEXT_NEW = "new"


def next_kind(
    reviews_due: int, learning_due: int, new_available: int, limits: Limits
) -> str | None:
    """Which kind of card comes next: due reviews, then learning cards that are due, then new
    cards, each within today's limits; None when nothing is due."""
    if reviews_due and limits.reviews_left:
        return NEXT_REVIEW
    if learning_due:
        return NEXT_LEARNING
    if new_available and limits.new_left:
        return NEXT_NEW
    return None
