"""Plain-text helpers the rules share: words, content terms, what a question shows and keys."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache

from quizapp.questions.model import QuestionSpec
from quizapp.questions.textmatch import normalize

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


def options(question: QuestionSpec) -> list[dict[str, object]]:
    if question.type in ("single_choice", "multiple_choice"):
        return list(question.body["options"])
    return []


def accepted_lists(question: QuestionSpec) -> Iterator[tuple[str, list[str]]]:
    """(label, accepted answers) of a typed question: its answers, or each cloze blank."""
    if question.type == "short_answer":
        yield "answers", list(question.body["answers"])
    elif question.type == "cloze":
        for name, accepted in question.body["blanks"].items():
            yield f"blank '{{{{{name}}}}}'", list(accepted)


def keyed_answers(question: QuestionSpec) -> list[str]:
    """What the question keys as the answer to recall or recognise."""
    if question.type in ("single_choice", "multiple_choice"):
        return [str(o["text"]) for o in options(question) if o["correct"]]
    if question.type in ("short_answer", "cloze"):
        return [accepted[0] for _, accepted in accepted_lists(question) if accepted]
    if question.type == "matching":
        return [pair["left"] for pair in question.body["pairs"]]
    return []


def shown_texts(question: QuestionSpec) -> list[str]:
    """What a learner sees before answering, besides the prompt."""
    body = question.body
    shown: list[str] = [str(o["text"]) for o in options(question)]
    if question.type == "cloze":
        shown.append(body["text"])
    elif question.type == "ordering":
        shown.extend(body["items"])
    elif question.type == "matching":
        shown.extend(p["left"] for p in body["pairs"])
        shown.extend(p["right"] for p in body["pairs"])
        shown.extend(body.get("distractors") or ())
    return shown


def right_texts(question: QuestionSpec) -> list[str]:
    """The prompt and what the question holds to be right (no wrong options)."""
    body = question.body
    texts = [question.prompt, *keyed_answers(question)]
    if question.type == "cloze":
        texts.append(body["text"])
    elif question.type == "ordering":
        texts.extend(body["items"])
    elif question.type == "matching":
        texts.extend(p["right"] for p in body["pairs"])
    return texts


def feedback_texts(question: QuestionSpec) -> list[str]:
    body = question.body
    texts = [str(o["feedback"]) for o in options(question) if o.get("feedback")]
    if question.type == "true_false":
        texts.extend(body[name] for name in ("feedback_true", "feedback_false") if body.get(name))
    return texts


def wrong_feedbacks(question: QuestionSpec) -> list[tuple[str, str, str]]:
    """(label, feedback, the option's text) for each answer that is wrong and has feedback."""
    found: list[tuple[str, str, str]] = []
    for number, option in enumerate(options(question), 1):
        if option.get("feedback") and not option["correct"]:
            found.append((f"option {number}", str(option["feedback"]), str(option["text"])))
    if question.type == "true_false":
        wrong = "feedback_false" if question.body["answer"] else "feedback_true"
        if question.body.get(wrong):
            found.append((wrong, question.body[wrong], question.prompt))
    return found


def all_texts(question: QuestionSpec) -> list[tuple[str, str]]:
    """(field, text) of every text the question holds, for the copy check."""
    texts = [("prompt", question.prompt), ("explanation", question.explanation)]
    texts.extend(("option", t) for t in shown_texts(question))
    texts.extend(("feedback", t) for t in feedback_texts(question))
    return texts


def shorten(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
