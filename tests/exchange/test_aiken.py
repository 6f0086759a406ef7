"""Aiken both ways: single choice only, everything else listed as left out."""

from __future__ import annotations

from quizapp.exchange import ExportRequest
from quizapp.exchange.aiken import convert_aiken, export_aiken
from tests.exchange.helpers import SAMPLES, shipped_deck, validated


def test_the_sample_converts_and_bad_questions_are_listed_with_their_line() -> None:
    converted = convert_aiken((SAMPLES / "every-feature.aiken.txt").read_bytes(), "a.txt")
    deck = validated(converted)
    assert [q.prompt for q in deck.questions] == [
        "In which country is the Suez canal?",
        "Which sea does the canal join to the Mediterranean?",
    ]
    assert [o["correct"] for o in deck.questions[1].body["options"]] == [False, True]
    assert [q.id for q in deck.questions] == ["q-001", "q-002"]
    left_out = [(p.line, p.message) for p in converted.problems if p.line is not None]
    assert left_out == [
        (12, "left out: 'ANSWER: D' names no option (its options are A, B)"),
        (17, "left out: the question has no 'ANSWER:' line"),
    ]


def test_the_shipped_deck_as_aiken_lists_every_other_type() -> None:
    deck = shipped_deck()
    exported = export_aiken(ExportRequest(deck))
    single = [q for q in deck.questions if q.type == "single_choice"]
    assert exported.data.decode().count("\nANSWER: ") == len(single)
    reasons = {s.question_id: s.reason for s in exported.skipped}
    for question in deck.questions:
        if question.type == "single_choice":
            assert reasons[question.id].startswith("kept, but Aiken has no room for")
        else:
            assert reasons[question.id] == (
                f"left out: Aiken holds single choice questions only (this is {question.type})"
            )
    assert exported.data.decode().startswith(single[0].prompt + "\nA. ")
