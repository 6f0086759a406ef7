"""The database engine and the Sessions of a request, closed when the request ends.

Two Sessions per request, and this is the one place that says how they share objects:

- the request's own Session, `get_session()`: it writes on a POST (IMMEDIATE transactions,
  which on SQLite hold the write lock from the first statement to the commit); on a GET it
  reads (and may still write, such as closing an attempt whose time ran out);
- the other kind, asked for with `get_session(write=False)` on a POST (the reader: loading the
  logged-in user, the deck a URL names, checking a password) or `write=True` on a GET.

What may cross from one to the other: an object loaded by either may be *read* in the other's
work (its id, its fields: `current_user` is loaded by the reader and passed to every service).
What may not: changing, adding or deleting an object through a Session it was not loaded by.
SQLAlchemy refuses adding one Session's object to the other (InvalidRequestError); a change to
a reader's object would be lost, so the reader refuses to flush anything (`ReaderWrote`), and
tests/test_db.py proves both. To change an object, load it through the Session that writes.

One name: a SQLAlchemy Session is always `session`, both the variable a view gets
(`session = get_session()`) and the parameter of every function that takes one
(`session: Session`). Flask's cookie session is imported as `flask_session` wherever it is
used, so `session` never means the cookie (tests/test_import_graph.py holds the code to both).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

EXTENSION_KEY = "quizapp.db"
WRITER_KEY = "quizapp.db.writer"
BEGIN_OPTION = "quizapp_sqlite_begin"
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# SQLite errors after which a connection stays broken even once the file is fine again: one
# opened while the file was unwritable is read-only for good, one opened on a replaced or
# damaged file keeps reading that. Treated as disconnects, so the pool opens new ones.
SQLITE_BROKEN_CONNECTION = (
    "attempt to write a readonly database",
    "file is not a database",
    "disk i/o error",
    "unable to open database file",
    "database disk image is malformed",
)


def make_engine(url: str, *, sqlite_busy_timeout_ms: int = 5000, **kwargs: Any) -> Engine:
    """An engine for SQLite (tuned for a web app) or any other SQLAlchemy URL."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, **kwargs)

    engine = create_engine(url, connect_args={"timeout": sqlite_busy_timeout_ms / 1000}, **kwargs)

    @event.listens_for(engine, "connect")
    def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
        # Python 3.11's sqlite3 opens transactions on its own and breaks SAVEPOINT; hand
        # BEGIN to SQLAlchemy instead (the recipe from SQLAlchemy's SQLite dialect docs).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(sqlite_busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine, "handle_error")
    def _discard_broken_connections(context: Any) -> None:
        message = str(context.original_exception).lower()
        if any(symptom in message for symptom in SQLITE_BROKEN_CONNECTION):
            context.is_disconnect = True

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def writing(engine: Engine) -> Engine:
    """The same engine, but SQLite transactions take the write lock when they begin.

    A deferred transaction that reads and then writes fails at once ("database is locked")
    if another connection wrote in between; one that starts IMMEDIATE waits its turn on the
    busy timeout instead. Other databases ignore the option.
    """
    return engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})


def init_app(app: Flask) -> None:
    engine = make_engine(
        app.config["DATABASE_URL"], sqlite_busy_timeout_ms=app.config["SQLITE_BUSY_TIMEOUT_MS"]
    )
    app.extensions[EXTENSION_KEY] = sessionmaker(engine, expire_on_commit=False)
    app.extensions[WRITER_KEY] = sessionmaker(writing(engine), expire_on_commit=False)
    # pytest-flask keeps one app context across a whole test, so teardown_appcontext alone
    # would let one Session serve several requests: close it at the end of each request too.
    app.teardown_request(close_session)
    app.teardown_appcontext(close_session)


def engine_of(app: Flask) -> Engine:
    engine: Engine = app.extensions[EXTENSION_KEY].kw["bind"]
    return engine


def get_session(*, write: bool | None = None) -> Session:
    """The current request's Session of the kind asked for, opened on first use.

    Requests that may change something (and commands) write through IMMEDIATE transactions,
    which on SQLite hold the database's write lock from their first statement to the commit.
    Reads that need not sit inside that transaction (loading the logged-in user, looking up
    the deck a URL names, checking a password) say `write=False` and go through a second,
    reading Session, so the write lock is held only for the work that writes.
    """
    default_write = not (has_request_context() and request.method in READ_ONLY_METHODS)
    if write is None:
        write = default_write
    key = "db_session" if write == default_write else ("db_writer" if write else "db_reader")
    if key not in g:
        opened = current_app.extensions[WRITER_KEY if write else EXTENSION_KEY]()
        if key == "db_reader":
            event.listen(opened, "before_flush", _refuse_writes)
        setattr(g, key, opened)
    session: Session = getattr(g, key)
    return session


class ReaderWrote(RuntimeError):
    """The reading Session was asked to write: the change belongs in the request's Session."""


def _refuse_writes(session: Session, _context: Any, _instances: Any) -> None:
    if session.new or session.dirty or session.deleted:
        raise ReaderWrote(
            "The reading Session (get_session(write=False)) does not write: load the object "
            "through get_session() to change it."
        )


def close_session(_exc: BaseException | None = None) -> None:
    """End the request's Sessions; never raises, since it runs while answering errors too."""
    for key in ("db_session", "db_reader", "db_writer"):
        session = g.pop(key, None)
        if session is None:
            continue
        try:
            session.close()
        except SQLAlchemyError:
            # The rollback could not reach the database: drop the connection, not the answer.
            session.invalidate()
    # Flask-Login caches the user in g; it belongs to the request that loaded it.
    g.pop("_login_user", None)
