"""Moodle XML both ways: a hand-written file with what Moodle's importer reads, the shipped
deck written out with categories, idnumbers and every type, and hostile XML refused."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from quizapp.exchange import ConvertError, ExportRequest
from quizapp.exchange.moodle_xml import convert_moodle_xml, export_moodle_xml
from tests.exchange.helpers import SAMPLES, by_id, messages, shipped_deck, validated

SAMPLE = (SAMPLES / "every-feature.xml").read_bytes()


def converted_sample():  # type: ignore[no-untyped-def]
    return convert_moodle_xml(SAMPLE, "every-feature.xml")


def test_categories_become_the_deck_and_its_sections_with_their_ids_and_notes() -> None:
    deck = validated(converted_sample())
    assert (deck.slug, deck.title) == ("straits", "Straits and canals")
    assert deck.description == "Waterways that trade depends on."
    sections = {s.id: s for s in deck.sections}
    assert sections["suez"].title == "Suez"
    assert sections["suez"].note == "The canal from Port Said to Suez."
    assert "Section note missing" in sections["matching-and-order"].note


def test_every_type_is_read_with_feedback_tags_and_html_as_markdown() -> None:
    converted = converted_sample()
    questions = by_id(validated(converted))
    assert converted.id_map == {"Suez_Q12": "suez-q12"}
    choice = questions["suez-q12"]
    assert choice.prompt == "In which country is the **Suez** canal?"
    assert choice.explanation == "All of it is in Egypt."
    assert (choice.topics, choice.difficulty) == (("canals",), "easy")
    assert [o["text"] for o in choice.body["options"]] == ["Egypt", "Sinai", "Jordan & Israel"]
    assert questions["straits-mc"].type == "multiple_choice"
    assert questions["locks"].body == {
        "answer": False,
        "feedback_true": "No locks at all.",
        "feedback_false": "Right.",
    }
    assert questions["north"].body["answers"] == ["Port Said", "Port-Said"]
    assert questions["match"].body["distractors"] == ["Baltic and North Sea"]
    assert questions["order"].body["items"] == ["Port Said", "Great Bitter Lake", "Suez"]


def test_embedded_answers_become_blanks_and_their_losses_are_listed() -> None:
    converted = converted_sample()
    cloze = by_id(validated(converted))["cloze"]
    assert cloze.prompt == "Fill in the facts about the canal."
    assert cloze.body["text"] == (
        "It opened in {{blank1}}, it joins the Mediterranean to the {{blank2}} and is about "
        "{{blank3}} km long; its owner is {{blank4}}."
    )
    assert cloze.body["blanks"] == {
        "blank1": ["1869", "eighteen sixty-nine"],
        "blank2": ["Red Sea"],
        "blank3": ["193"],
        "blank4": ["Egypt}s", "the Suez Canal Authority"],  # \} is an escaped brace
    }
    lost = messages(converted, "cloze")
    assert any("blank 2 is a MULTICHOICE sub-question" in m for m in lost)
    assert any("blank 3 is a NUMERICAL sub-question" in m for m in lost)
    assert any("'1870' of blank 1 (50% credit) is left out" in m for m in lost)


def test_what_our_format_cannot_express_is_listed_per_question() -> None:
    converted = converted_sample()
    assert "partial credit of 50% on 'Sinai' is lost: it counts as a wrong option" in messages(
        converted, "Suez_Q12"
    )
    assert any("correctfeedback is lost" in m for m in messages(converted, "Suez_Q12"))
    assert messages(converted, "locks") == ["its hints are lost: this app shows no hints"]
    assert any("case-sensitive grading is lost" in m for m in messages(converted, "north"))
    left_out = {p.question: p.line for p in converted.problems if "left out: Moodle's" in p.message}
    assert left_out == {"Intro": 101, "Essay": 105}
    assert any("unit" in m for m in messages(converted, "numerical")) is False


def test_numerical_answers_keep_tolerance_credit_feedback_and_units() -> None:
    question = by_id(validated(converted_sample()))["numerical"]
    assert question.body == {
        "answers": [
            {"value": 1869, "tolerance": 1, "credit": 1.0, "feedback": "Yes."},
            {"value": 1869, "tolerance": 5, "credit": 0.5},
        ],
        "units": ["AD"],
    }


def test_the_shipped_deck_as_moodle_xml_keeps_every_question() -> None:
    deck = shipped_deck()
    exported = export_moodle_xml(ExportRequest(deck))
    root = ET.fromstring(exported.data)  # noqa: S314 - our own output
    questions = [q for q in root.findall("question") if q.get("type") != "category"]
    assert len(questions) == len(deck.questions)
    kinds = {q.get("type") for q in questions}
    assert kinds == {
        "multichoice",
        "truefalse",
        "shortanswer",
        "cloze",
        "ordering",
        "matching",
        "numerical",
    }
    ids = [q.findtext("idnumber") for q in questions]
    assert ids == [q.id for q in deck.questions]
    cloze = next(q for q in questions if q.findtext("idnumber") == "overview-05")
    assert "{1:SHORTANSWER:=2000s~=2000~=two thousands~=noughties}" in cloze.findtext(
        "questiontext/text", ""
    )
    ordering = next(q for q in questions if q.get("type") == "ordering")
    assert [a.get("fraction") for a in ordering.findall("answer")][:3] == ["1", "2", "3"]
    categories = [q.findtext("category/text") for q in root.findall("question[@type='category']")]
    assert categories[0] == "$course$/top/Russia and Iran: why the two keep aligning"
    assert {s.reason[:15] for s in exported.skipped} == {"kept, but its t", "kept, but the r"}
    assert not [s for s in exported.skipped if s.reason.startswith("left out")]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<quiz><question type="shortanswer"><name><text>&lol3;</text></name></question></quiz>
"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="shortanswer"><name><text>&secret;</text></name></question></quiz>
"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL], ids=["billion-laughs", "external"])
def test_entities_are_refused_with_a_clear_message(data: bytes) -> None:
    with pytest.raises(ConvertError) as caught:
        convert_moodle_xml(data, "evil.xml")
    assert caught.value.file == "evil.xml"
    assert caught.value.line in (3, 2)
    assert "refused: the file declares entities" in caught.value.message
    assert "billion laughs" in caught.value.message


def test_malformed_xml_names_the_line() -> None:
    data = b'<?xml version="1.0"?>\n<quiz>\n  <question type="truefalse">\n</quiz>\n'
    with pytest.raises(ConvertError) as caught:
        convert_moodle_xml(data, "broken.xml")
    assert caught.value.line == 4
    assert str(caught.value).startswith("broken.xml:4: this is not well-formed XML")


def test_another_root_is_refused() -> None:
    with pytest.raises(ConvertError, match="has <quiz> at its top, this one has <html>"):
        convert_moodle_xml(b"<html><body/></html>", "page.xml")
