"""A learner's progress as plain numbers: mastery per topic, streaks, heatmap, forecast."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

# How the two sources of evidence combine into one mastery figure (shown on the page).
FLASHCARD_WEIGHT = 0.5
QUIZ_WEIGHT = 0.5
RECENT_QUIZ_ANSWERS = 5


@dataclass(frozen=True)
class TopicMastery:
    topic: str
    title: str
    questions: int
    retrievability: float | None  # mean over the topic's questions; never-studied ones count 0
    quiz_score: float | None  # mean of the latest answers to the topic's questions
    mastery: float | None

    @property
    def percent(self) -> int | None:
        return None if self.mastery is None else round(100 * self.mastery)


def combine(retrievability: float | None, quiz_score: float | None) -> float | None:
    """Both kinds of evidence weigh equally; either alone stands for itself."""
    if retrievability is None and quiz_score is None:
        return None
    if retrievability is None:
        return quiz_score
    if quiz_score is None:
        return retrievability
    return FLASHCARD_WEIGHT * retrievability + QUIZ_WEIGHT * quiz_score


def topic_mastery(
    topics: Sequence[Mapping[str, str]],
    question_topics: Mapping[int, Sequence[str]],
    retrievability: Mapping[int, float],
    quiz_answers: Mapping[int, Sequence[float]],
) -> list[TopicMastery]:
    """Mastery per topic.

    `retrievability[q]` is the FSRS probability of recalling question q today (only for
    studied cards); `quiz_answers[q]` the scores of quiz answers to q, oldest first.
    """
    # Each topic's questions, in the order of question_topics, found in one pass over it.
    by_topic: dict[str, list[int]] = defaultdict(list)
    for q, names in question_topics.items():
        for name in set(names):
            by_topic[name].append(q)
    result = []
    for topic in topics:
        ids = by_topic.get(topic["id"], [])
        studied = [retrievability[q] for q in ids if q in retrievability]
        recall = sum(retrievability.get(q, 0.0) for q in ids) / len(ids) if studied else None
        recent = [s for q in ids for s in quiz_answers.get(q, [])[-RECENT_QUIZ_ANSWERS:]]
        quiz = sum(recent) / len(recent) if recent else None
        result.append(
            TopicMastery(
                topic=topic["id"],
                title=topic["title"],
                questions=len(ids),
                retrievability=recall,
                quiz_score=quiz,
                mastery=combine(recall, quiz),
            )
        )
    return result


def local_dates(moments: Iterable[datetime], zone: ZoneInfo, day_starts_at: int) -> Counter[date]:
    """How many events fell on each of the learner's study days."""
    shift = timedelta(hours=day_starts_at)
    return Counter((moment.astimezone(zone) - shift).date() for moment in moments)


def streak(days: Iterable[date], today: date) -> int:
    """Consecutive study days up to today (or yesterday, if today has no review yet)."""
    active = set(days)
    cursor = today if today in active else today - timedelta(days=1)
    count = 0
    while cursor in active:
        count += 1
        cursor -= timedelta(days=1)
    return count


def heatmap(
    counts: Mapping[date, int], today: date, weeks: int = 53
) -> list[list[tuple[date, int]]]:
    """Columns of weeks (Monday first) ending with the current week, like Anki's."""
    last_monday = today - timedelta(days=today.weekday())
    first = last_monday - timedelta(weeks=weeks - 1)
    columns = []
    for week in range(weeks):
        start = first + timedelta(weeks=week)
        column = []
        for offset in range(7):
            day = start + timedelta(days=offset)
            if day <= today:
                column.append((day, counts.get(day, 0)))
        columns.append(column)
    return columns


def forecast(
    due_dates: Iterable[datetime], now: datetime, zone: ZoneInfo, day_starts_at: int, days: int = 14
) -> list[tuple[date, int]]:
    """Reviews falling due on each of the next `days` study days; overdue ones count today."""
    shift = timedelta(hours=day_starts_at)
    today = (now.astimezone(zone) - shift).date()
    buckets: dict[date, int] = defaultdict(int)
    for due in due_dates:
        day = max((due.astimezone(zone) - shift).date(), today)
        buckets[day] += 1
    return [
        (today + timedelta(days=n), buckets.get(today + timedelta(days=n), 0)) for n in range(days)
    ]
