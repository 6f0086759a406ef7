"""Signed-in sessions kept on the server, so that logging out (here or everywhere) ends them.

The browser's signed cookie carries a random token; the database keeps its SHA-256. A request
is signed in only while the row for its token exists and has not expired.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from quizapp.models import LoginSession, User

# The key under which the browser's signed session cookie carries the token.
COOKIE_KEY = "login_token"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, user: User, now: datetime, lifetime: timedelta) -> str:
    """A new session for the user; returns the token for the cookie. Flushes, no commit."""
    token = secrets.token_urlsafe(32)
    # The user's sessions that ran out are of no further use: tidy them up while here.
    session.execute(
        delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.expires_at <= now)
    )
    session.add(
        LoginSession(
            user_id=user.id, token_hash=_digest(token), created_at=now, expires_at=now + lifetime
        )
    )
    session.flush()
    return token


def user_for(session: Session, user_id: int, token: str, now: datetime) -> User | None:
    """The user the token signs in, if it is still theirs and unexpired; otherwise None."""
    return session.scalars(
        select(User)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(
            User.id == user_id,
            LoginSession.token_hash == _digest(token),
            LoginSession.expires_at > now,
        )
    ).one_or_none()


def end(session: Session, token: str) -> None:
    session.execute(delete(LoginSession).where(LoginSession.token_hash == _digest(token)))


def end_all(session: Session, user_id: int) -> int:
    """End every session of the user, on every device; returns how many there were."""
    ended = session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))
    return int(ended.rowcount)  # type: ignore[attr-defined]


def count(session: Session, user_id: int, now: datetime) -> int:
    return int(
        session.scalar(
            select(func.count()).where(
                LoginSession.user_id == user_id, LoginSession.expires_at > now
            )
        )
        or 0
    )
