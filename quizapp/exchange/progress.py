"""One learner's own progress on a deck, read from the database for an Anki package:
their cards' FSRS states and every review (from study and from quiz answers alike)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.auth.accounts import find_user
from quizapp.exchange.apkg import CardProgress, LearnerProgress, ReviewEntry, export_apkg
from quizapp.exchange.model import Exported, ExportRequest
from quizapp.exchange.store import question_changes
from quizapp.flashcards.service import settings_for
from quizapp.models import Card, Deck, DeckRetention, Question, Review, User
from quizapp.questions.store import deck_spec, find_deck


def learner_progress(session: Session, user: User, deck: Deck) -> LearnerProgress:
    settings = settings_for(session, user.id)
    deck_retention = session.scalar(
        select(DeckRetention.desired_retention).where(
            DeckRetention.user_id == user.id, DeckRetention.deck_id == deck.id
        )
    )
    retention = settings.desired_retention if deck_retention is None else deck_retention
    rows = session.execute(
        select(Card, Question.key)
        .join(Question, Question.id == Card.question_id)
        .where(Card.user_id == user.id, Question.deck_id == deck.id, Question.retired_at.is_(None))
    ).all()
    cards = {card.id: (card, key) for card, key in rows}
    reviews: dict[int, list[Review]] = defaultdict(list)
    for review in session.scalars(
        select(Review)
        .where(Review.user_id == user.id, Review.card_id.in_(cards))
        .order_by(Review.card_id, Review.reviewed_at, Review.id)
    ):
        reviews[review.card_id].append(review)
    progress = {}
    for card_id, (card, key) in cards.items():
        progress[key] = CardProgress(
            state=card.state,
            stability=card.stability,
            difficulty=card.difficulty,
            due=card.due,
            last_review=card.last_review,
            reps=card.reps,
            lapses=card.lapses,
            suspended=card.suspended,
            desired_retention=retention,
            reviews=_entries(reviews[card_id], card),
        )
    return LearnerProgress(learner=user.username, cards=progress)


def _entries(reviews: list[Review], card: Card) -> tuple[ReviewEntry, ...]:
    """The reviews with the interval each gave: up to the due time the next review found
    (kept in its `before`), or the card's due time now for the latest."""
    entries = []
    for index, review in enumerate(reviews):
        if index + 1 < len(reviews):
            due_text = reviews[index + 1].before.get("due")
            due = datetime.fromisoformat(due_text) if due_text else card.due
        else:
            due = card.due
        entries.append(
            ReviewEntry(
                rating=review.rating,
                reviewed_at=review.reviewed_at,
                duration_ms=review.duration_ms,
                state_before=review.state_before,
                interval_after_s=max(0.0, (due - review.reviewed_at).total_seconds()),
            )
        )
    return tuple(entries)


def learner_package(session: Session, user: User, deck: Deck, held: Collection[int]) -> Exported:
    """The deck as an Anki package with the learner's own progress, leaving out the questions
    whose answers are held back from them (`held`: question row ids in an open quiz)."""
    held_keys = {q.key for q in deck.questions if q.id in held}
    spec = deck_spec(deck)
    spec = replace(spec, questions=tuple(q for q in spec.questions if q.id not in held_keys))
    progress = learner_progress(session, user, deck)
    progress = replace(
        progress, cards={key: card for key, card in progress.cards.items() if key not in held_keys}
    )
    return export_apkg(ExportRequest(spec, question_changes(deck), progress))


def with_progress(session: Session, request: ExportRequest, username: str) -> ExportRequest:
    """The export request of an imported deck with one learner's progress on it (the
    command line's `--progress USERNAME`); LookupError naming what is missing."""
    user = find_user(session, username)
    if user is None:
        raise LookupError(f"there is no user '{username}'")
    deck = find_deck(session, request.deck.slug)
    if deck is None:
        raise LookupError(f"progress is kept for imported decks only: import '{request.deck.slug}'")
    return replace(request, progress=learner_progress(session, user, deck))
