"""Graders: full and partial credit per type, and malformed responses scoring 0."""

from __future__ import annotations

from typing import Any

import pytest

from quizapp.paths import resource_dir
from quizapp.questions.bank import load_bank_texts
from quizapp.questions.commands import read_files
from quizapp.questions.grading import Grade, grade

SINGLE = {
    "options": [
        {"text": "a", "correct": False, "feedback": None},
        {"text": "b", "correct": True, "feedback": None},
        {"text": "c", "correct": False, "feedback": None},
    ]
}
MULTIPLE = {
    "options": [
        {"text": "a", "correct": True, "feedback": None},
        {"text": "b", "correct": True, "feedback": None},
        {"text": "c", "correct": False, "feedback": None},
        {"text": "d", "correct": False, "feedback": None},
        {"text": "e", "correct": False, "feedback": None},
    ]
}
ALL_CORRECT = {"options": [{"text": t, "correct": True, "feedback": None} for t in "ab"]}
TRUE_FALSE = {"answer": False, "feedback_true": None, "feedback_false": None}
SHORT = {"answers": ["Tehran", "Teheran"], "typos": 1}
CLOZE = {
    "text": "{{a}} {{b}} {{c}}",
    "blanks": {"a": ["one"], "b": ["two"], "c": ["3"]},
    "typos": 0,
}
ORDERING = {"items": ["w", "x", "y", "z"]}
MATCHING = {
    "pairs": [{"left": f"L{i}", "right": f"R{i}"} for i in range(4)],
    "distractors": ["D0"],
}


def test_single_choice() -> None:
    assert grade("single_choice", SINGLE, {"choice": 1}) == Grade(1.0, True, (True,) * 3)
    assert grade("single_choice", SINGLE, {"choice": 0}) == Grade(0.0, False, (False, False, True))


def test_multiple_choice_exact_set_scores_one() -> None:
    result = grade("multiple_choice", MULTIPLE, {"choices": [1, 0]})
    assert result == Grade(1.0, True, (True,) * 5)


@pytest.mark.parametrize(
    ("choices", "score"),
    [
        ([0], 0.5),  # half the correct ones, no false pick
        ([0, 2], 0.166667),  # 1/2 - 1/3
        ([0, 1, 2], 0.666667),  # all correct ones and one wrong: not full marks
        ([2, 3], 0.0),  # clamped at 0
        ([], 0.0),
        ([0, 1, 2, 3, 4], 0.0),  # everything ticked: 1 - 3/3
    ],
)
def test_multiple_choice_partial_credit(choices: list[int], score: float) -> None:
    result = grade("multiple_choice", MULTIPLE, {"choices": choices})
    assert result.score == score
    assert result.correct is False


def test_multiple_choice_parts_say_which_options_were_handled_right() -> None:
    result = grade("multiple_choice", MULTIPLE, {"choices": [0, 2]})
    assert result.parts == (True, False, False, True, True)


def test_multiple_choice_with_every_option_correct_has_no_penalty_term() -> None:
    assert grade("multiple_choice", ALL_CORRECT, {"choices": [0]}).score == 0.5
    assert grade("multiple_choice", ALL_CORRECT, {"choices": [0, 1]}).correct


def test_true_false() -> None:
    assert grade("true_false", TRUE_FALSE, {"answer": False}) == Grade(1.0, True, (True,))
    assert grade("true_false", TRUE_FALSE, {"answer": True}) == Grade(0.0, False, (False,))


@pytest.mark.parametrize(
    ("text", "right"),
    [("tehran", True), ("  TEHRAN!  ", True), ("Téhéran", True), ("Tehrn", True), ("Thrn", False)],
)
def test_short_answer(text: str, right: bool) -> None:
    assert grade("short_answer", SHORT, {"text": text}).correct is right


def test_cloze_scores_the_fraction_of_blanks_right() -> None:
    result = grade("cloze", CLOZE, {"blanks": {"a": "One", "b": "too", "c": "3"}})
    assert result == Grade(0.666667, False, (True, False, True))
    assert grade("cloze", CLOZE, {"blanks": {"a": "one", "b": "two", "c": "3"}}).correct


def test_cloze_blank_left_out_is_just_wrong() -> None:
    assert grade("cloze", CLOZE, {"blanks": {"a": "one"}}).parts == (True, False, False)


@pytest.mark.parametrize(
    ("order", "score"),
    [
        ([0, 1, 2, 3], 1.0),
        ([1, 0, 2, 3], 0.833333),  # one pair of six swapped
        ([3, 2, 1, 0], 0.0),
        ([3, 0, 1, 2], 0.5),
    ],
)
def test_ordering_counts_pairs_in_the_right_relative_order(order: list[int], score: float) -> None:
    result = grade("ordering", ORDERING, {"order": order})
    assert result.score == score
    assert result.correct is (score == 1.0)


def test_ordering_parts_are_items_at_their_place() -> None:
    assert grade("ordering", ORDERING, {"order": [1, 0, 2, 3]}).parts == (False, False, True, True)


def test_matching_scores_the_fraction_of_lefts_matched() -> None:
    result = grade("matching", MATCHING, {"matches": {0: 0, 1: 4, 2: 2, 3: 1}})
    assert result == Grade(0.5, False, (True, False, True, False))
    assert grade("matching", MATCHING, {"matches": {i: i for i in range(4)}}).correct


def test_matching_unmatched_or_shared_rights_are_wrong_parts_not_malformed() -> None:
    assert grade("matching", MATCHING, {"matches": {0: 0, 1: None}}).score == 0.25
    assert grade("matching", MATCHING, {"matches": {0: 0, 1: 0}}).score == 0.25


MALFORMED: list[tuple[str, dict[str, Any], Any]] = [
    ("single_choice", SINGLE, {}),
    ("single_choice", SINGLE, {"choice": 3}),
    ("single_choice", SINGLE, {"choice": -1}),
    ("single_choice", SINGLE, {"choice": "1"}),
    ("single_choice", SINGLE, {"choice": True}),
    ("single_choice", SINGLE, None),
    ("single_choice", SINGLE, [1]),
    ("multiple_choice", MULTIPLE, {"choices": [0, 0, 1]}),
    ("multiple_choice", MULTIPLE, {"choices": [0, 1, 9]}),
    ("multiple_choice", MULTIPLE, {"choices": "01"}),
    ("multiple_choice", MULTIPLE, {"choices": [0.0, 1.0]}),
    ("true_false", TRUE_FALSE, {"answer": "false"}),
    ("true_false", TRUE_FALSE, {"answer": 0}),
    ("true_false", TRUE_FALSE, {}),
    ("short_answer", SHORT, {"text": None}),
    ("short_answer", SHORT, {"text": ["Tehran"]}),
    ("short_answer", SHORT, {"text": ""}),
    ("short_answer", SHORT, {"text": "?!"}),
    ("cloze", CLOZE, {"blanks": ["one", "two", "3"]}),
    ("cloze", CLOZE, {"blanks": {"a": "one", "zz": "two"}}),
    ("cloze", CLOZE, {"blanks": {"a": 1}}),
    ("cloze", CLOZE, {}),
    ("ordering", ORDERING, {"order": [0, 1, 2]}),
    ("ordering", ORDERING, {"order": [0, 1, 2, 2]}),
    ("ordering", ORDERING, {"order": [0, 1, 2, 4]}),
    ("ordering", ORDERING, {"order": {"0": 1}}),
    ("matching", MATCHING, {"matches": {0: 5}}),
    ("matching", MATCHING, {"matches": {4: 0}}),
    ("matching", MATCHING, {"matches": {"0": 0}}),
    ("matching", MATCHING, {"matches": [[0, 0]]}),
    ("matching", MATCHING, {}),
]


@pytest.mark.parametrize(("qtype", "body", "response"), MALFORMED)
def test_malformed_responses_score_zero_without_raising(
    qtype: str, body: dict[str, Any], response: Any
) -> None:
    result = grade(qtype, body, response)
    assert result.score == 0.0
    assert result.correct is False
    assert not any(result.parts)


# --- the shipped bank's typed answers, after the teacher's review of issue 13

SHIPPED_FILE = resource_dir("question_bank") / "russia-iran.yaml"
SHIPPED = {q.id: q for q in load_bank_texts(read_files([SHIPPED_FILE]))[0][0].questions}


def typed(question_id: str, text: str) -> bool:
    question = SHIPPED[question_id]
    if question.type == "cloze":
        name = next(iter(question.body["blanks"]))
        return grade("cloze", question.body, {"blanks": {name: text}}).parts[0]
    return grade(question.type, question.body, {"text": text}).correct


@pytest.mark.parametrize(
    ("question_id", "text"),
    [
        ("military-18", "arms importer"),
        ("military-18", "arms exporter"),
        ("economy-08", "OPEC"),
        ("limits-01", "strategic transnationalism"),
        ("military-03", "shared"),
    ],
)
def test_shipped_bank_refuses_near_misses_that_mean_something_else(
    question_id: str, text: str
) -> None:
    assert not typed(question_id, text)


@pytest.mark.parametrize(
    ("question_id", "text"),
    [
        ("military-18", "arms supplier"),
        ("economy-08", "OPEC+"),
        ("economy-08", "opec plus"),
        ("military-03", "Shahed-136"),
        ("military-03", "Shahed 136"),
        ("economy-03", "North-South Transport Corridor"),
        ("economy-03", "international north south transport corridor"),
        ("limits-01", "strategic transactionalism"),
        ("limits-01", "strategic transactionalsm"),
    ],
)
def test_shipped_bank_accepts_right_answers_in_their_usual_forms(
    question_id: str, text: str
) -> None:
    assert typed(question_id, text)
