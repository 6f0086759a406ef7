"""Quizlet sets as its Export writes them, with each separator its dialog offers."""

from __future__ import annotations

import pytest

from quizapp.exchange.model import ConvertError
from quizapp.exchange.quizlet import convert_quizlet, sniff_quizlet
from quizapp.questions import bank


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
