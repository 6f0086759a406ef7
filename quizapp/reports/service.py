"""Reading progress and class reports out of the database; the arithmetic is in progress.py."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from quizapp.flashcards.queue import zone_or_utc
from quizapp.flashcards.scheduling import retrievability
from quizapp.flashcards.service import Scope, memory_of, queue_status, scheduler_for, settings_for
from quizapp.models import (
    Attempt,
    AttemptSlot,
    Card,
    ClassMember,
    ClassQuiz,
    Deck,
    Question,
    Quiz,
    Review,
    SchoolClass,
    User,
)
from quizapp.quiz.rules import percent
from quizapp.reports import progress

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L to misread
INACTIVE_AFTER = timedelta(days=7)
LOW_SCORE = 50.0


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(8))


@dataclass
class DeckProgress:
    deck: Deck
    topics: list[progress.TopicMastery]
    due_now: int
    new_available: int


@dataclass
class LearnerProgress:
    decks: list[DeckProgress]
    quiz_points: list[tuple[str, float]]
    heatmap: list[list[Any]]
    forecast: list[tuple[Any, int]]
    streak: int
    totals: dict[str, Any]
    weakest: tuple[DeckProgress, progress.TopicMastery] | None
    last_active: datetime | None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def due_now(self) -> int:
        return sum(deck.due_now for deck in self.decks)


def studied_decks(session: Session, user_id: int) -> list[Deck]:
    card_decks = select(Question.deck_id).join(Card).where(Card.user_id == user_id)
    quiz_decks = select(Quiz.deck_id).join(Attempt).where(Attempt.user_id == user_id)
    return list(
        session.scalars(
            select(Deck)
            .where(or_(Deck.id.in_(card_decks), Deck.id.in_(quiz_decks)))
            .order_by(Deck.title)
        )
    )


def _evidence(
    session: Session, user_id: int, now: datetime
) -> tuple[Sequence[Card], dict[int, float], dict[int, list[float]]]:
    """The learner's cards, their recall today by question, and quiz scores by question."""
    scheduler = scheduler_for(settings_for(session, user_id))
    cards = session.scalars(select(Card).where(Card.user_id == user_id)).all()
    recall = {
        card.question_id: retrievability(scheduler, memory_of(card), now)
        for card in cards
        if card.reps > 0
    }
    answers: dict[int, list[float]] = defaultdict(list)
    for question_id, score in session.execute(
        select(AttemptSlot.question_id, AttemptSlot.score)
        .join(Attempt)
        .where(Attempt.user_id == user_id, AttemptSlot.is_final.is_(True))
        .order_by(Attempt.started_at, AttemptSlot.position)
    ):
        answers[question_id].append(score or 0.0)
    return cards, recall, answers


def deck_mastery(
    session: Session,
    deck: Deck,
    recall: dict[int, float],
    answers: dict[int, list[float]],
) -> list[progress.TopicMastery]:
    questions = session.execute(
        select(Question.id, Question.topics).where(
            Question.deck_id == deck.id, Question.retired_at.is_(None)
        )
    ).all()
    return progress.topic_mastery(
        deck.topics, {qid: topics for qid, topics in questions}, recall, answers
    )


def learner_progress(session: Session, user_id: int, now: datetime) -> LearnerProgress:
    settings = settings_for(session, user_id)
    zone = zone_or_utc(settings.timezone)
    cards, recall, answers = _evidence(session, user_id, now)
    decks = []
    for deck in studied_decks(session, user_id):
        counts = queue_status(session, user_id, Scope(deck), now).counts
        decks.append(
            DeckProgress(
                deck,
                deck_mastery(session, deck, recall, answers),
                counts["review"] + counts["learning"],
                counts["new"],
            )
        )

    finished = session.execute(
        select(Attempt.finished_at, Attempt.score, Attempt.max_score)
        .where(Attempt.user_id == user_id, Attempt.status == "finished")
        .order_by(Attempt.finished_at)
    ).all()
    points = [
        (when.astimezone(zone).strftime("%d %b"), percent(score or 0.0, max_score))
        for when, score, max_score in finished
        if when is not None
    ]
    year_ago = now - timedelta(days=372)
    review_rows = session.execute(
        select(Review.reviewed_at, Review.duration_ms).where(
            Review.user_id == user_id, Review.reviewed_at >= year_ago
        )
    ).all()
    per_day = progress.local_dates((r[0] for r in review_rows), zone, settings.day_starts_at)
    today = (now.astimezone(zone) - timedelta(hours=settings.day_starts_at)).date()
    due_dates = [c.due for c in cards if c.reps > 0 and not c.suspended]
    candidates = [
        (deck, topic) for deck in decks for topic in deck.topics if topic.mastery is not None
    ]
    last_times = [r[0] for r in review_rows] + [f[0] for f in finished if f[0]]
    total_reviews = session.scalar(select(func.count()).where(Review.user_id == user_id)) or 0
    return LearnerProgress(
        decks=decks,
        quiz_points=points,
        heatmap=progress.heatmap(per_day, today),
        forecast=progress.forecast(due_dates, now, zone, settings.day_starts_at),
        streak=progress.streak(per_day, today),
        totals={
            "reviews": total_reviews,
            "cards": sum(1 for c in cards if c.reps > 0),
            "quizzes": len(finished),
            "minutes": round(sum((r[1] or 0) for r in review_rows) / 60000),
            "mean_quiz": round(sum(p for _, p in points) / len(points), 1) if points else None,
        },
        weakest=min(candidates, key=lambda pair: pair[1].mastery or 0.0) if candidates else None,
        last_active=max(last_times) if last_times else None,
    )


# Classes


def teacher_classes(session: Session, teacher_id: int) -> Sequence[SchoolClass]:
    return session.scalars(
        select(SchoolClass).where(SchoolClass.teacher_id == teacher_id).order_by(SchoolClass.name)
    ).all()


def student_classes(session: Session, user_id: int) -> Sequence[SchoolClass]:
    return session.scalars(
        select(SchoolClass).join(ClassMember).where(ClassMember.user_id == user_id)
    ).all()


def teaches(session: Session, teacher_id: int, student_id: int) -> bool:
    """Whether the student is in one of the teacher's classes."""
    return (
        session.scalar(
            select(ClassMember.user_id)
            .join(SchoolClass)
            .where(SchoolClass.teacher_id == teacher_id, ClassMember.user_id == student_id)
            .limit(1)
        )
        is not None
    )


def quiz_visible_to(session: Session, quiz: Quiz, user_id: int) -> bool:
    """A quiz assigned to classes is for their members (and its teacher); else for everyone."""
    if quiz.owner_id == user_id:
        return True
    classes = session.scalars(select(ClassQuiz.class_id).where(ClassQuiz.quiz_id == quiz.id)).all()
    if not classes:
        return True
    return (
        session.scalar(
            select(ClassMember.user_id)
            .where(ClassMember.class_id.in_(classes), ClassMember.user_id == user_id)
            .limit(1)
        )
        is not None
    )


@dataclass
class StudentRow:
    user: User
    attempts: int
    mean_score: float | None
    reviews_week: int
    last_active: datetime | None
    mastery: dict[str, int | None]
    behind: list[str]


def class_rows(
    session: Session, school_class: SchoolClass, deck: Deck | None, now: datetime
) -> list[StudentRow]:
    rows = []
    quiz_ids = [quiz.id for quiz in school_class.quizzes]
    for member in sorted(school_class.members, key=lambda m: m.user.username):
        user = member.user
        finished = session.execute(
            select(Attempt.score, Attempt.max_score, Attempt.finished_at).where(
                Attempt.user_id == user.id,
                Attempt.status == "finished",
                Attempt.quiz_id.in_(quiz_ids) if quiz_ids else Attempt.id.is_not(None),
            )
        ).all()
        scores = [percent(score or 0.0, max_score) for score, max_score, _ in finished]
        week = (
            session.scalar(
                select(func.count()).where(
                    Review.user_id == user.id, Review.reviewed_at >= now - timedelta(days=7)
                )
            )
            or 0
        )
        last_review = session.scalar(
            select(func.max(Review.reviewed_at)).where(Review.user_id == user.id)
        )
        last_attempt = max((f[2] for f in finished if f[2]), default=None)
        last = max((t for t in (last_review, last_attempt) if t), default=None)
        mastery: dict[str, int | None] = {}
        if deck is not None:
            _cards, recall, answers = _evidence(session, user.id, now)
            mastery = {t.topic: t.percent for t in deck_mastery(session, deck, recall, answers)}
        mean = round(sum(scores) / len(scores), 1) if scores else None
        behind = []
        if last is None or now - last > INACTIVE_AFTER:
            behind.append("no activity for a week")
        if mean is not None and mean < LOW_SCORE:
            behind.append(f"quiz mean below {LOW_SCORE:g}%")
        rows.append(StudentRow(user, len(finished), mean, week, last, mastery, behind))
    return rows


@dataclass
class AnalysisColumn:
    question_id: int
    key: str
    prompt: str
    type: str
    options: list[tuple[str, bool, int]]  # option text, right or not, times chosen


def quiz_marks(
    session: Session, quiz: Quiz
) -> tuple[list[AnalysisColumn], list[list[float | None]]]:
    """The finished attempts' marks, one row per attempt and one column per question asked."""
    attempts = session.scalars(
        select(Attempt)
        .where(Attempt.quiz_id == quiz.id, Attempt.status == "finished")
        .order_by(Attempt.id)
    ).all()
    columns: dict[int, AnalysisColumn] = {}
    chosen: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    order: list[int] = []
    for attempt in attempts:
        for slot in attempt.slots:
            snapshot = slot.snapshot
            if slot.question_id not in columns:
                order.append(slot.question_id)
                columns[slot.question_id] = AnalysisColumn(
                    slot.question_id, snapshot["key"], snapshot["prompt"], snapshot["type"], []
                )
            response = slot.response or {}
            picks = response.get("choices", [response["choice"]] if "choice" in response else [])
            for pick in picks:
                chosen[slot.question_id][pick] += 1
    for question_id, column in columns.items():
        latest = session.get(Question, question_id)
        if column.type in ("single_choice", "multiple_choice") and latest is not None:
            column.options = [
                (option["text"], bool(option.get("correct")), chosen[question_id].get(index, 0))
                for index, option in enumerate(latest.body["options"])
            ]
    marks = [
        [
            next((slot.score or 0.0 for slot in attempt.slots if slot.question_id == qid), None)
            for qid in order
        ]
        for attempt in attempts
    ]
    return [columns[qid] for qid in order], marks
