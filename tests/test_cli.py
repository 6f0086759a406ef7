"""The `quizapp` command: create-user, db and serve."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from quizapp import migrate
from quizapp.auth.accounts import authenticate
from quizapp.models import User
from tests.conftest import PASSWORD


def test_create_user_reads_the_password_from_stdin(runner, db):
    result = runner.invoke(
        args=["create-user", "Teach", "--role", "teacher"], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "Created teacher 'teach'" in result.output
    user = authenticate(db, "teach", PASSWORD)
    assert user is not None and user.role == "teacher"


def test_create_user_has_no_way_to_pass_a_password_in_argv(runner, db):
    result = runner.invoke(args=["create-user", "someone", "--password", PASSWORD])
    assert result.exit_code != 0
    assert "No such option" in result.output
    assert db.scalars(select(User)).all() == []


def test_create_user_explains_refusals_and_creates_nothing(runner, db):
    weak = runner.invoke(args=["create-user", "someone"], input="short\n")
    assert weak.exit_code == 1
    assert "Use at least 10 characters." in weak.output
    runner.invoke(args=["create-user", "someone"], input=PASSWORD + "\n")
    again = runner.invoke(args=["create-user", "SOMEONE"], input=PASSWORD + "\n")
    assert again.exit_code == 1
    assert "is taken" in again.output
    assert db.scalars(select(User.username)).all() == ["someone"]


def test_db_current_and_upgrade_on_an_up_to_date_database(runner):
    head = migrate.head_revision()
    assert runner.invoke(args=["db", "current"]).output.strip() == f"{head} (up to date)"
    result = runner.invoke(args=["db", "upgrade"])
    assert result.output.strip() == f"Database already at {head}; nothing to do."


def test_db_upgrade_migrates_an_empty_database(make_app, databases):
    app = make_app(DATABASE_URL=databases.empty_url())
    runner = app.test_cli_runner()
    assert "behind" in runner.invoke(args=["db", "current"]).output
    result = runner.invoke(args=["db", "upgrade"])
    assert f"Database migrated from empty to {migrate.head_revision()}" in result.output


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_migrates_and_serves_pages_with_their_css(tmp_path: Path, databases):
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_")},
        "QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    if databases.is_postgres:
        env["QUIZAPP_DATABASE_URL"] = databases.empty_url()
    server = subprocess.Popen(
        [sys.executable, "-m", "quizapp", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = wait_for(f"http://127.0.0.1:{port}/healthz")
        assert b'"status":"ok"' in body
        home = urllib.request.urlopen(f"http://127.0.0.1:{port}/").read().decode()
        assert "/static/css/app.css" in home
        css = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/css/app.css").read()
        assert b"prefers-color-scheme" in css
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert f"quizapp is running at http://127.0.0.1:{port}/" in output
    assert "Database migrated from empty to" in output
    assert "Loaded the bundled question bank:\ndeck russia-iran (new): 87 added" in output

    # A second start finds everything in place, and leaves the database free for writers.
    server = subprocess.Popen(
        [sys.executable, "-m", "quizapp", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        created = subprocess.run(
            [sys.executable, "-m", "quizapp", "create-user", "second-start"],
            env={**env, "QUIZAPP_SQLITE_BUSY_TIMEOUT_MS": "2000"},
            input=PASSWORD + "\n",
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert created.returncode == 0, created.stdout + created.stderr
    assert "Created student 'second-start'" in created.stdout
    assert "Loaded the bundled question bank" not in output
    if not databases.is_postgres:
        assert (tmp_path / "instance" / "quizapp.sqlite3").exists()
    assert (tmp_path / "instance" / "secret_key").exists()


def wait_for(url: str, seconds: float = 30) -> bytes:
    deadline = time.monotonic() + seconds
    while True:
        try:
            return urllib.request.urlopen(url, timeout=2).read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def run_quizapp(
    *args: str, env: dict[str, str], stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        env={**{k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_")}, **env},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


BANK = Path(__file__).parent / "data" / "mini-bank.yaml"


@pytest.mark.parametrize(
    "args",
    [
        ("db", "current"),
        ("db", "upgrade"),
        ("import", str(BANK)),
        ("export", "mini"),
        ("create-user", "someone"),
    ],
)
def test_a_database_that_cannot_be_opened_fails_in_one_line(tmp_path: Path, args):
    env = {
        "QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance"),
        # A directory where the database file should be: SQLite cannot open it.
        "QUIZAPP_DATABASE_URL": f"sqlite:///{tmp_path}",
    }
    done = run_quizapp(*args, env=env, stdin=PASSWORD + "\n")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("quizapp: could not ")
    assert done.stderr.rstrip().endswith(": unable to open database file")


def test_a_locked_database_stops_an_import_in_one_line(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    migrate.upgrade(url)
    env = {
        "QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance"),
        "QUIZAPP_DATABASE_URL": url,
        "QUIZAPP_SQLITE_BUSY_TIMEOUT_MS": "200",
    }
    blocker = sqlite3.connect(tmp_path / "db.sqlite3", isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        done = run_quizapp("import", str(BANK), env=env)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert done.returncode == 1
    assert done.stderr == "quizapp: could not import the bank: database is locked\n"
    assert run_quizapp("import", str(BANK), env=env).returncode == 0
