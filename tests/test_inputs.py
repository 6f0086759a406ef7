"""The one rule for numbers and text from a request, as plain functions."""

from __future__ import annotations

import pytest

from quizapp.inputs import (
    MAX_ID,
    InputRefusal,
    control_character_field,
    parse_id,
    parse_small_int,
    required,
    single,
)


def test_an_id_is_ascii_digits_and_one_too_large_for_a_row_is_not_found():
    assert parse_id("42") == 42 and parse_id("007") == 7 and parse_id(str(MAX_ID)) == MAX_ID
    for too_large in (str(MAX_ID + 1), str(2**63), "9" * 4301, "0"):
        with pytest.raises(InputRefusal, match="There is no such quiz") as refused:
            parse_id(too_large, "quiz")
        assert refused.value.status == 404
    for malformed in ("²", "٣", "-1", "+1", " 1", "1 ", "1.0", "1e3", "0x1", "a\x00"):
        with pytest.raises(InputRefusal, match="'quiz' must be a whole number") as refused:
            parse_id(malformed, "quiz")
        assert refused.value.status == 400
    with pytest.raises(InputRefusal, match="'quiz' is missing"):
        parse_id("", "quiz")


def test_a_small_integer_is_bounded_before_it_is_converted():
    assert parse_small_int("4", "rating", 1, 4) == 4
    assert parse_small_int("0", "hour", 0, 23) == 0
    for bad in ("12", "0", "5", "1" * 4300, "9" * 5000, "٣", "²", "-1", "+1"):
        with pytest.raises(InputRefusal, match="'rating' must") as refused:
            parse_small_int(bad, "rating", 1, 4)
        assert refused.value.status == 400


def test_a_field_sent_twice_is_refused_and_a_missing_one_named():
    assert single({"a": ["1"]}, "a") == "1" and single({}, "a") is None
    with pytest.raises(InputRefusal, match="'rating' was sent more than once"):
        single({"rating": ["1", "3"]}, "rating")
    with pytest.raises(InputRefusal, match="'review' is missing"):
        required({}, "review")


def test_control_characters_other_than_tab_and_newlines_are_found():
    assert control_character_field([("a", "tab\there\r\nnew line")]) is None
    assert control_character_field([("a", "fine"), ("title", "a\x00b")]) == "title"
    assert control_character_field([("bell", "\x07")]) == "bell"
    assert control_character_field([("x\x00y", "fine")]) == "x?y"
    assert control_character_field([("del", "\x7f")]) == "del"
