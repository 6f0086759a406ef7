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
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import genanki

from quizapp.exchange import numbers
from quizapp.exchange.apkg_own import (
    CHOOSE_FROM,
    OWN_FIELD,
    SELECT_ALL,
    TRUE_OR_FALSE,
    source_field,
)
from quizapp.exchange.apkg_read import convert_apkg, sniff_apkg
from quizapp.exchange.model import Exported, ExportRequest, Format, Skipped
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
PLACEHOLDER = re.compile(r"\{\{([a-z0-9_]+)\}\}")

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
    _stable_id("notetype", "cloze"),
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
        _stable_id("deck", deck.slug), deck.title, description=_md(deck.description)
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


def _md(text: str) -> str:
    return render_markdown(text).strip()


def _inline(text: str) -> str:
    return render_inline(text).strip()


def _source(deck: DeckSpec, question: QuestionSpec) -> str:
    section = next((s for s in deck.sections if s.id == question.source), None)
    if section is None:
        return ""
    return source_field(section.id, section.title, _md(section.note))


def _list(items: Sequence[str], tag: str = "ul") -> str:
    return f'<{tag} class="options">' + "".join(f"<li>{item}</li>" for item in items) + f"</{tag}>"


def _not_in_order(texts: Sequence[str]) -> list[str]:
    """The texts alphabetically, or moved on by one when that is their right order: a front
    must not give the answer away, and must be the same on every export."""
    shown = sorted(texts, key=str.casefold)
    if list(shown) == list(texts) and len(shown) > 1:
        shown = shown[1:] + shown[:1]
    return shown


def _note(deck: DeckSpec, question: QuestionSpec) -> _NoteSpec:
    builder = _BUILDERS.get(question.type, _unknown)
    model, front, back, extra, lost = builder(question)
    explanation = _md(question.explanation)
    source = _source(deck, question)
    if model is CLOZE:
        return _NoteSpec(CLOZE, [front, extra, explanation, source, question.id], lost)
    if model is TYPE_IN:
        return _NoteSpec(TYPE_IN, [front, back, extra, explanation, source, question.id], lost)
    return _NoteSpec(BASIC, [front, back, explanation, source, question.id], lost)


_Built = tuple[genanki.Model, str, str, str, tuple[str, ...]]


def _choice(question: QuestionSpec) -> _Built:
    options = sorted(question.body["options"], key=lambda option: option["text"].casefold())
    front = _md(question.prompt)
    if question.type == "multiple_choice":
        front += f"<p>{SELECT_ALL}</p>"
    front += _list([_inline(o["text"]) for o in options], "ol")
    lines = []
    for option in options:
        mark = '<span class="right">✓ ' if option.get("correct") else "<span>✗ "
        line = mark + _inline(option["text"]) + "</span>"
        if option.get("feedback"):
            line += f'<div class="feedback">{_inline(option["feedback"])}</div>'
        lines.append(line)
    lost: tuple[str, ...] = ()
    if question.type == "multiple_choice":
        lost = ("partial credit for a partly right set of options (the learner rates recall)",)
    return BASIC, front, _list(lines), "", lost


def _true_false(question: QuestionSpec) -> _Built:
    answer = bool(question.body["answer"])
    front = _md(question.prompt) + TRUE_OR_FALSE
    back = f'<p class="right">{"True" if answer else "False"}</p>'
    right, wrong = ("feedback_true", "feedback_false")
    if not answer:
        right, wrong = wrong, right
    if question.body.get(right):
        back += f'<div class="feedback">{_md(question.body[right])}</div>'
    if question.body.get(wrong):
        said = "False" if answer else "True"
        back += (
            f'<div class="feedback wrong"><p>If you said {said}:</p>'
            f"{_md(question.body[wrong])}</div>"
        )
    return BASIC, front, back, "", ()


def _typos_lost(question: QuestionSpec) -> list[str]:
    typos = question.body.get("typos") or 0
    if typos:
        return [f"typo tolerance ({typos}): Anki's typed-answer check is exact"]
    return []


def _short_answer(question: QuestionSpec) -> _Built:
    answers = list(question.body["answers"])
    lost = _typos_lost(question)
    also = ""
    if len(answers) > 1:
        also = "Also accepted: " + ", ".join(html.escape(a) for a in answers[1:])
        lost.append(
            "other accepted answers are shown on the back, but Anki checks the typed "
            "answer against the first only"
        )
    return TYPE_IN, _md(question.prompt), html.escape(answers[0]), also, tuple(lost)


def _cloze(question: QuestionSpec) -> _Built:
    blanks: Mapping[str, Sequence[str]] = question.body["blanks"]
    names = PLACEHOLDER.findall(question.body["text"])
    numbers = {name: index for index, name in enumerate(names, start=1)}
    # Markdown is rendered around markers, then each marker becomes an Anki cloze deletion,
    # so neither the Markdown parser nor Anki's cloze syntax sees the other's text.
    marked = PLACEHOLDER.sub(lambda m: f"QZBLANK{numbers[m.group(1)]}QZ", question.body["text"])
    text = _md(marked)
    for name, number in numbers.items():
        answer = html.escape(blanks[name][0]).replace("::", ": :").replace("}}", "} }")
        text = text.replace(f"QZBLANK{number}QZ", f"{{{{c{number}::{answer}}}}}")
    front = _md(question.prompt) + f'<div class="cloze-text">{text}</div>'
    lost = _typos_lost(question)
    others = [
        f"blank {numbers[name]}: " + ", ".join(html.escape(a) for a in blanks[name][1:])
        for name in names
        if len(blanks[name]) > 1
    ]
    also = ("Also accepted: " + "; ".join(others)) if others else ""
    if others:
        lost.append("other accepted answers of a blank are shown on the back only")
    return CLOZE, front, "", also, tuple(lost)


def _ordering(question: QuestionSpec) -> _Built:
    items = list(question.body["items"])
    front = _md(question.prompt) + _list([_inline(item) for item in _not_in_order(items)])
    back = _list([_inline(item) for item in items], "ol")
    return BASIC, front, back, "", ("partial credit for a partly right order",)


def _matching(question: QuestionSpec) -> _Built:
    pairs = question.body["pairs"]
    rights = [pair["right"] for pair in pairs] + list(question.body.get("distractors", []))
    front = (
        _md(question.prompt)
        + _list([_inline(pair["left"]) for pair in pairs])
        + CHOOSE_FROM
        + _list([_inline(right) for right in _not_in_order(rights)])
    )
    back = _list([f"{_inline(p['left'])} → {_inline(p['right'])}" for p in pairs])
    return BASIC, front, back, "", ("partial credit for partly right pairs",)


def _unknown(question: QuestionSpec) -> _Built:
    return (
        BASIC,
        _md(question.prompt),
        "",
        "",
        (f"type {question.type} has no Anki form: the note has its prompt and explanation only",),
    )


def _numerical(question: QuestionSpec) -> _Built:
    answers = question.body["answers"]
    units = list(question.body.get("units") or [])
    best = numbers.full_credit(answers)
    feedback = "".join(
        f'<div class="feedback">{html.escape(numbers.answer_text(a, units))}: '
        f"{_inline(a['feedback'])}</div>"
        for a in answers
        if a.get("feedback")
    )
    lost: list[str] = []
    if not numbers.exact(answers):
        lost.append(
            "tolerances, ranges and other answers: Anki's typed-answer check is exact (they "
            "are shown on the back)"
        )
    if units:
        lost.append("units: Anki expects the number alone")
    if "value" not in best:
        # A range has no one number to type: the card is read and rated instead.
        back = html.escape(numbers.answer_text(best, units)) + feedback
        return BASIC, _md(question.prompt), back, "", tuple(lost)
    also = [numbers.answer_text(a, units) for a in answers if not numbers.exact([a])]
    extra = ("Also accepted: " + html.escape(", ".join(also))) if also else ""
    return (
        TYPE_IN,
        _md(question.prompt),
        numbers.shown(best["value"]),
        extra + feedback,
        tuple(lost),
    )


_BUILDERS = {
    "single_choice": _choice,
    "multiple_choice": _choice,
    "true_false": _true_false,
    "short_answer": _short_answer,
    "cloze": _cloze,
    "ordering": _ordering,
    "matching": _matching,
    "numerical": _numerical,
}


FORMAT = Format(
    name="apkg",
    label="Anki package (.apkg)",
    extension=".apkg",
    media_type="application/apkg",
    export=export_apkg,
    convert=convert_apkg,
    sniff=sniff_apkg,
)
