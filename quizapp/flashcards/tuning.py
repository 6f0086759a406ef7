"""A learner's memory model in the database: optimising their parameters, per-deck desired
retention, rescheduling cards when either changes, and the year's workload simulation."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from fsrs import Rating
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.flashcards import optimize, simulate
from quizapp.flashcards.queue import day_number
from quizapp.flashcards.scheduling import DEFAULT_PARAMETERS, MemoryState, review
from quizapp.flashcards.service import scheduler_for, settings_for
from quizapp.models import (
    Card,
    Deck,
    DeckRetention,
    LearnerSettings,
    Question,
    Reschedule,
    Review,
    utcnow,
)


def review_log(session: Session, user_id: int) -> list[optimize.LoggedReview]:
    """Every review of the learner, study and quiz alike (a quiz answer is a review too)."""
    rows = session.execute(
        select(Review.card_id, Review.rating, Review.reviewed_at, Review.duration_ms, Review.origin)
        .where(Review.user_id == user_id)
        .order_by(Review.card_id, Review.reviewed_at, Review.id)
    ).all()
    return [optimize.LoggedReview(*row) for row in rows]


def review_count(session: Session, user_id: int) -> int:
    return session.scalar(select(func.count()).where(Review.user_id == user_id)) or 0


def training_histories(session: Session, settings: LearnerSettings) -> list[list[tuple[int, int]]]:
    return optimize.training_histories(
        review_log(session, settings.user_id), settings.timezone, settings.day_starts_at
    )


@dataclass(frozen=True)
class Optimised:
    """What optimising did: `fit` is None when the log was too short (`reviews` of the
    `optimize.MIN_REVIEWS` needed); `rescheduled` cards got new due dates."""

    reviews: int
    fit: optimize.Fit | None
    rescheduled: int = 0


def optimise(session: Session, user_id: int, now: datetime) -> Optimised:
    """Fit the learner's parameters to their log; keep the new ones only if they predict it
    better, and then reschedule their cards. Records the outcome in `last_fit`."""
    settings = settings_for(session, user_id)
    histories = training_histories(session, settings)
    if len(histories) < optimize.MIN_REVIEWS:
        return Optimised(len(histories), None)
    current = settings.fsrs_parameters or list(DEFAULT_PARAMETERS)
    fit = optimize.fit(histories, current)
    settings.last_fit = {
        "at": now.isoformat(),
        "reviews": fit.reviews,
        "before": fit.before.as_dict(),
        "candidate": fit.candidate.as_dict(),
        "kept_new": fit.improved,
    }
    rescheduled = 0
    if fit.improved:
        settings.fsrs_parameters = fit.parameters
    settings = session.merge(settings)
    session.flush()
    if fit.improved:
        rescheduled = reschedule(session, settings, now, "parameters")
    return Optimised(fit.reviews, fit, rescheduled)


def deck_retentions(session: Session, user_id: int) -> dict[int, float]:
    rows = session.execute(
        select(DeckRetention.deck_id, DeckRetention.desired_retention).where(
            DeckRetention.user_id == user_id
        )
    ).all()
    return {deck_id: retention for deck_id, retention in rows}


def set_deck_retention(
    session: Session, user_id: int, deck_id: int, retention: float | None, now: datetime
) -> int:
    """Give a deck its own desired retention (None: the learner's general one again) and
    reschedule its cards; returns how many moved."""
    found = session.get(DeckRetention, (user_id, deck_id))
    if retention is None:
        if found is not None:
            session.delete(found)
    elif found is None:
        session.add(DeckRetention(user_id=user_id, deck_id=deck_id, desired_retention=retention))
    else:
        found.desired_retention = retention
    session.flush()
    return reschedule(session, settings_for(session, user_id), now, "retention", deck_id)


def reschedule(
    session: Session,
    settings: LearnerSettings,
    now: datetime,
    reason: str,
    deck_id: int | None = None,
) -> int:
    """Recompute the memory state and due date of the learner's reviewed cards (of one deck,
    or all) by replaying each card's history through the current scheduler, and log a
    reschedule entry (not a review) for each card whose due date moved."""
    retentions = deck_retentions(session, settings.user_id)
    query = (
        select(Card, Question.deck_id)
        .join(Question, Question.id == Card.question_id)
        .where(Card.user_id == settings.user_id, Card.reps > 0)
    )
    if deck_id is not None:
        query = query.where(Question.deck_id == deck_id)
    cards = session.execute(query).all()
    history: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
    for card_id, rating, reviewed_at in session.execute(
        select(Review.card_id, Review.rating, Review.reviewed_at)
        .where(Review.user_id == settings.user_id)
        .order_by(Review.card_id, Review.reviewed_at, Review.id)
    ):
        history[card_id].append((rating, reviewed_at))
    schedulers = {}
    moved = 0
    for card, card_deck in cards:
        if not history[card.id]:
            continue
        if card_deck not in schedulers:
            schedulers[card_deck] = scheduler_for(settings, retentions.get(card_deck))
        memory = MemoryState()
        for rating, reviewed_at in history[card.id]:
            memory = review(schedulers[card_deck], memory, Rating(rating), reviewed_at)
        if memory.due is None or memory.due == card.due:
            continue
        session.add(
            Reschedule(
                card_id=card.id,
                user_id=settings.user_id,
                rescheduled_at=now,
                reason=reason,
                due_before=card.due,
                due_after=memory.due,
                stability_before=card.stability,
                stability_after=memory.stability,
            )
        )
        card.state, card.step = memory.state, memory.step
        card.stability, card.difficulty = memory.stability, memory.difficulty
        card.due = memory.due
        card.version += 1
        moved += 1
    session.flush()
    return moved


def deck_cards(
    session: Session, settings: LearnerSettings, deck: Deck, now: datetime
) -> tuple[list[simulate.ExistingCard], int]:
    """The learner's studied cards of the deck as the simulator starts from them (suspended
    ones left out: they are not reviewed), and how many of its questions are still unseen."""

    def day(moment: datetime) -> int:
        return day_number(moment, settings.timezone, settings.day_starts_at)

    today = day(now)
    rows = session.execute(
        select(Card.stability, Card.difficulty, Card.due, Card.last_review)
        .join(Question, Question.id == Card.question_id)
        .where(
            Card.user_id == settings.user_id,
            Question.deck_id == deck.id,
            Question.retired_at.is_(None),
            Card.reps > 0,
            Card.suspended.is_(False),
        )
    ).all()
    existing = [
        simulate.ExistingCard(
            stability=stability,
            difficulty=difficulty,
            due_in=day(due) - today,
            last_review_ago=today - day(last_review or due),
        )
        for stability, difficulty, due, last_review in rows
        if stability is not None and difficulty is not None
    ]
    studied = (
        select(Card.question_id)
        .where(Card.user_id == settings.user_id, Card.reps > 0)
        .scalar_subquery()
    )
    unseen = session.scalar(
        select(func.count())
        .select_from(Question)
        .where(
            Question.deck_id == deck.id,
            Question.retired_at.is_(None),
            Question.id.notin_(studied),
        )
    )
    return existing, unseen or 0


def deck_workloads(
    session: Session, user_id: int, deck: Deck, now: datetime | None = None
) -> list[simulate.Workload]:
    """The coming year of studying `deck` at each retention of `simulate.RETENTIONS`, from
    the learner's own cards of it, with their parameters, daily limits and rating habits."""
    settings = settings_for(session, user_id)
    existing, unseen = deck_cards(session, settings, deck, now or utcnow())
    ratings = session.execute(
        select(Review.rating, Review.state_before).where(Review.user_id == user_id)
    ).all()
    habits = simulate.habits_from(
        [rating for rating, before in ratings if before == 0],
        [rating for rating, before in ratings if before == 2],
    )
    return simulate.workloads(
        settings.fsrs_parameters or list(DEFAULT_PARAMETERS),
        unseen,
        settings.new_per_day,
        settings.reviews_per_day,
        habits,
        existing=existing,
    )
