"""`quizapp validate` and `import`: the question bank from the command line."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from quizapp.db import get_session
from quizapp.paths import resource_dir
from quizapp.questions import bank, store

BANK_SUFFIXES = (".yaml", ".yml")


def init_app(app: Flask) -> None:
    app.cli.add_command(validate_command)
    app.cli.add_command(import_command)


def bank_files(paths: Iterable[str | Path]) -> list[Path]:
    """The YAML files named, with folders expanded to the YAML files inside them."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in BANK_SUFFIXES))
        else:
            found.append(path)
    return found


def read_files(paths: Iterable[Path]) -> list[tuple[str, bytes]]:
    files = []
    for path in paths:
        try:
            files.append((str(path), path.read_bytes()))
        except OSError as exc:
            raise click.ClickException(f"{path}: cannot read: {exc.strerror}") from exc
    return files


def known_decks() -> dict[str, bank.DeckSpec]:
    return store.known_specs(get_session())


def report_problems(problems: list[bank.Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(problems)} problem(s) found; nothing was imported.", err=True)


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
def validate_command(paths: tuple[str, ...]) -> None:
    """Check question bank files; print every problem as FILE:LINE:COL and exit 1 if any."""
    files = bank_files(paths)
    decks, problems = bank.load_bank_texts(read_files(files))
    if problems:
        for problem in problems:
            click.echo(str(problem))
        raise SystemExit(1)
    for warning in bank.warnings(decks):
        click.echo(str(warning))
    questions = sum(len(deck.questions) for deck in decks)
    click.echo(f"{len(files)} file(s) OK: {len(decks)} deck(s), {questions} question(s).")


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--dry-run", is_flag=True, help="Show what would change and change nothing.")
@click.option(
    "--confirm-drafts",
    is_flag=True,
    help="Import questions marked 'draft: true' too (they are refused otherwise).",
)
@with_appcontext
def import_command(paths: tuple[str, ...], dry_run: bool, confirm_drafts: bool) -> None:
    """Validate, then import question bank files, all or nothing."""
    session = get_session()
    result, problems = store.import_files(
        session, read_files(bank_files(paths)), dry_run=dry_run, drafts_confirmed=confirm_drafts
    )
    if result is None:
        report_problems(problems)
        raise SystemExit(1)
    click.echo(result.summary())
    if result.same_files:
        click.echo("Nothing to change. These files are the ones last imported, byte for byte.")
    elif dry_run:
        session.rollback()
        click.echo("Dry run: nothing was changed.")
    else:
        # Also when nothing changed: the decks now remember these files, for next time.
        session.commit()
        click.echo("Imported." if result.has_changes else "Nothing to change.")


def load_bundled_bank(app: Flask) -> str | None:
    """Import the decks that ship with the app and are not in the database yet."""
    folder = resource_dir("question_bank")
    files = bank_files([folder]) if folder.is_dir() else []
    if not files:
        return None
    decks, problems = bank.load_bank_texts(read_files(files))
    if problems:
        raise click.ClickException(
            "The bundled question bank does not validate:\n" + "\n".join(map(str, problems))
        )
    session = get_session()
    present = set(known_decks())
    missing = [deck for deck in decks if deck.slug not in present]
    if not missing:
        return None
    result = store.import_decks(session, missing)
    session.commit()
    return result.summary(detail=False)
