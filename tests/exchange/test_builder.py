"""The converted-deck builder: whatever a converter hands it comes out as a bank file that
validates, with what it had to change or leave out said."""

from __future__ import annotations

import pytest

from quizapp.exchange import UnknownFormat, get_format
from quizapp.exchange.builder import (
    MISSING_EXPLANATION,
    MISSING_NOTE,
    DeckHint,
    NeutralQuestion,
    build_deck,
    make_id,
)
from quizapp.questions import bank


def _choice(text: str, correct: bool = False, feedback: str | None = None) -> dict:
    return {"text": text, "correct": correct, "feedback": feedback}


def _load(text: str) -> bank.DeckSpec:
    decks, problems = bank.load_bank_texts([("converted.yaml", text.encode())])
    assert problems == []
    return decks[0]


def test_ids_that_break_our_rules_are_remade_and_the_mapping_kept() -> None:
    questions = [
        NeutralQuestion("true_false", "One?", {"answer": True}, id="Suez_Q12"),
        NeutralQuestion("true_false", "Two?", {"answer": False}, id="suez-q12"),
        NeutralQuestion("true_false", "Three?", {"answer": False}, id="fine-id"),
    ]
    converted = build_deck(questions, "moodle.xml")
    deck = _load(converted.yaml_text)
    assert [q.id for q in deck.questions] == ["suez-q12", "suez-q12-2", "fine-id"]
    assert dict(converted.id_map) == {"Suez_Q12": "suez-q12", "suez-q12": "suez-q12-2"}


def test_missing_fields_get_placeholders_that_say_so() -> None:
    converted = build_deck(
        [NeutralQuestion("short_answer", "Capital of Iran?", {"answers": ["Tehran"]})],
        "plain.gift",
    )
    deck = _load(converted.yaml_text)
    assert deck.questions[0].explanation == MISSING_EXPLANATION
    assert deck.sections[0].note == MISSING_NOTE
    assert deck.slug == "plain"
    assert any("no explanation" in p.message for p in converted.problems)


def test_sections_and_topics_come_from_categories_and_tags() -> None:
    questions = [
        NeutralQuestion(
            "true_false",
            "A?",
            {"answer": True},
            section="Pressure from the West",
            topics=("sanctions", "Trade & energy"),
        ),
        NeutralQuestion("true_false", "B?", {"answer": True}, section="Arms"),
    ]
    converted = build_deck(questions, "x.gift", DeckHint(title="Russia and Iran"))
    deck = _load(converted.yaml_text)
    assert deck.title == "Russia and Iran"
    assert [(s.id, s.title) for s in deck.sections] == [
        ("pressure-from-the-west", "Pressure from the West"),
        ("arms", "Arms"),
    ]
    assert deck.questions[0].topics == ("sanctions", "trade-energy")
    assert deck.questions[1].topics == ("arms",)


def test_a_question_the_validator_refuses_is_left_out_with_its_line() -> None:
    questions = [
        NeutralQuestion(
            "single_choice",
            "Which?",
            {"options": [_choice("Yes", True), _choice("yes")]},
            id="twin",
            line=12,
        ),
        NeutralQuestion("true_false", "Kept?", {"answer": True}, id="kept"),
    ]
    converted = build_deck(questions, "quiz.gift")
    assert [q.id for q in _load(converted.yaml_text).questions] == ["kept"]
    [problem] = [p for p in converted.problems if p.question == "twin"]
    assert problem.line == 12
    assert "same text" in problem.message
    assert str(problem).startswith("quiz.gift:12: question twin: left out:")


def test_a_long_refused_id_is_matched_although_the_validator_shortens_it() -> None:
    long_id = "a" * 60
    questions = [
        NeutralQuestion(
            "single_choice",
            "Which?",
            {"options": [_choice("Yes", True), _choice("YES")]},
            id=long_id,
        ),
        NeutralQuestion("true_false", "Kept?", {"answer": True}, id="kept"),
    ]
    converted = build_deck(questions, "quiz.gift")
    assert [q.id for q in _load(converted.yaml_text).questions] == ["kept"]


def test_make_id_folds_accents_and_punctuation() -> None:
    assert make_id("Économie & Énergie!") == "economie-energie"
    assert make_id("***") == ""


def test_an_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(UnknownFormat, match="known formats: yaml"):
        get_format("docx")
