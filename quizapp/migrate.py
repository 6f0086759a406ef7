"""Schema migrations: Alembic, driven from Python so `quizapp serve` and `quizapp db` share it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from quizapp.db import make_engine
from quizapp.paths import PACKAGE_DIR

MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
# Any fixed number: several app servers starting together take turns migrating PostgreSQL.
_ADVISORY_LOCK_ID = 0x71A7A99


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(url: str, revision: str = "head") -> tuple[str | None, str | None]:
    """Apply pending migrations; returns the revision before and after."""
    engine = make_engine(url)
    try:
        with _migration_lock(engine):
            before = current_revision(engine)
            with engine.begin() as connection:
                command.upgrade(alembic_config(connection), revision)
            return before, current_revision(engine)
    finally:
        engine.dispose()


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    if engine.dialect.name != "postgresql":
        # SQLite serialises writers itself: a second migrator waits on the busy timeout.
        yield
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as lock:
        lock.execute(text("SELECT pg_advisory_lock(:id)"), {"id": _ADVISORY_LOCK_ID})
        try:
            yield
        finally:
            lock.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": _ADVISORY_LOCK_ID})
