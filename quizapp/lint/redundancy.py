"""Redundancy and leakage (Q301-Q303): questions that repeat each other or give answers away."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from quizapp.lint import words
from quizapp.lint.context import DeckContext
from quizapp.lint.model import Finding
from quizapp.lint.text import (
    accepted_lists,
    answer_key,
    keyed_answers,
    normalized,
    plain_words,
    shorten,
    shown_texts,
    terms,
    texts,
)
from quizapp.questions.model import QuestionSpec

SIMILAR = 0.75
MIN_TERMS = 4
# Terms in more prompts than this do not pick candidates (they still count in the overlap).
COMMON_TERM = 50
MAX_TESTS = 3
MAX_ANSWER_WORDS = 6


def check(ctx: DeckContext) -> Iterator[Finding]:
    questions = ctx.deck.questions
    yield from _near_duplicates(ctx, questions)
    yield from _overtested(ctx, questions)
    yield from _give_aways(ctx, questions)


def _stem_terms(question: QuestionSpec) -> frozenset[str]:
    stem = texts(question).stem
    return terms(f"{question.prompt} {stem}" if stem else question.prompt)


def _near_duplicates(ctx: DeckContext, questions: tuple[QuestionSpec, ...]) -> Iterator[Finding]:
    stems = [_stem_terms(q) for q in questions]
    postings = _postings(stems)
    for index, question in enumerate(questions):
        twin_index = _nearest_earlier(stems, postings, index)
        if twin_index is not None:
            twin = questions[twin_index]
            yield ctx.at(
                question,
                "Q301",
                f"the prompt is nearly the same as question {twin.id}'s ({twin.file}:{twin.line}): "
                "merge them or make each ask something different",
                anchor=question.prompt,
            )


def _postings(stems: list[frozenset[str]]) -> dict[str, list[int]]:
    """For each term, the indexes of the questions whose stem has it."""
    postings: dict[str, list[int]] = defaultdict(list)
    for index, found in enumerate(stems):
        for term in found:
            postings[term].append(index)
    return postings


def _nearest_earlier(
    stems: list[frozenset[str]], postings: dict[str, list[int]], index: int
) -> int | None:
    """The earlier question whose stem shares the largest part of its terms with this one's,
    if that part is at least SIMILAR."""
    found = stems[index]
    if len(found) < MIN_TERMS:
        return None
    candidates: set[int] = set()
    for term in found:
        posting = postings[term]
        if len(posting) <= COMMON_TERM:
            candidates.update(i for i in posting if i < index)
    best: tuple[float, int] | None = None
    for other in candidates:
        if len(stems[other]) < MIN_TERMS:
            continue
        overlap = len(found & stems[other]) / len(found | stems[other])
        if overlap >= SIMILAR and (best is None or overlap > best[0]):
            best = (overlap, other)
    return None if best is None else best[1]


def _overtested(ctx: DeckContext, questions: tuple[QuestionSpec, ...]) -> Iterator[Finding]:
    tested: dict[str, list[str]] = defaultdict(list)
    shown: dict[str, str] = {}
    for question in questions:
        for answer in dict.fromkeys(answer_key(a) for a in keyed_answers(question)):
            if len(answer) >= 2:
                tested[answer].append(question.id)
                shown.setdefault(answer, answer)
    for answer, ids in tested.items():
        if len(ids) > MAX_TESTS:
            yield ctx.on_deck(
                "Q302",
                f"'{shorten(shown[answer])}' is the answer of {len(ids)} questions, more than "
                f"{MAX_TESTS}: keep the best and use the others for points not yet tested",
                ids,
            )


def _specific(answer: str) -> bool:
    """Whether an answer is specific enough that seeing it elsewhere gives it away."""
    tokens = answer.split()
    if not tokens or len(tokens) > MAX_ANSWER_WORDS or len(answer) < 4:
        return False
    return any(t.isdigit() or not words.is_common(t.strip("+#-")) for t in tokens)


def _give_aways(ctx: DeckContext, questions: tuple[QuestionSpec, ...]) -> Iterator[Finding]:
    wanted = _typed_answers(questions)
    if not wanted:
        return
    # A cheap first look with plain words spares normalising texts that hold no answer.
    first_words = {w for first in wanted for w in plain_words(first)}
    for question in questions:
        question_texts = [question.prompt, *shown_texts(question)]
        if not any(first_words.intersection(plain_words(text)) for text in question_texts):
            continue
        for owner, answer in _answers_shown(question, question_texts, wanted).items():
            key = f" {answer_key(answer)} "
            where = next((t for t in question_texts if key in f" {normalized(t)} "), None)
            yield ctx.at(
                question,
                "Q303",
                f"the prompt or options show '{shorten(answer)}', the answer question {owner} "
                "asks for: reword one of them",
                anchor=where,
            )


# Each typed answer to recall, by its first word: (words, question id, answer as written).
_Wanted = dict[str, list[tuple[tuple[str, ...], str, str]]]


def _typed_answers(questions: tuple[QuestionSpec, ...]) -> _Wanted:
    """The specific answers the questions ask to type, indexed by their first word."""
    wanted: _Wanted = defaultdict(list)
    for question in questions:
        for _, accepted in accepted_lists(question):
            for answer in accepted:
                # The matcher's own form, so "OPEC+" is not found in "OPEC".
                key = answer_key(answer)
                if _specific(key):
                    tokens = tuple(key.split())
                    wanted[tokens[0]].append((tokens, question.id, answer))
    return wanted


def _answers_shown(
    question: QuestionSpec, question_texts: list[str], wanted: _Wanted
) -> dict[str, str]:
    """Other questions' answers that these texts of the question show: owner id -> answer."""
    seen = tuple(" | ".join(normalized(text) for text in question_texts).split())
    given: dict[str, str] = {}
    for start, word in enumerate(seen):
        for tokens, owner, answer in wanted.get(word, ()):
            if owner != question.id and seen[start : start + len(tokens)] == tokens:
                given.setdefault(owner, answer)
    return given
