"""The validator: one test per kind of problem, each checking where it points and what it says."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from quizapp.questions.bank import load_bank_texts
from quizapp.questions.commands import read_files
from quizapp.questions.model import DeckSpec, Problem, QuestionSpec
from tests.questions.conftest import (
    COMMON,
    EVERY_TYPE,
    HEAD,
    VALID_BANK,
    after,
    at,
    bank,
    deck,
    line_of,
    load,
    problems,
    question,
)

OPTIONS = """\
    options:
      - text: "Right"
        correct: true
      - text: "Wrong"
"""


def test_valid_bank_gives_a_deck_in_canonical_form() -> None:
    spec = deck(VALID_BANK)
    assert spec.slug == "demo"
    assert spec.content()["topics"][1] == {"id": "beta", "title": "Beta", "description": None}
    assert [q.type for q in spec.questions] == [
        "single_choice",
        "multiple_choice",
        "true_false",
        "short_answer",
        "cloze",
        "ordering",
        "matching",
    ]
    single = spec.questions[0]
    assert single.explanation == "Sunlight scatters off the air,\nblue light most of all."
    assert single.topics == ("alpha", "beta")
    assert single.body["options"][2] == {"text": "Red", "correct": False, "feedback": None}
    assert (single.file, single.line) == ("bank.yaml", line_of(VALID_BANK, "id: single-1"))
    assert spec.questions[3].body == {"answers": ["Tehran", "Téhéran"], "typos": 1}
    assert spec.questions[5].body == {"items": ["one", "two", "three", "four"]}
    assert "file" not in single.content() and "line" not in single.content()


def test_defaults_fill_the_canonical_body() -> None:
    text = bank(
        question("t", "true_false", "    answer: false\n"),
        question("s", "short_answer", "    answers: [x]\n"),
        question(
            "m",
            "matching",
            "    pairs:\n"
            + "".join(f"      - left: l{i}\n        right: r{i}\n" for i in range(2)),
        ),
    )
    tf, short, match = deck(text).questions
    assert tf.difficulty is None
    assert tf.body == {"answer": False, "feedback_true": None, "feedback_false": None}
    assert short.body["typos"] == 0
    assert match.body["distractors"] == []


def test_problem_format() -> None:
    problem = Problem("bank.yaml", 3, 9, "deck russia-iran", "slug must be ...")
    assert str(problem) == "bank.yaml:3:9: deck russia-iran: slug must be ..."


# --- unknown, missing and mistyped fields


def test_unknown_field_points_at_the_key_and_suggests() -> None:
    text = bank(question("sanctions-03", "single_choice", OPTIONS + "    optons: []\n"))
    assert problems(text) == [
        f"bank.yaml:{at(text, 'optons')}: question sanctions-03: unknown field 'optons' "
        "(did you mean 'options'?)"
    ]


def test_unknown_field_without_a_close_match_lists_the_type_fields() -> None:
    text = bank(question("q", "true_false", "    answer: true\n    bogus: []\n"))
    [message] = problems(text)
    assert message.startswith(f"bank.yaml:{at(text, 'bogus')}: question q: unknown field 'bogus'")
    assert "a true_false question has: " in message and "feedback_true" in message


def test_unknown_field_at_the_top_and_in_the_deck() -> None:
    text = HEAD.replace('  title: "Demo deck"', '  titel: "Demo deck"')
    text = text.replace("questions:\n", "questions: []\nextra: 1\n")
    assert problems(text) == [
        f"bank.yaml:{at(text, 'slug')}: deck demo: missing required field 'title'",
        f"bank.yaml:{at(text, 'titel')}: deck demo: unknown field 'titel' (did you mean 'title'?)",
        f"bank.yaml:{at(text, 'extra')}: file: unknown field 'extra' (the fields here are: "
        "format, deck, questions)",
    ]


def test_missing_field_points_at_the_question() -> None:
    text = bank(
        "  - id: q1\n    type: ordering\n    prompt: P\n    topics: [alpha]\n    source: s1\n"
    )
    where = at(text, "id: q1")
    assert problems(text) == [
        f"bank.yaml:{where}: question q1: missing required field 'explanation'",
        f"bank.yaml:{where}: question q1: missing required field 'items'",
    ]


def test_missing_deck_field_points_at_the_deck() -> None:
    text = HEAD.replace('  description: "A deck for *tests*."\n', "") + "  []\n"
    text = text.replace("questions:\n  []", "questions: []")
    assert problems(text) == [
        f"bank.yaml:{at(text, 'slug')}: deck demo: missing required field 'description'"
    ]


def test_number_where_text_is_wanted() -> None:
    text = bank(question("q", "ordering", "    items: [a, 2, c]\n"))
    assert problems(text) == [
        f"bank.yaml:{at(text, '2, c')}: question q: item 2 must be text, found a number (2): "
        'put it in quotes, like "2"'
    ]


def test_text_where_a_list_is_wanted() -> None:
    text = bank(
        question("q", "true_false", "    answer: true\n", COMMON.replace("[alpha]", "alpha"))
    )
    assert problems(text) == [
        f"bank.yaml:{after(text, 'topics: ')}: question q: 'topics' must be a list, "
        'found the text "alpha": write a list, like [alpha]'
    ]


def test_correct_and_answer_must_be_real_booleans() -> None:
    text = bank(
        question("q1", "single_choice", OPTIONS.replace("correct: true", 'correct: "true"')),
        question("q2", "true_false", "    answer: 1\n"),
    )
    assert problems(text) == [
        f"bank.yaml:{after(text, 'correct: ')}: question q1: 'correct' of option 1 must be true "
        'or false without quotes, found the text "true"',
        f"bank.yaml:{after(text, 'answer: ')}: question q2: 'answer' must be true or false, "
        "found a number (1)",
    ]


def test_typos_must_be_a_small_whole_number() -> None:
    text = bank(
        question("q1", "short_answer", "    answers: [a]\n    typos: 4\n"),
        question("q2", "short_answer", '    answers: [a]\n    typos: "1"\n'),
    )
    assert problems(text) == [
        f"bank.yaml:{at(text, '4')}: question q1: 'typos' must be a whole number from 0 to 3, "
        "found 4",
        f"bank.yaml:{after(text, 'typos: ', 2)}: question q2: 'typos' must be a whole number "
        'from 0 to 3, found the text "1"',
    ]


def test_empty_and_blank_texts() -> None:
    text = bank(
        question(
            "q",
            "single_choice",
            '    options:\n      - text: "  "\n        correct: true\n      - text: b\n'
            "        feedback:\n",
            COMMON.replace('"A prompt"', '""'),
        )
    )
    assert problems(text) == [
        f"bank.yaml:{after(text, 'prompt: ')}: question q: 'prompt' is empty",
        f"bank.yaml:{after(text, 'text: ')}: question q: 'text' of option 1 is empty",
        f"bank.yaml:{after(text, 'feedback:')}: question q: 'feedback' of option 2 is empty",
    ]


def test_wrong_format_version() -> None:
    text = VALID_BANK.replace("format: 1", "format: 2")
    assert problems(text) == [
        "bank.yaml:1:9: file: 'format' must be the number 1 (this app reads version 1 of the "
        "bank format), found 2"
    ]


def test_unknown_type_and_difficulty_suggest_the_right_word() -> None:
    text = bank(
        question("q1", "single-choice", OPTIONS),
        question("q2", "true_false", "    answer: true\n    difficulty: hardd\n"),
    )
    found = problems(text)
    assert found == [
        f"bank.yaml:{at(text, 'single-choice')}: question q1: 'type' must be one of "
        "single_choice, multiple_choice, true_false, short_answer, cloze, ordering, matching, "
        "numerical, "
        "found 'single-choice' (did you mean 'single_choice'?)",
        f"bank.yaml:{at(text, 'hardd')}: question q2: 'difficulty' must be one of easy, medium, "
        "hard, found 'hardd' (did you mean 'hard'?)",
    ]


# --- ids and slugs


def test_bad_question_id() -> None:
    text = bank(question("Sanctions_01", "true_false", "    answer: true\n"))
    assert problems(text) == [
        f"bank.yaml:{at(text, 'Sanctions_01')}: question Sanctions_01: 'id' must use only "
        "lowercase letters, digits and hyphens, at most 64 characters (found 'Sanctions_01')"
    ]


def test_id_longer_than_64_characters() -> None:
    long_id = "a" * 65
    text = bank(question(long_id, "true_false", "    answer: true\n"))
    [message] = problems(text)
    assert message.startswith(f"bank.yaml:{at(text, long_id)}: question aaaa")
    assert "at most 64 characters" in message
    assert deck(bank(question("a" * 64, "true_false", "    answer: true\n")))


def test_bad_slug_and_section_id() -> None:
    text = VALID_BANK.replace("slug: demo", "slug: Demo Deck").replace("- id: s2", "- id: S2")
    found = problems(text)
    assert found[:2] == [
        f"bank.yaml:{at(text, 'Demo Deck')}: deck Demo Deck: 'slug' must use only lowercase "
        "letters, digits and hyphens, at most 64 characters (found 'Demo Deck')",
        f"bank.yaml:{at(text, 'S2')}: deck Demo Deck: 'id' of section 2 must use only lowercase "
        "letters, digits and hyphens (found 'S2')",
    ]
    # The questions citing s2 are reported too, as the deck no longer defines it.
    assert all("section 's2' is not defined" in message for message in found[2:])


def test_question_without_a_usable_id_is_named_by_its_position() -> None:
    text = bank(question("[1]", "true_false", "    answer: true\n"))
    assert problems(text) == [
        f"bank.yaml:{at(text, '[1]')}: question #1: 'id' must be text, found a list"
    ]


# --- duplicates


def test_duplicate_question_id_in_one_file() -> None:
    text = bank(
        question("q1", "true_false", "    answer: true\n"),
        question("q1", "true_false", "    answer: false\n"),
    )
    assert problems(text) == [
        f"bank.yaml:{at(text, 'q1', 2)}: question q1: id 'q1' is already used by another "
        f"question of deck 'demo' at bank.yaml:{line_of(text, 'id: q1')}"
    ]


def test_duplicate_question_id_across_files_names_the_first() -> None:
    first = bank(question("q1", "true_false", "    answer: true\n"))
    second = "format: 1\ndeck: demo\nquestions:\n" + question(
        "q1", "true_false", "    answer: true\n"
    )
    decks, found = load(("a.yaml", first), ("b.yaml", second))
    assert decks == []
    line = line_of(first, "id: q1")
    assert [str(p) for p in found] == [
        "b.yaml:4:9: question q1: id 'q1' is already used by another question of deck 'demo' "
        f"at a.yaml:{line}"
    ]


def test_duplicate_section_and_topic_ids() -> None:
    text = VALID_BANK.replace("- id: s2", "- id: s1").replace("- id: beta", "- id: alpha")
    found = problems(text)
    assert (
        f"bank.yaml:{at(text, 's1', 2)}: deck demo: section id 's1' is already used on line 9"
        in found
    )
    assert (
        f"bank.yaml:{at(text, 'alpha', 2)}: deck demo: topic id 'alpha' is already used on line 16"
        in found
    )


def test_duplicate_option_texts_ignore_case_and_spacing() -> None:
    text = bank(question("q", "single_choice", OPTIONS + '      - text: " right "\n'))
    assert problems(text) == [
        f"bank.yaml:{after(text, 'text: ', 3)}: question q: option 3 has the same text as "
        "option 1 ('right')"
    ]


def test_duplicate_items_pairs_and_distractors() -> None:
    pairs = "    pairs:\n      - left: A\n        right: X\n      - left: a\n        right: Y\n"
    text = bank(
        question("o", "ordering", "    items: [one, two, One]\n"),
        question("m", "matching", pairs + "    distractors: [Z, y, Z]\n"),
    )
    assert problems(text) == [
        f"bank.yaml:{at(text, 'One')}: question o: item 3 has the same text as item 1 ('One')",
        f"bank.yaml:{after(text, 'left: ', 2)}: question m: the left of pair 2 has the same "
        "text as the left of pair 1 ('a')",
        f"bank.yaml:{at(text, 'y, Z')}: question m: distractor 2 has the same text as the right "
        "of pair 2 ('y')",
        f"bank.yaml:{at(text, 'Z]')}: question m: distractor 3 has the same text as distractor 1 "
        "('Z')",
    ]


def test_duplicate_topic_in_a_question() -> None:
    text = bank(
        question(
            "q", "true_false", "    answer: true\n", COMMON.replace("[alpha]", "[alpha, alpha]")
        )
    )
    assert problems(text) == [
        f"bank.yaml:{at(text, 'alpha]')}: question q: topic 'alpha' is listed twice"
    ]


def test_duplicate_mapping_key() -> None:
    text = bank(question("q", "true_false", "    answer: true\n    answer: false\n"))
    assert problems(text) == [
        f"bank.yaml:{at(text, 'answer: false')}: question q: field 'answer' is written twice "
        f"(first on line {line_of(text, 'answer: true')}): keep only one"
    ]


# --- right answers, cloze blanks, sizes


def test_single_choice_needs_exactly_one_correct_option() -> None:
    none_right = OPTIONS.replace("        correct: true\n", "")
    two_right = OPTIONS + "        correct: true\n"
    text = bank(
        question("q0", "single_choice", none_right), question("q2", "single_choice", two_right)
    )
    assert problems(text) == [
        f"bank.yaml:{at(text, '- text', 1)}: question q0: exactly one option must have "
        "'correct: true' (found 0)",
        f"bank.yaml:{at(text, '- text', 3)}: question q2: exactly one option must have "
        "'correct: true' (found 2)",
    ]


def test_multiple_choice_needs_a_correct_option_and_may_have_all() -> None:
    text = bank(question("q", "multiple_choice", OPTIONS.replace("        correct: true\n", "")))
    assert problems(text) == [
        f"bank.yaml:{at(text, '- text')}: question q: at least one option must have "
        "'correct: true' (found 0)"
    ]
    all_right = OPTIONS + "        correct: true\n"
    assert deck(bank(question("q", "multiple_choice", all_right)))


def test_cloze_placeholders_and_blanks_must_agree() -> None:
    body = '    text: "{{a}} {{b}} {{ C }} {{a}}"\n    blanks:\n      a: [x]\n      d: [y]\n'
    text = bank(question("c", "cloze", body))
    text_at = after(text, "text: ")
    assert problems(text) == [
        f"bank.yaml:{text_at}: question c: '{{{{ C }}}}' in 'text' is not a valid blank: a blank "
        "name uses only lowercase letters, digits and _, like {{drone}}",
        f"bank.yaml:{text_at}: question c: blank '{{{{a}}}}' appears twice in 'text'; use it once",
        f"bank.yaml:{at(text, 'a: [x]')}: question c: blank '{{{{b}}}}' in 'text' has no entry "
        "in 'blanks'",
        f"bank.yaml:{at(text, 'd: [y]')}: question c: blank 'd' is not used in 'text' (write "
        "{{d}} where it goes, or remove it)",
    ]


def test_cloze_without_blanks() -> None:
    text = bank(question("c", "cloze", '    text: "No blanks."\n    blanks: {}\n'))
    assert problems(text) == [
        f"bank.yaml:{after(text, 'text: ')}: question c: 'text' has no blanks: mark each one "
        "as {{name}}"
    ]


def test_accepted_answer_that_normalises_to_nothing() -> None:
    text = bank(question("s", "short_answer", '    answers: ["ok", "?!"]\n'))
    where = at(text, '"?!"')
    assert problems(text) == [
        f"bank.yaml:{where}: question s: answer 2 in 'answers' ('?!') has nothing "
        "left to compare once punctuation, symbols and spaces are ignored, so no answer could "
        "match it"
    ]


def test_sizes_outside_the_spec_ranges() -> None:
    eleven = "    options:\n" + "".join(f"      - text: o{i}\n" for i in range(10))
    eleven += "      - text: last\n        correct: true\n"
    text = bank(
        question(
            "o1", "single_choice", '    options:\n      - text: "only"\n        correct: true\n'
        ),
        question("o11", "single_choice", eleven),
        question("i2", "ordering", "    items: [a, b]\n"),
        question("p1", "matching", "    pairs:\n      - left: a\n        right: b\n"),
        question("s0", "short_answer", "    answers: []\n"),
        question("t0", "true_false", "    answer: true\n", COMMON.replace("[alpha]", "[]")),
    )
    only = at(text, '- text: "only"')
    assert problems(text) == [
        f"bank.yaml:{only}: question o1: 'options' must have 2 to 10 options, found 1",
        f"bank.yaml:{at(text, '- text: o0')}: question o11: 'options' must have 2 to 10 options, "
        "found 11",
        f"bank.yaml:{at(text, '[a, b]')}: question i2: 'items' must have 3 to 10 items, found 2",
        f"bank.yaml:{at(text, '- left: a')}: question p1: 'pairs' must have 2 to 10 pairs, found 1",
        f"bank.yaml:{at(text, '[]')}: question s0: 'answers' must have at least one answer, "
        "found 0",
        f"bank.yaml:{at(text, '[]', 2)}: question t0: 'topics' must have at least one topic, "
        "found 0",
    ]


# --- references to the deck


def test_topic_and_source_must_be_defined_by_the_deck() -> None:
    common = COMMON.replace("[alpha]", "[alpha, sanctons]").replace("source: s1", "source: s9")
    text = bank(question("q", "true_false", "    answer: true\n", common))
    assert problems(text) == [
        f"bank.yaml:{at(text, 'sanctons')}: question q: topic 'sanctons' is not defined by deck "
        "'demo' (it has: alpha, beta)",
        f"bank.yaml:{at(text, 's9')}: question q: section 's9' is not defined in the source of "
        "deck 'demo' (it has: s1, s2)",
    ]


def test_split_deck_over_two_files() -> None:
    extra = "format: 1\ndeck: demo\nquestions:\n" + question(
        "extra-1", "true_false", "    answer: true\n"
    )
    decks, found = load(("b-extra.yaml", extra), ("a-main.yaml", VALID_BANK))
    assert found == []
    [spec] = decks
    # The defining file's questions come first, whatever order the files were given in.
    assert [q.id for q in spec.questions][-2:] == ["match-1", "extra-1"]
    assert (spec.questions[-1].file, spec.questions[-1].line) == ("b-extra.yaml", 4)


def test_same_deck_defined_in_full_twice() -> None:
    decks, found = load(("a.yaml", VALID_BANK), ("b.yaml", HEAD + "  []\n"))
    assert decks == []
    assert [str(p) for p in found] == [
        "b.yaml:3:9: deck demo: deck 'demo' is already defined in full in a.yaml:3:3; only one "
        "file defines a deck, the others write 'deck: demo' and add questions"
    ]


def test_reference_to_an_undefined_deck() -> None:
    extra = "format: 1\ndeck: dmeo\nquestions:\n" + question(
        "x", "true_false", "    answer: true\n"
    )
    decks, found = load(("a.yaml", VALID_BANK), ("b.yaml", extra))
    assert decks == []
    assert [str(p) for p in found] == [
        "b.yaml:2:7: deck dmeo: deck 'dmeo' is not defined: no file in this run defines it in "
        "full (did you mean 'demo'?)"
    ]
    _, found = load_bank_texts([("b.yaml", extra.encode())], known_decks={})
    assert "and no deck with that slug exists yet" in found[0].message


def test_reference_to_a_known_deck_merges_with_its_questions() -> None:
    known = deck(VALID_BANK)
    extra = (
        "format: 1\ndeck: demo\nquestions:\n"
        + question("tf-1", "true_false", "    answer: false\n")
        + question("new-1", "true_false", "    answer: true\n", COMMON.replace("alpha", "beta"))
    )
    decks, found = load_bank_texts([("x.yaml", extra.encode())], known_decks={"demo": known})
    assert found == []
    [spec] = decks
    assert spec.content() == known.content()
    ids = [q.id for q in spec.questions]
    assert ids == [q.id for q in known.questions] + ["new-1"]
    replaced = spec.questions[ids.index("tf-1")]
    assert replaced.body["answer"] is False and replaced.file == "x.yaml"


def test_reference_to_a_known_deck_checks_its_topics() -> None:
    known = DeckSpec("old", "Old", "d", "s", (), (), ())
    extra = "format: 1\ndeck: old\nquestions:\n" + question("x", "true_false", "    answer: true\n")
    decks, found = load_bank_texts([("x.yaml", extra.encode())], known_decks={"old": known})
    assert decks == []
    assert [p.message for p in found] == [
        "topic 'alpha' is not defined by deck 'old' (it defines none)",
        "section 's1' is not defined in the source of deck 'old' (it defines none)",
    ]


def test_file_with_full_deck_may_have_no_questions_but_an_added_file_may_not() -> None:
    assert deck(HEAD.replace("questions:\n", "questions: []\n")).questions == ()
    extra = "format: 1\ndeck: demo\nquestions: []\n"
    decks, found = load(("a.yaml", VALID_BANK), ("b.yaml", extra))
    assert [str(p) for p in found] == [
        "b.yaml:3:12: file: a file that adds to deck 'demo' must have at least one question"
    ]
    assert problems(HEAD) == [
        f"bank.yaml:{HEAD.count(chr(10))}:11: file: 'questions' is empty: write 'questions: []' "
        "for a file with no questions"
    ]


# --- the run as a whole


def test_every_problem_is_reported_at_once() -> None:
    text = bank(
        question("q1", "single_choice", OPTIONS + "    optons: []\n"),
        question("q2", "true_false", "    answer: yes please\n"),
        question("q3", "ordering", "    items: [a, b, a]\n", COMMON.replace("s1", "s7")),
    ).replace("format: 1", "format: 3")
    found = problems(text)
    assert len(found) == 5
    assert [message.split(": ", 2)[1] for message in found] == [
        "file",
        "question q1",
        "question q2",
        "question q3",
        "question q3",
    ]


def test_problems_are_sorted_by_file_line_and_column() -> None:
    bad = bank(question("q", "true_false", "    answer: maybe\n    answer2: x\n"))
    decks, found = load(("z.yaml", bad), ("a.yaml", bad.replace("format: 1", "format: 0")))
    keys = [(p.file, p.line, p.column) for p in found]
    assert keys == sorted(keys)
    assert found[0].file == "a.yaml"


def test_read_files_reads_from_disk_and_refuses_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(VALID_BANK, encoding="utf-8")
    decks, found = load_bank_texts(read_files([path]))
    assert found == [] and decks[0].questions[0].file == str(path)
    with pytest.raises(click.ClickException) as refused:
        read_files([path, tmp_path / "missing.yaml"])
    assert refused.value.message == (
        f"{tmp_path / 'missing.yaml'}: cannot read: No such file or directory"
    )


def test_question_spec_content_ignores_where_it_was_read() -> None:
    spec = deck(VALID_BANK).questions[0]
    moved = QuestionSpec(**{**spec.__dict__, "file": "other.yaml", "line": 99})
    assert moved.content() == spec.content()
    assert EVERY_TYPE.count("- id:") == 7
