"""Fixtures in flaskr's shape: an app on a fresh migrated database, its client and CLI runner.

Tests run on SQLite by default. With QUIZAPP_TEST_DATABASE_URL set to a PostgreSQL server
(any database on it; we create our own next to it), every test gets a fresh PostgreSQL
database instead.
"""

from __future__ import annotations

import itertools
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings
from sqlalchemy import Engine, make_url, text
from sqlalchemy.orm import Session

from quizapp import create_app, migrate
from quizapp.auth.accounts import create_user
from quizapp.db import EXTENSION_KEY, make_engine
from quizapp.models import Role

PASSWORD = "a long enough passphrase"

# In CI the property tests draw the same examples every run, so that a run's coverage figure
# (checked against fail_under) does not move with the examples drawn; elsewhere they explore.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
TEST_SETTINGS = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-not-for-production",
    "WTF_CSRF_ENABLED": False,
    "RATELIMIT_ENABLED": False,
    "LOAD_BUNDLED_BANK": False,
}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A skipped test is a failed promise: the suite fails if any test skipped."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and exitstatus == 0:
        reporter.write_line(f"FAILED: {len(skipped)} test(s) skipped; no test may skip.", red=True)
        session.exitstatus = 1


class DatabaseFactory:
    """Hands out fresh, fully migrated databases cheaply: migrate once, then copy."""

    def __init__(self, workdir: Path) -> None:
        self.server_url = os.environ.get("QUIZAPP_TEST_DATABASE_URL", "")
        self.workdir = workdir
        self._counter = itertools.count()
        self._created: list[str] = []
        if self.is_postgres:
            self._admin = make_engine(self.server_url, isolation_level="AUTOCOMMIT")
            self._template = f"quizapp_tpl_{uuid.uuid4().hex[:10]}"
            self._admin_execute(f'CREATE DATABASE "{self._template}"')
            migrate.upgrade(self._url_for(self._template))
        else:
            self._template_file = workdir / "template.sqlite3"
            migrate.upgrade(f"sqlite:///{self._template_file}")

    @property
    def is_postgres(self) -> bool:
        return self.server_url.startswith("postgresql")

    def new_url(self) -> str:
        number = next(self._counter)
        if self.is_postgres:
            name = f"{self._template}_{number}"
            self._admin_execute(f'CREATE DATABASE "{name}" TEMPLATE "{self._template}"')
            self._created.append(name)
            return self._url_for(name)
        target = self.workdir / f"db{number}.sqlite3"
        shutil.copyfile(self._template_file, target)
        return f"sqlite:///{target}"

    def empty_url(self) -> str:
        """A database with no tables at all, for migration tests."""
        number = next(self._counter)
        if self.is_postgres:
            name = f"{self._template}_empty{number}"
            self._admin_execute(f'CREATE DATABASE "{name}"')
            self._created.append(name)
            return self._url_for(name)
        return f"sqlite:///{self.workdir / f'empty{number}.sqlite3'}"

    def close(self) -> None:
        if self.is_postgres:
            for name in [*self._created, self._template]:
                self._admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self._admin.dispose()

    def _url_for(self, database: str) -> str:
        return (
            make_url(self.server_url).set(database=database).render_as_string(hide_password=False)
        )

    def _admin_execute(self, statement: str) -> None:
        with self._admin.connect() as connection:
            connection.execute(text(statement))


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("databases"))
    yield factory
    factory.close()


@pytest.fixture
def instance_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "instance"
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(path))
    for name in list(os.environ):
        if name.startswith("QUIZAPP_") and name not in (
            "QUIZAPP_INSTANCE_PATH",
            "QUIZAPP_TEST_DATABASE_URL",
        ):
            monkeypatch.delenv(name)
    return path


@pytest.fixture
def make_app(databases: DatabaseFactory, instance_path: Path) -> Iterator[Callable[..., Flask]]:
    apps: list[Flask] = []

    def build(**settings: object) -> Flask:
        config = {**TEST_SETTINGS, "DATABASE_URL": databases.new_url(), **settings}
        built = create_app(config)
        apps.append(built)
        return built

    yield build
    for built in apps:
        built.extensions[EXTENSION_KEY].kw["bind"].dispose()


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


@pytest.fixture
def engine(app: Flask) -> Engine:
    bound: Engine = app.extensions[EXTENSION_KEY].kw["bind"]
    return bound


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    """A Session of its own, apart from the one requests use, to check what was stored."""
    session = app.extensions[EXTENSION_KEY]()
    yield session
    session.close()


class AuthActions:
    def __init__(self, app: Flask, client: FlaskClient) -> None:
        self._app = app
        self._client = client

    def create(self, username: str = "student1", role: Role = Role.STUDENT) -> str:
        with self._app.extensions[EXTENSION_KEY]() as session:
            create_user(session, username, PASSWORD, role)
            session.commit()
        return username

    def login(self, username: str = "student1", password: str = PASSWORD):  # type: ignore[no-untyped-def]
        return self._client.post("/login", data={"username": username, "password": password})

    def logout(self):  # type: ignore[no-untyped-def]
        return self._client.post("/logout")


@pytest.fixture
def auth(app: Flask, client: FlaskClient) -> AuthActions:
    return AuthActions(app, client)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Redis server of our own on a free loopback port."""
    import socket
    import subprocess
    import time

    import redis

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed: run `apt-get install -y redis-server`.")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    workdir = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                server.kill()
                raise
            time.sleep(0.05)
    client.close()
    yield url
    server.terminate()
    server.wait(timeout=10)


DATA = Path(__file__).parent / "data"


def import_bank(app: Flask, *paths: Path) -> None:
    """Load bank files through the real validator and importer, and commit."""
    from quizapp.questions import bank, store

    files = [(path.name, path.read_bytes()) for path in paths]
    decks, problems = bank.load_bank_texts(files)
    assert problems == [], [str(p) for p in problems]
    with app.extensions[EXTENSION_KEY]() as session:
        store.import_decks(session, decks)
        session.commit()


@pytest.fixture
def mini_deck(app: Flask) -> str:
    """The every-type test deck, imported; returns its slug."""
    import_bank(app, DATA / "mini-bank.yaml")
    return "mini"
