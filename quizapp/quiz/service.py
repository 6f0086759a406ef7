"""Attempts in the database: start, save, check, finish (every refusal changes nothing), and
what the attempt and results pages show of each slot."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from quizapp.claims import claim
from quizapp.classes.service import quiz_visible_to
from quizapp.flashcards.service import record_quiz_answer
from quizapp.models import (
    Attempt,
    AttemptSlot,
    AttemptStatus,
    Deck,
    Feedback,
    Question,
    Quiz,
    QuizKind,
    User,
)
from quizapp.questions import present, types
from quizapp.questions.grading import grade
from quizapp.questions.present import QuestionView
from quizapp.quiz import holds, rules
from quizapp.quiz.rules import QuizRefusal

SNAPSHOT_FIELDS = ("type", "prompt", "explanation", "source", "topics", "body", "key")


def eligible_questions(session: Session, quiz: Quiz) -> list[Question]:
    """The deck's active questions that the quiz's topic, type and id filters allow."""
    rows = session.scalars(
        select(Question)
        .where(Question.deck_id == quiz.deck_id, Question.retired_at.is_(None))
        .order_by(Question.position)
    ).all()
    return [
        q
        for q in rows
        if (not quiz.topics or set(q.topics) & set(quiz.topics))
        and (not quiz.question_types or q.type in quiz.question_types)
        and (not quiz.question_keys or q.key in quiz.question_keys)
    ]


def active_question_count(session: Session, deck: Deck) -> int:
    return (
        session.scalar(
            select(func.count()).where(Question.deck_id == deck.id, Question.retired_at.is_(None))
        )
        or 0
    )


def teacher_quizzes(session: Session, owner_id: int) -> Sequence[Quiz]:
    """The quizzes this teacher set, the newest first."""
    return session.scalars(
        select(Quiz)
        .where(Quiz.kind == QuizKind.ASSIGNED, Quiz.owner_id == owner_id)
        .order_by(Quiz.created_at.desc())
    ).all()


def owned_quiz(session: Session, quiz_id: int, owner_id: int) -> Quiz | None:
    """A quiz this teacher set (not a learner's practice round), else None: a 404."""
    quiz = session.get(Quiz, quiz_id)
    if quiz is None or quiz.kind != QuizKind.ASSIGNED or quiz.owner_id != owner_id:
        return None
    return quiz


def attempts_used(session: Session, quiz: Quiz, user: User) -> int:
    return (
        session.scalar(
            select(func.count()).where(Attempt.quiz_id == quiz.id, Attempt.user_id == user.id)
        )
        or 0
    )


def in_progress(session: Session, quiz: Quiz, user: User) -> Attempt | None:
    return session.scalars(
        select(Attempt).where(
            Attempt.quiz_id == quiz.id,
            Attempt.user_id == user.id,
            Attempt.status == AttemptStatus.IN_PROGRESS,
        )
    ).first()


def is_open(quiz: Quiz, now: datetime) -> bool:
    return rules.window_open(quiz.opens_at, quiz.closes_at, now)


def _access_refusal(session: Session, quiz: Quiz, user: User) -> QuizRefusal | None:
    if quiz.kind == QuizKind.PRACTICE and quiz.owner_id != user.id:
        return QuizRefusal("There is no such quiz.", 404)
    if not quiz_visible_to(session, quiz, user.id):
        return QuizRefusal("There is no such quiz.", 404)
    return None


def start_refusal(session: Session, quiz: Quiz, user: User, now: datetime) -> QuizRefusal | None:
    """Why the user may not start a new attempt at the quiz now, or None if they may.

    The one rule of starting a quiz, used by start_attempt, the deck page's start buttons and
    the results page's retake button: a practice quiz is its owner's alone; an assigned quiz
    is for those who may see it (classes/service.quiz_visible_to), while it is open, within
    its attempt limit.
    """
    refusal = _access_refusal(session, quiz, user)
    if refusal is not None:
        return refusal
    if not is_open(quiz, now):
        return QuizRefusal("This quiz is not open now.", 403)
    if quiz.max_attempts is not None and attempts_used(session, quiz, user) >= quiz.max_attempts:
        return QuizRefusal(
            f"You have used all {quiz.max_attempts} attempt(s) this quiz allows.", 403
        )
    return None


def can_start(session: Session, quiz: Quiz, user: User, now: datetime) -> bool:
    return start_refusal(session, quiz, user, now) is None


@dataclass(frozen=True)
class OpenQuiz:
    """An assigned quiz on the deck page: how many attempts the learner used, and whether
    they may start another."""

    quiz: Quiz
    used: int
    can_start: bool


def open_quizzes(session: Session, deck: Deck, user: User, now: datetime) -> list[OpenQuiz]:
    """The deck's assigned quizzes that are open now and that the learner may see, by title."""
    quizzes = session.scalars(
        select(Quiz)
        .where(Quiz.deck_id == deck.id, Quiz.kind == QuizKind.ASSIGNED)
        .order_by(Quiz.title)
    )
    return [
        OpenQuiz(quiz, attempts_used(session, quiz, user), can_start(session, quiz, user, now))
        for quiz in quizzes
        if is_open(quiz, now) and quiz_visible_to(session, quiz, user.id)
    ]


def start_attempt(
    session: Session, quiz: Quiz, user: User, now: datetime, rng: random.Random | None = None
) -> Attempt:
    """A new attempt with its questions drawn and arranged, or the one already under way."""
    refusal = _access_refusal(session, quiz, user)
    if refusal is not None:
        raise refusal
    current = in_progress(session, quiz, user)
    if current is not None:
        return current
    refusal = start_refusal(session, quiz, user, now)
    if refusal is not None:
        raise refusal
    questions = eligible_questions(session, quiz)
    if quiz.kind == QuizKind.PRACTICE:
        questions = _leave_out_held(session, questions, user, now)
    if not questions:
        raise QuizRefusal("No questions match this quiz's settings.", 409)
    rng = rng or random.SystemRandom()
    chosen = rules.draw(questions, quiz.question_count, quiz.shuffle_questions, rng)
    attempt = Attempt(
        quiz=quiz,
        user_id=user.id,
        started_at=now,
        deadline_at=rules.deadline(now, quiz.time_limit_minutes),
        max_score=float(len(chosen)),
    )
    attempt.slots = [
        AttemptSlot(
            position=position,
            question_id=question.id,
            question_version=question.version,
            snapshot={name: getattr(question, name) for name in SNAPSHOT_FIELDS},
            display_order=present.display_order(
                question.type, question.body, quiz.shuffle_options, rng
            ),
        )
        for position, question in enumerate(chosen)
    ]
    session.add(attempt)
    session.flush()
    return attempt


def _leave_out_held(
    session: Session, questions: list[Question], user: User, now: datetime
) -> list[Question]:
    """A practice round never asks what the learner's unfinished graded quiz asks: checking or
    marking it would give that quiz's answers away."""
    held = holds.held_questions(session, user.id, now)
    kept = [q for q in questions if q.id not in held]
    if questions and not kept:
        title = held[questions[0].id].quiz_title
        raise holds.AnswerWithheld(
            f"Every question you chose is in your quiz “{title}”, which you have not finished "
            "yet: practise them once you have finished it."
        )
    return kept


def owned_attempt(session: Session, attempt_id: int, user: User) -> Attempt:
    """The user's own attempt; anyone else's looks exactly like one that does not exist."""
    # Its quiz and slots come in the same read: every attempt page needs them.
    attempt = session.get(
        Attempt, attempt_id, options=[joinedload(Attempt.quiz), selectinload(Attempt.slots)]
    )
    if attempt is None or attempt.user_id != user.id:
        raise QuizRefusal("There is no such attempt.", 404)
    return attempt


def _claim(session: Session, attempt: Attempt, revision: int) -> None:
    """Take the attempt's next revision, or refuse if the form is not the latest one."""
    in_progress = Attempt.status == AttemptStatus.IN_PROGRESS
    if not claim(session, attempt, "revision", revision, in_progress):
        raise QuizRefusal(
            "This page was out of date (it was sent twice, or changed in another tab). "
            "Here is the attempt as it stands now.",
            409,
        )


def expire_if_due(session: Session, attempt: Attempt, now: datetime) -> bool:
    """Close an attempt whose time ran out, keeping the answers saved in time."""
    if attempt.is_finished or not rules.past_deadline(attempt.deadline_at, now):
        return False
    _finish(session, attempt, attempt.deadline_at or now)
    session.flush()
    return True


def ran_out_of_time(attempt: Attempt) -> bool:
    """Whether the attempt was closed by its time limit (it then ends at the deadline)."""
    return (
        attempt.is_finished
        and attempt.deadline_at is not None
        and attempt.finished_at == attempt.deadline_at
    )


def time_up_message(attempt: Attempt) -> str:
    """Plain words for a student whose time ran out: when, and which answers count."""
    saved = [slot.position + 1 for slot in attempt.slots if slot.response is not None]
    missing = [slot.position + 1 for slot in attempt.slots if slot.response is None]
    deadline = attempt.deadline_at.strftime("%H:%M") if attempt.deadline_at else "the deadline"
    message = f"Time is up: the time limit ended at {deadline} UTC and the attempt was submitted."
    if saved:
        message += f" Your answers to {_questions(saved)} were saved in time and were marked."
    if missing:
        message += f" No answer to {_questions(missing)} was saved in time; they score zero."
    return message


def _questions(numbers: Sequence[int]) -> str:
    if len(numbers) == 1:
        return f"question {numbers[0]}"
    listed = ", ".join(str(n) for n in numbers[:-1])
    return f"questions {listed} and {numbers[-1]}"


def save_answers(
    session: Session,
    attempt: Attempt,
    revision: int,
    form: Mapping[str, Sequence[str]],
    slot_ids: Sequence[int],
    now: datetime,
    *,
    check: bool = False,
) -> list[AttemptSlot]:
    """Store the answers to the given slots; with `check`, grade them and lock them."""
    _refuse_if_closed(attempt, now)
    slots = {slot.id: slot for slot in attempt.slots}
    targets = []
    for slot_id in slot_ids:
        slot = slots.get(slot_id)
        if slot is None:
            raise QuizRefusal("That question is not part of this attempt.", 400)
        if slot.is_final:
            raise QuizRefusal("That answer is already final and cannot change.", 409)
        targets.append(slot)
    # Every answer is read before anything is written: one bad value refuses them all.
    responses = [_read(slot, form) for slot in targets]
    _claim(session, attempt, revision)
    for slot, response in zip(targets, responses, strict=True):
        if response != slot.response:
            slot.response = response
            slot.answered_at = now
        if check:
            _grade(session, slot, now)
    session.flush()
    return targets


def _read(slot: AttemptSlot, form: Mapping[str, Sequence[str]]) -> dict[str, Any] | None:
    snapshot = slot.snapshot
    try:
        return rules.read_response(
            snapshot["type"], snapshot["body"], slot.display_order, form, prefix=f"q{slot.id}-"
        )
    except QuizRefusal as refusal:
        raise QuizRefusal(
            f"Question {slot.position + 1}: {refusal} Nothing was saved; go back and answer "
            "with the choices on the page.",
            400,
        ) from refusal


def finish_attempt(session: Session, attempt: Attempt, revision: int, now: datetime) -> None:
    _refuse_if_closed(attempt, now)
    _claim(session, attempt, revision)
    # Sent in the grace after the deadline: the attempt still ends when its time did.
    deadline = attempt.deadline_at
    _finish(session, attempt, min(now, deadline) if deadline else now)
    session.flush()


def _refuse_if_closed(attempt: Attempt, now: datetime) -> None:
    if attempt.is_finished:
        raise QuizRefusal("This attempt is finished; its answers can no longer change.", 409)
    if rules.past_deadline(attempt.deadline_at, now):
        raise QuizRefusal("Time is up for this attempt; answers sent after it do not count.", 409)


def _grade(session: Session, slot: AttemptSlot, when: datetime) -> None:
    snapshot = slot.snapshot
    result = grade(
        snapshot["type"],
        snapshot["body"],
        rules.grading_response(snapshot["type"], snapshot["body"], slot.response),
    )
    slot.score = result.score
    slot.is_final = True
    if slot.response is not None:
        # One memory model: the answer also reviews the learner's flashcard of the question.
        record_quiz_answer(session, slot.attempt.user_id, slot.question_id, result.correct, when)


def _finish(session: Session, attempt: Attempt, when: datetime) -> None:
    for slot in attempt.slots:
        if not slot.is_final:
            _grade(session, slot, when)
    attempt.score = round(sum(slot.score or 0.0 for slot in attempt.slots), 6)
    attempt.status = AttemptStatus.FINISHED
    attempt.finished_at = when


def practice_quiz(
    session: Session,
    deck: Deck,
    user: User,
    *,
    topics: Sequence[str],
    types: Sequence[str],
    count: int,
    keys: Sequence[str] = (),
    title: str | None = None,
) -> Quiz:
    quiz = Quiz(
        deck_id=deck.id,
        owner_id=user.id,
        kind=QuizKind.PRACTICE,
        title=title or f"Practice: {deck.title}",
        topics=list(topics),
        question_types=list(types),
        question_keys=list(keys),
        question_count=count,
        feedback=Feedback.IMMEDIATE,
        pass_percent=60,
        shuffle_questions=True,
        shuffle_options=True,
        one_per_page=True,
    )
    session.add(quiz)
    session.flush()
    return quiz


def missed_keys(attempt: Attempt) -> list[str]:
    return [slot.snapshot["key"] for slot in attempt.slots if (slot.score or 0.0) < 1.0]


@dataclass(frozen=True)
class SlotFeedback:
    """What a slot's feedback shows once its answer is final: the mark, the key, the
    explanation, the feedback of the options chosen and the part of the source it is from."""

    score: float
    answer_lines: list[str]
    explanation: str
    chosen: list[dict[str, Any]]
    section: dict[str, Any] | None
    source: str


@dataclass(frozen=True)
class SlotView:
    """What the attempt and results pages show of one slot: the question as the attempt
    arranged it, the saved answer in display terms, and the feedback once it may be shown."""

    slot: AttemptSlot
    question: QuestionView
    values: dict[str, Any]
    final: bool
    held: str | None
    feedback: SlotFeedback | None


def slot_view(slot: AttemptSlot, reveal: bool, held: holds.Hold | None = None) -> SlotView:
    """What the page shows of one slot. The answer and feedback only once it is final, and
    not while it is `held` back (its mark neither: with the answer shown, it tells the key)."""
    snapshot = slot.snapshot
    return SlotView(
        slot=slot,
        question=present.present(
            snapshot["type"], snapshot["prompt"], snapshot["body"], slot.display_order
        ),
        values=rules.form_values(
            snapshot["type"], snapshot["body"], slot.response, slot.display_order
        ),
        final=slot.is_final,
        held=holds.held_message(held, "its answer") if held is not None else None,
        feedback=slot_feedback(slot) if reveal and slot.is_final and held is None else None,
    )


def slot_feedback(slot: AttemptSlot) -> SlotFeedback:
    snapshot = slot.snapshot
    body = snapshot["body"]
    kind = types.get(snapshot["type"])
    chosen = kind.chosen_feedback(body, slot.response) if slot.response else []
    return SlotFeedback(
        score=slot.score or 0.0,
        answer_lines=present.answer_key(snapshot["type"], body),
        explanation=snapshot["explanation"],
        chosen=[c for c in chosen if c.get("feedback")],
        section=slot.attempt.quiz.deck.section(snapshot["source"]),
        source=snapshot["source"],
    )
