"""The optional spaCy pipeline (the `nlp` extra): named entities of a document's sentences,
their spaCy labels mapped onto the kinds of `terms`, so a country's distractors are other
places of its sort, a person's other people. Without spaCy or an English model the draft
kinds names by capitals and cue words instead (`terms._names`), and says so."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from quizapp.draft.terms import (
    COUNTRY,
    EVENT,
    GROUP,
    NAME,
    ORGANISATION,
    PERSON,
    PLACE,
    Span,
    cue_kind,
)

ENVIRONMENT = "QUIZAPP_SPACY_MODEL"
DEFAULT_MODEL = "en_core_web_sm"
# The setting's value that turns the pipeline off where spaCy and a model are installed.
OFF = "none"
# spaCy's OntoNotes labels of names; dates and figures are left to the regular expressions of
# `terms`, which also read the value a numerical question needs.
KINDS = {
    "PERSON": PERSON,
    "GPE": COUNTRY,
    "LOC": PLACE,
    "FAC": PLACE,
    "ORG": ORGANISATION,
    "NORP": GROUP,
    "EVENT": EVENT,
    "LAW": NAME,
    "PRODUCT": NAME,
    "WORK_OF_ART": NAME,
    "LANGUAGE": NAME,
}
# Labels the small model gets right where cue words mislead ("Soviet Union" is a country, not
# an organisation); for the others a cue word wins ("Khedive Ismail", tagged ORG, is a person).
_TRUSTED = frozenset(["PERSON", "GPE", "NORP"])
# Only the entity recogniser (and the token vectors it reads) runs: sentences come from pysbd.
_UNNEEDED = ["parser", "senter", "tagger", "morphologizer", "attribute_ruler", "lemmatizer"]
_LEADS = ("the ", "The ")
_TRAILS = ".,;:!?)\"'\u2019\u201d"
WITHOUT = (
    "names are kinded by capitals and cue words; install the nlp extra and an English spaCy "
    "model for named-entity kinds"
)


@dataclass(frozen=True)
class Pipeline:
    """A loaded spaCy model and the name it was loaded by."""

    name: str
    nlp: Any

    def names(self, sentences: Iterable[str]) -> list[list[Span]]:
        """The names of each sentence as (start, end, kind), in order."""
        return [_spans(doc) for doc in self.nlp.pipe(sentences)]


def find(setting: str | None = None) -> Pipeline | None:
    """The pipeline named by `setting`, else by $QUIZAPP_SPACY_MODEL, else en_core_web_sm;
    None when it is "none" or spaCy or that model cannot be loaded (a named model is not
    replaced by the default: a wrong name means no pipeline, not another one)."""
    name = setting or os.environ.get(ENVIRONMENT) or DEFAULT_MODEL
    return None if name == OFF else _load(name)


def describe(model: str | None) -> str:
    """The summary's line on how names were kinded: by the spaCy `model`, or without one."""
    if model is None:
        return WITHOUT[:1].upper() + WITHOUT[1:] + "."
    return f"Names are kinded by spaCy's named entities (model {model})."


@cache
def _load(name: str) -> Pipeline | None:
    try:
        import spacy
    except ImportError:
        return None
    try:
        nlp = spacy.load(name, exclude=_UNNEEDED)
    except (OSError, ImportError):
        return None
    return Pipeline(name, nlp)


def _spans(doc: Any) -> list[Span]:
    found: list[Span] = []
    for entity in doc.ents:
        kind = KINDS.get(entity.label_)
        if kind is None:
            continue
        start, end = entity.start_char, entity.end_char
        text = doc.text[start:end]
        for lead in _LEADS:
            if text.startswith(lead):
                start += len(lead)
        text = doc.text[start:end]
        end -= len(text) - len(text.rstrip(_TRAILS))
        for suffix in ("'s", "\u2019s"):
            if doc.text[start:end].endswith(suffix):
                end -= len(suffix)
        if end - start > 1:
            if entity.label_ not in _TRUSTED:
                before = doc.text[:start].split()[-1:] or [""]
                kind = cue_kind(doc.text[start:end].split(), before[0]) or kind
            found.append((start, end, kind))
    return found
