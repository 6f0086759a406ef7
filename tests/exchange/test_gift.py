"""GIFT both ways: a hand-written file using every piece of the syntax Moodle reads, and
the shipped deck written out as Moodle's importer expects it."""

from __future__ import annotations

from quizapp.exchange import ExportRequest, get_format
from quizapp.exchange.gift import convert_gift, escape, export_gift
from tests.exchange.helpers import SAMPLES, by_id, messages, shipped_deck, validated

SAMPLE = (SAMPLES / "every-feature.gift").read_bytes()


def converted_sample():  # type: ignore[no-untyped-def]
    return convert_gift(SAMPLE, "every-feature.gift")


def test_names_ids_tags_categories_and_general_feedback() -> None:
    converted = converted_sample()
    deck = validated(converted)
    first = by_id(deck)["suez-q12"]
    # [id:Suez_Q12\]] is Moodle's idnumber "Suez_Q12]": remade as a valid id, mapping kept.
    assert converted.id_map == {"Suez_Q12]": "suez-q12"}
    assert deck.title == "Straits and canals"
    assert first.prompt == "In which country is the *Suez* canal?"
    assert first.explanation == "The canal runs from Port Said to Suez, all of it in **Egypt**."
    assert first.topics == ("canals",)
    assert first.difficulty == "easy"
    assert [s.title for s in deck.sections] == [
        "Suez and its neighbours",
        "Truths/falsehoods",  # '//' is a slash inside a category name
        "Typed answers",
    ]
    assert first.body["options"][0] == {
        "text": "Egypt",
        "correct": True,
        "feedback": "Right: it crosses the isthmus of Suez.",
    }


def test_every_escape_is_read_back_as_its_character() -> None:
    question = by_id(validated(converted_sample()))["escapes"]
    assert question.prompt == "Which symbol writes a set in maths: { or ~?"
    assert [o["text"] for o in question.body["options"]] == [
        "{ and }, as in {1, 2}",
        "The tilde ~",
        "The sign = or the hash #",
    ]
    assert question.body["options"][0]["feedback"] == "Yes: braces, escaped as \\{ in GIFT."
    assert question.explanation == "Line one\nline two, after a newline escape."


def test_weights_make_multiple_choice_and_what_they_cannot_say_is_listed() -> None:
    converted = converted_sample()
    questions = by_id(validated(converted))
    straits = questions["straits-mc"]
    assert straits.type == "multiple_choice"
    assert [o["correct"] for o in straits.body["options"]] == [True, True, False]
    assert messages(converted, "straits-mc") == []
    assert "unequal weights are lost" in messages(converted, "weights")[0]
    assert questions["partial"].type == "single_choice"
    assert messages(converted, "partial") == [
        "partial credit of 50% on 'The Gulf of Suez' is lost: it counts as a wrong option"
    ]


def test_true_false_in_every_spelling_with_its_two_feedbacks() -> None:
    questions = by_id(validated(converted_sample()))
    assert questions["tf-short"].body["answer"] is False
    assert questions["tf-t"].body["answer"] is True
    long = questions["tf-long"].body
    assert long["answer"] is True
    # {TRUE#shown for the wrong answer#shown for the right one}
    assert long["feedback_false"] == "It opened in 1869, so that is wrong to deny."
    assert long["feedback_true"] == "Yes: 1869."
    false_fb = questions["tf-false-fb"].body
    assert false_fb["feedback_true"] == "No: it is in Egypt."
    assert false_fb["feedback_false"] == "Right: it is not in Europe."


def test_short_answers_missing_words_html_and_matching() -> None:
    converted = converted_sample()
    questions = by_id(validated(converted))
    assert questions["short"].body["answers"] == ["Port Said", "Port-Said"]
    assert set(messages(converted, "short")) == {
        "the feedback on the answer 'Port-Said' is lost: typed answers have no feedback of "
        "their own here",
        "the answer 'Said' (50% credit) is left out: an answer here is right or not accepted",
    }
    cloze = questions["missing-word"]
    assert cloze.type == "cloze"
    assert cloze.body["text"] == "The canal was opened in {{blank}} and widened in 2015."
    assert cloze.body["blanks"] == {"blank": ["1869", "eighteen sixty-nine"]}
    assert questions["missing-choice"].prompt == (
        "The canal joins the Mediterranean to the _____ Sea."
    )
    html = questions["html-text"]
    assert html.prompt == "Which canal is **longer**?"
    assert html.explanation == "Suez is about *193 km*, Panama about 82 km."
    match = questions["match"].body
    assert [p["left"] for p in match["pairs"]] == ["Suez canal", "Bosporus", "Hormuz"]
    assert match["distractors"] == ["Baltic and North Sea"]
    assert questions["match"].topics == ("canals", "straits")


def test_what_cannot_be_converted_is_listed_with_its_line() -> None:
    converted = converted_sample()
    questions = by_id(validated(converted))
    for left_out in ("essay", "broken", "Intro"):
        assert left_out not in questions
    lines = {p.question: p.line for p in converted.problems if p.message.startswith("left out")}
    assert lines["essay"] == 98
    assert lines["Intro"] == 101
    assert lines["broken"] == 105
    assert "both { and }" in messages(converted, "broken")[0]


def test_escape_writes_every_reserved_character_with_a_backslash() -> None:
    assert escape("a~b=c#d{e}f:g\\h\ni") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni"


def test_the_shipped_deck_as_gift_holds_categories_ids_tags_and_markdown() -> None:
    exported = export_gift(ExportRequest(shipped_deck()))
    text = exported.data.decode()
    assert exported.filename == "russia-iran-gift.txt"
    assert "$CATEGORY: $course$/top/Russia and Iran: why the two keep aligning/" in text
    assert "// [id:overview-01] [tag:overview] [tag:difficulty:easy]\n" in text
    assert "::overview-01::[markdown]According to the essay" in text
    assert "\t####The introduction describes" in text
    reasons = {s.question_id: s.reason for s in exported.skipped}
    assert reasons["sanctions-11"].startswith("left out: GIFT has no ordering questions")
    assert reasons["overview-05"].startswith("left out: GIFT holds one blank per question")
    assert reasons["limits-01"].startswith("kept, but its typo tolerance (typos: 1) is lost")
    assert get_format("gift").export is export_gift
