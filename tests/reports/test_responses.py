"""Response analysis: the answers given to each type of question, counted."""

from __future__ import annotations

from quizapp.reports.responses import Answer, tally

SINGLE = {"options": [{"text": "Blue", "correct": True}, {"text": "Green"}, {"text": "Red"}]}
MULTI = {"options": [{"text": "2", "correct": True}, {"text": "3", "correct": True}, {"text": "4"}]}
SHORT = {"answers": ["Tehran", "Teheran"], "typos": 1}
CLOZE = {"text": "The {{star}} has {{count}}.", "blanks": {"star": ["Sun"], "count": ["8"]}}
ORDER = {"items": ["one", "two", "three"]}
MATCH = {
    "pairs": [{"left": "France", "right": "Paris"}, {"left": "Japan", "right": "Tokyo"}],
    "distractors": ["Madrid"],
}


def test_every_option_is_counted_in_the_banks_order_chosen_or_not():
    result = tally("single_choice", SINGLE, [({"choice": 1}, 2), ({"choice": 0}, 5), (None, 1)])
    assert result.responses == 8 and result.unanswered == 1
    assert [(a.text, a.right, a.count) for a in result.answers] == [
        ("Blue", True, 5),
        ("Green", False, 2),
        ("Red", False, 0),
    ]


def test_a_multiple_choice_answer_counts_for_each_option_it_picked():
    result = tally("multiple_choice", MULTI, [({"choices": [0, 1]}, 3), ({"choices": [0, 2]}, 1)])
    assert [(a.text, a.count) for a in result.answers] == [("2", 4), ("3", 3), ("4", 1)]
    assert result.responses == 4


def test_true_false():
    result = tally("true_false", {"answer": False}, [({"answer": True}, 2), ({"answer": False}, 1)])
    assert [(a.text, a.right, a.count) for a in result.answers] == [
        ("True", False, 2),
        ("False", True, 1),
    ]


def test_typed_answers_are_grouped_as_they_are_compared_and_say_whether_accepted():
    given = [
        ({"text": "Tehran"}, 3),
        ({"text": " TEHRAN! "}, 2),
        ({"text": "Tehrn"}, 1),  # one typo, allowed
        ({"text": "Isfahan"}, 2),
        ({"text": "Qom"}, 1),
    ]
    result = tally("short_answer", SHORT, given)
    assert result.answers == (
        Answer("", "tehran", True, 5),
        Answer("", "isfahan", False, 2),
        Answer("", "qom", False, 1),
        Answer("", "tehrn", True, 1),
    )
    ((part, shown, others, times),) = result.shown(2)
    assert part == "" and [a.text for a in shown] == ["tehran", "isfahan"]
    assert (others, times) == (2, 2)


def test_cloze_answers_are_counted_per_blank_with_blank_ones_apart():
    given = [
        ({"blanks": {"star": "sun", "count": "8"}}, 3),
        ({"blanks": {"star": "Moon", "count": ""}}, 2),
        ({"blanks": {"star": "", "count": "eight"}}, 1),
    ]
    result = tally("cloze", CLOZE, given)
    assert [(a.part, a.text, a.right, a.count) for a in result.answers] == [
        ("star", "sun", True, 3),
        ("star", "moon", False, 2),
        ("count", "8", True, 3),
        ("count", "eight", False, 1),
    ]
    assert result.unanswered_parts == (("star", 1), ("count", 2))
    assert [part for part, *_ in result.shown(5)] == ["star", "count"]


def test_an_ordering_is_counted_as_the_whole_arrangement_given():
    given = [
        ({"positions": {"0": 1, "1": 2, "2": 3}}, 4),
        ({"positions": {"0": 2, "1": 1, "2": 3}}, 1),
        ({"positions": {"0": 1}}, 1),  # not every item placed
    ]
    result = tally("ordering", ORDER, given)
    assert [(a.code, a.text, a.right, a.count) for a in result.answers] == [
        ("1-2-3", "one → two → three", True, 4),
        ("2-1-3", "two → one → three", False, 1),
        ("incomplete", "Not every item placed", False, 1),
    ]


def test_a_matching_is_counted_as_the_whole_arrangement_given():
    given = [({"matches": {"0": 0, "1": 1}}, 2), ({"matches": {"0": 2}}, 1)]
    result = tally("matching", MATCH, given)
    assert [(a.code, a.text, a.right, a.count) for a in result.answers] == [
        ("1A 2B", "France → Paris; Japan → Tokyo", True, 2),
        ("1C 2-", "France → Madrid; Japan → (none)", False, 1),
    ]


def test_a_response_of_the_wrong_shape_counts_as_no_answer():
    result = tally(
        "single_choice", SINGLE, [({"choice": 9}, 1), ({"text": "x"}, 1), ({"choice": 0}, 1)]
    )
    assert result.unanswered == 2 and result.responses == 3
    for odd in ({"choice": -1}, {"choice": True}, {"choice": "0"}):
        assert tally("single_choice", SINGLE, [(odd, 1)]).unanswered == 1
    assert tally("matching", MATCH, [({"matches": {"0": -1}}, 1)]).unanswered == 1
    assert tally("short_answer", SHORT, [({"text": 5}, 1)]).unanswered == 1
    assert tally("true_false", {"answer": True}, [({"answer": "yes"}, 1)]).unanswered == 1
    assert tally("essay", {}, [({"text": "x"}, 1)]).unanswered == 1
