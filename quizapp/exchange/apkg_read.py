"""An Anki package (`.apkg`) read into our bank format: Basic, reversed, type-in and Cloze
notes become questions, subdecks sections and tags topics; everything else is listed.

Anki's current export keeps the collection in `collection.anki21b` (SQLite compressed with
zstd, schema 18: notetypes in tables of their own); older ones in `collection.anki21` or
`collection.anki2` (schema 11: notetypes as JSON in `col`). The SQLite file is opened
read-only from a temporary file, after the package passed the size checks below.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import IO, Any

import zstandard

from quizapp.exchange.apkg_own import (
    CLOZE,
    OWN_FIELD,
    cloze_text,
    own_question,
    with_own_section,
)
from quizapp.exchange.builder import DeckHint, NeutralQuestion, build_deck, make_id
from quizapp.exchange.html_text import IMAGE, MEDIA_TAG, SOUND, plain_text, to_markdown
from quizapp.exchange.model import Converted, ConvertError, ConvertProblem
from quizapp.questions import types

# Newest first: a current package also holds a stub `collection.anki2` that only says
# "please update Anki".
COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
# A collection of 10,000 notes is a few MB; anything claiming more than this is refused
# before it is unpacked, and unpacking stops as soon as the real size passes it.
MAX_COLLECTION_BYTES = 128 << 20
FIELD_SEPARATOR = "\x1f"
# Anki's own marks on notes, not topics.
ANKI_TAGS = {"leech", "marked"}
_CHUNK = 1 << 20

_FIELD_REF = re.compile(r"\{\{([^{}]+)\}\}")
_CLOZE_REF = re.compile(r"\{\{cloze:([^{}]+)\}\}")
_WORDS_FOR_A_TYPED_ANSWER = 8


@dataclass(frozen=True)
class _Template:
    ordinal: int
    name: str
    front: str
    back: str


@dataclass(frozen=True)
class _Notetype:
    name: str
    fields: tuple[str, ...]
    templates: tuple[_Template, ...]

    @property
    def switches(self) -> set[str]:
        """Fields the templates only test (`{{#Add Reverse}}`): settings, not content."""
        tested = {
            name.strip()
            for t in self.templates
            for name in re.findall(r"\{\{[#^]([^{}]+)\}\}", t.front + t.back)
        }
        shown = {name for t in self.templates for name in _refs(t.front) + _refs(t.back)}
        return tested - shown

    @property
    def is_cloze(self) -> bool:
        return any("{{cloze:" in t.front.replace(" ", "") for t in self.templates)


@dataclass(frozen=True)
class _Note:
    id: int
    notetype: int
    guid: str
    tags: tuple[str, ...]
    fields: tuple[str, ...]
    ordinals: tuple[int, ...]
    deck: str


def sniff_apkg(data: bytes, file: str) -> bool:
    return file.lower().endswith((".apkg", ".colpkg")) or (
        data[:2] == b"PK" and b"collection.anki2" in data[-65536:]
    )


def convert_apkg(data: bytes, file: str) -> Converted:
    with tempfile.TemporaryDirectory(prefix="quizapp-apkg-") as folder:
        path = os.path.join(folder, "collection.sqlite")
        _unpack_collection(data, file, path)
        notetypes, notes = _read_collection(path, file)
    return _convert(notetypes, notes, file)


# ---------------------------------------------------------------- the package


def _unpack_collection(data: bytes, file: str, target: str) -> None:
    try:
        package = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ConvertError(
            file, None, "not an Anki package: the file is not a zip archive"
        ) from exc
    with package:
        names = set(package.namelist())
        member = next((name for name in COLLECTIONS if name in names), None)
        if member is None:
            raise ConvertError(
                file,
                None,
                "not an Anki package: it holds no collection (collection.anki21b, "
                "collection.anki21 or collection.anki2)",
            )
        info = package.getinfo(member)
        if info.file_size > MAX_COLLECTION_BYTES:
            raise _too_large(file, member)
        try:
            with package.open(member) as source, open(target, "wb") as out:
                if member.endswith("21b"):
                    reader = zstandard.ZstdDecompressor().stream_reader(source)
                    _copy_capped(reader, out, file, member)
                else:
                    _copy_capped(source, out, file, member)
        except (zipfile.BadZipFile, zstandard.ZstdError, EOFError, OSError) as exc:
            raise ConvertError(file, None, f"the package's {member} is damaged: {exc}") from exc


def _copy_capped(source: IO[bytes], out: IO[bytes], file: str, member: str) -> None:
    """Copy, counting real bytes: a zip may declare a small size and hold a bomb."""
    written = 0
    while chunk := source.read(_CHUNK):
        written += len(chunk)
        if written > MAX_COLLECTION_BYTES:
            raise _too_large(file, member)
        out.write(chunk)


def _too_large(file: str, member: str) -> ConvertError:
    return ConvertError(
        file,
        None,
        f"the package's {member} unpacks to more than {MAX_COLLECTION_BYTES >> 20} MB: "
        "refused (a deck is far smaller; this looks like a zip bomb)",
    )


# ---------------------------------------------------------------- the collection


def _read_collection(path: str, file: str) -> tuple[dict[int, _Notetype], list[_Note]]:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:  # pragma: no cover - a file we just wrote always opens
        raise ConvertError(file, None, f"the collection cannot be opened: {exc}") from exc
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if not {"notes", "cards", "col"} <= tables:
            raise ConvertError(
                file, None, "the collection has no notes table: not an Anki collection"
            )
        if "notetypes" in tables:
            notetypes = _notetypes_18(connection)
            decks = {
                row[0]: row[1].replace(FIELD_SEPARATOR, "::")
                for row in connection.execute("SELECT id, name FROM decks")
            }
        else:
            models_json, decks_json = connection.execute("SELECT models, decks FROM col").fetchone()
            notetypes = _notetypes_11(json.loads(models_json))
            decks = {int(key): deck["name"] for key, deck in json.loads(decks_json).items()}
        notes = list(_notes(connection, decks))
    except sqlite3.Error as exc:
        raise ConvertError(
            file, None, f"the collection is not a readable SQLite database: {exc}"
        ) from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise ConvertError(file, None, f"the collection's notetypes cannot be read: {exc}") from exc
    finally:
        connection.close()
    return notetypes, notes


def _notetypes_11(models: dict[str, Any]) -> dict[int, _Notetype]:
    found = {}
    for key, model in models.items():
        templates = tuple(
            _Template(t.get("ord", index), t["name"], t["qfmt"], t["afmt"])
            for index, t in enumerate(model["tmpls"])
        )
        fields = tuple(f["name"] for f in sorted(model["flds"], key=lambda f: f["ord"]))
        found[int(key)] = _Notetype(model["name"], fields, templates)
    return found


def _notetypes_18(connection: sqlite3.Connection) -> dict[int, _Notetype]:
    fields: dict[int, list[str]] = {}
    for notetype, name in connection.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(notetype, []).append(name)
    templates: dict[int, list[_Template]] = {}
    for notetype, ordinal, name, config in connection.execute(
        "SELECT ntid, ord, name, config FROM templates ORDER BY ntid, ord"
    ):
        strings = _protobuf_strings(config)
        templates.setdefault(notetype, []).append(
            _Template(ordinal, name, strings.get(1, ""), strings.get(2, ""))
        )
    return {
        notetype: _Notetype(
            name, tuple(fields.get(notetype, ())), tuple(templates.get(notetype, ()))
        )
        for notetype, name in connection.execute("SELECT id, name FROM notetypes")
    }


def _protobuf_strings(data: bytes) -> dict[int, str]:
    """The length-delimited fields of a protobuf message, by number (a template's config:
    1 is its front, 2 its back). Other wire types are stepped over."""
    found: dict[int, str] = {}
    position = 0

    def varint() -> int:
        nonlocal position
        value = shift = 0
        while True:
            byte = data[position]
            position += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7

    while position < len(data):
        key = varint()
        number, wire = key >> 3, key & 7
        if wire == 0:
            varint()
        elif wire == 1:
            position += 8
        elif wire == 5:
            position += 4
        elif wire == 2:
            length = varint()
            found.setdefault(number, data[position : position + length].decode("utf-8"))
            position += length
        else:
            raise ValueError(f"unexpected protobuf wire type {wire}")
    return found


def _notes(connection: sqlite3.Connection, decks: dict[int, str]) -> Iterator[_Note]:
    cards: dict[int, tuple[list[int], int]] = {}
    for note_id, ordinal, deck, original_deck in connection.execute(
        "SELECT nid, ord, did, odid FROM cards ORDER BY nid, ord"
    ):
        ordinals, _ = cards.setdefault(note_id, ([], original_deck or deck))
        ordinals.append(ordinal)
    for note_id, notetype, guid, tags, fields in connection.execute(
        "SELECT id, mid, guid, tags, flds FROM notes ORDER BY id"
    ):
        ordinals, deck = cards.get(note_id, ([], 0))
        yield _Note(
            note_id,
            notetype,
            guid,
            tuple(tags.split()),
            tuple(fields.split(FIELD_SEPARATOR)),
            tuple(ordinals),
            decks.get(deck, ""),
        )


# ---------------------------------------------------------------- notes as questions


def _convert(notetypes: dict[int, _Notetype], notes: list[_Note], file: str) -> Converted:
    problems: list[ConvertProblem] = []
    questions: list[NeutralQuestion] = []
    top = _common_top_deck([note.deck for note in notes])
    for note in notes:
        label = f"note {note.id}"
        notetype = notetypes.get(note.notetype)
        if notetype is None:
            problems.append(ConvertProblem(file, None, label, "left out: its notetype is missing"))
            continue
        found, lost = _questions(note, notetype)
        media = _media(note.fields)
        if media:
            lost.append("media not supported, left out: " + ", ".join(media))
        if not found:
            problems.append(ConvertProblem(file, None, label, "left out: " + "; ".join(lost)))
            continue
        section = _section(note.deck, top)
        topics = tuple(tag for tag in note.tags if tag.lower() not in ANKI_TAGS)
        for question in found:
            # A note of our own export knows its section already.
            question.section = question.section or section
            question.topics = topics
            questions.append(question)
            for message in lost:
                problems.append(ConvertProblem(file, None, question.label, message))
    return build_deck(
        questions,
        file,
        DeckHint(title=top or None, source_title=top or None),
        problems,
    )


def _common_top_deck(names: list[str]) -> str:
    tops = {name.split("::")[0] for name in names if name}
    return tops.pop() if len(tops) == 1 else ""


def _section(deck: str, top: str) -> str:
    """A note's subdeck below the package's one top deck, or its whole deck name."""
    parts = deck.split("::")
    if top and parts[0] == top and len(parts) > 1:
        return " / ".join(parts[1:])
    return " / ".join(parts) if deck and deck != "Default" else ""


def _media(fields: tuple[str, ...]) -> list[str]:
    found: list[str] = []
    for value in fields:
        found += IMAGE.findall(value) + SOUND.findall(value)
        found += [f"<{tag}>" for tag in MEDIA_TAG.findall(value)]
    return list(dict.fromkeys(found))


def _refs(template: str) -> list[str]:
    """The fields a template shows, in order: `{{Front}}`, `{{type:Back}}`, `{{cloze:Text}}`;
    sections (`{{#X}}`), `FrontSide` and special fields are not fields shown."""
    names = []
    for ref in _FIELD_REF.findall(template):
        ref = ref.strip()
        if ref[:1] in "#/^!" or ref in ("FrontSide", "Tags", "Deck", "Subdeck", "Card", "Type"):
            continue
        names.append(ref.split(":")[-1].strip())
    return names


def _questions(note: _Note, notetype: _Notetype) -> tuple[list[NeutralQuestion], list[str]]:
    values = dict(zip(notetype.fields, note.fields, strict=False))
    if OWN_FIELD in values and (notetype.is_cloze or len(note.ordinals) == 1):
        own = own_question(values, notetype.is_cloze)
        if own is not None:
            return [own], []
    own_id = make_id(values.get(OWN_FIELD, "")) or None
    if notetype.is_cloze:
        return _cloze_question(values, notetype, own_id)
    found: list[NeutralQuestion] = []
    lost: list[str] = []
    templates = {template.ordinal: template for template in notetype.templates}
    for ordinal in note.ordinals:
        template = templates.get(ordinal)
        if template is None:
            lost.append(f"a card of template {ordinal} that the notetype does not have")
            continue
        question = _card_question(values, template, notetype.switches, lost)
        if question is None:
            continue
        if len(note.ordinals) > 1:
            question.id = f"{own_id}-{ordinal + 1}" if own_id else None
            question.title = f"{question.title} {ordinal + 1}"
        else:
            question.id = own_id
        if OWN_FIELD in values:
            with_own_section(question, values)
        found.append(question)
    return found, lost


def _card_question(
    values: dict[str, str], template: _Template, switches: set[str], lost: list[str]
) -> NeutralQuestion | None:
    shown = _refs(template.front)
    typed = re.search(r"\{\{type:([^{}]+)\}\}", template.front)
    answer_field = (
        typed.group(1).split(":")[-1].strip()
        if typed
        else next((name for name in _refs(template.back) if name not in shown), None)
    )
    prompt_field = next((name for name in shown if name != answer_field), None)
    if prompt_field is None or answer_field is None:
        lost.append(f"card '{template.name}': no question and answer field in its template")
        return None
    prompt = to_markdown(values.get(prompt_field, ""))
    answer = plain_text(values.get(answer_field, ""))
    if not prompt or not re.search(r"\w", answer):
        lost.append(f"card '{template.name}': its {prompt_field} or {answer_field} is empty")
        return None
    extra = [
        to_markdown(value)
        for name, value in values.items()
        if name not in {prompt_field, answer_field, OWN_FIELD, *switches} and plain_text(value)
    ]
    if not typed and (len(answer.split()) > _WORDS_FOR_A_TYPED_ANSWER or "\n" in answer):
        lost.append(
            "a long answer: Anki let the learner judge their own recall, here the typed "
            "answer must match the whole back; shorten the accepted answers"
        )
    question = NeutralQuestion(
        type="",
        prompt=prompt,
        fields={},
        title=" ".join(plain_text(values.get(prompt_field, "")).split()[:6]),
        explanation="\n\n".join(extra) or None,
    )
    types.known_reader("ANKI_READS", "anki:card", "from_answer")(question, " ".join(answer.split()))
    return question


def _cloze_question(
    values: dict[str, str], notetype: _Notetype, own_id: str | None
) -> tuple[list[NeutralQuestion], list[str]]:
    # The field the template deletes from ({{cloze:Text}}; image occlusion's front shows a
    # header before it).
    text_field = next(
        (
            found.group(1).strip()
            for template in notetype.templates
            for found in _CLOZE_REF.finditer(template.front)
        ),
        notetype.fields[0],
    )
    source = values.get(text_field, "")
    if "image-occlusion" in source:
        return [], ["image occlusion notes are not supported"]
    text, blanks, lost = cloze_text(source)
    if not blanks:
        return [], lost or ["a cloze without a deletion"]
    extra = [
        to_markdown(value)
        for name, value in values.items()
        if name not in (text_field, OWN_FIELD) and plain_text(value)
    ]
    question = NeutralQuestion(
        type="",
        prompt="Fill in the blanks.",
        fields={},
        id=own_id,
        title=" ".join(plain_text(CLOZE.sub(r"\2", source)).split()[:6]),
        explanation="\n\n".join(extra) or None,
    )
    types.known_reader("ANKI_READS", "anki:cloze", "from_blanks")(question, text, blanks)
    return [question], lost
