"""Reading `.apkg` files that the real Anki wrote: notes of every stock notetype added with
the `anki` package and exported by Anki's own exporter, in its current format (zstd
`collection.anki21b`) and its legacy one (`collection.anki21`), then converted here."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection
from anki.import_export_pb2 import ExportAnkiPackageOptions

from quizapp.exchange.apkg import export_apkg
from quizapp.exchange.apkg_read import convert_apkg
from quizapp.exchange.model import ExportRequest
from quizapp.questions import bank
from quizapp.questions.model import QuestionSpec
from tests.exchange.ankitools import fresh_collection, import_package
from tests.exchange.test_apkg_export import DATA, SHIPPED, load


def add(collection: Collection, notetype: str, deck: str, tags: list[str], **fields: str) -> None:
    note = collection.new_note(collection.models.by_name(notetype))
    for name, value in fields.items():
        note[name] = value
    note.tags = tags
    collection.add_note(note, collection.decks.id(deck))


def sample_package(folder: Path, *, legacy: bool) -> bytes:
    with fresh_collection(folder / "source") as collection:
        add(
            collection,
            "Basic",
            "Geography::Capitals",
            ["capitals"],
            Front="What is the capital of <b>Peru</b>?",
            Back="Lima",
        )
        add(
            collection,
            "Basic (and reversed card)",
            "Geography::Capitals",
            ["capitals"],
            Front="France",
            Back="Paris",
        )
        add(
            collection,
            "Basic (optional reversed card)",
            "Geography",
            ["rivers"],
            Front="Capital of Chile",
            Back="Santiago",
            **{"Add Reverse": "y"},
        )
        add(
            collection,
            "Basic (optional reversed card)",
            "Geography",
            ["rivers"],
            Front="Longest river in Africa",
            Back="The Nile",
        )
        add(
            collection,
            "Basic (type in the answer)",
            "Geography",
            ["rivers", "leech"],
            Front="Which river flows through <i>Baghdad</i>?",
            Back="Tigris",
        )
        add(
            collection,
            "Cloze",
            "Geography::Seas",
            ["seas"],
            Text="The {{c1::Caspian}} Sea borders {{c2::Iran::a country}} and "
            "{{c3::Russia}}.<br>It is the largest lake.",
            **{"Back Extra": "It is <b>salty</b>."},
        )
        add(
            collection,
            "Basic",
            "Geography",
            [],
            Front='Which flag is this? <img src="flag.png">',
            Back="Chile",
        )
        add(collection, "Basic", "Geography", [], Front="An empty back", Back="")
        out = folder / ("legacy.apkg" if legacy else "current.apkg")
        collection.export_anki_package(
            out_path=str(out),
            options=ExportAnkiPackageOptions(with_media=True, legacy=legacy),
            limit=None,
        )
    return out.read_bytes()


@pytest.mark.parametrize("legacy", [False, True], ids=["anki21b", "anki21"])
def test_a_package_anki_wrote_converts_to_a_deck_that_validates(
    tmp_path: Path, legacy: bool
) -> None:
    data = sample_package(tmp_path, legacy=legacy)
    member = "collection.anki21" if legacy else "collection.anki21b"
    assert member in zipfile.ZipFile(BytesIO(data)).namelist()
    converted = convert_apkg(data, "geo.apkg")
    decks, problems = bank.load_bank_texts([("geo.yaml", converted.yaml_text.encode())])
    assert problems == []
    (deck,) = decks
    assert deck.title == "Geography"
    by_prompt = {q.prompt: q for q in deck.questions}
    peru = by_prompt["What is the capital of **Peru**?"]
    assert peru.type == "short_answer" and peru.body["answers"] == ["Lima"]
    assert [t.title for t in deck.topics if t.id in peru.topics] == ["capitals"]
    assert deck.sections[[s.id for s in deck.sections].index(peru.source)].title == "Capitals"
    # Basic-and-reversed: a question per card, both ways.
    assert by_prompt["France"].body["answers"] == ["Paris"]
    assert by_prompt["Paris"].body["answers"] == ["France"]
    # The optional reverse card: asked for ("Add Reverse" filled in, a setting, not an
    # explanation), or not, and then there is one question.
    assert by_prompt["Santiago"].body["answers"] == ["Capital of Chile"]
    assert "Explanation missing" in by_prompt["Capital of Chile"].explanation
    assert "The Nile" not in by_prompt
    tigris = by_prompt["Which river flows through *Baghdad*?"]
    assert tigris.body["answers"] == ["Tigris"]
    assert "leech" not in {t.title for t in deck.topics}
    (cloze,) = [q for q in deck.questions if q.type == "cloze"]
    assert cloze.body["text"] == (
        "The {{c1}} Sea borders {{c2}} and {{c3}}.\\\nIt is the largest lake."
    )
    assert cloze.body["blanks"] == {"c1": ["Caspian"], "c2": ["Iran"], "c3": ["Russia"]}
    assert cloze.explanation == "It is **salty**."
    messages = [f"{p.question}: {p.message}" for p in converted.problems]
    assert any("hint of blank c2" in m for m in messages)
    assert any("media not supported" in m and "flag.png" in m for m in messages)
    assert any("left out" in m and "empty" in m for m in messages)
    assert len(deck.questions) == 9


def comparable(question: QuestionSpec) -> dict[str, Any]:
    """What an .apkg keeps of a question: all but typo tolerance, the order of options and
    distractors (learners never see the file's order) and the names of blanks."""
    body = {key: value for key, value in question.body.items() if key != "typos"}
    if "options" in body:
        body["options"] = sorted(body["options"], key=lambda option: option["text"])
    if "distractors" in body:
        body["distractors"] = sorted(body["distractors"])
    if "blanks" in body:
        names = re.findall(r"\{\{([a-z0-9_]+)\}\}", body["text"])
        body["blanks"] = [body["blanks"][name] for name in names]
        body["text"] = re.sub(r"\{\{[a-z0-9_]+\}\}", "{{}}", body["text"])
    return {**question.content(), "body": body, "difficulty": None}


@pytest.mark.parametrize("path", [SHIPPED, DATA / "mini-bank.yaml"], ids=["shipped", "mini"])
def test_our_own_export_converts_back_to_the_same_questions(path: Path) -> None:
    original = load(path)
    converted = convert_apkg(export_apkg(ExportRequest(original)).data, "back.apkg")
    decks, problems = bank.load_bank_texts([("back.yaml", converted.yaml_text.encode())])
    assert problems == []
    (deck,) = decks
    assert deck.title == original.title
    assert [(s.id, s.title, s.note) for s in deck.sections] == [
        (s.id, s.title, s.note) for s in original.sections
    ]
    # A numerical question comes back as the short answer Anki made of it (or, for a range,
    # a Basic card's back), with its problem listed; every other type comes back as it was.
    numbers = {q.id for q in original.questions if q.type == "numerical"}
    assert {p.question for p in converted.problems} <= numbers
    back = {q.id: q for q in deck.questions}
    assert {back[key].type for key in numbers} <= {"short_answer"}
    assert [comparable(q) for q in deck.questions if q.id not in numbers] == [
        comparable(q) for q in original.questions if q.id not in numbers
    ]


def test_a_note_edited_in_anki_comes_back_with_the_edit(tmp_path: Path) -> None:
    original = load(DATA / "mini-bank.yaml")
    with fresh_collection(tmp_path / "anki") as collection:
        import_package(collection, export_apkg(ExportRequest(original)).data, tmp_path)
        note = collection.get_note(collection.find_notes('"Question id:single-1"')[0])
        note["Front"] = note["Front"].replace("clear day", "<b>cloudless</b> day")
        collection.update_note(note)
        out = tmp_path / "edited.apkg"
        collection.export_anki_package(
            out_path=str(out), options=ExportAnkiPackageOptions(), limit=None
        )
    converted = convert_apkg(out.read_bytes(), "edited.apkg")
    (deck,), problems = bank.load_bank_texts([("e.yaml", converted.yaml_text.encode())])
    assert problems == []
    edited = next(q for q in deck.questions if q.id == "single-1")
    assert edited.prompt == "Which colour is the sky on a **cloudless** day?"
    assert edited.type == "single_choice" and len(edited.body["options"]) == 4


def test_notes_that_cannot_become_questions_are_listed_and_the_rest_come_across(
    tmp_path: Path,
) -> None:
    with fresh_collection(tmp_path / "odd") as collection:
        models = collection.models
        one_side = models.new("One side")
        models.add_field(one_side, models.new_field("Front"))
        template = models.new_template("Card 1")
        template["qfmt"], template["afmt"] = "{{Front}}", "{{FrontSide}}"
        models.add_template(one_side, template)
        models.add(one_side)
        add(collection, "One side", "Odd", [], Front="A fact with nothing to recall")
        add(collection, "Cloze", "Odd", [], Text="A cloze that deletes nothing")
        occlusion = models.by_name("Image Occlusion")
        first, second = (field["name"] for field in occlusion["flds"][:2])
        add(
            collection,
            "Image Occlusion",
            "Odd",
            [],
            **{
                first: "{{c1::image-occlusion:rect:left=.1:top=.1:width=.2:height=.2}}",
                second: '<img src="map.png">',
            },
        )
        add(collection, "Basic", "Odd", [], Front="Capital of Peru", Back="Lima")
        out = tmp_path / "odd.apkg"
        collection.export_anki_package(
            out_path=str(out),
            options=ExportAnkiPackageOptions(with_media=True, legacy=False),
            limit=None,
        )
    converted = convert_apkg(out.read_bytes(), "odd.apkg")
    said = [problem.message for problem in converted.problems]
    assert any("card 'Card 1': no question and answer field in its template" in m for m in said)
    assert any(m.startswith("left out: a cloze without a deletion") for m in said)
    assert any(m.startswith("left out: image occlusion notes are not supported") for m in said)
    decks, problems = bank.load_bank_texts([("odd.yaml", converted.yaml_text.encode())])
    assert problems == []
    assert [(q.prompt, q.body["answers"]) for q in decks[0].questions] == [
        ("Capital of Peru", ["Lima"])
    ]
