"""Export: a deck written back to YAML reads back to the same content, in a readable form."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.questions.bank import load_bank_texts
from quizapp.questions.export import dump_deck
from quizapp.questions.model import DeckSpec, QuestionSpec, Section, Topic
from tests.questions.conftest import HEAD, VALID_BANK, deck


def reloaded(spec: DeckSpec) -> DeckSpec:
    decks, problems = load_bank_texts([("x.yaml", dump_deck(spec).encode())])
    assert problems == [], [str(p) for p in problems]
    return decks[0]


def assert_same(one: DeckSpec, other: DeckSpec) -> None:
    assert one.content() == other.content()
    assert [q.content() for q in one.questions] == [q.content() for q in other.questions]


def test_round_trip_of_every_type_and_optional_field() -> None:
    original = deck(VALID_BANK)
    assert_same(reloaded(original), original)


def test_output_follows_the_spec_order_and_omits_defaults() -> None:
    text = dump_deck(deck(VALID_BANK))
    data = yaml.safe_load(text)
    assert list(data) == ["format", "deck", "questions"]
    assert list(data["deck"]) == ["slug", "title", "description", "source", "topics"]
    assert list(data["questions"][0]) == [
        "id",
        "type",
        "prompt",
        "explanation",
        "topics",
        "source",
        "difficulty",
        "options",
    ]
    assert "correct: false" not in text and "typos: 0" not in text
    assert "null" not in text and "feedback: ''" not in text
    assert data["deck"]["topics"][1] == {"id": "beta", "title": "Beta"}
    assert data["questions"][0]["options"][2] == {"text": "Red"}
    assert "    topics: [alpha, beta]\n" in text
    assert "    explanation: |-\n      Sunlight scatters off the air,\n" in text
    assert "Téhéran" in text


def test_a_deck_without_questions() -> None:
    empty = deck(HEAD.replace("questions:\n", "questions: []\n"))
    assert dump_deck(empty).endswith("\nquestions: []\n")
    assert_same(reloaded(empty), empty)


def test_a_deck_read_back_from_the_database_exports_the_same() -> None:
    original = deck(VALID_BANK)
    stored = DeckSpec(
        **{
            **original.__dict__,
            "questions": tuple(
                QuestionSpec(**{**q.__dict__, "file": "", "line": 0}) for q in original.questions
            ),
        }
    )
    assert dump_deck(stored) == dump_deck(original)


# Texts a teacher could write: any printable character YAML allows, not blank at either end.
texts = (
    st.text(
        alphabet=st.characters(
            codec="utf-8", exclude_categories=["Cs", "Cc"], include_characters="\n\t"
        ),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
TRICKY = ["yes", "no", "null", "~", "1", "0x1F", "1e3", "2024-02-24", "a: b", "# not", "- x", "'q'"]


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(st.lists(st.one_of(texts, st.sampled_from(TRICKY)), min_size=6, max_size=6))
def test_round_trip_of_arbitrary_texts(words: list[str]) -> None:
    title, description, note, prompt, explanation, answer = words
    question = QuestionSpec(
        id="q",
        type="ordering",
        prompt=prompt,
        explanation=explanation,
        topics=("t",),
        source="s",
        difficulty=None,
        body={"items": [f"1 {answer}", f"2 {answer}", f"3 {answer}"]},
        file="x.yaml",
        line=1,
    )
    spec = DeckSpec(
        slug="d",
        title=title,
        description=description,
        source_title=title,
        sections=(Section("s", title, note),),
        topics=(Topic("t", title, description),),
        questions=(question,),
    )
    assert_same(reloaded(spec), spec)
