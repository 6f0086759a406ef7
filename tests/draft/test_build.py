"""Drafting on the fixtures: every paragraph gets a question, every draft validates, none is
about the page furniture, and what a question offers comes from the document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from quizapp.draft import read_document
from quizapp.questions import bank
from quizapp.questions.textmatch import normalize
from tests.draft.conftest import BLOG, FIXTURES, drafted


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_paragraph_has_a_draft_and_every_draft_validates(path: Path) -> None:
    result = drafted(path)
    assert result.paragraph_questions and all(result.paragraph_questions)
    assert result.problems == []
    decks, problems = bank.load_bank_texts([(result.file_name, result.text.encode())])
    assert problems == [] and len(decks[0].questions) == len(result.deck.questions)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_no_question_is_about_the_page_furniture(path: Path) -> None:
    result = drafted(path)
    assert result.furniture_questions() == []
    source = read_document(path.name, path.read_bytes())
    body = normalize(" ".join(source.paragraphs))
    furniture_words = {
        w for line in source.furniture for w in normalize(line).split() if w not in body.split()
    }
    for question in result.deck.questions:
        said = set(normalize(f"{question.prompt} {question.explanation} {question.body}").split())
        assert not said & furniture_words, question.id


def test_options_and_swapped_terms_come_from_the_document_never_invented() -> None:
    result = drafted(BLOG)
    text = BLOG.read_text(encoding="utf-8").split("\nComments")[0]
    choices = [q for q in result.deck.questions if q.type == "single_choice"]
    assert choices
    for question in choices:
        for option in question.body["options"]:
            assert option["text"] in text
    false = [q for q in result.deck.questions if q.type == "true_false" and not q.body["answer"]]
    assert false and all(q.explanation.startswith("False as written") for q in false)


def test_prompts_quote_the_text_but_never_a_whole_sentence() -> None:
    result = drafted(BLOG)
    sentences = re.split(r"(?<=[.!?])\s+", BLOG.read_text(encoding="utf-8"))
    for question in result.deck.questions:
        for sentence in sentences:
            if len(sentence.split()) >= 8:
                assert sentence.strip() not in question.prompt


def test_the_yaml_is_block_style_in_the_shipped_bank_key_order() -> None:
    result = drafted(BLOG, slug="suez", title="The Suez Canal")
    data = yaml.safe_load(result.text)
    assert list(data) == ["format", "deck", "questions"]
    assert list(data["deck"]) == ["slug", "title", "description", "source", "topics"]
    assert data["deck"]["slug"] == "suez" and data["deck"]["title"] == "The Suez Canal"
    first = data["questions"][0]
    assert list(first)[:7] == [
        "id",
        "type",
        "prompt",
        "explanation",
        "topics",
        "source",
        "difficulty",
    ]
    assert "{" not in result.text.split("questions:")[0]
    assert result.text.startswith("# Draft made by `quizapp draft`")


def test_sections_topics_and_notes() -> None:
    result = drafted(BLOG, per_section=2)
    deck = result.deck
    assert len(deck.sections) == 6
    assert 2 <= len(deck.topics) <= 4
    assert all(s.note.startswith("Draft note, to rewrite in your own words") for s in deck.sections)
    cited = {q.source for q in deck.questions}
    assert cited == {s.id for s in deck.sections}
    per_section = {s.id: sum(q.source == s.id for q in deck.questions) for s in deck.sections}
    # A true/false pair counts as two: at most one over the limit.
    assert max(per_section.values()) <= 3
    assert {t for q in deck.questions for t in q.topics} == {t.id for t in deck.topics}


def test_every_question_is_marked_draft_and_years_are_asked_as_numbers() -> None:
    result = drafted(BLOG)
    decks, _ = bank.load_bank_texts([(result.file_name, result.text.encode())])
    assert decks[0].questions and all(q.draft for q in decks[0].questions)
    assert len(bank.warnings(decks)) == len(decks[0].questions)
    numbers = [q for q in decks[0].questions if q.type == "numerical"]
    assert numbers
    for question in numbers:
        value = question.body["answers"][0]["value"]
        assert str(value) in BLOG.read_text(encoding="utf-8")
        assert "___" in question.prompt and str(value) not in question.prompt
