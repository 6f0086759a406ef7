"""Quiz answers and study ratings of one card at once, each in its own transaction, as
concurrent requests are: on SQLite, and on PostgreSQL under READ COMMITTED in the
PostgreSQL run. Every accepted review is logged once, and the card is its log replayed."""

from __future__ import annotations

import random
import threading

from fsrs import Rating
from sqlalchemy import select

from quizapp.auth.accounts import create_user
from quizapp.db import WRITER_KEY
from quizapp.flashcards import service
from quizapp.flashcards.scheduling import MemoryState, review
from quizapp.models import Card, Question, Review, utcnow
from tests.conftest import PASSWORD

THREADS_EACH = 4
TRIES = 12


def test_concurrent_quiz_answers_and_ratings_of_one_card_lose_nothing(app, mini_deck, db):
    with app.extensions[WRITER_KEY]() as session:
        user_id = create_user(session, "learner", PASSWORD).id
        # Load balancing picks a review's day from the other cards due at that moment, which a
        # replay of the log cannot see; tests/flashcards/test_balance.py covers it. Off here,
        # so the card must equal its log replayed exactly.
        settings = service.default_settings(user_id)
        settings.load_balancing = False
        session.add(settings)
        session.commit()
    question_id = db.scalars(select(Question.id).order_by(Question.id)).first()
    writer = app.extensions[WRITER_KEY]
    accepted: list[int] = []
    refused: list[str] = []
    failures: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(2 * THREADS_EACH)

    def answer_quizzes(seed: int) -> None:
        rng = random.Random(seed)
        start.wait()
        for _ in range(TRIES):
            with writer() as session:
                entry = service.record_quiz_answer(
                    session, user_id, question_id, rng.random() < 0.6, utcnow()
                )
                assert entry is not None
                session.commit()
                with lock:
                    accepted.append(entry.id)

    def rate_cards(seed: int) -> None:
        rng = random.Random(seed)
        start.wait()
        for _ in range(TRIES):
            with writer() as session:
                card = service.card_for(session, user_id, question_id)
                version = card.version if card else 0
                try:
                    entry = service.rate(
                        session, user_id, question_id, version, rng.choice(RATINGS), utcnow()
                    )
                    session.commit()
                except service.StudyRefusal as refusal:
                    session.rollback()
                    with lock:
                        refused.append(str(refusal))
                    continue
                with lock:
                    accepted.append(entry.id)

    def guarded(work, seed: int) -> None:  # type: ignore[no-untyped-def]
        try:
            work(seed)
        except BaseException as exc:  # reported below, with the thread's own traceback
            with lock:
                failures.append(exc)

    threads = [
        threading.Thread(target=guarded, args=(work, seed))
        for seed in range(THREADS_EACH)
        for work in (answer_quizzes, rate_cards)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if failures:
        raise failures[0]
    assert not any(thread.is_alive() for thread in threads)

    db.rollback()
    card = db.scalars(select(Card).where(Card.user_id == user_id)).one()
    log = db.scalars(select(Review).where(Review.card_id == card.id).order_by(Review.id)).all()
    # Every quiz answer counts; a rating may be refused when another change got there first.
    assert len(accepted) >= THREADS_EACH * TRIES
    assert sorted(accepted) == [entry.id for entry in log]
    assert all(reason.startswith("That card was") for reason in refused), set(refused)

    scheduler = service.scheduler_for(service.settings_for(db, user_id))
    # The card as first created, then each review applied to what the one before left.
    memory = MemoryState.from_dict(log[0].before)
    for entry in log:
        stored_before = {key: entry.before[key] for key in memory.as_dict()}
        assert stored_before == memory.as_dict(), f"review {entry.id} started from a stale card"
        memory = review(scheduler, memory, Rating(entry.rating), entry.reviewed_at)
    assert service.memory_of(card) == memory
    assert card.version == len(log)


RATINGS = [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy]
