"""Rate-limit counts in the app's own database, shared by every worker and every app server.

A `limits` storage backend, so Flask-Limiter keeps doing the limiting; `database://` (the
default RATELIMIT_STORAGE_URI) selects it. Each attempt is one upsert that returns the new
count, so attempts arriving at once from several workers are still counted one by one.
Fixed windows only: the window starts at the first attempt and lasts the limit's period.
"""

from __future__ import annotations

import time
from typing import Any

from flask import current_app
from limits.storage import Storage
from sqlalchemy import Engine, case, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from quizapp.db import WRITER_KEY, engine_of
from quizapp.models import RateLimitCounter

# How often one process deletes the rows of windows long over.
SWEEP_EVERY_SECONDS = 60


class DatabaseStorage(Storage):
    """Counters in `rate_limit_counters`, in the database of the app serving the request."""

    STORAGE_SCHEME = ["database"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._swept_at = 0.0

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        engine = _writer()
        insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        over = RateLimitCounter.expires_at <= now
        statement = (
            insert(RateLimitCounter)
            .values(key=key, hits=amount, expires_at=now + expiry)
            .on_conflict_do_update(
                index_elements=[RateLimitCounter.key],
                set_={
                    "hits": case((over, amount), else_=RateLimitCounter.hits + amount),
                    "expires_at": case((over, now + expiry), else_=RateLimitCounter.expires_at),
                },
            )
            .returning(RateLimitCounter.hits)
        )
        with engine.begin() as connection:
            hits = connection.execute(statement).scalar_one()
            if now - self._swept_at > SWEEP_EVERY_SECONDS:
                window_over = RateLimitCounter.expires_at <= now
                connection.execute(delete(RateLimitCounter).where(window_over))
                self._swept_at = now
        return int(hits)

    def get(self, key: str) -> int:
        with _reader().connect() as connection:
            hits = connection.scalar(
                select(RateLimitCounter.hits).where(
                    RateLimitCounter.key == key, RateLimitCounter.expires_at > time.time()
                )
            )
        return int(hits or 0)

    def get_expiry(self, key: str) -> float:
        now = time.time()
        with _reader().connect() as connection:
            expires_at = connection.scalar(
                select(RateLimitCounter.expires_at).where(
                    RateLimitCounter.key == key, RateLimitCounter.expires_at > now
                )
            )
        return float(expires_at) if expires_at is not None else now

    def check(self) -> bool:
        try:
            with _reader().connect() as connection:
                connection.scalar(select(func.count()).select_from(RateLimitCounter))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with _writer().begin() as connection:
            return int(connection.execute(delete(RateLimitCounter)).rowcount)

    def clear(self, key: str) -> None:
        with _writer().begin() as connection:
            connection.execute(delete(RateLimitCounter).where(RateLimitCounter.key == key))


def _reader() -> Engine:
    return engine_of(current_app)


def _writer() -> Engine:
    # On SQLite this takes the write lock at BEGIN, so concurrent attempts queue on it.
    engine: Engine = current_app.extensions[WRITER_KEY].kw["bind"]
    return engine
