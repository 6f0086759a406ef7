"""Short-answer matching: what is ignored, and how many typos are forgiven."""

from __future__ import annotations

import pytest

from quizapp.questions.textmatch import forms, matches, normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tehran", "tehran"),
        ("  the   Caspian\tSea \n", "the caspian sea"),
        ("U.S.-Iran, (2015)!", "usiran 2015"),
        ("Téhéran", "teheran"),
        ("Straße", "strasse"),
        ("ＦＵＬＬ width", "full width"),
        ("soft\u00adhyphen", "softhyphen"),
        ("€ 5 %", "5"),
        ("«quoted»", "quoted"),
        ("", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(
    "given",
    ["tehran", "TEHRAN", "  Tehran  ", "Tehran.", "Teh-ran", "téhran"],
)
def test_case_spaces_punctuation_and_accents_do_not_count(given: str) -> None:
    assert matches(given, ["Tehran"], 0)


def test_accented_accepted_answer_matches_plain_input() -> None:
    assert matches("Teheran", ["Téhéran"], 0)


def test_spaces_inside_an_answer_still_count() -> None:
    assert not matches("the war in ukraine", ["the warin ukraine"], 0)
    assert matches("the war in ukraine", ["the warin ukraine"], 1)


@pytest.mark.parametrize(
    ("given", "typos", "right"),
    [
        ("Tehrn", 1, True),  # one deletion
        ("Tehrna", 1, False),  # a transposition is two edits
        ("Tehrna", 2, True),
        ("Thrn", 2, True),
        ("Thrn", 1, False),
        ("Tehran", 0, True),
        ("Tehrann", 0, False),
    ],
)
def test_typos_within_and_over_the_limit(given: str, typos: int, right: bool) -> None:
    assert matches(given, ["Tehran"], typos) is right


def test_any_accepted_answer_will_do() -> None:
    assert matches("shahed drones", ["Shahed", "Shahed drones"], 0)


@pytest.mark.parametrize("given", ["", "   ", "?!", "--"])
def test_empty_given_never_matches(given: str) -> None:
    assert not matches(given, ["", "?", "a"], 3)


def test_accepted_answer_that_normalises_to_nothing_matches_nothing() -> None:
    assert not matches("a", ["!!"], 3)


@pytest.mark.parametrize(
    ("given", "accepted"),
    [("OPEC", "OPEC+"), ("C", "C#"), ("C", "C++"), ("5", "-5"), ("-5", "5"), ("OPEC+", "OPEC")],
)
def test_symbols_that_make_a_different_answer_count(given: str, accepted: str) -> None:
    assert not matches(given, [accepted], 0)


@pytest.mark.parametrize(
    ("given", "accepted"),
    [("opec+", "OPEC+"), ("OPEC +", "OPEC+"), ("c#", "C#"), ("\u22125", "-5"), ("x-5", "x5")],
)
def test_kept_symbols_still_ignore_case_and_spacing(given: str, accepted: str) -> None:
    assert matches(given, [accepted], 0)


@pytest.mark.parametrize(
    ("given", "accepted"),
    [
        ("Shahed-136", "Shahed 136"),
        ("Shahed 136", "Shahed-136"),
        ("North South", "North-South"),
        ("north-south", "Northsouth"),
        ("well-known", "wellknown"),
    ],
)
def test_a_hyphen_reads_as_a_space_or_as_nothing(given: str, accepted: str) -> None:
    assert matches(given, [accepted], 0)


def test_forms_lists_both_readings_of_a_hyphen() -> None:
    assert forms("North-South") == {"northsouth", "north south"}
    assert normalize("OPEC +") == "opec+"
