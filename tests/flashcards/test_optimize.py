"""Fitting without PyTorch: the review log as training items, our FSRS-6 code's agreement with
py-fsrs, the evaluation that decides whether new parameters are kept, `quizapp optimize`."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Rating
from sqlalchemy import select

from quizapp.flashcards import optimize
from quizapp.flashcards.optimize import LoggedReview, card_history, training_histories
from quizapp.flashcards.scheduling import DEFAULT_PARAMETERS, MemoryState, make_scheduler, review
from quizapp.models import Card, Deck, LearnerSettings, Question, Reschedule, Review


def simulated_learner(db, cards: int, reviews_per_card: int, name: str = "memo") -> int:  # type: ignore[no-untyped-def]
    """A learner whose review log comes from the real scheduler and a simulated memory."""
    from quizapp.auth.accounts import create_user
    from tests.conftest import PASSWORD

    user = create_user(db, name, PASSWORD)
    deck = Deck(
        slug=f"sim-{name}",
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
                    origin="quiz" if number % 5 == 0 else "study",
                    state_before=0 if before.is_new else before.state,
                    before=before.as_dict(),
                    state_after=memory.state,
                    scheduled_days=1.0,
                )
            )
            now = max(memory.due, now + timedelta(days=1))
        card.state, card.stability, card.difficulty = (
            memory.state,
            memory.stability,
            memory.difficulty,
        )
        card.due, card.last_review, card.reps = memory.due, memory.last_review, reviews_per_card
    db.commit()
    return user.id


# The conversion


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def test_reviews_become_one_item_per_later_day_review_grouped_by_card_in_time_order():
    log = [
        LoggedReview(card_id=2, rating=3, reviewed_at=at(2, 10)),
        LoggedReview(card_id=1, rating=3, reviewed_at=at(5, 10)),
        LoggedReview(card_id=1, rating=1, reviewed_at=at(1, 10)),
        LoggedReview(card_id=1, rating=3, reviewed_at=at(1, 10, 10)),  # same day: no item
        LoggedReview(card_id=1, rating=4, reviewed_at=at(2, 9)),
    ]
    assert training_histories(log, "UTC", 4) == [
        [(1, 0), (3, 0), (4, 1)],
        [(1, 0), (3, 0), (4, 1), (3, 3)],
    ]  # card 2 has no earlier review: no item


def test_days_turn_at_the_learners_study_day_start_in_their_time_zone():
    # 02:30 and 05:00 in Berlin (UTC+1 in March) on the same date: the study day starts at 04:00,
    # so 02:30 still belongs to the day before.
    log = [
        LoggedReview(card_id=1, rating=3, reviewed_at=at(3, 1, 30)),
        LoggedReview(card_id=1, rating=3, reviewed_at=at(3, 4)),
    ]
    assert training_histories(log, "Europe/Berlin", 4) == [[(3, 0), (3, 1)]]
    # The same two instants with the day starting at midnight UTC: one day, no item.
    assert training_histories(log, "UTC", 0) == []
    # And in Tokyo (UTC+9) both fall after 04:00 on the 3rd: one day again.
    assert training_histories(log, "Asia/Tokyo", 4) == []


def test_quiz_answers_are_reviews_in_the_training_items():
    log = [
        LoggedReview(card_id=1, rating=3, reviewed_at=at(1, 10), origin="quiz"),
        LoggedReview(card_id=1, rating=1, reviewed_at=at(4, 10), origin="quiz"),
    ]
    assert training_histories(log, "UTC", 4) == [[(3, 0), (1, 3)]]


# The two engines agree


FITTED_LIKE = [round(v, 4) for v in DEFAULT_PARAMETERS]
FITTED_LIKE[0], FITTED_LIKE[5], FITTED_LIKE[8] = 0.5, 0.9, 1.7


@pytest.mark.parametrize("parameters", [list(DEFAULT_PARAMETERS), FITTED_LIKE])
def test_py_fsrs_and_our_fsrs6_give_the_same_memory_state_for_the_same_history(parameters):
    """Reviews at the same time of day, so py-fsrs's elapsed days (24-hour periods) and
    the training items' study days are the same numbers; same-day steps included."""
    scheduler = make_scheduler(0.9, parameters)
    plan = [
        (timedelta(0), Rating.Good),
        (timedelta(minutes=10), Rating.Good),
        (timedelta(days=3), Rating.Good),
        (timedelta(days=8), Rating.Again),
        (timedelta(minutes=10), Rating.Good),
        (timedelta(days=2), Rating.Hard),
        (timedelta(days=20), Rating.Easy),
        (timedelta(days=41), Rating.Good),
    ]
    memory, now, log = MemoryState(), at(1, 9), []
    for gap, rating in plan:
        now += gap
        memory = review(scheduler, memory, rating, now)
        log.append(LoggedReview(card_id=1, rating=int(rating), reviewed_at=now))
        stability, difficulty = optimize.memory_state(parameters, card_history(log, "UTC", 4))
        assert round(stability, 4) == round(memory.stability, 4)
        assert round(difficulty, 4) == round(memory.difficulty, 4)
    assert len(training_histories(log, "UTC", 4)) == 5  # the same-day steps make no item


# Evaluation and fitting


def test_a_fit_to_a_forgetful_learner_predicts_their_log_better_than_the_defaults(db, app):
    simulated_learner(db, cards=140, reviews_per_card=6)
    log = [
        LoggedReview(*row)
        for row in db.execute(
            select(
                Review.card_id, Review.rating, Review.reviewed_at, Review.duration_ms, Review.origin
            )
        )
    ]
    histories = training_histories(log, "UTC", 4)
    fit = optimize.fit(histories, DEFAULT_PARAMETERS)
    assert fit.improved and fit.reviews == 700
    assert fit.candidate.log_loss < fit.before.log_loss
    assert fit.candidate.rmse_bins < fit.before.rmse_bins
    assert fit.parameters != list(DEFAULT_PARAMETERS)
    rerun = optimize.evaluate(fit.parameters, histories)
    assert rerun.log_loss == pytest.approx(fit.candidate.log_loss, abs=optimize.TOLERANCE)
    assert rerun.rmse_bins == pytest.approx(fit.candidate.rmse_bins, abs=optimize.TOLERANCE)
    make_scheduler(0.9, fit.parameters)  # in bounds: py-fsrs validates them
    again = optimize.fit(histories, fit.parameters)
    assert not again.improved and again.parameters == fit.parameters
    assert again.after == again.before


# The command


def test_too_few_reviews_keep_the_default_parameters(runner, db):
    simulated_learner(db, cards=10, reviews_per_card=3)
    result = runner.invoke(args=["optimize", "--user", "memo"])
    assert result.exit_code == 0, result.output
    assert "memo: 20 of the 400 reviews on a later day needed" in result.output
    assert db.scalars(select(LearnerSettings)).all() == []


def test_enough_reviews_fit_parameters_the_scheduler_then_uses(runner, db, app):
    user_id = simulated_learner(db, cards=140, reviews_per_card=6)
    result = runner.invoke(args=["optimize", "--user", "memo"])
    assert result.exit_code == 0, result.output
    assert "memo: fitted FSRS parameters from 700 reviews (log loss " in result.output
    db.rollback()
    settings = db.get(LearnerSettings, user_id)
    assert len(settings.fsrs_parameters) == len(DEFAULT_PARAMETERS)
    assert settings.fsrs_parameters != list(DEFAULT_PARAMETERS)
    assert settings.last_fit["kept_new"] is True
    assert settings.last_fit["candidate"]["log_loss"] < settings.last_fit["before"]["log_loss"]
    moved = db.scalars(select(Reschedule).where(Reschedule.reason == "parameters")).all()
    assert moved and f"{len(moved)} cards rescheduled" in result.output
    assert db.scalar(select(Review.id).where(Review.origin.notin_(("study", "quiz")))) is None

    second = runner.invoke(args=["optimize", "--user", "memo"])
    assert "is no better" in second.output and "keeping the current" in second.output
    db.rollback()
    assert db.get(LearnerSettings, user_id).fsrs_parameters == settings.fsrs_parameters


def test_everyone_is_optimised_without_a_user_option(runner, db):
    simulated_learner(db, cards=140, reviews_per_card=6, name="ana")
    simulated_learner(db, cards=5, reviews_per_card=2, name="bob")
    result = runner.invoke(args=["optimize"])
    assert result.exit_code == 0, result.output
    assert "ana: fitted FSRS parameters from 700 reviews" in result.output
    assert "bob: 5 of the 400 reviews" in result.output


def test_an_unknown_user_is_reported(runner):
    result = runner.invoke(args=["optimize", "--user", "ghost"])
    assert result.exit_code == 1 and "There is no user 'ghost'" in result.output
