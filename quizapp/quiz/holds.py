"""What a learner may not see while a graded quiz is open: the answers to the questions of their
unfinished attempts, anywhere else in the app, and study of a deck its teacher closed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.classes.service import quiz_visible_to
from quizapp.models import Attempt, AttemptSlot, AttemptStatus, Quiz, QuizKind, User
from quizapp.quiz import rules


@dataclass(frozen=True)
class Hold:
    """Why an answer is held back: the quiz, and the learner's open attempt at it if any
    (none when the teacher closed study of the deck)."""

    quiz_id: int
    quiz_title: str
    attempt_id: int | None = None
    closes_at: datetime | None = None


class AnswerWithheld(Exception):
    """A page refused because it would show an answer the learner may not see yet.

    `links` are (label, url) pairs back to where the learner can go on."""

    def __init__(self, message: str, links: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__(message)
        self.links = list(links)


def held_questions(
    session: Session, user_id: int, now: datetime, *, except_attempt: int | None = None
) -> dict[int, Hold]:
    """The questions whose answers are held back, by question id: those not yet final in the
    learner's unfinished attempts at teachers' quizzes (other than `except_attempt`)."""
    rows = session.execute(
        select(AttemptSlot.question_id, Quiz.id, Quiz.title, Attempt.id, Attempt.deadline_at)
        .join(Attempt, Attempt.id == AttemptSlot.attempt_id)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(
            Attempt.user_id == user_id,
            Attempt.status == AttemptStatus.IN_PROGRESS,
            Quiz.kind == QuizKind.ASSIGNED,
            AttemptSlot.is_final.is_(False),
        )
        .order_by(Attempt.id)
    ).all()
    return {
        question_id: Hold(quiz_id, title, attempt_id)
        for question_id, quiz_id, title, attempt_id, deadline_at in rows
        # An attempt past its deadline takes no more answers: nothing left to protect.
        if attempt_id != except_attempt and not rules.past_deadline(deadline_at, now)
    }


def study_closed_by(session: Session, user: User, deck_id: int, now: datetime) -> Hold | None:
    """The open quiz whose teacher closed study of the deck to this learner, if any.

    Teachers are never shut out: they set the quizzes and preview them."""
    if user.is_teacher:
        return None
    closing = session.scalars(
        select(Quiz).where(
            Quiz.deck_id == deck_id, Quiz.kind == QuizKind.ASSIGNED, Quiz.closes_study.is_(True)
        )
    ).all()
    for quiz in closing:
        if rules.window_open(quiz.opens_at, quiz.closes_at, now) and quiz_visible_to(
            session, quiz, user.id
        ):
            return Hold(quiz.id, quiz.title, closes_at=quiz.closes_at)
    return None


def hidden_in_attempt(
    session: Session, user: User, attempt: Attempt, now: datetime
) -> Mapping[int, Hold]:
    """The slots of `attempt` (by slot id) whose answer and mark are held back on its pages.

    A question of another unfinished graded attempt is held back; so is every question of a
    practice attempt (or any quiz but the closing one) on a deck whose study is closed."""
    held = held_questions(session, user.id, now, except_attempt=attempt.id)
    closed = study_closed_by(session, user, attempt.quiz.deck_id, now)
    hidden: dict[int, Hold] = {}
    for slot in attempt.slots:
        if slot.question_id in held:
            hidden[slot.id] = held[slot.question_id]
        elif closed is not None and closed.quiz_id != attempt.quiz_id:
            hidden[slot.id] = closed
    return hidden


def blocks_finishing(attempt: Attempt, hidden: Mapping[int, Hold]) -> Hold | None:
    """A practice attempt with a held-back question not graded yet waits: marking it would tell
    whether that answer is right. A graded attempt always finishes (its time may run out)."""
    if attempt.quiz.kind != QuizKind.PRACTICE:
        return None
    return next((hidden[s.id] for s in attempt.slots if s.id in hidden and not s.is_final), None)


def held_message(hold: Hold, what: str) -> str:
    """Why `what` (for instance "this card's answer") cannot be shown, for the learner."""
    if hold.attempt_id is None:
        until = f" (it closes {hold.closes_at:%Y-%m-%d %H:%M} UTC)" if hold.closes_at else ""
        return (
            f"Your teacher closed flashcard study and practice of this deck while the quiz "
            f"“{hold.quiz_title}” is open{until}, so {what} cannot be shown now."
        )
    return (
        f"This question is in your quiz “{hold.quiz_title}”, which you have not finished yet, "
        f"so {what} stays hidden until you finish it (or the question's answer is final)."
    )
