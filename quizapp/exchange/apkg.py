"""A deck written as an Anki package (`.apkg`): one note per question, and optionally one
learner's own FSRS progress on its cards, as Anki's "Import any learning progress" reads it.

genanki writes the collection; this module then sets in it what genanki has no say in:
each note's modification time (the question's last change, so Anki's importer updates a note
only when the question changed), the notetypes' fixed version time, and the learner's cards
and review log.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import genanki

from quizapp.exchange.apkg_own import (
    CHOOSE_FROM,
    OWN_FIELD,
    SELECT_ALL,
    TRUE_OR_FALSE,
    source_field,
)
from quizapp.exchange.apkg_read import convert_apkg, sniff_apkg
from quizapp.exchange.model import Exported, ExportRequest, Format, Skipped
from quizapp.questions import types
from quizapp.questions.markdown import render_inline, render_markdown
from quizapp.questions.model import DeckSpec, QuestionSpec

# The notetypes' own modification time: bump it (and only then) when a template changes, so
# Anki's importer sees a newer notetype and takes the new templates.
NOTETYPE_VERSION = int(datetime(2026, 12, 1, tzinfo=UTC).timestamp())
# The collection's day 0. Review cards are due on a day counted from it; Anki's importer moves
# them by the difference between this collection's "today" and the one it imports into.
COLLECTION_CREATED = int(datetime(2020, 1, 1, 4, tzinfo=UTC).timestamp())
DAY = 86_400
# Anki's revlog keeps at most a minute of answer time per review.
MAX_ANSWER_MS = 60_000

CSS = """.card { font-family: sans-serif; font-size: 20px; line-height: 1.45; text-align: left;
  color: #1a1a1a; background: #fff; max-width: 40em; margin: 0 auto; }
.nightMode .card, .card.nightMode { color: #eee; background: #1e1e1e; }
.options { padding-left: 1.4em; } .right { font-weight: bold; }
.feedback, .source, .also { font-size: 0.85em; opacity: 0.85; }
.cloze { font-weight: bold; color: #0645ad; } .nightMode .cloze { color: #8ab4f8; }
"""
BACK_EXTRA = (
    '{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}'
    '{{#Source}}<div class="source">{{Source}}</div>{{/Source}}'
)


def _stable_id(*parts: str) -> int:
    """An id Anki accepts (a positive 63-bit integer) that is the same for the same parts."""
    digest = hashlib.sha256("\x1f".join(("quizapp", *parts)).encode()).digest()
    return (int.from_bytes(digest[:8], "big") >> 2) | (1 << 40)


BASIC = genanki.Model(
    _stable_id("notetype", "basic"),
    "quizapp Basic",
    fields=[
        {"name": "Front"},
        {"name": "Back"},
        {"name": "Explanation"},
        {"name": "Source"},
        {"name": OWN_FIELD},
    ],
    templates=[
        {
            "name": "Card 1",
            "qfmt": "{{Front}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Back}}' + BACK_EXTRA,
        }
    ],
    css=CSS,
)
TYPE_IN = genanki.Model(
    _stable_id("notetype", "type-in"),
    "quizapp Type in the answer",
    fields=[
        {"name": "Front"},
        {"name": "Back"},
        {"name": "Also accepted"},
        {"name": "Explanation"},
        {"name": "Source"},
        {"name": OWN_FIELD},
    ],
    templates=[
        {
            "name": "Card 1",
            "qfmt": "{{Front}}\n\n{{type:Back}}",
            "afmt": '{{Front}}<hr id="answer">{{type:Back}}'
            '{{#Also accepted}}<div class="also">{{Also accepted}}</div>{{/Also accepted}}'
            + BACK_EXTRA,
        }
    ],
    css=CSS,
)
CLOZE = genanki.Model(
    _stable_id("notetype", "cloze-deletion"),
    "quizapp Cloze",
    fields=[
        {"name": "Text"},
        {"name": "Also accepted"},
        {"name": "Explanation"},
        {"name": "Source"},
        {"name": OWN_FIELD},
    ],
    templates=[
        {
            "name": "Cloze",
            "qfmt": "{{cloze:Text}}",
            "afmt": "{{cloze:Text}}"
            '{{#Also accepted}}<div class="also">{{Also accepted}}</div>{{/Also accepted}}'
            + BACK_EXTRA,
        }
    ],
    css=CSS,
    model_type=genanki.Model.CLOZE,
)
NOTETYPES = (BASIC, TYPE_IN, CLOZE)


@dataclass(frozen=True)
class ReviewEntry:
    """One rating of a card, from study or from a quiz answer (Anki has no origin: both are
    reviews). `interval_after_s` is the time from this review to the next due time."""

    rating: int
    reviewed_at: datetime
    duration_ms: int | None
    state_before: int
    interval_after_s: float


@dataclass(frozen=True)
class CardProgress:
    """One learner's FSRS state of one question, and its review log, oldest first."""

    state: int
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int
    lapses: int
    suspended: bool
    desired_retention: float
    reviews: tuple[ReviewEntry, ...] = ()


@dataclass(frozen=True)
class LearnerProgress:
    """A learner's own progress on a deck, by question id: what a progress export writes."""

    learner: str
    cards: Mapping[str, CardProgress] = field(default_factory=dict)


@dataclass(frozen=True)
class _NoteSpec:
    model: genanki.Model
    fields: list[str]
    lost: tuple[str, ...]


def note_guid(deck_slug: str, question_id: str) -> str:
    """The note's GUID: the same question of the same deck is the same note in Anki."""
    return genanki.guid_for("quizapp", deck_slug, question_id)


def export_apkg(request: ExportRequest) -> Exported:
    deck = request.deck
    anki_deck = genanki.Deck(
        _stable_id("deck", deck.slug), deck.title, description=AnkiWriter.md(deck.description)
    )
    skipped: list[Skipped] = []
    guids: dict[str, str] = {}
    for question in deck.questions:
        spec = _note(deck, question)
        guid = note_guid(deck.slug, question.id)
        guids[guid] = question.id
        anki_deck.add_note(
            genanki.Note(
                model=spec.model, fields=spec.fields, guid=guid, tags=list(question.topics)
            )
        )
        if spec.lost:
            skipped.append(Skipped(question.id, "; ".join(spec.lost)))
    now = datetime.now(UTC)
    data = _package(anki_deck, guids, request, now)
    suffix = "-progress" if request.progress is not None else ""
    return Exported(data, f"{deck.slug}{suffix}.apkg", tuple(skipped))


def _package(
    anki_deck: genanki.Deck, guids: Mapping[str, str], request: ExportRequest, now: datetime
) -> bytes:
    handle, path = tempfile.mkstemp(suffix=".anki2")
    os.close(handle)
    try:
        connection = sqlite3.connect(path)
        try:
            cursor = connection.cursor()
            stamp = now.timestamp()
            ids = itertools.count(int(stamp * 1000))
            genanki.Package(anki_deck).write_to_db(cursor, stamp, ids)
            _settle(cursor, guids, request.question_changed, now)
            if request.progress is not None:
                _write_progress(cursor, guids, request.progress, now)
            connection.commit()
        finally:
            connection.close()
        with tempfile.SpooledTemporaryFile(max_size=64 << 20) as out:
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
                package.write(path, "collection.anki2")
                package.writestr("media", "{}")
            out.seek(0)
            return out.read()
    finally:
        os.unlink(path)


def _note_ids(cursor: sqlite3.Cursor) -> dict[str, int]:
    return dict(cursor.execute("SELECT guid, id FROM notes").fetchall())


def _settle(
    cursor: sqlite3.Cursor, guids: Mapping[str, str], changed: Mapping[str, datetime], now: datetime
) -> None:
    """Note times from the questions' last changes, fixed notetype times, and a collection
    whose scheduler is v2, so Anki takes the review log's ratings as they are."""
    fallback = int(now.timestamp())
    note_ids = _note_ids(cursor)
    for guid, question_id in guids.items():
        moment = changed.get(question_id)
        mod = int(moment.timestamp()) if moment is not None else fallback
        cursor.execute("UPDATE notes SET mod = ? WHERE id = ?", (mod, note_ids[guid]))
        cursor.execute("UPDATE cards SET mod = ? WHERE nid = ?", (mod, note_ids[guid]))
    (models_json, conf_json) = cursor.execute("SELECT models, conf FROM col").fetchone()
    models = json.loads(models_json)
    for model in models.values():
        model["mod"] = NOTETYPE_VERSION
    conf = json.loads(conf_json)
    conf["schedVer"] = 2
    cursor.execute(
        "UPDATE col SET crt = ?, mod = ?, models = ?, conf = ?",
        (COLLECTION_CREATED, int(now.timestamp() * 1000), json.dumps(models), json.dumps(conf)),
    )


# Our FSRS states (fsrs.State) as Anki's card type and queue: learning, review, relearning.
_ANKI_TYPE = {1: 1, 2: 2, 3: 3}
# A review's card state before it as Anki's revlog type: learn, learn, review, relearn.
_REVLOG_TYPE = {0: 0, 1: 0, 2: 1, 3: 2}


def _write_progress(
    cursor: sqlite3.Cursor, guids: Mapping[str, str], progress: LearnerProgress, now: datetime
) -> None:
    """The learner's cards and review log. A cloze note's cards all get the question's state
    and reviews: every review here answered every blank at once."""
    by_question = {question_id: guid for guid, question_id in guids.items()}
    note_ids = _note_ids(cursor)
    used_ids: set[int] = set()
    for question_id, card in progress.cards.items():
        guid = by_question.get(question_id)
        if guid is None or card.reps == 0:
            continue
        rows = cursor.execute("SELECT id FROM cards WHERE nid = ?", (note_ids[guid],)).fetchall()
        for (card_id,) in rows:
            _write_card(cursor, card_id, card)
            for review in card.reviews:
                _write_review(cursor, card_id, review, used_ids)


def _day(moment: datetime) -> int:
    return (int(moment.timestamp()) - COLLECTION_CREATED) // DAY


def _write_card(cursor: sqlite3.Cursor, card_id: int, card: CardProgress) -> None:
    anki_type = _ANKI_TYPE.get(card.state, 2)
    if anki_type == 2:
        queue, due = 2, _day(card.due)
        start = card.last_review or card.due
        interval = max(1, round((card.due - start).total_seconds() / DAY))
    else:
        # Learning and relearning cards are due at a moment, in seconds since the epoch.
        queue, due, interval = 1, int(card.due.timestamp()), 0
    if card.suspended:
        queue = -1
    memory: dict[str, Any] = {"dr": round(card.desired_retention, 4)}
    if card.stability is not None and card.difficulty is not None:
        memory["s"] = round(card.stability, 4)
        memory["d"] = round(card.difficulty, 4)
    if card.last_review is not None:
        memory["lrt"] = int(card.last_review.timestamp())
    cursor.execute(
        "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = 2500, reps = ?,"
        " lapses = ?, left = ?, data = ? WHERE id = ?",
        (
            anki_type,
            queue,
            due,
            interval,
            card.reps,
            card.lapses,
            1 if anki_type != 2 else 0,
            json.dumps(memory),
            card_id,
        ),
    )


def _write_review(
    cursor: sqlite3.Cursor, card_id: int, review: ReviewEntry, used_ids: set[int]
) -> None:
    # A revlog row's id is its time in milliseconds, and unique.
    review_id = int(review.reviewed_at.timestamp() * 1000)
    while review_id in used_ids:
        review_id += 1
    used_ids.add(review_id)
    seconds = review.interval_after_s
    interval = round(seconds / DAY) if seconds >= DAY else -max(1, round(seconds))
    taken = min(MAX_ANSWER_MS, review.duration_ms or 0)
    cursor.execute(
        "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
        " VALUES (?, ?, -1, ?, ?, 0, 0, ?, ?)",
        (review_id, card_id, review.rating, interval, taken, _REVLOG_TYPE[review.state_before]),
    )


# ---------------------------------------------------------------- questions as notes


@dataclass(frozen=True)
class NoteFace:
    """What a question type's `to_anki` makes of a question: the notetype, its front, its back
    (the typed answer on a type-in note), the "Also accepted" text, and what Anki cannot hold."""

    model: genanki.Model
    front: str
    back: str = ""
    also: str = ""
    lost: tuple[str, ...] = ()


class AnkiWriter:
    """What a question type's `to_anki(anki, question)` writes its note with: the three
    notetypes, the markup this module's reader (`apkg_own.py`) reads back, and Markdown
    rendered as Anki shows it."""

    SELECT_ALL = SELECT_ALL
    TRUE_OR_FALSE = TRUE_OR_FALSE
    CHOOSE_FROM = CHOOSE_FROM
    escape = staticmethod(html.escape)

    @staticmethod
    def md(text: str) -> str:
        return render_markdown(text).strip()

    @staticmethod
    def inline(text: str) -> str:
        return render_inline(text).strip()

    @staticmethod
    def options(items: Sequence[str], numbered: bool = False) -> str:
        tag = "ol" if numbered else "ul"
        return f'<{tag} class="options">' + "".join(f"<li>{i}</li>" for i in items) + f"</{tag}>"

    @staticmethod
    def not_in_order(texts: Sequence[str]) -> list[str]:
        """The texts alphabetically, or moved on by one when that is their right order: a
        front must not give the answer away, and must be the same on every export."""
        shown = sorted(texts, key=str.casefold)
        if list(shown) == list(texts) and len(shown) > 1:
            shown = shown[1:] + shown[:1]
        return shown

    @staticmethod
    def typos_lost(question: QuestionSpec) -> list[str]:
        typos = question.body.get("typos") or 0
        if typos:
            return [f"typo tolerance ({typos}): Anki's typed-answer check is exact"]
        return []

    @staticmethod
    def deletion(number: int, answer: str) -> str:
        """Cloze deletion `number` hiding `answer` (escaped, and kept from closing it early)."""
        text = html.escape(answer).replace("::", ": :").replace("}}", "} }")
        return f"{{{{c{number}::{text}}}}}"

    @staticmethod
    def basic(front: str, back: str, lost: Sequence[str] = ()) -> NoteFace:
        """A card read and rated: the front, and the answer on its back."""
        return NoteFace(BASIC, front, back, "", tuple(lost))

    @staticmethod
    def typed(front: str, answer: str, also: str = "", lost: Sequence[str] = ()) -> NoteFace:
        """A card whose answer is typed and compared by Anki (`answer` is its HTML)."""
        return NoteFace(TYPE_IN, front, answer, also, tuple(lost))

    @staticmethod
    def cloze(front: str, also: str = "", lost: Sequence[str] = ()) -> NoteFace:
        """A cloze note: `front` holds the deletions (`{{c1::answer}}`), one card each."""
        return NoteFace(CLOZE, front, "", also, tuple(lost))


_WRITER = AnkiWriter()


def _source(deck: DeckSpec, question: QuestionSpec) -> str:
    section = next((s for s in deck.sections if s.id == question.source), None)
    if section is None:
        return ""
    return source_field(section.id, section.title, AnkiWriter.md(section.note))


def _face(question: QuestionSpec) -> NoteFace:
    write = types.mapping(question.type, "to_anki")
    if write is None:
        return AnkiWriter.basic(
            AnkiWriter.md(question.prompt),
            "",
            (f"type {question.type} has no Anki form: the note has its prompt and explanation",),
        )
    face: NoteFace = write(_WRITER, question)
    return face


def _note(deck: DeckSpec, question: QuestionSpec) -> _NoteSpec:
    face = _face(question)
    explanation = AnkiWriter.md(question.explanation)
    source = _source(deck, question)
    if face.model is CLOZE:
        values = [face.front, face.also, explanation, source, question.id]
    elif face.model is TYPE_IN:
        values = [face.front, face.back, face.also, explanation, source, question.id]
    else:
        values = [face.front, face.back, explanation, source, question.id]
    return _NoteSpec(face.model, values, face.lost)


FORMAT = Format(
    name="apkg",
    label="Anki package (.apkg)",
    extension=".apkg",
    media_type="application/apkg",
    export=export_apkg,
    convert=convert_apkg,
    sniff=sniff_apkg,
    carries_progress=True,
)
