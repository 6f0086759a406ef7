"""Reading progress, class reports and item analyses out of the database; the arithmetic is in
progress.py, statistics.py and responses.py. Only reads: classes themselves are classes/."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from fsrs import Scheduler
from sqlalchemy import ColumnElement, Executable, Text, cast, func, or_, select
from sqlalchemy.orm import Session

from quizapp import collector
from quizapp.flashcards.queue import zone_or_utc
from quizapp.flashcards.scheduling import MEMORY_FIELDS, retrievability
from quizapp.flashcards.service import (
    Scope,
    default_settings,
    memory_of,
    queue_status,
    scheduler_for,
    settings_for,
)
from quizapp.models import (
    Attempt,
    AttemptSlot,
    AttemptStatus,
    Card,
    ClassMember,
    Deck,
    LearnerSettings,
    Question,
    Quiz,
    Review,
    SchoolClass,
    User,
)
from quizapp.quiz.rules import percent
from quizapp.reports import progress, responses, statistics

INACTIVE_AFTER = timedelta(days=7)
LOW_SCORE = 50.0


@dataclass
class DeckProgress:
    deck: Deck
    topics: list[progress.TopicMastery]
    due_now: int
    new_available: int


@dataclass(frozen=True)
class ProgressTotals:
    """The learner's figures at the top of the progress page (study minutes over the past
    year; the mean quiz score None before a first finished quiz)."""

    reviews: int
    cards: int
    quizzes: int
    minutes: int
    mean_quiz: float | None


@dataclass
class LearnerProgress:
    decks: list[DeckProgress]
    quiz_points: list[tuple[str, float]]
    heatmap: list[list[tuple[date, int]]]
    forecast: list[tuple[date, int]]
    streak: int
    totals: ProgressTotals
    weakest: tuple[DeckProgress, progress.TopicMastery] | None
    last_active: datetime | None

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
    return progress.topic_mastery(deck.topics, _question_topics(session, deck), recall, answers)


def _question_topics(session: Session, deck: Deck) -> dict[int, list[str]]:
    """The topics of each of the deck's active questions: what deck mastery is made of."""
    rows = session.execute(
        select(Question.id, Question.topics).where(
            Question.deck_id == deck.id, Question.retired_at.is_(None)
        )
    )
    return {qid: topics for qid, topics in rows}


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
        .where(Attempt.user_id == user_id, Attempt.status == AttemptStatus.FINISHED)
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
        totals=ProgressTotals(
            reviews=total_reviews,
            cards=sum(1 for c in cards if c.reps > 0),
            quizzes=len(finished),
            minutes=round(sum((r[1] or 0) for r in review_rows) / 60000),
            mean_quiz=round(sum(p for _, p in points) / len(points), 1) if points else None,
        ),
        weakest=min(candidates, key=lambda pair: pair[1].mastery or 0.0) if candidates else None,
        last_active=max(last_times) if last_times else None,
    )


# Classes


def report_deck(session: Session, school_class: SchoolClass, wanted: str) -> Deck | None:
    """The deck a class report is about: the one asked for by slug, else the deck of the
    class's first quiz, else the first deck by title."""
    if wanted:
        return session.scalars(select(Deck).where(Deck.slug == wanted)).first()
    decks = {quiz.deck.slug: quiz.deck for quiz in school_class.quizzes}
    if decks:
        return next(iter(decks.values()))
    return session.scalars(select(Deck).order_by(Deck.title)).first()


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
    """One row per member, by username. The whole class is read in a few queries, each over
    the members at once (not a set of queries per student)."""
    rows = []
    quiz_ids = [quiz.id for quiz in school_class.quizzes]
    in_class = ClassMember.class_id == school_class.id
    users = session.scalars(
        select(User).join(ClassMember, ClassMember.user_id == User.id).where(in_class)
    ).all()
    finished_by: dict[int, list[tuple[float | None, float, datetime | None]]] = defaultdict(list)
    for user_id, score, max_score, finished_at in session.execute(
        select(Attempt.user_id, Attempt.score, Attempt.max_score, Attempt.finished_at)
        .join(ClassMember, ClassMember.user_id == Attempt.user_id)
        .where(
            in_class,
            Attempt.status == AttemptStatus.FINISHED,
            Attempt.quiz_id.in_(quiz_ids) if quiz_ids else Attempt.id.is_not(None),
        )
    ):
        finished_by[user_id].append((score, max_score, finished_at))
    # Per member, two index lookups on (user_id, reviewed_at): a count and a maximum.
    week_count = (
        select(func.count())
        .where(Review.user_id == ClassMember.user_id, Review.reviewed_at >= now - timedelta(days=7))
        .scalar_subquery()
    )
    latest_review = (
        select(func.max(Review.reviewed_at))
        .where(Review.user_id == ClassMember.user_id)
        .scalar_subquery()
    )
    activity = {
        user_id: (week, latest)
        for user_id, week, latest in session.execute(
            select(ClassMember.user_id, week_count, latest_review).where(in_class)
        )
    }
    evidence = _class_evidence(session, school_class.id, deck, now) if deck is not None else {}
    for user in sorted(users, key=lambda u: u.username):
        finished = finished_by.get(user.id, [])
        scores = [percent(score or 0.0, max_score) for score, max_score, _ in finished]
        week, last_review = activity.get(user.id, (0, None))
        week = week or 0
        last_attempt = max((f[2] for f in finished if f[2]), default=None)
        last = max((t for t in (last_review, last_attempt) if t), default=None)
        mastery: dict[str, int | None] = {}
        if deck is not None:
            question_topics, recall, answers = evidence[user.id]
            mastery = {
                t.topic: t.percent
                for t in progress.topic_mastery(deck.topics, question_topics, recall, answers)
            }
        mean = round(sum(scores) / len(scores), 1) if scores else None
        behind = []
        if last is None or now - last > INACTIVE_AFTER:
            behind.append("no activity for a week")
        if mean is not None and mean < LOW_SCORE:
            behind.append(f"quiz mean below {LOW_SCORE:g}%")
        rows.append(StudentRow(user, len(finished), mean, week, last, mastery, behind))
    return rows


ClassEvidence = tuple[dict[int, list[str]], dict[int, float], dict[int, list[float]]]


def _class_evidence(
    session: Session, class_id: int, deck: Deck, now: datetime
) -> defaultdict[int, ClassEvidence]:
    """What _evidence and deck_mastery give for each member, read for the whole class at once
    and for the deck's active questions only, the only ones deck mastery looks at:
    member -> (the questions' topics, recall today by question, quiz scores by question)."""
    in_class = ClassMember.class_id == class_id
    question_topics = _question_topics(session, deck)
    evidence: defaultdict[int, ClassEvidence] = defaultdict(
        lambda: (question_topics, {}, defaultdict(list))
    )
    stored = {
        found.user_id: found
        for found in session.scalars(
            select(LearnerSettings)
            .join(ClassMember, ClassMember.user_id == LearnerSettings.user_id)
            .where(in_class)
        )
    }
    schedulers: dict[int, Scheduler] = {}
    for row in session.execute(
        select(
            Card.user_id,
            Card.question_id,
            *(getattr(Card, name) for name in MEMORY_FIELDS),
        )
        .join(ClassMember, ClassMember.user_id == Card.user_id)
        .join(Question, Question.id == Card.question_id)
        .where(in_class, Card.reps > 0, Question.deck_id == deck.id, Question.retired_at.is_(None))
    ):
        scheduler = schedulers.get(row.user_id)
        if scheduler is None:
            scheduler = scheduler_for(stored.get(row.user_id) or default_settings(row.user_id))
            schedulers[row.user_id] = scheduler
        evidence[row.user_id][1][row.question_id] = retrievability(scheduler, memory_of(row), now)
    for user_id, question_id, score in session.execute(
        select(Attempt.user_id, AttemptSlot.question_id, AttemptSlot.score)
        .select_from(AttemptSlot)
        .join(Attempt, Attempt.id == AttemptSlot.attempt_id)
        .join(ClassMember, ClassMember.user_id == Attempt.user_id)
        .where(in_class, AttemptSlot.is_final.is_(True))
        .order_by(Attempt.user_id, Attempt.started_at, AttemptSlot.position)
    ):
        if question_id in question_topics:
            evidence[user_id][2][question_id].append(score or 0.0)
    return evidence


def _plain_rows(session: Session, statement: Executable) -> list[tuple[Any, ...]]:
    """Every row of a statement as the driver's tuples, in the session's transaction.

    For the one read of hundreds of thousands of rows (a quiz's marks): SQLAlchemy's Row
    objects cost more than the query itself there. Only for columns the driver already gives
    as the Python values wanted (integers, floats, text): no type conversion happens.
    """
    result = session.connection().execute(statement)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


@dataclass
class AnalysisQuestion:
    """A question asked in a quiz's finished attempts, as the first slot that asked it shows it."""

    question_id: int
    key: str
    prompt: str
    type: str


@dataclass
class QuizMarks:
    """The finished attempts of a quiz, by attempt id: per attempt, the ids of the questions in
    its slots, in slot order, and its marks for them (an unmarked slot counts 0)."""

    questions: dict[int, AnalysisQuestion]
    asked: list[list[int]]
    marks: list[list[float]]


@dataclass
class ItemAnalysis:
    """What the item analysis page and its CSV files show."""

    analysis: statistics.QuizAnalysis
    questions: dict[int, AnalysisQuestion]
    responses: dict[int, responses.QuestionResponses]


def quiz_marks(session: Session, quiz: Quiz) -> QuizMarks:
    """The questions and marks of every slot of the quiz's finished attempts.

    Two queries whatever the number of attempts: the marks, and the snapshots of the first slot
    that asked each question (attempts by id, slots by position).
    """
    rows = _plain_rows(
        session,
        # Only columns of ix_attempt_slots_marks, so PostgreSQL reads the slots from the index
        # alone, in attempt order (no slot id: it is not in that index).
        select(Attempt.id, AttemptSlot.question_id, AttemptSlot.score, AttemptSlot.position)
        .outerjoin(AttemptSlot, AttemptSlot.attempt_id == Attempt.id)
        .where(*_finished(quiz))
        .order_by(Attempt.id, AttemptSlot.position),
    )
    first_slot: dict[int, tuple[int, int]] = {}  # question -> (attempt, position)
    asked: list[list[int]] = []
    marks: list[list[float]] = []
    questions: list[int] = []
    scores: list[float] = []
    current = None
    for attempt_id, question_id, score, position in rows:
        if attempt_id != current:
            current = attempt_id
            questions, scores = [], []
            asked.append(questions)
            marks.append(scores)
        if question_id is None:
            continue  # an attempt without slots: an empty row
        if question_id not in first_slot:
            first_slot[question_id] = (attempt_id, position)
        questions.append(question_id)
        scores.append(score or 0.0)
    # The first attempts asked every question between them: read their slots, keep the first.
    wanted = set(first_slot.values())
    snapshots: dict[tuple[int, int], dict[str, Any]] = {
        (attempt_id, position): snapshot
        for attempt_id, position, snapshot in session.execute(
            select(AttemptSlot.attempt_id, AttemptSlot.position, AttemptSlot.snapshot).where(
                AttemptSlot.attempt_id.in_(sorted({attempt_id for attempt_id, _ in wanted}))
            )
        )
        if (attempt_id, position) in wanted
    }
    described = {}
    for question_id, slot in first_slot.items():
        snapshot = snapshots[slot]
        described[question_id] = AnalysisQuestion(
            question_id, snapshot["key"], snapshot["prompt"], snapshot["type"]
        )
    return QuizMarks(described, asked, marks)


def quiz_responses(
    session: Session, quiz: Quiz, question_ids: Iterable[int]
) -> dict[int, responses.QuestionResponses]:
    """How often each answer was given to each of these questions in the quiz's finished
    attempts, judged by the questions as they are now.

    Responses repeat (a question has few distinct answers): the database counts each distinct
    one and each is decoded once. As text, since PostgreSQL's json type has no equality to
    group by.
    """
    wanted = sorted(question_ids)
    if not wanted:
        return {}
    given: dict[int, list[tuple[dict[str, Any] | None, int]]] = defaultdict(list)
    as_text = cast(AttemptSlot.response, Text)
    for question_id, text, times in session.connection().execute(
        select(AttemptSlot.question_id, as_text, func.count())
        .join(Attempt, Attempt.id == AttemptSlot.attempt_id)
        .where(*_finished(quiz), AttemptSlot.question_id.in_(wanted))
        .group_by(AttemptSlot.question_id, as_text)
    ):
        given[question_id].append((json.loads(text) if text is not None else None, times))
    return {
        question.id: responses.tally(question.type, question.body, given[question.id])
        for question in session.scalars(select(Question).where(Question.id.in_(wanted)))
        if question.id in given
    }


def item_analysis(session: Session, quiz: Quiz) -> ItemAnalysis:
    """The quiz's item analysis by slot and by question drawn, with its response analysis."""
    with collector.paused():
        read = quiz_marks(session, quiz)
        return ItemAnalysis(
            statistics.quiz_analysis(read.asked, read.marks),
            read.questions,
            quiz_responses(session, quiz, read.questions),
        )


def _finished(quiz: Quiz) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    return Attempt.quiz_id == quiz.id, Attempt.status == AttemptStatus.FINISHED
