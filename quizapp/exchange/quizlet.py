"""A Quizlet set as its "Export" writes it (a term and its definition a pair, a tab or a comma
between them, a new line or a semicolon between pairs) read into our bank format, and a deck
written as one (Quizlet's own import: a tab between term and definition, a pair a line).

Each pair becomes a short answer that shows the definition and asks for the term: a term is
a word or a name, which a typed answer can be matched against; a definition is a sentence,
which it cannot. The separators are found from the text and said in the problems list, so
the teacher sees what was assumed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from quizapp.exchange.builder import DeckHint, NeutralQuestion, build_deck
from quizapp.exchange.html_text import plain_text
from quizapp.exchange.model import (
    Converted,
    ConvertError,
    ConvertProblem,
    Exported,
    ExportRequest,
    Format,
    Skipped,
)
from quizapp.exchange.text import decode
from quizapp.questions import types
from quizapp.questions.markdown import render_markdown

# Term separators Quizlet offers, then the custom ones people type most, by preference.
TERM_SEPARATORS = (("\t", "a tab"), (" - ", "' - '"), (",", "a comma"), (":", "a colon"))
_SNIFF_LINES = 50


@dataclass(frozen=True)
class _Row:
    line: int
    text: str


def _rows(text: str) -> tuple[list[_Row], str]:
    """The pairs' rows with their line numbers, and how rows were told apart."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_Row(number, line) for number, line in enumerate(text.split("\n"), 1)]
    lines = [row for row in lines if row.text.strip()]
    if len(lines) == 1 and ";" in lines[0].text:
        only = lines[0]
        return [_Row(only.line, part) for part in only.text.split(";") if part.strip()], (
            "a semicolon"
        )
    return lines, "a new line"


def _term_separator(rows: list[_Row], file: str) -> tuple[str, str]:
    for separator, name in TERM_SEPARATORS:
        if all(separator in row.text for row in rows):
            return separator, name
    # Tabs are Quizlet's default: name the first row without one.
    missing = next(row for row in rows if "\t" not in row.text)
    raise ConvertError(
        file,
        missing.line,
        "no separator between term and definition on this line (a tab, ' - ', a comma or "
        "a colon on every line): not a Quizlet export",
    )


def convert_quizlet(data: bytes, file: str) -> Converted:
    rows, row_separator = _rows(decode(data, file))
    if not rows:
        raise ConvertError(file, None, "the file is empty: no term and definition to read")
    separator, separator_name = _term_separator(rows, file)
    questions = []
    problems = [
        ConvertProblem(
            file,
            None,
            None,
            f"read as Quizlet pairs: {separator_name} between term and definition, "
            f"{row_separator} between pairs; each became a short answer asking for the term",
        )
    ]
    read = types.known_reader("QUIZLET_READS", "quizlet:pair", "from_answer")
    for row in rows:
        term, definition = (part.strip() for part in row.text.split(separator, 1))
        if not re.search(r"\w", term) or not definition:
            problems.append(
                ConvertProblem(file, row.line, None, "left out: the term or definition is empty")
            )
            continue
        question = NeutralQuestion(type="", prompt=definition, fields={}, title=term, line=row.line)
        read(question, term)
        questions.append(question)
    stem = PurePath(file).stem
    return build_deck(questions, file, DeckHint(title=stem, source_title=stem), problems)


def sniff_quizlet(data: bytes, file: str) -> bool:
    """Tab-separated pairs, one a line, and nothing else: the shape of Quizlet's default."""
    try:
        head = data[:8192].decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    lines = [line for line in head.splitlines()[:_SNIFF_LINES] if line.strip()]
    return bool(lines) and all(line.count("\t") == 1 for line in lines)


def _flat(markdown: str) -> str:
    """A text as Quizlet shows it: plain, on one line (a tab or a line break would end the
    term or the pair)."""
    return " ".join(plain_text(render_markdown(markdown)).split())


def export_quizlet(request: ExportRequest) -> Exported:
    """Each question a type can put as terms and definitions (`to_quizlet`: the answer is
    the term, what asks for it the definition), a pair a line; the rest listed as left out."""
    deck = request.deck
    lines: list[str] = []
    skipped: list[Skipped] = []
    for question in deck.questions:
        write = types.mapping(question.type, "to_quizlet")
        if write is None:
            label = types.get(question.type).LABEL.lower()
            skipped.append(
                Skipped(
                    question.id,
                    f"left out: Quizlet holds terms and definitions, and a '{label}' question "
                    "has no one term for its answer",
                )
            )
            continue
        pairs, lost = write(question)
        if not pairs:
            skipped.append(Skipped(question.id, "left out: " + "; ".join(lost)))
            continue
        lines += [f"{_flat(term)}\t{_flat(definition)}" for term, definition in pairs]
        skipped += [Skipped(question.id, reason) for reason in lost]
    text = "".join(f"{line}\n" for line in lines)
    return Exported(text.encode("utf-8"), f"{deck.slug}-quizlet.txt", tuple(skipped))


FORMAT = Format(
    name="quizlet",
    label="Quizlet set (a term and its definition a line)",
    extension=".txt",
    media_type="text/plain",
    export=export_quizlet,
    convert=convert_quizlet,
    sniff=sniff_quizlet,
)
