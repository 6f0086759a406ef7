"""Aiken, the simplest of Moodle's formats (moodle/moodle question/format/aiken/format.php):
single choice questions only, one line of question text, lettered options, `ANSWER: X`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quizapp.exchange.builder import NeutralQuestion, build_deck
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

_OPTION = re.compile(r"^([A-Z])[.)][ \t]+(.*)$")
_ANSWER = re.compile(r"^ANSWER:\s*(.*)$")


def export_aiken(request: ExportRequest) -> Exported:
    parts: list[str] = []
    skipped: list[Skipped] = []
    for question in request.deck.questions:
        write = types.mapping(question.type, "to_aiken")
        if write is None:
            reason = f"left out: Aiken holds single choice questions only (this is {question.type})"
            skipped.append(Skipped(question.id, reason))
            continue
        text, notes = write(question)
        parts.append(text)
        skipped += notes
    data = "\n".join(parts).encode("utf-8")
    return Exported(data, f"{request.deck.slug}-aiken.txt", tuple(skipped))


@dataclass
class _Pending:
    line: int
    prompt: list[str] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)


def _finish(
    pending: _Pending, answer: str, file: str, problems: list[ConvertProblem]
) -> NeutralQuestion | None:
    label = f"on line {pending.line}"
    letters = [letter for letter, _ in pending.options]
    if not pending.prompt:
        problems.append(ConvertProblem(file, pending.line, None, "left out: no question text"))
        return None
    if answer not in letters:
        problems.append(
            ConvertProblem(
                file,
                pending.line,
                label,
                f"left out: 'ANSWER: {answer}' names no option (its options are "
                f"{', '.join(letters) or 'missing'})",
            )
        )
        return None
    options = [
        {"text": text, "correct": letter == answer, "feedback": None}
        for letter, text in pending.options
    ]
    # The type that writes Aiken is the one Aiken's questions are.
    kind = next(name for name in types.names() if types.mapping(name, "to_aiken"))
    return NeutralQuestion(kind, " ".join(pending.prompt), {"options": options}, line=pending.line)


def convert_aiken(data: bytes, file: str) -> Converted:
    questions: list[NeutralQuestion] = []
    problems: list[ConvertProblem] = []
    pending: _Pending | None = None
    for number, raw in enumerate(decode(data, file).split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        if pending is None:
            pending = _Pending(number)
        if answer := _ANSWER.match(line):
            question = _finish(pending, answer.group(1).strip()[:1], file, problems)
            if question is not None:
                questions.append(question)
            pending = None
        elif option := _OPTION.match(line):
            pending.options.append((option.group(1), option.group(2).strip()))
        elif pending.options:
            problems.append(
                ConvertProblem(
                    file,
                    pending.line,
                    f"on line {pending.line}",
                    f"left out: line {number} is neither an option ('B. text') nor its "
                    "'ANSWER:' line",
                )
            )
            pending = _Pending(number, [line])
        else:
            pending.prompt.append(line)
    if pending is not None:
        problems.append(
            ConvertProblem(file, pending.line, None, "left out: the question has no 'ANSWER:' line")
        )
    if not questions and not problems:
        raise ConvertError(file, None, "no Aiken question found (it ends with 'ANSWER: B')")
    return build_deck(questions, file, problems=problems)


def sniff_aiken(data: bytes, file: str) -> bool:
    if not file.lower().endswith((".txt", ".aiken")):
        return False
    text = data[:65536].decode("utf-8", "replace")
    return file.lower().endswith(".aiken") or bool(re.search(r"^ANSWER:\s*[A-Z]\s*$", text, re.M))


FORMAT = Format(
    name="aiken",
    label="Aiken (Moodle)",
    extension=".txt",
    media_type="text/plain; charset=utf-8",
    export=export_aiken,
    convert=convert_aiken,
    sniff=sniff_aiken,
)
