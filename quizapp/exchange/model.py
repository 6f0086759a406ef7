"""The data every exchange format speaks: what an export is asked for and gives back, what a
conversion gives back, and what a format could not carry."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from quizapp.questions.model import DeckSpec


@dataclass(frozen=True)
class Skipped:
    """A question a format could not hold in full: left out, or kept with something lost
    (the reason says which)."""

    question_id: str
    reason: str


@dataclass(frozen=True)
class ExportRequest:
    """A validated deck to write out. `question_changed` holds each question's last change
    where the caller has it from the database; `progress` is a learner's own study state for
    formats that can carry it (`LearnerProgress`, defined by the Anki export)."""

    deck: DeckSpec
    question_changed: Mapping[str, datetime] = field(default_factory=dict)
    progress: Any | None = None


@dataclass(frozen=True)
class Exported:
    data: bytes
    filename: str
    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True)
class ConvertProblem:
    """Something in a converted file that did not come across as it was: a question left
    out, or kept with something lost. `line` is the line in the source file where known."""

    file: str
    line: int | None
    question: str | None
    message: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line is not None else self.file
        who = f" question {self.question}:" if self.question else ""
        return f"{place}:{who} {self.message}"


@dataclass(frozen=True)
class Converted:
    """A bank file in our format that validates as it is, what did not come across, and the
    source ids that had to change to follow our id rules (source id -> our id)."""

    yaml_text: str
    problems: tuple[ConvertProblem, ...] = ()
    id_map: Mapping[str, str] = field(default_factory=dict)


class ConvertError(Exception):
    """A file that cannot be read at all: nothing is produced."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}" if line is not None else f"{file}: {message}")
        self.file = file
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Format:
    """One exchange format: how to write a deck in it, read a file of it, and recognise one.

    `export` and `convert` are None where the format only goes one way; `sniff(data, name)`
    says whether an upload looks like this format; `carries_progress` whether an export can
    hold a learner's own study state (`ExportRequest.progress`)."""

    name: str
    label: str
    extension: str
    media_type: str
    export: Callable[[ExportRequest], Exported] | None = None
    convert: Callable[[bytes, str], Converted] | None = None
    sniff: Callable[[bytes, str], bool] | None = None
    carries_progress: bool = False
