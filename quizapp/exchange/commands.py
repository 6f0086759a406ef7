"""`quizapp export` and `quizapp convert`: decks out to another format, files in from one."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click
from flask import Flask
from flask.cli import with_appcontext

from quizapp.db import get_session
from quizapp.exchange import (
    FORMATS,
    ConvertError,
    ExportRequest,
    Format,
    UnknownFormat,
    get_format,
    sniff_format,
)
from quizapp.exchange.progress import with_progress
from quizapp.exchange.store import export_request
from quizapp.questions import bank
from quizapp.questions.commands import bank_files, read_files

USAGE_ERROR = 2


def init_app(app: Flask) -> None:
    app.cli.add_command(export_command)
    app.cli.add_command(convert_command)


def _usage_error(message: str) -> NoReturn:
    """One line on standard error and exit status 2, for a deck, format or file that is not
    there (click's own usage errors print the whole usage first)."""
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(USAGE_ERROR)


def _pick(name: str, direction: str) -> Format:
    try:
        chosen = get_format(name)
    except UnknownFormat as exc:
        _usage_error(str(exc))
    if (chosen.export if direction == "export" else chosen.convert) is None:
        able = [f.name for f in FORMATS.values() if getattr(f, direction) is not None]
        _usage_error(f"format '{name}' cannot {direction} (these can: {', '.join(able)})")
    return chosen


def _request_from_file(path: Path) -> ExportRequest:
    """A bank file (or a folder holding one deck) exported without importing it first."""
    decks, problems = bank.load_bank_texts(read_files(bank_files([path])))
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{path} does not validate; nothing was exported.")
    if len(decks) != 1:
        _usage_error(f"{path} holds {len(decks)} decks: name one file or deck slug")
    return ExportRequest(decks[0])


@click.command("export")
@click.argument("deck")
@click.option(
    "-f",
    "--format",
    "format_name",
    default="yaml",
    show_default=True,
    help="One of: " + ", ".join(f.name for f in FORMATS.values() if f.export) + ".",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None)
@click.option(
    "--progress",
    "learner",
    metavar="USERNAME",
    default=None,
    help="Put this learner's own cards and reviews in the package ("
    + ", ".join(f.name for f in FORMATS.values() if f.carries_progress)
    + " only; imported decks only).",
)
@with_appcontext
def export_command(deck: str, format_name: str, output: str | None, learner: str | None) -> None:
    """Write DECK (an imported deck's slug, or a bank file) in a format, to standard output
    or a file; every question the format cannot hold in full is listed on standard error."""
    chosen = _pick(format_name, "export")
    if learner is not None and not chosen.carries_progress:
        able = [f.name for f in FORMATS.values() if f.carries_progress]
        _usage_error(f"format '{chosen.name}' cannot carry progress (these can: {', '.join(able)})")
    path = Path(deck)
    if path.suffix in (".yaml", ".yml") and path.exists():
        request = _request_from_file(path)
    else:
        found = export_request(get_session(), deck)
        if found is None:
            _usage_error(
                f"there is no deck '{deck}' (give an imported deck's slug or a .yaml file)"
            )
        request = found
    if learner is not None:
        try:
            request = with_progress(get_session(), request, learner)
        except LookupError as exc:
            _usage_error(str(exc.args[0]))
    if chosen.export is None:
        _usage_error(f"format '{chosen.name}' cannot export")
    exported = chosen.export(request)
    for skipped in exported.skipped:
        click.echo(f"{skipped.question_id}: {skipped.reason}", err=True)
    if output:
        Path(output).write_bytes(exported.data)
        kept = len(request.deck.questions) - sum(
            1 for s in exported.skipped if s.reason.startswith("left out")
        )
        click.echo(
            f"Wrote deck {request.deck.slug} as {chosen.label} to {output}: {kept} of "
            f"{len(request.deck.questions)} question(s).",
            err=True,
        )
    else:
        sys.stdout.buffer.write(exported.data)
        sys.stdout.flush()


@click.command("convert")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None)
@click.option(
    "--from",
    "from_name",
    default=None,
    help="The file's format, when its name and content do not say: "
    + ", ".join(f.name for f in FORMATS.values() if f.convert)
    + ".",
)
def convert_command(file: str, output: str | None, from_name: str | None) -> None:
    """Turn FILE (GIFT, Moodle XML, Aiken...) into a bank file in our YAML format, listing
    what did not come across (FILE:LINE) and the ids that had to change."""
    path = Path(file)
    if not path.is_file():
        _usage_error(f"{file}: no such file")
    data = path.read_bytes()
    chosen = _pick(from_name, "convert") if from_name else sniff_format(data, path.name)
    if chosen is None:
        _usage_error(f"{file}: cannot tell the format from its name or content; use --from")
    if chosen.convert is None:
        _usage_error(f"format '{chosen.name}' cannot convert")
    try:
        converted = chosen.convert(data, str(path))
    except ConvertError as exc:
        click.echo(f"{exc}; nothing was converted.", err=True)
        raise SystemExit(1) from None
    for problem in converted.problems:
        click.echo(str(problem), err=True)
    for old, new in converted.id_map.items():
        click.echo(f"id {old} -> {new}", err=True)
    if output:
        Path(output).write_text(converted.yaml_text, encoding="utf-8")
        click.echo(
            f"Converted {file} ({chosen.label}) to {output}: review it, then "
            f"`quizapp import {output}`.",
            err=True,
        )
    else:
        click.echo(converted.yaml_text, nl=False)
