"""Demo data: a class of simulated students with quiz attempts and flashcard reviews, so a
teacher trying the app sees meaningful reports at once. It seeds every feature, so it belongs
to none; each type's right and wrong answers come from the question-type registry."""

from __future__ import annotations

import math
import random
import secrets
from datetime import datetime, timedelta
from typing import Any

from fsrs import Rating
from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.auth.passwords import hash_password
from quizapp.classes.service import new_join_code
from quizapp.flashcards import service as flashcards
from quizapp.models import ClassMember, ClassQuiz, Deck, Question, Quiz, SchoolClass, User
from quizapp.questions import types
from quizapp.quiz import service as quizzes

DIFFICULTY = {"easy": -1.0, "medium": 0.0, "hard": 1.0, None: 0.0}


def right_response(question_type: str, body: dict[str, Any]) -> dict[str, Any]:
    return types.get(question_type).right_response(body)


def wrong_response(question_type: str, body: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    return types.get(question_type).wrong_response(body, rng)


def chance(ability: float, difficulty: str | None) -> float:
    return 1 / (1 + math.exp(-(ability - DIFFICULTY.get(difficulty, 0.0)) * 1.3))


def seed(
    session: Session,
    teacher: User,
    deck: Deck,
    now: datetime,
    *,
    students: int = 24,
    rng: random.Random | None = None,
) -> SchoolClass:
    rng = rng or random.Random(1)  # noqa: S311 -- simulation, not security
    school_class = SchoolClass(teacher_id=teacher.id, name="Demo class", join_code=new_join_code())
    quiz = Quiz(
        deck_id=deck.id,
        owner_id=teacher.id,
        kind="assigned",
        title="Demo quiz: the whole essay",
        question_count=12,
        feedback="end",
        pass_percent=60,
        max_attempts=3,
    )
    session.add_all([school_class, quiz])
    session.flush()
    session.add(ClassQuiz(class_id=school_class.id, quiz_id=quiz.id))
    questions = session.scalars(
        select(Question).where(Question.deck_id == deck.id, Question.retired_at.is_(None))
    ).all()
    taken = {name for (name,) in session.execute(select(User.username))}
    for number in range(1, students + 1):
        name = f"demo-student-{number:02d}"
        if name in taken:
            continue
        # Demo students cannot log in: their password is random and never shown.
        student = User(username=name, password_hash=hash_password(secrets.token_urlsafe(24)))
        session.add(student)
        session.flush()
        session.add(ClassMember(class_id=school_class.id, user_id=student.id))
        ability = rng.gauss(0.3, 1.0)
        active = rng.random() > 0.15
        for attempt_number in range(rng.randint(1, 3) if active else 1):
            started = now - timedelta(days=rng.randint(1, 40), minutes=rng.randint(0, 600))
            attempt = quizzes.start_attempt(session, quiz, student, started, rng)
            for slot in attempt.slots:
                snap = slot.snapshot
                knows = rng.random() < chance(
                    ability + 0.3 * attempt_number,
                    snap["difficulty"] if "difficulty" in snap else None,
                )
                slot.response = (
                    right_response(snap["type"], snap["body"])
                    if knows
                    else wrong_response(snap["type"], snap["body"], rng)
                )
            quizzes.finish_attempt(
                session, attempt, attempt.revision, started + timedelta(minutes=rng.randint(6, 25))
            )
        if active:
            for question in rng.sample(list(questions), k=min(len(questions), rng.randint(10, 40))):
                when = now - timedelta(days=rng.randint(2, 60), hours=rng.randint(0, 12))
                for _ in range(rng.randint(1, 4)):
                    card = flashcards.card_for(session, student.id, question.id)
                    recalled = rng.random() < chance(ability, question.difficulty)
                    rating = Rating.Good if recalled else Rating.Again
                    flashcards.rate(
                        session,
                        student.id,
                        question.id,
                        card.version if card else 0,
                        rating,
                        when,
                        duration_ms=rng.randint(3000, 20000),
                    )
                    card = flashcards.card_for(session, student.id, question.id)
                    when = min(card.due if card else when, now - timedelta(minutes=5))
                    if when >= now - timedelta(minutes=10):
                        break
    session.flush()
    return school_class
