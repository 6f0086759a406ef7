"""The `quizapp` command: Flask's CLI plus serve, db and create-user."""

from __future__ import annotations

import os
import sys
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from quizapp import migrate

# What each command was doing, for the one line printed when the database or a file fails.
ACTIONS = {
    "serve": "start the server",
    "db": "read or migrate the database",
    "create-user": "create the account",
    "import": "import the bank",
    "export": "export the deck",
    "convert": "convert the file",
    "validate": "read the bank files",
    "demo-data": "create the demo data",
    "optimize": "optimise the parameters",
}


class CommandFailed(click.ClickException):
    """A command stopped by a database or file-system error: one line, exit status 1."""

    def __init__(self, command: str | None, error: Exception) -> None:
        action = ACTIONS.get(command or "", f"run '{command}'")
        super().__init__(f"quizapp: could not {action}: {reason(error)}")

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


def reason(error: Exception) -> str:
    """The cause in one line: the driver's own message, without SQL or parameters."""
    if isinstance(error, DBAPIError) and error.orig is not None:
        text = str(error.orig)
    elif isinstance(error, OSError) and error.strerror:
        text = f"{error.strerror}: {error.filename}" if error.filename else error.strerror
    else:
        text = str(error)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "; ".join(lines) if lines else type(error).__name__


class QuizappGroup(FlaskGroup):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (SQLAlchemyError, OSError) as exc:
            raise CommandFailed(ctx.invoked_subcommand, exc) from exc


def main() -> None:
    cli = QuizappGroup(
        name="quizapp",
        help="quizapp: quizzes and flashcards. Start with `quizapp serve`.",
        create_app=_create_app,
    )
    cli.main(prog_name="quizapp")


def _create_app() -> Flask:
    from quizapp import create_app

    return create_app()


def init_app(app: Flask) -> None:
    app.cli.add_command(serve)
    app.cli.add_command(db_group)
    app.cli.add_command(create_user)


def default_workers() -> int:
    # Gunicorn's rule of thumb for sync workers: two per core, plus one.
    return 2 * (os.cpu_count() or 1) + 1


def prepare_database(app: Flask) -> None:
    """Bring the schema up to date and import the bundled decks the database lacks."""
    from quizapp.db import close_session, engine_of
    from quizapp.questions.commands import load_bundled_bank

    before, after = migrate.upgrade(app.config["DATABASE_URL"])
    if before != after:
        click.echo(f"Database migrated from {before or 'empty'} to {after}.")
    if app.config["LOAD_BUNDLED_BANK"]:
        try:
            loaded = load_bundled_bank(app)
        finally:
            # The server runs inside this command: a session left open here would hold a
            # transaction (on SQLite, the write lock) for as long as the server lives.
            close_session()
            engine_of(app).dispose()
        if loaded:
            click.echo(f"Loaded the bundled question bank:\n{loaded}")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes (default: 2 x cores + 1).",
)
@with_appcontext
def serve(host: str, port: int, workers: int | None) -> None:
    """Migrate the database, then serve the app with gunicorn."""
    from quizapp.server import run

    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    prepare_database(app)
    shown_host = f"[{host}]" if ":" in host else host
    click.echo(f"quizapp is running at http://{shown_host}:{port}/  (press Ctrl+C to stop)")
    run(host=host, port=port, workers=workers or default_workers())


@click.group("db")
def db_group() -> None:
    """Database schema migrations."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Apply pending migrations."""
    before, after = migrate.upgrade(current_app.config["DATABASE_URL"], revision)
    if before == after:
        click.echo(f"Database already at {after or 'empty'}; nothing to do.")
    else:
        click.echo(f"Database migrated from {before or 'empty'} to {after}.")


@db_group.command("current")
@with_appcontext
def db_current() -> None:
    """Show the database's revision and whether migrations are pending."""
    from quizapp.db import engine_of

    current = migrate.current_revision(engine_of(current_app))
    head = migrate.head_revision()
    state = "up to date" if current == head else f"behind: run `quizapp db upgrade` to reach {head}"
    click.echo(f"{current or 'empty'} ({state})")


@click.command("create-user")
@click.argument("name")
@click.option(
    "--role", type=click.Choice(["student", "teacher"]), default="student", show_default=True
)
@with_appcontext
def create_user(name: str, role: str) -> None:
    """Create an account; the password is read from a prompt, or from standard input."""
    from quizapp.auth.accounts import AccountError
    from quizapp.auth.accounts import create_user as add_user
    from quizapp.db import get_session
    from quizapp.models import Role

    password = _read_password()
    session = get_session()
    try:
        user = add_user(session, name, password, Role(role))
    except AccountError as exc:
        session.rollback()
        raise click.ClickException(str(exc)) from exc
    session.commit()
    click.echo(f"Created {user.role} '{user.username}'.")


def _read_password() -> str:
    if sys.stdin.isatty():
        value: Any = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        return str(value)
    return sys.stdin.readline().rstrip("\r\n")
