"""Hostile or broken input: the validator answers quickly with a clear message, never raises."""

from __future__ import annotations

import time

import pytest

from quizapp.questions.bank import MAX_FILE_BYTES, MAX_PROBLEMS
from tests.questions.conftest import (
    HEAD,
    VALID_BANK,
    after,
    at,
    bank,
    line_of,
    load,
    problems,
    question,
)

# Generous, so a busy machine does not fail the suite, yet far below what expanding a YAML bomb
# or a quadratic blow-up would take.
LIMIT_SECONDS = 5
ROME_QUOTE = '"Rome'
PRIME_QUOTE = '"Which are prime?'


def test_yaml_syntax_error_with_its_position() -> None:
    text = VALID_BANK.replace('title: "Part one"', "title: Part one: the start")
    assert problems(text) == [
        f"bank.yaml:{at(text, ': the start')}: file: YAML syntax error: mapping values are not "
        "allowed in this context: put a text that contains ': ' in quotes, and check the "
        "indentation of this line"
    ]


def test_unclosed_quote() -> None:
    text = VALID_BANK.replace('distractors: ["Madrid", "Rome"]', 'distractors: ["Madrid, "Rome"]')
    assert problems(text) == [
        f"bank.yaml:{at(text, 'Rome')}: file: YAML syntax error: did not find expected ',' or ']' "
        f"(while parsing a flow sequence at line {line_of(text, 'distractors')}): check the "
        "indentation and the brackets around this line"
    ]
    # At the end of the file: reported where the quote opened, not on the line after the last.
    text = VALID_BANK.replace('"Rome"', '"Rome')
    assert problems(text) == [
        f"bank.yaml:{at(text, ROME_QUOTE)}: file: YAML syntax error: found unexpected end "
        f"of stream (while scanning a quoted scalar at line {line_of(text, 'Rome')}): check for "
        "an unclosed quote or bracket"
    ]


def test_unclosed_quote_closed_by_the_next_lines_quote_is_reported_where_it_opened() -> None:
    # The quote left open on the prompt's line is closed by the explanation's first quote, so
    # YAML only stumbles on the line after; the teacher's mistake is on the line before.
    text = VALID_BANK.replace('prompt: "Which are prime?"', 'prompt: "Which are prime?')
    assert problems(text) == [
        f"bank.yaml:{at(text, PRIME_QUOTE)}: file: YAML syntax error: the quoted text "
        "that starts here is not closed on its line and runs on to line "
        f"{line_of(text, 'Which are prime?') + 1} (did not find expected key there): check for "
        "an unclosed quote"
    ]


def test_after_a_syntax_error_the_other_questions_are_still_checked() -> None:
    text = (
        VALID_BANK.replace('prompt: "Which are prime?"', 'prompt: "Which are prime?')
        .replace("type: true_false", "type: truefalse")
        .replace("typos: 1", "typos: 9")
    )
    found = problems(text)
    assert [problem.split(": ")[0] for problem in found] == [
        f"bank.yaml:{at(text, PRIME_QUOTE)}",
        f"bank.yaml:{at(text, 'truefalse')}",
        f"bank.yaml:{at(text, '9', text.count('9', 0, text.index('typos: 9')) + 1)}",
    ]
    assert "unclosed quote" in found[0]
    assert "question tf-1: 'type' must be one of" in found[1]
    assert "question short-1: 'typos' must be a whole number from 0 to 3, found 9" in found[2]


def test_tab_indentation() -> None:
    text = "format: 1\ndeck:\n\tslug: x\n"
    assert problems(text) == [
        "bank.yaml:3:1: file: YAML syntax error: found character that cannot start any token "
        "(while scanning for the next token at line 3): indent with spaces, not tabs"
    ]


def test_file_over_the_size_limit_is_refused_before_parsing() -> None:
    data = b"format: 1\n" + b"#" * MAX_FILE_BYTES
    started = time.perf_counter()
    assert problems(data) == [
        "bank.yaml:1:1: file: the file is larger than the 2 MB limit: split it into several "
        "files of the same deck"
    ]
    assert time.perf_counter() - started < LIMIT_SECONDS


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("- format: 1\n- deck: x\n", "a list"),
        ("just some words\n", 'the text "just some words"'),
        ("42\n", "a number (42)"),
    ],
)
def test_valid_yaml_that_is_not_a_bank(text: str, found: str) -> None:
    assert problems(text) == [
        f"bank.yaml:1:1: file: expected a mapping with format, deck and questions, found {found}"
    ]


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n"])
def test_empty_file(text: str) -> None:
    assert problems(text) == [
        "bank.yaml:1:1: file: the file is empty: expected a mapping with format, deck and questions"
    ]


def test_non_utf8_bytes_point_at_their_line() -> None:
    data = VALID_BANK.replace("Part two", "Caf\u00e9").encode("latin-1")
    text = VALID_BANK.replace("Part two", "Caf\u00e9")
    offset = data.index(b"\xe9")
    assert problems(data) == [
        f"bank.yaml:{at(text, chr(0xE9))}: file: the file is not UTF-8 text (byte 0xE9 at byte "
        f"offset {offset}): save it with the UTF-8 encoding"
    ]


def test_control_character() -> None:
    text = VALID_BANK.replace("Part two", "Part\x07two")
    assert problems(text) == [
        f"bank.yaml:{at(text, chr(7))}: file: the file contains a control character (U+0007) "
        "that YAML does not allow: delete it"
    ]


def test_utf8_byte_order_mark_is_accepted() -> None:
    decks, found = load(("bank.yaml", b"\xef\xbb\xbf" + VALID_BANK.encode()))
    assert found == [] and len(decks) == 1


def test_anchor_and_alias_are_refused() -> None:
    text = VALID_BANK.replace("topics: [beta]", "topics: &shared [beta]", 1).replace(
        "topics: [beta]", "topics: *shared"
    )
    assert problems(text) == [
        f"bank.yaml:{at(text, '&shared')}: question tf-1: anchor '&shared' is not allowed: anchors "
        "and aliases (& and *) are not supported, write the value out in full",
    ]
    alias_only = VALID_BANK.replace("topics: [beta]", "topics: *shared", 1)
    assert problems(alias_only) == [
        f"bank.yaml:{at(alias_only, '*shared')}: question tf-1: alias '*shared' is not allowed: "
        "anchors and aliases (& and *) are not supported, write the value out in full",
    ]


def test_merge_key_is_refused() -> None:
    text = bank(question("q", "true_false", "    <<: {answer: true}\n"))
    assert problems(text) == [
        f"bank.yaml:{at(text, 'id: q')}: question q: missing required field 'answer'",
        f"bank.yaml:{at(text, '<<')}: question q: merge keys '<<' are not allowed: write the "
        "fields out in full",
    ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [("!foo true", "!foo"), ("!!binary aGk=", "!!binary"), ("!!int yes", "!!int")],
)
def test_non_standard_tags_are_refused(value: str, shown: str) -> None:
    text = bank(question("q", "true_false", f"    answer: {value}\n"))
    assert problems(text) == [
        f"bank.yaml:{after(text, 'answer: ')}: question q: the tag '{shown}' is not allowed: "
        "remove it"
    ]


def test_standard_tags_that_agree_with_the_value_are_fine() -> None:
    text = bank(question("q", "true_false", "    answer: !!bool true\n")).replace(
        "format: 1", "format: !!int 1"
    )
    assert load(("bank.yaml", text))[1] == []


def test_second_document_is_refused() -> None:
    text = VALID_BANK + "---\nformat: 1\n"
    assert problems(text) == [
        f"bank.yaml:{at(text, '---')}: file: a bank file holds one YAML document: remove this "
        "'---' and what follows, or move it to a file of its own"
    ]


def test_billion_laughs_answers_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefghi", "bcdefghij", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    text = HEAD.replace("questions:", "questions: *j") + "\n".join(lines) + "\n"
    started = time.perf_counter()
    found = problems(text)
    assert time.perf_counter() - started < LIMIT_SECONDS
    assert found[0] == (
        f"bank.yaml:{at(text, '*j')}: file: alias '*j' is not allowed: anchors and aliases "
        "(& and *) are not supported, write the value out in full"
    )
    assert sum("anchor '&" in message for message in found) == 10


def test_many_problems_are_capped() -> None:
    body = "    answer: maybe\n"
    text = bank(*(question(f"q{i}", "true_false", body) for i in range(500)))
    started = time.perf_counter()
    decks, found = load(("bank.yaml", text))
    assert time.perf_counter() - started < LIMIT_SECONDS
    assert decks == []
    assert len(found) == MAX_PROBLEMS + 1
    assert str(found[-1]).endswith(": file: too many problems, stopping after 200")
    assert all("'answer' must be true or false" in p.message for p in found[:-1])


def test_deep_nesting_does_not_overflow() -> None:
    text = "format: 1\ndeck: demo\nquestions: " + "[" * 5000 + "]" * 5000 + "\n"
    # libyaml stops at its nesting limit; either way the answer is a problem, not a crash.
    assert problems(text)


def test_each_broken_question_gets_its_own_syntax_error() -> None:
    text = VALID_BANK.replace('prompt: "Which are prime?"', 'prompt: "Which are prime?').replace(
        'answers: ["Tehran", "Téhéran"]', 'answers: ["Tehran", "Téhéran"'
    )
    found = problems(text)
    assert [problem.split(": file: ")[0] for problem in found] == [
        f"bank.yaml:{at(text, PRIME_QUOTE)}",
        f"bank.yaml:{line_of(text, 'Téhéran') + 1}:5",
    ]
    assert "(while parsing a flow sequence at line" in found[1]


def test_a_syntax_error_in_the_deck_part_is_the_only_problem_reported() -> None:
    # Without the deck, every question's topic and source would look wrong: say only this.
    text = VALID_BANK.replace('title: "Part one"', "title: Part one: the start").replace(
        "type: true_false", "type: truefalse"
    )
    assert len(problems(text)) == 1
