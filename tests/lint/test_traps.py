"""Grading traps: Q101 typo tolerance, Q102 right here and wrong elsewhere, Q103 ignored
symbols, Q104 abbreviation or expansion missing."""

from __future__ import annotations

from tests.lint.conftest import codes, lint, messages, short, single


def test_typo_tolerance_that_accepts_the_opposite_word_is_reported() -> None:
    report = lint([short("trade-1", ["arms exporter"], typos=2)])
    assert any("arms importer" in m for m in messages(report, "Q101"))


def test_typo_tolerance_that_accepts_a_rarer_real_word_is_reported() -> None:
    report = lint([short("label-1", ["transactionalism"], typos=2)])
    assert any("transnationalism" in m for m in messages(report, "Q101"))


def test_typo_tolerance_on_a_number_accepts_other_numbers() -> None:
    assert "Q101" in codes(lint([short("year-1", ["1914"], typos=1)]))


def test_typo_tolerance_with_no_word_nearby_is_fine() -> None:
    assert "Q101" not in codes(lint([short("ice-1", ["stratification"], typos=1)]))
    assert "Q101" not in codes(lint([short("ice-2", ["arms exporter"], typos=0)]))


def test_plurals_and_endings_are_the_same_word() -> None:
    assert "Q101" not in codes(lint([short("ice-3", ["supplier"], typos=1)]))


def test_accepted_answer_that_is_a_wrong_option_elsewhere() -> None:
    wrong = single("density-1", ["Four degrees", "Zero degrees"], right=0)
    report = lint([wrong, short("density-2", ["zero degrees", "0 degrees"])])
    assert any("density-1" in m for m in messages(report, "Q102"))
    fine = lint([wrong, short("density-2", ["four degrees"])])
    assert "Q102" not in codes(fine)


def test_a_symbol_the_matcher_ignores_is_reported() -> None:
    assert "Q103" in codes(lint([short("unit-1", ["40%"])]))
    assert "Q103" in codes(lint([short("unit-2", ["£5"])]))


def test_kept_symbols_are_not_reported() -> None:
    report = lint([short("unit-3", ["OPEC+"]), short("unit-4", ["-5"]), short("unit-5", ["C#"])])
    assert "Q103" not in codes(report)


def test_expansion_accepted_but_not_the_abbreviation_the_deck_uses() -> None:
    mention = single(
        "body-1",
        ["The World Meteorological Organization (WMO)", "A skating club"],
        prompt="Who publishes the ice records?",
    )
    report = lint([mention, short("body-2", ["World Meteorological Organization"])])
    assert any("'WMO'" in m for m in messages(report, "Q104"))
    both = lint([mention, short("body-2", ["World Meteorological Organization", "WMO"])])
    assert "Q104" not in codes(both)


def test_a_prompt_that_asks_for_the_expansion_may_refuse_the_abbreviation() -> None:
    mention = single("body-1", ["The World Meteorological Organization (WMO)", "A club"])
    asks = short("body-2", ["World Meteorological Organization"], prompt="What does WMO stand for?")
    assert "Q104" not in codes(lint([mention, asks]))


def test_british_and_american_spellings_are_the_same_word() -> None:
    found = messages(lint([short("ice-4", ["vapour"], typos=1)]), "Q101")
    assert any("'valour'" in m for m in found)
    assert not any("'vapor'" in m for m in found)
