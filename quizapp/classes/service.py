"""Classes and their members: creating a class, joining it by code, assigning quizzes, and the
one rule of who may see an assigned quiz (`quiz_visible_to`)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quizapp.models import ClassMember, ClassQuiz, Quiz, SchoolClass

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L to misread
MAX_NAME = 120


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(8))


def normal_code(typed: str) -> str:
    """A join code as typed (any case, spaces) in the form it is stored."""
    return typed.strip().upper().replace(" ", "")


def teacher_classes(session: Session, teacher_id: int) -> Sequence[SchoolClass]:
    return session.scalars(
        select(SchoolClass).where(SchoolClass.teacher_id == teacher_id).order_by(SchoolClass.name)
    ).all()


def student_classes(session: Session, user_id: int) -> Sequence[SchoolClass]:
    return session.scalars(
        select(SchoolClass).join(ClassMember).where(ClassMember.user_id == user_id)
    ).all()


def owned_class(session: Session, class_id: int, teacher_id: int) -> SchoolClass | None:
    """The class if this teacher teaches it, else None (the page is then a 404)."""
    found = session.get(SchoolClass, class_id)
    return found if found is not None and found.teacher_id == teacher_id else None


def create_class(session: Session, teacher_id: int, name: str) -> SchoolClass:
    """A new class with a fresh join code; the caller checks the name and commits."""
    created = SchoolClass(teacher_id=teacher_id, name=name, join_code=new_join_code())
    session.add(created)
    return created


def join(session: Session, code: str, user_id: int) -> SchoolClass | None:
    """Put the learner in the class with this code (once; joining twice is harmless) and
    commit; None if no class has the code."""
    found = session.scalars(
        select(SchoolClass).where(SchoolClass.join_code == normal_code(code))
    ).first()
    if found is None:
        return None
    if session.get(ClassMember, (found.id, user_id)) is None:
        try:
            session.add(ClassMember(class_id=found.id, user_id=user_id))
            session.commit()
        except IntegrityError:
            # A second tab joined at the same moment: the learner is in the class either way.
            session.rollback()
    return found


def member(session: Session, school_class: SchoolClass, user_id: int) -> ClassMember | None:
    return session.get(ClassMember, (school_class.id, user_id))


def assign(session: Session, school_class: SchoolClass, quiz: Quiz) -> None:
    """Make the quiz one the class's members may take (once); the caller commits."""
    if session.get(ClassQuiz, (school_class.id, quiz.id)) is None:
        session.add(ClassQuiz(class_id=school_class.id, quiz_id=quiz.id))


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
