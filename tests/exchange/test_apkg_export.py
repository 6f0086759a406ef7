"""The `.apkg` export, checked by the real Anki: every package is imported into a fresh
collection with Anki's own importer and judged by what Anki then holds."""

from __future__ import annotations

import dataclasses
import zipfile
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest

from quizapp.exchange.apkg import export_apkg, note_guid
from quizapp.exchange.model import ExportRequest
from quizapp.paths import resource_dir
from quizapp.questions import bank
from quizapp.questions.model import DeckSpec
from tests.exchange.ankitools import fresh_collection, import_package

DATA = Path(__file__).parent.parent / "data"
SHIPPED = resource_dir("question_bank") / "russia-iran.yaml"


def load(path: Path) -> DeckSpec:
    decks, problems = bank.load_bank_texts([(path.name, path.read_bytes())])
    assert problems == []
    return decks[0]


@pytest.fixture(scope="module")
def mini() -> DeckSpec:
    return load(DATA / "mini-bank.yaml")


def note_of(collection, deck_slug: str, question_id: str):  # type: ignore[no-untyped-def]
    note_id = collection.db.scalar(
        "SELECT id FROM notes WHERE guid = ?", note_guid(deck_slug, question_id)
    )
    return collection.get_note(note_id)


def test_shipped_deck_opens_in_anki_with_a_note_per_question_and_a_card_per_blank(
    tmp_path: Path,
) -> None:
    deck = load(SHIPPED)
    exported = export_apkg(ExportRequest(deck))
    cloze_questions = [q for q in deck.questions if q.type == "cloze"]
    blanks = sum(len(q.body["blanks"]) for q in cloze_questions)
    with fresh_collection(tmp_path / "anki") as collection:
        log = import_package(collection, exported.data, tmp_path)
        assert len(log.new) == len(deck.questions) == 87
        assert collection.note_count() == 87
        cloze_cards = collection.find_cards('"note:quizapp Cloze"')
        assert len(cloze_cards) == blanks == 11
        assert collection.card_count() == 87 - len(cloze_questions) + blanks == 92
        # One card per blank, numbered c1, c2... in reading order.
        for question in cloze_questions:
            note = note_of(collection, deck.slug, question.id)
            assert sorted(card.ord for card in note.cards()) == list(
                range(len(question.body["blanks"]))
            )


def test_every_type_becomes_a_note_a_learner_can_study(tmp_path: Path, mini: DeckSpec) -> None:
    exported = export_apkg(ExportRequest(mini))
    assert exported.filename == "mini.apkg"
    with fresh_collection(tmp_path / "anki") as collection:
        import_package(collection, exported.data, tmp_path)
        assert collection.note_count() == 7
        assert collection.card_count() == 8

        single = note_of(collection, "mini", "single-1").cards()[0]
        front, back = single.question(), single.answer()
        for option in ("Blue", "Green", "Red", "Black"):
            assert option in front
        assert '<span class="right">✓ Blue</span>' in back
        assert "Yes: scattering favours short wavelengths." in back
        assert "Sunlight scatters off air" in back
        assert "First part" in back and "What the first part says" in back

        typed = note_of(collection, "mini", "short-1").cards()[0]
        # Anki's renderer leaves the typed-answer box for its reviewer screen to draw.
        assert "[[type:Back]]" in typed.question()
        assert "Teheran" in typed.answer()

        cloze = note_of(collection, "mini", "cloze-1")
        first, second = sorted(cloze.cards(), key=lambda card: card.ord)
        # Card 1 hides the first blank and shows the second; card 2 the other way round.
        assert (
            '>[...]</span> is orbited by <span class="cloze-inactive" data-ordinal="2">eight<'
            in first.question()
        )
        assert 'data-ordinal="1">Sun</span> is orbited by' in second.question()
        assert ">[...]</span> planets" in second.question()
        assert ">eight</span> planets" in second.answer()

        order = note_of(collection, "mini", "order-1").cards()[0]
        shown = order.question()
        assert [shown.index(item) for item in ("four", "one", "three", "two")] == sorted(
            shown.index(item) for item in ("four", "one", "three", "two")
        )
        match = note_of(collection, "mini", "match-1").cards()[0]
        assert "Madrid" in match.question() and "France → Paris" in match.answer()
        assert note_of(collection, "mini", "match-1").tags == ["alpha"]
        assert sorted(note_of(collection, "mini", "multi-1").tags) == ["alpha", "beta"]


def test_what_anki_cannot_hold_is_listed_per_question(mini: DeckSpec) -> None:
    skipped = {item.question_id: item.reason for item in export_apkg(ExportRequest(mini)).skipped}
    assert set(skipped) == {"multi-1", "short-1", "cloze-1", "order-1", "match-1"}
    assert "typo tolerance (1)" in skipped["short-1"]
    assert "first only" in skipped["short-1"]
    assert "partial credit" in skipped["order-1"]


def test_a_second_export_updates_rather_than_duplicates(tmp_path: Path, mini: DeckSpec) -> None:
    first_change = datetime(2026, 3, 1, tzinfo=UTC)
    changed = {q.id: first_change for q in mini.questions}
    with fresh_collection(tmp_path / "anki") as collection:
        import_package(collection, export_apkg(ExportRequest(mini, changed)).data, tmp_path)
        again = import_package(collection, export_apkg(ExportRequest(mini, changed)).data, tmp_path)
        assert len(again.new) == 0 and len(again.updated) == 0
        assert len(again.duplicate) == 7
        assert collection.note_count() == 7

        edited = dataclasses.replace(
            mini.questions[0], prompt="Which colour is a clear sky at noon?"
        )
        deck = dataclasses.replace(mini, questions=(edited, *mini.questions[1:]))
        later = {**changed, edited.id: first_change + timedelta(days=3)}
        log = import_package(collection, export_apkg(ExportRequest(deck, later)).data, tmp_path)
        assert len(log.new) == 0 and len(log.updated) == 1
        note = note_of(collection, "mini", "single-1")
        assert "clear sky at noon" in note["Front"]
        assert note.mod == int((first_change + timedelta(days=3)).timestamp())
        assert collection.note_count() == 7


def test_markdown_is_rendered_and_html_in_the_bank_is_shown_as_text(
    tmp_path: Path, mini: DeckSpec
) -> None:
    edited = dataclasses.replace(mini.questions[0], prompt="Is <script>alert(1)</script> **bold**?")
    deck = dataclasses.replace(mini, questions=(edited,))
    with fresh_collection(tmp_path / "anki") as collection:
        import_package(collection, export_apkg(ExportRequest(deck)).data, tmp_path)
        front = note_of(collection, "mini", "single-1")["Front"]
        assert "&lt;script&gt;" in front and "<script>" not in front
        assert "<strong>bold</strong>" in front


def test_the_package_is_a_zip_with_the_collection_anki_reads(mini: DeckSpec) -> None:
    with zipfile.ZipFile(BytesIO(export_apkg(ExportRequest(mini)).data)) as package:
        assert sorted(package.namelist()) == ["collection.anki2", "media"]


def numerical_deck(mini: DeckSpec) -> DeckSpec:
    """The mini deck with numerical questions in the body the registry's `numerical` type
    gives them: one exact year, one with a tolerance and a part-credit range, one range."""
    base = mini.questions[0]

    def numerical(question_id: str, answers: list[dict[str, object]], units=()):  # type: ignore[no-untyped-def]
        return dataclasses.replace(
            base,
            id=question_id,
            type="numerical",
            prompt="In which year?",
            body={"answers": answers, "units": list(units)},
        )

    return dataclasses.replace(
        mini,
        questions=(
            numerical("year", [{"value": 1991, "credit": 1.0}]),
            numerical(
                "distance",
                [
                    {"value": 3000, "tolerance": 100, "credit": 1.0},
                    {"min": 2500, "max": 3500, "credit": 0.5, "feedback": "Close."},
                ],
                ["km"],
            ),
            numerical("span", [{"min": 2000, "max": 2005, "credit": 1.0}]),
        ),
    )


def test_numerical_questions_become_typed_or_read_cards(tmp_path: Path, mini: DeckSpec) -> None:
    deck = numerical_deck(mini)
    exported = export_apkg(ExportRequest(deck))
    skipped = {item.question_id: item.reason for item in exported.skipped}
    assert "year" not in skipped
    assert "Anki's typed-answer check is exact" in skipped["distance"]
    assert "units" in skipped["distance"]
    with fresh_collection(tmp_path / "anki") as collection:
        import_package(collection, exported.data, tmp_path)
        year = note_of(collection, "mini", "year")
        assert year.note_type()["name"] == "quizapp Type in the answer" and year["Back"] == "1991"
        distance = note_of(collection, "mini", "distance")
        assert distance["Back"] == "3000"
        assert "3000 km (± 100), 2500 to 3500 km: 50% credit" in distance["Also accepted"]
        assert "Close." in distance["Also accepted"]
        span = note_of(collection, "mini", "span")
        assert span.note_type()["name"] == "quizapp Basic" and span["Back"] == "2000 to 2005"
