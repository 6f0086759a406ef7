"""Format-neutral questions, as a converter reads them from another app's file, turned into
a bank file in our format that the real validator accepts as it is."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from quizapp.exchange.model import Converted, ConvertProblem
from quizapp.questions import bank, export, types
from quizapp.questions.model import DeckSpec, QuestionSpec, Section, Topic

MISSING_EXPLANATION = "Explanation missing in the imported file: write one."
MISSING_NOTE = (
    "Section note missing in the imported file: write, in your own words, what this part of "
    "the source says."
)
MISSING_DESCRIPTION = "Deck converted from {file}: describe what it teaches."
DEFAULT_SECTION = "Imported questions"
# Validating in parts keeps each part under the validator's per-file limit.
_VALIDATE_CHUNK = 1500
_NOT_ID = re.compile(r"[^a-z0-9]+")


@dataclass
class NeutralQuestion:
    """One question as a converter found it.

    `fields` holds the type's own fields under the bank's YAML keys, in the validator's
    canonical form (options as {text, correct, feedback}, blanks as {name: [answers]}...).
    `section` (a title, with an id and note if the source has them) becomes the question's
    source section; `topics` (tags, or else the section) become its topics."""

    type: str
    prompt: str
    fields: dict[str, Any]
    id: str | None = None
    title: str | None = None
    explanation: str | None = None
    section: str | None = None
    section_id: str | None = None
    section_note: str | None = None
    topics: tuple[str, ...] = ()
    difficulty: str | None = None
    line: int | None = None

    @property
    def label(self) -> str:
        return self.id or self.title or (f"on line {self.line}" if self.line else "?")


@dataclass
class DeckHint:
    """What a source file says about the deck as a whole (all optional)."""

    slug: str | None = None
    title: str | None = None
    description: str | None = None
    source_title: str | None = None


def has_type(name: str) -> bool:
    """Whether this app has the question type `name` (a converter leaves out the others)."""
    return name in types.names()


def make_id(text: str, max_length: int = bank.MAX_ID_LENGTH) -> str:
    """`text` folded to our id rules (lowercase letters, digits and -); '' if nothing is left."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_ID.sub("-", folded.lower()).strip("-")[:max_length].rstrip("-")


class _Ids:
    """Hands out ids that are valid and unique, remembering each one given."""

    def __init__(self, fallback: str) -> None:
        self.fallback = fallback
        self.taken: set[str] = set()

    def give(self, wanted: str | None) -> str:
        base = make_id(wanted or "", bank.MAX_ID_LENGTH - 5) or self.fallback
        candidate, number = base, 1
        while candidate in self.taken:
            number += 1
            candidate = f"{base}-{number}"
        self.taken.add(candidate)
        return candidate


@dataclass
class _Plan:
    deck: DeckSpec
    lines: dict[str, NeutralQuestion] = field(default_factory=dict)


def build_deck(
    questions: Iterable[NeutralQuestion],
    file: str,
    hint: DeckHint | None = None,
    problems: Sequence[ConvertProblem] = (),
) -> Converted:
    """The questions as one deck in our bank format, validated.

    `problems` are what the converter already found (questions it could not read). A question
    the validator still refuses (two options with one text, say) is left out and listed with
    the validator's reason; the rest of the deck is kept."""
    found = list(problems)
    hint = hint or DeckHint()
    pending = list(questions)
    id_map: dict[str, str] = {}
    plan = _plan(pending, file, hint, id_map)
    for _ in range(3):
        text, refused = _refused(plan.deck, file)
        if not refused:
            break
        for question_id, message in refused.items():
            neutral = plan.lines[question_id]
            if neutral not in pending:
                continue
            found.append(ConvertProblem(file, neutral.line, neutral.label, f"left out: {message}"))
            pending.remove(neutral)
            if neutral.id is not None:
                id_map.pop(neutral.id, None)
        plan = _plan(pending, file, hint, id_map)
    else:  # pragma: no cover - a question refused three times over is a bug in a converter
        raise AssertionError(f"converted deck from {file} still does not validate")
    placeholders = sum(1 for q in pending if not (q.explanation or "").strip())
    if placeholders:
        found.append(
            ConvertProblem(
                file,
                None,
                None,
                f"{placeholders} question(s) had no explanation: each now "
                f"says '{MISSING_EXPLANATION}'",
            )
        )
    found.sort(key=lambda p: (p.line is None, p.line or 0))
    return Converted(text, tuple(found), id_map)


def _plan(
    questions: list[NeutralQuestion], file: str, hint: DeckHint, id_map: dict[str, str]
) -> _Plan:
    stem = PurePath(file).name.split(".")[0] or "imported"
    section_ids = _Ids("section")
    sections: dict[tuple[str | None, str | None], Section] = {}
    topic_ids = _Ids("topic")
    topics: dict[str, Topic] = {}
    question_ids = _Ids("q")
    specs: list[QuestionSpec] = []
    lines: dict[str, NeutralQuestion] = {}
    for number, neutral in enumerate(questions, 1):
        key = (neutral.section_id, neutral.section)
        section = sections.get(key)
        if section is None:
            title = (neutral.section or "").strip() or DEFAULT_SECTION
            note = (neutral.section_note or "").strip() or MISSING_NOTE
            section = Section(section_ids.give(neutral.section_id or title), title, note)
            sections[key] = section
        question_topics: list[str] = []
        for name in neutral.topics or (section.title,):
            name = name.strip() or section.title
            if name not in topics:
                topics[name] = Topic(topic_ids.give(name), name)
            if topics[name].id not in question_topics:
                question_topics.append(topics[name].id)
        question_id = question_ids.give(neutral.id or neutral.title or f"q-{number:03d}")
        if neutral.id is not None and neutral.id != question_id:
            id_map[neutral.id] = question_id
        lines[question_id] = neutral
        specs.append(
            QuestionSpec(
                id=question_id,
                type=neutral.type,
                prompt=neutral.prompt,
                explanation=(neutral.explanation or "").strip() or MISSING_EXPLANATION,
                topics=tuple(question_topics),
                source=section.id,
                difficulty=neutral.difficulty,
                body=neutral.fields,
                file=file,
                line=neutral.line or 1,
            )
        )
    if not sections:
        sections[(None, None)] = Section("imported", DEFAULT_SECTION, MISSING_NOTE)
        topics[DEFAULT_SECTION] = Topic("imported", DEFAULT_SECTION)
    deck = DeckSpec(
        slug=make_id(hint.slug or "") or make_id(stem) or "imported",
        title=(hint.title or "").strip() or stem,
        description=(hint.description or "").strip()
        or MISSING_DESCRIPTION.format(file=PurePath(file).name),
        source_title=(hint.source_title or "").strip() or (hint.title or "").strip() or stem,
        sections=tuple(sections.values()),
        topics=tuple(topics.values()),
        questions=tuple(specs),
    )
    return _Plan(deck, lines)


def _refused(deck: DeckSpec, file: str) -> tuple[str, dict[str, str]]:
    """The deck's text, and question id -> the validator's first message for every question
    it refuses.

    A problem outside any question means the builder wrote a bad deck: that is a bug here,
    not in the source file, so it is raised."""
    refused: dict[str, str] = {}
    ids = [question.id for question in deck.questions]
    text, problems = _validate(deck, file)
    for problem in problems:
        if not problem.where.startswith("question "):
            raise AssertionError(f"converted deck from {file} does not validate: {problem}")
        where = problem.where.removeprefix("question ")
        # The validator shortens a long id to 40 characters ending in an ellipsis.
        prefix = where.removesuffix("\u2026")
        for question_id in ids if prefix != where else [where]:
            if question_id.startswith(prefix):
                refused.setdefault(question_id, problem.message)
    return text, refused


def _validate(deck: DeckSpec, file: str) -> tuple[str, list[bank.Problem]]:
    """The deck's text and what the validator says of it. A text larger than one bank file
    may be is checked as the deck's first part and files adding to it, as a teacher would
    split it."""
    name = f"{file} (converted)"
    head, questions = export.dump_parts(deck)
    text = head + ("\nquestions:\n" + "\n".join(questions) if questions else "\nquestions: []\n")
    data = text.encode("utf-8")
    if len(data) <= bank.MAX_FILE_BYTES:
        return text, bank.load_bank_texts([(name, data)])[1]
    files: list[tuple[str, bytes]] = []
    for start in range(0, len(questions), _VALIDATE_CHUNK):
        part_head = head if not start else f"format: 1\ndeck: {deck.slug}\n"
        part = part_head + "\nquestions:\n" + "\n".join(questions[start : start + _VALIDATE_CHUNK])
        files.append((f"{name} part {len(files) + 1}", part.encode("utf-8")))
    return text, bank.load_bank_texts(files)[1]
