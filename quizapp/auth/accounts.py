"""Creating, authenticating and promoting users: the rules, with no web in them."""

from __future__ import annotations

import re

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quizapp.auth import sessions
from quizapp.auth.passwords import hash_password, password_problem, verify_password
from quizapp.models import Role, User

USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9_.-]{2,31}")
USERNAME_RULE = (
    "3 to 32 characters: letters, digits, '.', '_' or '-', starting with a letter or digit"
)

# Checked against when the username is unknown, so a wrong username costs the same time as a
# wrong password and response timing does not reveal which accounts exist.
_DUMMY_HASH = hash_password("not-a-real-password-anyone-has")


class AccountError(ValueError):
    """A request about accounts that cannot be carried out; the message is for the user."""

    def __init__(self, message: str, field: str = "username") -> None:
        super().__init__(message)
        self.field = field


def normalize_username(username: str) -> str:
    return username.strip().lower()


def username_problem(username: str) -> str | None:
    if not USERNAME_PATTERN.fullmatch(normalize_username(username)):
        return f"Usernames are {USERNAME_RULE}."
    return None


def find_user(session: Session, username: str) -> User | None:
    return session.scalars(
        select(User).where(User.username == normalize_username(username))
    ).one_or_none()


def create_user(session: Session, username: str, password: str, role: Role = Role.STUDENT) -> User:
    """Add a user and flush; raises AccountError with a message fit to show."""
    name = normalize_username(username)
    problem = username_problem(name)
    if problem:
        raise AccountError(problem, "username")
    problem = password_problem(password, name)
    if problem:
        raise AccountError(problem, "password")
    # Hash before touching the database: the slow part must not run inside a transaction.
    password_hash = hash_password(password)
    if find_user(session, name) is not None:
        raise AccountError(f"The username '{name}' is taken; choose another.")
    user = User(username=name, password_hash=password_hash, role=Role(role).value)
    try:
        with session.begin_nested():
            session.add(user)
    except IntegrityError as exc:
        # Someone registered the same name between our check and our insert.
        raise AccountError(f"The username '{name}' is taken; choose another.") from exc
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = find_user(session, username)
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    return user if verify_password(user.password_hash, password) else None


def everyone(session: Session) -> list[User]:
    """Every account, teachers first, then by username: the roles page."""
    return list(session.scalars(select(User).order_by(User.role.desc(), User.username)))


def set_role(session: Session, user: User, role: Role) -> None:
    """Change the user's role; their sessions end, so they log in again in the new role."""
    user.role = Role(role).value
    sessions.end_all(session, user.id)
    session.flush()


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """Replace the password after checking the current one; every session of the user ends.

    `user` may come from another (reading) Session: the slow hashing runs before this one
    writes anything. Raises AccountError (field "current" or "password") fit to show."""
    if not verify_password(user.password_hash, current):
        raise AccountError("That is not your current password.", "current")
    problem = password_problem(new, user.username)
    if problem:
        raise AccountError(problem, "password")
    if verify_password(user.password_hash, new):
        raise AccountError("The new password is the one you have now; choose another.", "password")
    password_hash = hash_password(new)
    session.execute(update(User).where(User.id == user.id).values(password_hash=password_hash))
    sessions.end_all(session, user.id)
