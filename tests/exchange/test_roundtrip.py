"""Export, convert back, and the questions are the same, less what the exporter listed as
beyond the format: a property over generated decks, and the shipped deck in every format."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.exchange import FORMATS, ConvertError, ExportRequest
from quizapp.exchange.builder import make_id
from quizapp.exchange.gift import convert_gift, export_gift
from quizapp.exchange.moodle_xml import convert_moodle_xml, export_moodle_xml
from quizapp.questions import bank, export
from quizapp.questions.model import DeckSpec, QuestionSpec, Section, Topic
from tests.exchange.helpers import shipped_deck, validated

# Words with every character GIFT and Moodle XML escape, and some that Markdown would read.
WORDS = [
    "canal", "strait", "Suez", "Hormuz", "1869", "a~b", "x=y", "no#1", "{set}", "ratio:2",
    "back\\slash", "<b>", "&amp;", "\"quoted\"", "it's", "é", "Ω", "50/50", "*stress*",
]  # fmt: skip
LINE_WORDS = [*WORDS, "line\nbreak"]
TYPES = (
    "single_choice",
    "multiple_choice",
    "true_false",
    "short_answer",
    "cloze",
    "ordering",
    "matching",
    "numerical",
)


def _text(words: list[str], multiline: bool = False) -> st.SearchStrategy[str]:
    return st.lists(
        st.sampled_from(LINE_WORDS if multiline else words), min_size=1, max_size=4
    ).map(" ".join)


plain = _text(WORDS)
prose = _text(WORDS, multiline=True)


def _unique(count: tuple[int, int]) -> st.SearchStrategy[list[str]]:
    """Texts that the validator sees as different: each ends with its own number."""
    return st.lists(plain, min_size=count[0], max_size=count[1]).map(
        lambda texts: [f"{text} {number}" for number, text in enumerate(texts, 1)]
    )


feedback = st.none() | prose


@st.composite
def bodies(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    if kind in ("single_choice", "multiple_choice"):
        texts = draw(_unique((2, 5)))
        if kind == "single_choice":
            right = {draw(st.integers(0, len(texts) - 1))}
        else:
            right = set(draw(st.lists(st.integers(0, len(texts) - 1), min_size=1, unique=True)))
        options = [
            {"text": t, "correct": i in right, "feedback": draw(feedback)}
            for i, t in enumerate(texts)
        ]
        return {"options": options}
    if kind == "true_false":
        return {
            "answer": draw(st.booleans()),
            "feedback_true": draw(feedback),
            "feedback_false": draw(feedback),
        }
    if kind == "short_answer":
        return {"answers": draw(_unique((1, 3))), "typos": draw(st.integers(0, 2))}
    if kind == "cloze":
        count = draw(st.integers(1, 3))
        parts = draw(st.lists(plain, min_size=count + 1, max_size=count + 1))
        names = [f"b{n}" for n in range(1, count + 1)]
        text = parts[0] + "".join(
            f" {{{{{name}}}}} {part}" for name, part in zip(names, parts[1:], strict=True)
        )
        blanks = {name: draw(_unique((1, 2))) for name in names}
        return {"text": text, "blanks": blanks, "typos": draw(st.integers(0, 1))}
    if kind == "ordering":
        return {"items": draw(_unique((3, 5)))}
    if kind == "numerical":
        count = draw(st.integers(1, 3))
        answers = []
        for number in range(count):
            value = draw(
                st.integers(-5000, 5000)
                | st.floats(-1e6, 1e6, allow_nan=False).map(lambda v: round(v, 3))
            )
            if draw(st.booleans()):
                answer = {"value": value, "tolerance": draw(st.sampled_from([0, 1, 2.5]))}
            else:
                answer = {"min": value, "max": value + draw(st.integers(1, 50))}
            answer["credit"] = 1.0 if number == 0 else draw(st.sampled_from([0.5, 0.25]))
            if draw(st.booleans()):
                answer["feedback"] = draw(prose)
            answers.append(answer)
        return {"answers": answers, "units": draw(st.sampled_from([[], ["km"], ["years", "year"]]))}
    assert kind == "matching", kind
    lefts, rights = draw(_unique((2, 4))), draw(_unique((2, 4)))
    size = min(len(lefts), len(rights))
    pairs = [
        {"left": f"L {left}", "right": f"R {right}"}
        for left, right in zip(lefts[:size], rights[:size], strict=True)
    ]
    distractors = [f"D {text}" for text in draw(_unique((0, 2)))]
    return {"pairs": pairs, "distractors": distractors}


@st.composite
def decks(draw: st.DrawFn) -> DeckSpec:
    section_titles = draw(
        st.lists(
            st.sampled_from(["Pressure", "Trade and energy", "Arms", "Limits"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    sections = tuple(
        Section(f"s{n}", title, f"Note on {title}.") for n, title in enumerate(section_titles, 1)
    )
    topic_ids = draw(
        st.lists(
            st.sampled_from(["sanctions", "trade", "arms", "limits"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    topics = tuple(Topic(topic, topic.title()) for topic in topic_ids)
    questions = []
    for number in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(TYPES))
        questions.append(
            QuestionSpec(
                id=f"q-{number}",
                type=kind,
                prompt=draw(plain if kind == "cloze" else prose),
                explanation=draw(prose),
                topics=tuple(draw(st.lists(st.sampled_from(topic_ids), min_size=1, unique=True))),
                source=draw(st.sampled_from(sections)).id,
                difficulty=draw(st.none() | st.sampled_from(["easy", "medium", "hard"])),
                body=draw(bodies(kind)),
                file="generated.yaml",
                line=1,
            )
        )
    deck = DeckSpec(
        "generated",
        "Generated deck",
        "A deck made up by the test.",
        "A text",
        sections,
        topics,
        tuple(questions),
    )
    # Read back through the validator, so the deck is in canonical form and surely valid.
    loaded, problems = bank.load_bank_texts([("generated.yaml", export.dump_deck(deck).encode())])
    assert problems == [], problems
    return loaded[0]


def _comparable(question: QuestionSpec, source: str) -> dict[str, Any]:
    content = question.content()
    content["source"] = source
    content["body"].pop("typos", None)  # listed by the exporter as lost
    return content


def _check_round_trip(deck: DeckSpec, exporter: Any, converter: Any, same_sections: bool) -> None:
    exported = exporter(ExportRequest(deck))
    left_out = {s.question_id for s in exported.skipped if s.reason.startswith("left out")}
    # Kept with something lost that the exporter named (typo tolerance aside, which the
    # comparison leaves out): converted back, but not the same question.
    changed = {
        s.question_id
        for s in exported.skipped
        if s.reason.startswith("kept") and not s.reason.startswith("kept, but its typo")
    }
    if all(q.id in left_out for q in deck.questions):
        # Nothing left to convert back: the file holds no question, and says so.
        with pytest.raises(ConvertError, match="no GIFT question found"):
            converter(exported.data, exported.filename)
        return
    back = validated(converter(exported.data, exported.filename))
    assert [q.id for q in back.questions] == [q.id for q in deck.questions if q.id not in left_out]
    titles = {s.id: s.title for s in deck.sections}
    expected = [
        _comparable(q, q.source if same_sections else make_id(titles[q.source]))
        for q in deck.questions
        if q.id not in left_out | changed
    ]
    assert [_comparable(q, q.source) for q in back.questions if q.id not in changed] == expected
    if same_sections:
        used = {q.source for q in deck.questions if q.id not in left_out}
        assert set(back.sections) == {s for s in deck.sections if s.id in used}
        assert (back.slug, back.title, back.description) == (
            deck.slug,
            deck.title,
            deck.description,
        )


SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(decks())
def test_gift_round_trip(deck: DeckSpec) -> None:
    _check_round_trip(deck, export_gift, convert_gift, same_sections=False)


@SETTINGS
@given(decks())
def test_moodle_xml_round_trip(deck: DeckSpec) -> None:
    _check_round_trip(deck, export_moodle_xml, convert_moodle_xml, same_sections=True)


@pytest.mark.parametrize("name", [name for name, f in FORMATS.items() if f.export])
def test_the_shipped_deck_exports_to_every_format_and_converts_back_valid(name: str) -> None:
    deck = shipped_deck()
    chosen = FORMATS[name]
    assert chosen.export is not None
    exported = chosen.export(ExportRequest(deck))
    assert exported.data
    assert all(s.question_id in {q.id for q in deck.questions} for s in exported.skipped)
    if chosen.convert is None:
        return
    back = validated(chosen.convert(exported.data, exported.filename))
    left_out = sum(1 for s in exported.skipped if s.reason.startswith("left out"))
    # Quizlet makes a card of each pair of a matching question: those come back as several.
    split = {s.question_id for s in exported.skipped if "a card of its own" in s.reason}
    if split:
        assert len(back.questions) > len(deck.questions) - left_out
    else:
        assert len(back.questions) == len(deck.questions) - left_out


def test_a_converted_deck_is_the_same_deck_through_moodle_xml() -> None:
    deck = shipped_deck()
    back = validated(convert_moodle_xml(export_moodle_xml(ExportRequest(deck)).data, "x.xml"))
    exported = export_moodle_xml(ExportRequest(deck))
    typos = {s.question_id for s in exported.skipped}
    assert [
        dataclasses.replace(q, file="", line=0) for q in back.questions if q.id not in typos
    ] == [
        dataclasses.replace(q, file="", line=0, lint_ignore=(), lint_because=None)
        for q in deck.questions
        if q.id not in typos
    ]


def test_a_gift_file_whose_every_question_was_left_out_converts_to_an_error() -> None:
    deck = shipped_deck()
    only_ordering = dataclasses.replace(
        deck, questions=tuple(q for q in deck.questions if q.type == "ordering")
    )
    exported = export_gift(ExportRequest(only_ordering))
    with pytest.raises(ConvertError, match="no GIFT question found"):
        convert_gift(exported.data, exported.filename)
