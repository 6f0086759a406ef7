"""The order a question's lists are shown in: the key never given away by the order."""

from __future__ import annotations

import random

from quizapp.questions.present import display_order
from tests.quiz.test_rules import CHOICE, MATCHING, ORDERING


def test_ordering_items_and_matching_answers_are_never_shown_in_their_answer_order():
    for seed in range(200):
        rng = random.Random(seed)
        order = display_order("ordering", ORDERING, shuffle_options=False, rng=rng)
        assert order["items"] != [0, 1, 2, 3]
        match = display_order("matching", MATCHING, shuffle_options=False, rng=rng)
        assert sorted(match["rights"]) == [0, 1, 2] and match["rights"] != [0, 1, 2]
        assert match["lefts"] == [0, 1]


def test_choice_options_are_shuffled_only_when_the_quiz_says_so():
    kept = display_order("single_choice", CHOICE, shuffle_options=False, rng=random.Random(1))
    assert kept == {"options": [0, 1, 2, 3]}
    # Unshuffled, they are in the order of their texts, never in the file's (right one first).
    texts = ("Tehran", "baghdad", "10 km", "9 km")
    right_first = {"options": [{"text": t, "correct": t == "Tehran"} for t in texts]}
    for seed in range(5):
        order = display_order("single_choice", right_first, False, random.Random(seed))
        assert order == {"options": [3, 2, 1, 0]}
    orders = {
        tuple(display_order("single_choice", CHOICE, True, random.Random(s))["options"])
        for s in range(30)
    }
    assert len(orders) > 5


def test_matching_answers_never_line_up_with_their_partners():
    wide = {**MATCHING, "distractors": ["D", "E"]}
    for seed in range(300):
        for body in (MATCHING, wide):
            order = display_order("matching", body, True, random.Random(seed))
            lefts, rights = order["lefts"], order["rights"]
            assert sorted(rights) == list(range(len(rights)))
            assert rights[: len(lefts)] != lefts
