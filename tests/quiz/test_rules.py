"""The attempt rules as plain data: drawing, reading forms, time."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from quizapp.quiz import rules

CHOICE = {"options": [{"text": t, "correct": t == "b"} for t in "abcd"]}
ORDERING = {"items": ["first", "second", "third", "fourth"]}
MATCHING = {
    "pairs": [{"left": "L0", "right": "R0"}, {"left": "L1", "right": "R1"}],
    "distractors": ["D"],
}
CLOZE = {"text": "A {{x}} and a {{y}}.", "blanks": {"x": ["one"], "y": ["two"]}}


def test_draw_takes_the_requested_number_without_repeats_in_deck_order_unless_shuffled():
    rng = random.Random(4)
    drawn = rules.draw(list(range(20)), 5, shuffle=False, rng=rng)
    assert len(drawn) == 5 and drawn == sorted(drawn) and len(set(drawn)) == 5
    everything = rules.draw(list(range(6)), 50, shuffle=True, rng=rng)
    assert sorted(everything) == list(range(6))


def test_a_submitted_choice_is_mapped_from_display_position_back_to_the_option():
    order = {"options": [2, 0, 3, 1]}
    assert rules.read_response("single_choice", CHOICE, order, {"choice": ["0"]}) == {"choice": 2}
    picked = rules.read_response("multiple_choice", CHOICE, order, {"choices": ["3", "1"]})
    assert picked == {"choices": [0, 1]}


def test_values_the_page_never_offered_are_refused_not_guessed_at():
    order = {"options": [0, 1, 2, 3]}
    bogus_choices = ["4", "99", "-1", "+1", " 1", "1.0", "x", "", "1e3", "²", "٣", "1" * 4300]
    for bogus in bogus_choices:
        with pytest.raises(rules.QuizRefusal, match="not one of the 4 choices") as refused:
            rules.read_response("single_choice", CHOICE, order, {"choice": [bogus]})
        assert refused.value.status == 400
        with pytest.raises(rules.QuizRefusal, match="not one of the 4 choices"):
            rules.read_response("multiple_choice", CHOICE, order, {"choices": ["0", bogus]})
        with pytest.raises(rules.QuizRefusal, match="not a place from 1 to 4"):
            rules.read_response(
                "ordering",
                ORDERING,
                {"items": [0, 1, 2, 3]},
                {"position-0": [{"4": "5", "": "0"}.get(bogus, bogus)]},
            )
        with pytest.raises(rules.QuizRefusal, match="not one of the 3 choices"):
            # An empty select is no answer, so "3" stands in for "" there.
            rules.read_response(
                "matching",
                MATCHING,
                {"lefts": [0, 1], "rights": [0, 1, 2]},
                {"match-1": [bogus or "3"]},
            )
    with pytest.raises(rules.QuizRefusal, match="true or false"):
        rules.read_response("true_false", {"answer": True}, {}, {"answer": ["yes"]})
    with pytest.raises(rules.QuizRefusal, match="longer than the 300 characters"):
        rules.read_response("short_answer", {"answers": ["a"]}, {}, {"text": ["x" * 301]})
    with pytest.raises(rules.QuizRefusal, match="longer than the 300 characters"):
        rules.read_response("cloze", CLOZE, {}, {"blank-1": ["x" * 301]})


def test_a_single_answer_sent_twice_is_refused():
    order = {"options": [0, 1, 2, 3]}
    with pytest.raises(rules.QuizRefusal, match="more than once"):
        rules.read_response("single_choice", CHOICE, order, {"choice": ["0", "1"]})
    with pytest.raises(rules.QuizRefusal, match="sent twice"):
        rules.read_response("multiple_choice", CHOICE, order, {"choices": ["1", "1"]})
    with pytest.raises(rules.QuizRefusal, match="more than once"):
        rules.read_response("true_false", {"answer": True}, {}, {"answer": ["true", "false"]})
    with pytest.raises(rules.QuizRefusal, match="more than once"):
        rules.read_response("cloze", CLOZE, {}, {"blank-2": ["one", "two"]})


def test_empty_selects_and_blank_text_are_no_answer():
    assert (
        rules.read_response("ordering", ORDERING, {"items": [0, 1, 2, 3]}, {"position-0": [""]})
        is None
    )
    assert (
        rules.read_response(
            "matching", MATCHING, {"lefts": [0, 1], "rights": [0, 1, 2]}, {"match-0": [""]}
        )
        is None
    )
    assert rules.read_response("short_answer", {"answers": ["a"]}, {}, {"text": ["  "]}) is None
    assert rules.read_response("single_choice", CHOICE, {"options": [0, 1, 2, 3]}, {}) is None


def test_ordering_and_matching_round_trip_between_form_storage_and_grader():
    order = {"items": [3, 1, 0, 2]}
    form = {"position-0": ["4"], "position-1": ["2"], "position-2": ["1"], "position-3": ["3"]}
    stored = rules.read_response("ordering", ORDERING, order, form)
    assert rules.grading_response("ordering", ORDERING, stored) == {"order": [0, 1, 2, 3]}
    assert rules.form_values("ordering", ORDERING, stored, order) == {
        "positions": {0: 4, 1: 2, 2: 1, 3: 3}
    }
    half = rules.read_response("ordering", ORDERING, order, {"position-0": ["1"]})
    assert rules.grading_response("ordering", ORDERING, half) == {"order": []}

    match_order = {"lefts": [1, 0], "rights": [2, 0, 1]}
    stored = rules.read_response(
        "matching", MATCHING, match_order, {"match-0": ["2"], "match-1": ["1"]}
    )
    assert rules.grading_response("matching", MATCHING, stored) == {"matches": {1: 1, 0: 0}}
    assert rules.form_values("matching", MATCHING, stored, match_order) == {"matches": {0: 2, 1: 1}}


def test_cloze_blanks_are_numbered_on_the_page_and_stored_by_name():
    form = {"blank-1": [" one "], "blank-2": [""], "blank-3": ["ignored"], "blank-x": ["no"]}
    stored = rules.read_response("cloze", CLOZE, {}, form)
    assert stored == {"blanks": {"x": "one", "y": ""}}
    assert rules.read_response("cloze", CLOZE, {}, {}) is None
    assert rules.read_response("cloze", CLOZE, {}, {"blank-y": ["two"]}) is None
    # Stored by name (as answers saved before blanks were numbered are), shown by number.
    assert rules.form_values("cloze", CLOZE, stored, {}) == {"blanks": {1: "one", 2: ""}}
    assert rules.form_values("cloze", CLOZE, {"blanks": {"y": "two"}}, {}) == {
        "blanks": {1: "", 2: "two"}
    }


def test_deadline_has_a_short_grace_for_forms_sent_in_time():
    start = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    end = rules.deadline(start, 10)
    assert end == start + timedelta(minutes=10)
    assert not rules.past_deadline(end, end + timedelta(seconds=4))
    assert rules.past_deadline(end, end + timedelta(seconds=6))
    assert rules.deadline(start, None) is None
    assert not rules.past_deadline(None, start + timedelta(days=9))
