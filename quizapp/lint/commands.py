"""`quizapp lint`: warnings about teaching quality, after the validator has passed the files."""

from __future__ import annotations

import json

import click
from flask import Flask

from quizapp.lint.runner import lint_files, summary_table
from quizapp.lint.source import load_document
from quizapp.questions.commands import bank_files, read_files


def init_app(app: Flask) -> None:
    app.cli.add_command(lint_command)


@click.command("lint")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--source",
    "source",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="The text or Markdown document the deck is about, for the checks against it.",
)
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text")
@click.option("--strict", is_flag=True, help="Exit with status 1 on any warning.")
def lint_command(paths: tuple[str, ...], source: str | None, output: str, strict: bool) -> None:
    """Check bank files for teaching quality: FILE:LINE:COL: WHERE: CODE message per warning,
    then a summary table; exit 1 if they do not validate, or on any warning with --strict."""
    document = load_document(source) if source else None
    report = lint_files(read_files(bank_files(paths)), document)
    if output == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    elif report.problems:
        for problem in report.problems:
            click.echo(str(problem))
        click.echo(f"{len(report.problems)} problem(s): fix them first (quizapp validate).")
    else:
        for finding in report.findings:
            click.echo(str(finding))
        if report.findings:
            click.echo("")
        for summary in report.summaries:
            click.echo(summary_table(summary))
        counts = ", ".join(f"{code} x{n}" for code, n in report.counts().items())
        click.echo(f"\n{len(report.findings)} warning(s)" + (f": {counts}" if counts else "."))
    if report.problems or (strict and report.findings):
        raise SystemExit(1)
