"""A database outage: 503 pages with the security headers, and writes that recover alone."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy import make_url, select
from sqlalchemy.orm import Session

from quizapp import migrate
from quizapp.auth.accounts import create_user
from quizapp.db import EXTENSION_KEY, make_engine
from quizapp.models import LearnerSettings, User
from tests.conftest import PASSWORD
from tests.servers import Browserless, Reply, serve

SETTINGS = {
    "desired_retention": "0.85",
    "new_per_day": "7",
    "reviews_per_day": "100",
    "day_starts_at": "4",
    "timezone": "UTC",
    "leech_threshold": "8",
}
PAGES = ["/", "/study/settings", "/decks"]


def assert_unavailable_page(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 503, response.get_data(as_text=True)[:300]
    assert "The database is busy or unreachable" in response.get_data(as_text=True)
    assert_error_page(response)


def assert_error_page(response) -> None:  # type: ignore[no-untyped-def]
    assert "Traceback" not in response.get_data(as_text=True)
    headers = response.headers
    assert headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"


def logged_in_client(app):  # type: ignore[no-untyped-def]
    with app.extensions[EXTENSION_KEY]() as session:
        create_user(session, "student1", PASSWORD)
        session.commit()
    client = app.test_client()
    assert client.post("/login", data={"username": "student1", "password": PASSWORD}).status == (
        "302 FOUND"
    )
    return client


def new_per_day(app) -> int:  # type: ignore[no-untyped-def]
    with app.extensions[EXTENSION_KEY]() as session:
        user_id = session.scalar(select(User.id))
        settings = session.get(LearnerSettings, user_id)
        return settings.new_per_day if settings else -1


@contextmanager
def database_down(app) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The app's database unreachable for the block: for SQLite the file turns to garbage,
    a PostgreSQL database stops accepting connections and drops the ones it had."""
    url = make_url(app.config["DATABASE_URL"])
    if url.get_backend_name() == "sqlite":
        path = Path(str(url.database))
        aside = path.with_name(path.name + ".aside")
        os.replace(path, aside)
        path.write_bytes(b"this is not a database\n" * 512)
        # Every connection from here on opens the garbage, as a restarted worker's would.
        app.extensions[EXTENSION_KEY].kw["bind"].dispose()
        try:
            yield
        finally:
            os.replace(aside, path)
        return
    with postgresql_refusing(str(url.database)):
        yield


@contextmanager
def postgresql_refusing(name: str) -> Iterator[None]:
    """The PostgreSQL database stops accepting connections and drops the ones it had."""
    admin_url = os.environ["QUIZAPP_TEST_DATABASE_URL"].replace("+psycopg", "")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        try:
            yield
        finally:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


def test_an_outage_gives_503_pages_with_headers_and_then_recovers(make_app):
    app = make_app(TESTING=False)
    client = logged_in_client(app)
    assert client.post("/study/settings", data=SETTINGS).status_code == 302
    with database_down(app):
        for path in PAGES:
            assert_unavailable_page(client.get(path))
        missing = client.get("/no/such/page")
        assert missing.status_code == 404
        assert_error_page(missing)
        assert_unavailable_page(
            client.post("/study/settings", data={**SETTINGS, "new_per_day": "9"})
        )
        assert_unavailable_page(
            app.test_client().post("/login", data={"username": "student1", "password": PASSWORD})
        )
    assert client.get("/study/settings").status_code == 200
    assert client.post("/study/settings", data={**SETTINGS, "new_per_day": "11"}).status_code == 302
    assert new_per_day(app) == 11


@contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """The file cannot be opened for writing, even by root (immutable), for the block."""
    if os.geteuid() == 0:
        chattr = shutil.which("chattr")
        assert chattr, "chattr (e2fsprogs) is needed to make a file unwritable for root"
        subprocess.run([chattr, "+i", str(path)], check=True)
        try:
            yield
        finally:
            subprocess.run([chattr, "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(mode)


def test_writes_recover_after_the_sqlite_file_was_briefly_unwritable(make_app, databases, tmp_path):
    # SQLite whatever the suite's database: a connection opened while the file cannot be
    # written is read-only for good, and must not stay in the pool.
    template = tmp_path / "copy.sqlite3"
    if databases.is_postgres:
        url = f"sqlite:///{template}"
        migrate.upgrade(url)
    else:
        url = databases.new_url()
    app = make_app(TESTING=False, DATABASE_URL=url)
    client = logged_in_client(app)
    path = Path(str(make_url(url).database))
    with unwritable(path):
        app.extensions[EXTENSION_KEY].kw["bind"].dispose()
        assert client.get("/study/settings").status_code == 200
        assert_unavailable_page(client.post("/study/settings", data=SETTINGS))
    for _ in range(3):
        assert client.post("/study/settings", data=SETTINGS).status_code == 302
    assert new_per_day(app) == 7


def test_a_served_app_answers_an_outage_with_503_pages_and_recovers(databases, tmp_path):
    """Through gunicorn, as the attack run saw it: no bare 500s, every answer with headers.

    PostgreSQL refuses connections; an SQLite database is locked by another writer (its
    readers go on, so pages still load and saving answers 503)."""
    url = databases.new_url()
    engine = make_engine(url)
    with Session(engine) as session:
        create_user(session, "student1", PASSWORD)
        session.commit()
    engine.dispose()
    with serve(tmp_path / "instance", url, workers=2, SQLITE_BUSY_TIMEOUT_MS="300") as server:
        visitors = [Browserless(server.url) for _ in range(4)]
        for visitor in visitors:
            visitor.get("/login")
            login = visitor.post("/login", {"username": "student1", "password": PASSWORD})
            assert login.status == 302
            assert visitor.get("/study/settings").status == 200

        def burst() -> list[Reply]:
            with ThreadPoolExecutor(max_workers=8) as pool:
                pages = list(pool.map(lambda v: v.get("/study/settings"), visitors * 2))
                saves = list(pool.map(lambda v: v.post("/study/settings", SETTINGS), visitors))
            return pages + saves

        with served_outage(url):
            during = burst()
        after = [visitor.post("/study/settings", SETTINGS) for visitor in visitors * 2]

    assert {reply.status for reply in during} <= {200, 503}, [r.status for r in during]
    assert any(reply.status == 503 for reply in during)
    for reply in during:
        assert reply.headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert reply.headers["X-Frame-Options"] == "DENY"
        if reply.status == 503:
            assert "The database is busy or unreachable" in reply.body
    assert [reply.status for reply in after] == [302] * len(after)


@contextmanager
def served_outage(database_url: str) -> Iterator[None]:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        with postgresql_refusing(str(url.database)):
            yield
        return
    blocker = sqlite3.connect(str(url.database), isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
