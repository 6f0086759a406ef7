"""Plain-text helpers the rules share: words, content terms, what a question shows and keys."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from quizapp.questions import types
from quizapp.questions.model import QuestionSpec
from quizapp.questions.textmatch import normalize
from quizapp.questions.types.base import LintTexts

STOPWORDS = frozenset(
    """a about above after again against all also although am an and any are as at be because
    been before being below between both but by can could did do does doing down during each
    even few for from further had has have having he her here hers him his how i if in into is
    it its itself just me more most my no nor not now of off on once only or other our ours out
    over own same she should so some such than that the their theirs them then there these they
    this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours one two three via per essay text according say says
    said true false select apply which whose question questions answer following describe
    describes described""".split()
)

_WORD = re.compile(r"[a-z0-9]+")
_ARTICLE = re.compile(r"^(the|a|an) ")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "s")


@cache
def plain_words(text: str) -> tuple[str, ...]:
    """Lowercase words without accents or punctuation, for n-grams and overlaps."""
    if text.isascii():
        return tuple(_WORD.findall(text.lower()))
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return tuple(_WORD.findall(stripped))


@cache
def stem(word: str) -> str:
    """A crude stem, enough to match 'sanctions' with 'sanctioned' and 'annexes' with 'annexed'."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@cache
def terms(text: str) -> frozenset[str]:
    """Content terms of a text: stems of its words that are not stop words."""
    return frozenset(stem(w) for w in plain_words(text) if w not in STOPWORDS and len(w) > 1)


@cache
def normalized(text: str) -> str:
    """The matcher's form of a text, remembered: the rules ask for the same texts often."""
    return normalize(text)


@cache
def answer_key(text: str) -> str:
    """An answer as compared for sameness: normalised, without a leading article."""
    return _ARTICLE.sub("", normalize(text))


def texts(question: QuestionSpec) -> LintTexts:
    """What the question's type says the linter reads of it."""
    return types.get(question.type).lint_texts(question.prompt, question.body)


def has_trait(question: QuestionSpec, trait: str) -> bool:
    """Whether the question is of a kind (see `questions.types`) a rule is about."""
    return types.has_trait(question.type, trait)


def options(question: QuestionSpec) -> list[Mapping[str, Any]]:
    return list(texts(question).options)


def accepted_lists(question: QuestionSpec) -> Iterator[tuple[str, list[str]]]:
    """(label, accepted answers) of a typed question: its answers, or each cloze blank."""
    for label, accepted in texts(question).accepted:
        yield label, list(accepted)


def keyed_answers(question: QuestionSpec) -> list[str]:
    """What the question keys as the answer to recall or recognise."""
    return list(texts(question).keyed)


def shown_texts(question: QuestionSpec) -> list[str]:
    """What a learner sees before answering, besides the prompt."""
    return list(texts(question).shown)


def right_texts(question: QuestionSpec) -> list[str]:
    """The prompt and what the question holds to be right (no wrong options)."""
    found = texts(question)
    return [question.prompt, *found.keyed, *found.right]


def feedback_texts(question: QuestionSpec) -> list[str]:
    return list(texts(question).feedback)


def wrong_feedbacks(question: QuestionSpec) -> list[tuple[str, str, str]]:
    """(label, feedback, the option's text) for each answer that is wrong and has feedback."""
    return list(texts(question).wrong_feedbacks)


def all_texts(question: QuestionSpec) -> list[tuple[str, str]]:
    """(field, text) of every text the question holds, for the copy check."""
    texts = [("prompt", question.prompt), ("explanation", question.explanation)]
    texts.extend(("option", t) for t in shown_texts(question))
    texts.extend(("feedback", t) for t in feedback_texts(question))
    return texts


def shorten(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
