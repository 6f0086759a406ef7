"""The database: SQLite tuning, sessions per request, and migrations that match the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import InvalidRequestError

from quizapp import migrate
from quizapp.db import ReaderWrote, get_session, make_engine
from quizapp.models import Base, User


def test_sqlite_connections_enforce_foreign_keys_use_wal_and_wait_when_busy(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/t.sqlite3", sqlite_busy_timeout_ms=1234)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 1234
    engine.dispose()


def test_savepoints_roll_back_only_their_part(app, engine, db):
    db.add(User(username="kept", password_hash="x"))
    try:
        with db.begin_nested():
            db.add(User(username="dropped", password_hash="x"))
            db.flush()
            raise RuntimeError("undo the nested part")
    except RuntimeError:
        pass
    db.commit()
    names = db.scalars(select(User.username)).all()
    assert names == ["kept"]


def test_each_request_gets_a_session_that_is_closed_afterwards(app, client):
    seen = []

    @app.route("/probe")
    def probe() -> str:
        seen.append(get_session())
        return "ok"

    client.get("/probe")
    client.get("/probe")
    assert len(seen) == 2
    assert seen[0] is not seen[1]
    assert not seen[0].in_transaction()


def test_an_object_crosses_from_the_reader_to_the_writer_only_to_be_read(app, db):
    """db.py's rule: the reading Session's objects may be read in the writer's work, never
    changed through either Session."""
    db.add(User(username="reader-loaded", password_hash="x"))
    db.commit()
    with app.test_request_context("/", method="POST"):
        reader, writer = get_session(write=False), get_session()
        user = reader.scalars(select(User).where(User.username == "reader-loaded")).one()
        assert writer.get(User, user.id).username == user.username  # reading across: fine
        with pytest.raises(InvalidRequestError, match="already attached"):
            writer.add(user)
        user.username = "changed"
        with pytest.raises(ReaderWrote):
            reader.flush()


def test_migrations_build_exactly_the_schema_the_models_describe(databases):
    url = databases.empty_url()
    before, after = migrate.upgrade(url)
    assert before is None
    assert after == migrate.head_revision()
    engine = make_engine(url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        tables = set(inspect(connection).get_table_names())
    engine.dispose()
    assert diff == []
    assert {"users", "alembic_version"} <= tables


def test_upgrading_twice_changes_nothing(databases):
    url = databases.empty_url()
    migrate.upgrade(url)
    assert migrate.upgrade(url) == (migrate.head_revision(), migrate.head_revision())
