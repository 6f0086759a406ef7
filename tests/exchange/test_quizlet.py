"""Quizlet sets as its Export writes them, with each separator its dialog offers."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from quizapp.exchange.model import ConvertError, ExportRequest
from quizapp.exchange.quizlet import convert_quizlet, export_quizlet, sniff_quizlet
from quizapp.questions import bank
from tests.exchange.helpers import shipped_deck, validated


def deck_of(text: str, file: str = "capitals.txt"):  # type: ignore[no-untyped-def]
    converted = convert_quizlet(text.encode("utf-8"), file)
    decks, problems = bank.load_bank_texts([("out.yaml", converted.yaml_text.encode())])
    assert problems == []
    return decks[0], converted.problems


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Tehran\tCapital of Iran\nMoscow\tCapital of Russia\n", "a tab between"),
        ("Tehran,Capital of Iran\r\nMoscow,Capital of Russia", "a comma between"),
        ("Tehran\tCapital of Iran;Moscow\tCapital of Russia", "a semicolon between pairs"),
        ("Tehran - Capital of Iran\nMoscow - Capital of Russia\n", "' - ' between"),
    ],
    ids=["tab-newline", "comma-crlf", "tab-semicolon", "custom-dash"],
)
def test_each_pair_asks_for_the_term_from_its_definition(text: str, said: str) -> None:
    deck, problems = deck_of(text)
    assert [(q.type, q.prompt, q.body["answers"]) for q in deck.questions] == [
        ("short_answer", "Capital of Iran", ["Tehran"]),
        ("short_answer", "Capital of Russia", ["Moscow"]),
    ]
    assert [q.id for q in deck.questions] == ["tehran", "moscow"]
    assert deck.title == "capitals"
    assert any(said in p.message for p in problems)


def test_a_comma_inside_the_definition_stays_in_it() -> None:
    deck, _ = deck_of("OPEC+,Oil producers, with Russia\nSCO,A Eurasian security club\n")
    assert deck.questions[0].prompt == "Oil producers, with Russia"
    assert deck.questions[0].body["answers"] == ["OPEC+"]


def test_a_line_without_a_separator_is_named() -> None:
    with pytest.raises(ConvertError) as caught:
        convert_quizlet(b"Tehran\tCapital of Iran\nMoscow Capital of Russia\n", "set.txt")
    assert caught.value.file == "set.txt" and caught.value.line == 2
    assert "no separator" in caught.value.message


def test_an_empty_pair_is_listed_and_the_rest_kept() -> None:
    deck, problems = deck_of("Tehran\tCapital of Iran\nKyiv\t\nMoscow\tCapital of Russia\n")
    assert len(deck.questions) == 2
    assert [p.line for p in problems if "empty" in p.message] == [2]


def test_other_encodings_and_empty_files_are_refused_with_the_file_named() -> None:
    with pytest.raises(ConvertError, match="not UTF-8"):
        convert_quizlet("Zürich\tA Swiss city\n".encode("latin-1"), "set.txt")
    with pytest.raises(ConvertError, match="empty"):
        convert_quizlet(b"\n\n", "set.txt")


def test_tab_separated_pairs_are_recognised_and_other_text_is_not() -> None:
    assert sniff_quizlet(b"Tehran\tCapital of Iran\nMoscow\tCapital of Russia\n", "set.txt")
    assert not sniff_quizlet(b"::Q1:: What is 2+2? {=4}\n", "set.gift")
    assert not sniff_quizlet(b"a\tb\tc\n", "table.tsv")


# ---------------------------------------------------------------- a deck written for Quizlet

MINI = Path(__file__).parents[1] / "data" / "mini-bank.yaml"


def mini_deck_spec():  # type: ignore[no-untyped-def]
    decks, problems = bank.load_bank_texts([(MINI.name, MINI.read_bytes())])
    assert problems == []
    return decks[0]


def test_export_writes_a_term_and_its_definition_a_line_and_lists_the_rest() -> None:
    exported = export_quizlet(ExportRequest(mini_deck_spec()))
    assert exported.filename == "mini-quizlet.txt"
    lines = exported.data.decode("utf-8").splitlines()
    assert all(line.count("\t") == 1 for line in lines)
    pairs = [tuple(line.split("\t")) for line in lines]
    assert ("Tehran", "What is the capital of Iran?") in pairs
    # A matching question's pairs are cards of their own.
    assert ("Paris", "France") in pairs and ("Tokyo", "Japan") in pairs
    reasons: dict[str, list[str]] = {}
    for skipped in exported.skipped:
        reasons.setdefault(skipped.question_id, []).append(skipped.reason)
    assert reasons["short-1"] == [
        "other accepted answers (Teheran)",
        "typo tolerance: Quizlet grades typed answers its own way",
    ]
    assert reasons["cloze-1"] == [
        "left out: Quizlet holds one term a card, and this text has 2 blanks"
    ]
    for question in ("multi-1", "tf-1", "order-1"):
        (reason,) = reasons[question]
        assert reason.startswith("left out: Quizlet holds terms and definitions")


def test_a_definition_is_plain_text_on_one_line() -> None:
    deck = mini_deck_spec()
    question = next(q for q in deck.questions if q.id == "short-1")
    styled = dataclasses.replace(question, prompt="The **capital**\nof\tIran?")
    exported = export_quizlet(ExportRequest(dataclasses.replace(deck, questions=(styled,))))
    assert exported.data.decode("utf-8") == "Tehran\tThe capital of Iran?\n"


def test_the_shipped_deck_goes_to_quizlet_and_comes_back_as_a_valid_deck() -> None:
    shipped = shipped_deck()
    exported = export_quizlet(ExportRequest(shipped))
    assert sniff_quizlet(exported.data, exported.filename)
    back = validated(convert_quizlet(exported.data, exported.filename))
    left_out = {s.question_id for s in exported.skipped if s.reason.startswith("left out")}
    assert len(back.questions) >= len(shipped.questions) - len(left_out)
    terms = [line.split("\t")[0] for line in exported.data.decode("utf-8").splitlines()]
    assert [q.body["answers"][0] for q in back.questions] == terms
