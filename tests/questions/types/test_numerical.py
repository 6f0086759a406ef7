"""The numerical type: reading a typed number, credit per accepted answer, units, the
validator's checks, export, and its place in quizzes, flashcards and response analysis."""

from __future__ import annotations

import random

import pytest

from quizapp.questions.export import dump_deck
from quizapp.questions.grading import grade
from quizapp.questions.present import answer_key, present
from quizapp.questions.types import numerical
from quizapp.quiz import rules
from quizapp.quiz.rules import QuizRefusal
from quizapp.reports.responses import tally
from tests.questions.conftest import at, bank, deck, problems, question

YEAR = {"answers": [{"value": 1991, "tolerance": 0, "credit": 1.0}], "units": []}
RANGES = {
    "answers": [
        {"min": 2000, "max": 2004, "credit": 1.0},
        {"min": 1995, "max": 2009, "credit": 0.5, "feedback": "Close."},
    ],
    "units": [],
}
DISTANCE = {"answers": [{"value": 2.5, "tolerance": 0.1, "credit": 1.0}], "units": ["km", "%"]}


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1991", 1991.0),
        (" 1,991 ", 1991.0),
        ("1 991", 1991.0),
        ("12,345,678", 12345678.0),
        ("3,5", 3.5),
        ("1,5", 1.5),
        ("1.991,5", 1991.5),
        ("1,991.5", 1991.5),
        ("-3", -3.0),
        ("\u22123", -3.0),
        ("+4.25", 4.25),
    ],
)
def test_typed_numbers_are_read_with_separators_and_decimal_commas(
    typed: str, value: float
) -> None:
    parsed = numerical.parse_number(typed)
    assert parsed is not None and parsed[0] == value


@pytest.mark.parametrize("typed", ["", "abc", "1,2,3", "1.2.3", ".5x", "12,34,567"])
def test_what_is_not_a_number_is_not_read_as_one(typed: str) -> None:
    assert numerical.parse_number(typed) is None


def test_an_answer_within_the_tolerance_scores_and_others_do_not() -> None:
    assert grade("numerical", YEAR, {"text": "1991"}).score == 1.0
    assert grade("numerical", YEAR, {"text": "1,991"}).correct
    assert grade("numerical", YEAR, {"text": "1992"}).score == 0.0
    assert grade("numerical", DISTANCE, {"text": "2.6"}).correct
    assert grade("numerical", DISTANCE, {"text": "2.61"}).score == 0.0
    assert grade("numerical", YEAR, {"text": "about then"}).score == 0.0


def test_each_accepted_answer_gives_its_own_credit() -> None:
    assert grade("numerical", RANGES, {"text": "2003"}).score == 1.0
    partial = grade("numerical", RANGES, {"text": "1998"})
    assert partial.score == 0.5 and not partial.correct and partial.parts == (False,)
    assert grade("numerical", RANGES, {"text": "2010"}).score == 0.0


def test_a_missing_unit_is_accepted_and_an_unknown_one_is_wrong() -> None:
    assert grade("numerical", DISTANCE, {"text": "2.5"}).correct
    assert grade("numerical", DISTANCE, {"text": "2.5 KM"}).correct
    assert grade("numerical", DISTANCE, {"text": "2,5km"}).correct
    assert grade("numerical", DISTANCE, {"text": "2.5 miles"}).score == 0.0
    assert grade("numerical", YEAR, {"text": "1991 AD"}).score == 0.0


def test_a_response_of_the_wrong_shape_scores_zero() -> None:
    assert grade("numerical", YEAR, {"text": 1991}).parts == (False,)
    assert grade("numerical", YEAR, {}).score == 0.0


def test_the_quiz_form_stores_what_was_typed() -> None:
    assert rules.read_response("numerical", YEAR, {}, {"text": [" 1,991 "]}) == {"text": "1,991"}
    assert rules.read_response("numerical", YEAR, {}, {"text": [""]}) is None
    with pytest.raises(QuizRefusal):
        rules.read_response("numerical", YEAR, {}, {"text": ["1" * 301]})
    assert rules.form_values("numerical", YEAR, {"text": "1991"}, {}) == {"text": "1991"}


def test_the_page_shows_nothing_of_the_key_until_the_answer_is_final() -> None:
    view = present("numerical", "In which year?", RANGES)
    assert (view.choices, view.cloze, view.items, view.lefts, view.rights) == ((),) * 5
    assert view.label == "Number"
    assert answer_key("numerical", RANGES) == ["2000 to 2004", "1995 to 2009: 50% credit"]
    assert answer_key("numerical", DISTANCE) == ["2.5 km (± 0.1)"]


def test_the_chosen_answer_brings_its_feedback() -> None:
    kind = numerical.TYPE
    assert kind.chosen_feedback(RANGES, {"text": "1999"}) == [
        {"text": "1999", "feedback": "Close."}
    ]
    assert kind.chosen_feedback(RANGES, {"text": "2001"}) == []


def test_response_analysis_groups_numbers_however_they_were_typed() -> None:
    result = tally(
        "numerical",
        YEAR,
        [({"text": "1991"}, 2), ({"text": "1,991"}, 1), ({"text": "1990"}, 1), (None, 1)],
    )
    assert [(a.text, a.right, a.count) for a in result.answers] == [
        ("1991", True, 3),
        ("1990", False, 1),
    ]
    assert result.unanswered == 1 and result.shape == "typed"


def test_a_flashcard_takes_a_typed_number_and_judges_it_like_a_quiz() -> None:
    kind = numerical.TYPE
    (field,) = kind.card_inputs(YEAR)
    assert (field.name, field.inputmode) == ("typed", "decimal")
    (check,) = kind.card_checks(YEAR, {"typed": "1,991"})
    assert check.right and check.accepted == ("1991",)
    assert kind.card_checks(YEAR, {"typed": ""}) == []


def test_demo_answers_are_right_and_wrong() -> None:
    kind = numerical.TYPE
    for body in (YEAR, RANGES, DISTANCE):
        assert grade("numerical", body, kind.right_response(body)).correct
        assert grade("numerical", body, kind.wrong_response(body, random.Random(3))).score == 0.0


BODIES = (
    """\
    answer: 1991
    tolerance: 2
    units: [years]
""",
    """\
    min: 1
    max: 3
""",
    """\
    answers:
      - answer: 10
      - min: 5
        max: 15
        credit: 0.25
        feedback: "Near."
""",
)


def test_every_form_of_answer_validates_and_exports_back_the_same() -> None:
    text = bank(*(question(f"n{i}", "numerical", body) for i, body in enumerate(BODIES)))
    spec = deck(text)
    assert [q.body for q in spec.questions] == [
        {"answers": [{"value": 1991, "tolerance": 2, "credit": 1.0}], "units": ["years"]},
        {"answers": [{"min": 1, "max": 3, "credit": 1.0}], "units": []},
        {
            "answers": [
                {"value": 10, "tolerance": 0, "credit": 1.0},
                {"min": 5, "max": 15, "credit": 0.25, "feedback": "Near."},
            ],
            "units": [],
        },
    ]
    again = deck(dump_deck(spec))
    assert [q.content() for q in again.questions] == [q.content() for q in spec.questions]


@pytest.mark.parametrize(
    ("body", "needle", "message"),
    [
        (
            "    answer: 1991\n    tolerance: -1\n",
            "-1",
            "'tolerance' of the question must be 0 or more, found -1",
        ),
        ("    min: 5\n    max: 3\n", "5", "'min' of the question (5) is more than its 'max' (3)"),
        ("    min: 5\n", "5", "the question has no 'max': a range needs 'min' and 'max'"),
        (
            '    answer: "1991"\n',
            '"1991"',
            "'answer' of the question must be a number, like 1991 or 2.5, found the text \"1991\"",
        ),
        (
            "    answer: 1\n    min: 0\n    max: 2\n",
            "answer: 1",
            "the question needs either 'answer' (with an optional 'tolerance') or 'min' and "
            "'max', not both",
        ),
        (
            "    answers:\n      - answer: 1\n        credit: 0.5\n",
            "answer: 1",
            "at least one answer must give full credit (leave out 'credit', or write 'credit: 1')",
        ),
        (
            "    answers:\n      - answer: 1\n      - answer: 2\n        credit: 1.5\n",
            "1.5",
            "'credit' of answer 2 must be more than 0 and at most 1 (1 is full credit, 0.5 "
            "half), found 1.5",
        ),
        (
            "    answers:\n      - answer: 1\n      - answer: 2\n        credit: 0\n",
            "0\n",
            "'credit' of answer 2 must be more than 0 and at most 1 (1 is full credit, 0.5 "
            "half), found 0",
        ),
        ("    answer: 1\n    units: [km, KM]\n", "KM", "unit 2 in 'units' ('KM') is listed twice"),
        (
            "    answer: 1\n    units: ['5 km']\n",
            "'5 km'",
            "unit 1 in 'units' ('5 km') starts like a number",
        ),
    ],
)
def test_the_validator_explains_each_bad_answer(body: str, needle: str, message: str) -> None:
    text = bank(question("n1", "numerical", body))
    found = problems(text)
    assert any(m.endswith(f"question n1: {message}") for m in found), found
    assert any(m.startswith(f"bank.yaml:{at(text, needle).split(':')[0]}:") for m in found), found
