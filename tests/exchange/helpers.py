"""Shared by the exchange tests: the sample files, and reading a converted deck back."""

from __future__ import annotations

from pathlib import Path

from quizapp.exchange import Converted
from quizapp.questions import bank
from quizapp.questions.commands import read_files
from quizapp.questions.model import DeckSpec, QuestionSpec

SAMPLES = Path(__file__).parent.parent / "data" / "exchange"
SHIPPED = Path(__file__).parent.parent.parent / "question_bank" / "russia-iran.yaml"


def shipped_deck() -> DeckSpec:
    decks, problems = bank.load_bank_texts(read_files([SHIPPED]))
    assert problems == []
    return decks[0]


def validated(converted: Converted) -> DeckSpec:
    """The converted text as the validator reads it; it must validate as it is."""
    decks, problems = bank.load_bank_texts([("converted.yaml", converted.yaml_text.encode())])
    assert problems == [], problems[:5]
    [deck] = decks
    return deck


def by_id(deck: DeckSpec) -> dict[str, QuestionSpec]:
    return {question.id: question for question in deck.questions}


def messages(converted: Converted, question: str) -> list[str]:
    return [p.message for p in converted.problems if p.question == question]
