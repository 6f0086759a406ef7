"""The bank in the database: apply validated decks (all or nothing) and read a deck back out."""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from quizapp.models import Deck, Question, utcnow
from quizapp.questions import bank, model, textmatch
from quizapp.questions.model import DeckSpec, QuestionSpec, Section, Topic


@dataclass
class DeckChanges:
    """What an import does to one deck."""

    slug: str
    title: str
    is_new: bool = False
    details_changed: bool = False
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def has_changes(self) -> bool:
        return bool(
            self.is_new
            or self.details_changed
            or self.added
            or self.changed
            or self.retired
            or self.restored
        )


@dataclass
class ImportResult:
    decks: list[DeckChanges]
    applied: bool
    # True when the files were, byte for byte, the ones every deck was last imported from:
    # nothing was validated or compared again.
    same_files: bool = False

    @property
    def has_changes(self) -> bool:
        return any(deck.has_changes for deck in self.decks)

    def summary(self, *, detail: bool = True) -> str:
        """Counts per deck and, with `detail`, the id of every question that changes."""
        lines = []
        for deck in self.decks:
            head = f"deck {deck.slug}" + (" (new)" if deck.is_new else "")
            if deck.details_changed and not deck.is_new:
                head += " (title, description, sections or topics changed)"
            counts = (
                f"{len(deck.added)} added, {len(deck.changed)} changed, "
                f"{len(deck.retired)} retired, {len(deck.restored)} restored, "
                f"{deck.unchanged} unchanged"
            )
            lines.append(f"{head}: {counts}")
            if not detail:
                continue
            for label, keys in [
                ("+", deck.added),
                ("~", deck.changed),
                ("-", deck.retired),
                ("^", deck.restored),
            ]:
                lines.extend(f"  {label} {key}" for key in keys)
        return "\n".join(lines)


def content_hash(question: QuestionSpec) -> str:
    canonical = json.dumps(question.content(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def deck_details(spec: DeckSpec) -> dict[str, Any]:
    return {
        "title": spec.title,
        "description": spec.description,
        "source_title": spec.source_title,
        "sections": [{"id": s.id, "title": s.title, "note": s.note} for s in spec.sections],
        "topics": [
            {"id": t.id, "title": t.title, "description": t.description} for t in spec.topics
        ],
    }


@functools.cache
def _code_fingerprint() -> bytes:
    """The source of the code that turns files into decks: a new validator re-reads old files."""
    digest = hashlib.sha256()
    for module in (bank, model, textmatch, sys.modules[__name__]):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.digest()


def files_digest(files: Sequence[tuple[str, bytes]]) -> str:
    """The fingerprint of one run's (name, bytes) files, in order, and of the importing code."""
    digest = hashlib.sha256(_code_fingerprint())
    for name, data in files:
        for part in (name.encode("utf-8"), data):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    return digest.hexdigest()


def unchanged_import(session: Session, digest: str) -> ImportResult | None:
    """What importing the files with this digest again does when that is known to be nothing:
    every deck those files made was last imported from them and from nothing since. None when
    that is not known, and the files must be validated and compared."""
    decks = session.execute(
        select(Deck.id, Deck.slug, Deck.title, Deck.files_decks)
        .where(Deck.files_digest == digest)
        .order_by(Deck.id)
    ).all()
    if not decks or any(deck.files_decks != len(decks) for deck in decks):
        return None
    active = dict(
        session.execute(
            select(Question.deck_id, func.count())
            .where(Question.deck_id.in_([deck.id for deck in decks]))
            .where(Question.retired_at.is_(None))
            .group_by(Question.deck_id)
        ).all()
    )
    changes = [
        DeckChanges(deck.slug, deck.title, unchanged=active.get(deck.id, 0)) for deck in decks
    ]
    return ImportResult(changes, applied=False, same_files=True)


def known_specs(session: Session) -> dict[str, DeckSpec]:
    """Every deck in the database as the validator sees an existing deck."""
    found = session.scalars(select(Deck).options(selectinload(Deck.questions)))
    return {deck.slug: deck_spec(deck) for deck in found}


DRAFT_UNCONFIRMED = (
    "is marked 'draft: true': confirm the drafts in the import preview (quizapp import "
    "--confirm-drafts), or review it and remove the mark"
)


def import_files(
    session: Session,
    files: Sequence[tuple[str, bytes]],
    *,
    dry_run: bool = False,
    drafts_confirmed: bool = False,
) -> tuple[ImportResult | None, list[bank.Problem]]:
    """Validate one run's files against the decks there are, and import them, all or nothing
    (the caller commits). Files that are the ones last imported, byte for byte, are neither
    validated nor compared again. Questions marked `draft: true` are refused unless the
    teacher confirmed them (a dry run only shows them). Returns the result, or None and every
    problem found."""
    digest = files_digest(files)
    same = unchanged_import(session, digest)
    if same is not None:
        return same, []
    decks, problems = bank.load_bank_texts(files, known_specs(session))
    if problems:
        return None, problems
    if not dry_run and not drafts_confirmed:
        unconfirmed = [
            replace(draft, message=DRAFT_UNCONFIRMED, warning=False)
            for draft in bank.warnings(decks)
        ]
        if unconfirmed:
            return None, unconfirmed
    return import_decks(session, decks, dry_run=dry_run, digest=digest), []


def only_unconfirmed_drafts(problems: Sequence[bank.Problem]) -> bool:
    """Whether an import was refused for its unconfirmed drafts alone."""
    return bool(problems) and all(p.message == DRAFT_UNCONFIRMED for p in problems)


def import_decks(
    session: Session,
    decks: Sequence[DeckSpec],
    *,
    dry_run: bool = False,
    digest: str | None = None,
) -> ImportResult:
    """Bring the database in line with validated decks; the caller commits (or rolls back).

    Questions are matched by (deck slug, question id): new ones are added, edited ones updated
    in place (their learners' history stays attached), and ones missing from the deck are
    retired, never deleted. A retired question that comes back is restored. Every deck
    imported records `digest`, the fingerprint of the files it came from (None: unknown).
    """
    existing = {
        deck.slug: deck
        for deck in session.scalars(
            select(Deck)
            .where(Deck.slug.in_([spec.slug for spec in decks]))
            .options(selectinload(Deck.questions))
        )
    }
    changes = []
    made = len(decks) if digest is not None else None
    for spec in decks:
        found = existing.get(spec.slug)
        deck, deck_changes = _sync_deck(session, spec, found, dry_run)
        changes.append(deck_changes)
        # Assigned only when different, so an unchanged deck's updated_at stays as it is.
        if deck is not None and not dry_run and deck.files_digest != digest:
            deck.files_digest = digest
        if deck is not None and not dry_run and deck.files_decks != made:
            deck.files_decks = made
    if not dry_run:
        session.flush()
    return ImportResult(changes, applied=not dry_run)


def _sync_deck(
    session: Session, spec: DeckSpec, deck: Deck | None, dry_run: bool
) -> tuple[Deck | None, DeckChanges]:
    """Bring one deck in line with its spec (a dry run only counts); the deck comes back, or
    None for a new deck in a dry run."""
    result = DeckChanges(slug=spec.slug, title=spec.title)
    details = deck_details(spec)
    current: dict[str, Question] = {}
    if deck is None:
        result.is_new = True
        if not dry_run:
            deck = Deck(slug=spec.slug, **details)
            session.add(deck)
    else:
        result.details_changed = _sync_details(deck, details, dry_run)
        current = {question.key: question for question in deck.questions}
    for position, question_spec in enumerate(spec.questions):
        row = current.pop(question_spec.id, None)
        if row is not None:
            _sync_question(row, question_spec, position, result, dry_run)
            continue
        result.added.append(question_spec.id)
        if not dry_run:
            digest = content_hash(question_spec)
            session.add(_new_question(deck, question_spec, digest, position))
    _retire_missing(current, result, dry_run)
    return deck, result


def _sync_details(deck: Deck, details: dict[str, Any], dry_run: bool) -> bool:
    """Whether the deck's own details differ from the spec's; they are updated unless a dry
    run."""
    changed = any(getattr(deck, name) != value for name, value in details.items())
    if changed and not dry_run:
        for name, value in details.items():
            setattr(deck, name, value)
    return changed


def _sync_question(
    row: Question, spec: QuestionSpec, position: int, result: DeckChanges, dry_run: bool
) -> None:
    """A question the deck already has: restored if it was retired, updated if its content
    changed, moved if its place did."""
    digest = content_hash(spec)
    was_retired = row.is_retired
    if was_retired:
        result.restored.append(spec.id)
    if row.content_hash != digest:
        if not was_retired:
            result.changed.append(spec.id)
        if not dry_run:
            _update_question(row, spec, digest)
    elif not was_retired:
        result.unchanged += 1
    if not dry_run:
        row.retired_at = None
        if row.position != position:
            row.position = position


def _retire_missing(rows: dict[str, Question], result: DeckChanges, dry_run: bool) -> None:
    """Questions the deck no longer has are retired (never deleted), unless they already are."""
    now = utcnow()
    for key, row in rows.items():
        if not row.is_retired:
            result.retired.append(key)
            if not dry_run:
                row.retired_at = now


def _new_question(deck: Deck | None, spec: QuestionSpec, digest: str, position: int) -> Question:
    question = Question(key=spec.id, content_hash=digest, position=position, version=1)
    _copy_content(question, spec)
    question.deck = deck  # type: ignore[assignment]
    return question


def _update_question(row: Question, spec: QuestionSpec, digest: str) -> None:
    _copy_content(row, spec)
    row.content_hash = digest
    row.version += 1


def _copy_content(row: Question, spec: QuestionSpec) -> None:
    row.type = spec.type
    row.prompt = spec.prompt
    row.explanation = spec.explanation
    row.topics = list(spec.topics)
    row.source = spec.source
    row.difficulty = spec.difficulty
    row.body = spec.body


def deck_spec(deck: Deck, *, file: str = "") -> DeckSpec:
    """The deck as the validator would have produced it: active questions, in order."""
    questions = tuple(
        QuestionSpec(
            id=q.key,
            type=q.type,
            prompt=q.prompt,
            explanation=q.explanation,
            topics=tuple(q.topics),
            source=q.source,
            difficulty=q.difficulty,
            body=q.body,
            file=file,
            line=0,
        )
        for q in deck.questions
        if not q.is_retired
    )
    return DeckSpec(
        slug=deck.slug,
        title=deck.title,
        description=deck.description,
        source_title=deck.source_title,
        sections=tuple(Section(s["id"], s["title"], s["note"]) for s in deck.sections),
        topics=tuple(Topic(t["id"], t["title"], t.get("description")) for t in deck.topics),
        questions=questions,
    )


def find_deck(session: Session, slug: str) -> Deck | None:
    return session.scalars(
        select(Deck).where(Deck.slug == slug).options(selectinload(Deck.questions))
    ).one_or_none()


def find_question(session: Session, slug: str, key: str) -> Question | None:
    return session.scalars(
        select(Question).join(Deck).where(Deck.slug == slug, Question.key == key)
    ).one_or_none()


def all_decks(session: Session) -> Sequence[Deck]:
    return session.scalars(select(Deck).order_by(Deck.title)).all()


def active_question_counts(session: Session) -> dict[int, int]:
    """Deck id -> how many of its questions are not retired."""
    rows = session.execute(
        select(Question.deck_id, func.count())
        .where(Question.retired_at.is_(None))
        .group_by(Question.deck_id)
    )
    return {deck_id: count for deck_id, count in rows}


def search_questions(
    deck: Deck, query: str, topic: str, kind: str, show_retired: bool
) -> list[Question]:
    """The deck's questions the teacher's question browser shows for these filters."""
    needle = query.casefold()
    return [
        q
        for q in deck.questions
        if (show_retired or not q.is_retired)
        and (not topic or topic in q.topics)
        and (not kind or q.type == kind)
        and (not needle or needle in _searchable(q))
    ]


def _searchable(question: Question) -> str:
    return " ".join(
        [question.key, question.prompt, question.explanation, str(question.body)]
    ).casefold()
