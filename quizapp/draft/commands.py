"""`quizapp draft DOCUMENT`: a draft question bank from a text, Markdown or HTML file."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from quizapp.draft.build import DEFAULT_PER_SECTION, DraftDeck, draft_deck
from quizapp.draft.document import MAX_DOCUMENT_BYTES, DocumentError, read_document


def init_app(app: Flask) -> None:
    app.cli.add_command(draft_command)


@click.command("draft")
@click.argument("document", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the YAML here.")
@click.option("--slug", help="The deck's slug (default: from the title).")
@click.option("--title", help="The deck's title (default: the document's).")
@click.option(
    "--per-section",
    type=click.IntRange(1, 20),
    default=DEFAULT_PER_SECTION,
    show_default=True,
    help="Questions per section (at least one per paragraph).",
)
@click.option("--force", is_flag=True, help="Write over an existing output file.")
@with_appcontext
def draft_command(
    document: str,
    output: str | None,
    slug: str | None,
    title: str | None,
    per_section: int,
    force: bool,
) -> None:
    """Draft a question bank from DOCUMENT (.txt, .md or .html, a page saved from a browser
    included): sections, topics and draft questions, every one marked draft: true for a
    teacher to review. Prints the YAML, or writes it with -o; then a summary on stderr."""
    path = Path(document)
    if output and Path(output).exists() and not force:
        raise click.ClickException(f"{output} already exists: choose another name or add --force")
    if path.stat().st_size > MAX_DOCUMENT_BYTES:
        # Refused before reading: a huge file is not loaded into memory.
        raise click.ClickException(
            f"{path.name}: the document is {path.stat().st_size / 2**20:.1f} MB; at most "
            f"{MAX_DOCUMENT_BYTES // 2**20} MB can be drafted from: split it"
        )
    try:
        source = read_document(path.name, path.read_bytes())
    except DocumentError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"{path}: cannot read: {exc.strerror}") from None
    name = output or f"{slug or 'draft'}.yaml"
    result = draft_deck(
        source,
        slug=slug,
        title=title,
        per_section=per_section,
        file_name=name,
        spacy_model=current_app.config["SPACY_MODEL"] or None,
    )
    if output:
        Path(output).write_text(result.text, encoding="utf-8")
    else:
        click.echo(result.text, nl=False)
    click.echo(summary(result), err=True)
    if result.problems:
        raise SystemExit(1)


def summary(result: DraftDeck) -> str:
    paragraphs = len(result.paragraph_questions)
    lines = [
        f"{len(result.deck.questions)} draft questions in {len(result.deck.sections)} sections "
        f"and {len(result.deck.topics)} topics; {result.covered} of {paragraphs} paragraphs "
        f"have a question; {result.lint_clean()} questions lint-clean; "
        f"{len(result.furniture)} furniture block(s) left out.",
        result.names_note,
    ]
    lines.extend(str(p) for p in result.problems)
    lines.extend(str(f) for f in result.findings)
    return "\n".join(lines)
