"""`quizapp optimize`: too few reviews keeps the defaults; enough fits the learner's own."""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta

from fsrs import Rating
from sqlalchemy import select

from quizapp.flashcards.scheduling import DEFAULT_PARAMETERS, MemoryState, make_scheduler, review
from quizapp.models import Card, Deck, LearnerSettings, Question, Review


def simulated_learner(db, cards: int, reviews_per_card: int) -> int:  # type: ignore[no-untyped-def]
    """A learner whose review log comes from the real scheduler and a simulated memory."""
    from quizapp.auth.accounts import create_user
    from tests.conftest import PASSWORD

    user = create_user(db, "memo", PASSWORD)
    deck = Deck(
        slug="sim",
        title="Sim",
        description="d",
        source_title="s",
        sections=[{"id": "s", "title": "s", "note": "n"}],
        topics=[{"id": "t", "title": "t"}],
    )
    db.add(deck)
    db.flush()
    rng = random.Random(7)
    scheduler = make_scheduler()
    for number in range(cards):
        question = Question(
            deck_id=deck.id,
            key=f"q{number}",
            type="true_false",
            prompt="p",
            explanation="e",
            topics=["t"],
            source="s",
            body={"answer": True},
            content_hash="x",
            position=number,
        )
        db.add(question)
        db.flush()
        card = Card(user_id=user.id, question_id=question.id, due=datetime(2026, 1, 1, tzinfo=UTC))
        db.add(card)
        db.flush()
        memory, now = MemoryState(), datetime(2026, 1, 1, 9, tzinfo=UTC) + timedelta(hours=number)
        for _ in range(reviews_per_card):
            # This learner forgets faster than FSRS's defaults assume.
            recalled = rng.random() < (0.95 if memory.reps == 0 else 0.7)
            rating = Rating.Good if recalled else Rating.Again
            before = memory
            memory = review(scheduler, memory, rating, now)
            db.add(
                Review(
                    card_id=card.id,
                    user_id=user.id,
                    rating=int(rating),
                    reviewed_at=now,
                    duration_ms=4000,
                    origin="study",
                    state_before=0 if before.is_new else before.state,
                    before=before.as_dict(),
                    state_after=memory.state,
                    scheduled_days=1.0,
                )
            )
            now = max(memory.due, now + timedelta(days=1))
    db.commit()
    return user.id


def test_too_few_reviews_keep_the_default_parameters(runner, db):
    simulated_learner(db, cards=10, reviews_per_card=3)
    result = runner.invoke(args=["optimize", "--user", "memo"])
    assert result.exit_code == 0, result.output
    assert "memo: 20 of the 512 reviews on a later day needed" in result.output
    assert db.scalars(select(LearnerSettings)).all() == []


def test_enough_reviews_fit_parameters_the_scheduler_then_uses(runner, db, app):
    user_id = simulated_learner(db, cards=140, reviews_per_card=6)
    result = runner.invoke(args=["optimize", "--user", "memo"])
    assert result.exit_code == 0, result.output
    assert "memo: fitted FSRS parameters from 700 reviews." in result.output
    db.rollback()
    fitted = db.get(LearnerSettings, user_id).fsrs_parameters
    assert len(fitted) == len(DEFAULT_PARAMETERS)
    assert fitted != list(DEFAULT_PARAMETERS)
    make_scheduler(0.9, fitted)  # in bounds: fsrs validates them


def test_a_missing_optimizer_is_explained(runner, db, monkeypatch):
    simulated_learner(db, cards=140, reviews_per_card=6)
    monkeypatch.setitem(sys.modules, "torch", None)
    result = runner.invoke(args=["optimize"])
    assert result.exit_code == 1
    assert (
        "needs PyTorch, which is not installed: pip install 'quizapp[optimizer]'" in result.output
    )


def test_an_unknown_user_is_reported(runner):
    result = runner.invoke(args=["optimize", "--user", "ghost"])
    assert result.exit_code == 1 and "There is no user 'ghost'" in result.output
