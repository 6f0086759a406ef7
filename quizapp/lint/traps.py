"""Grading traps (Q101-Q104): typed answers that accept wrong answers or refuse right ones."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from quizapp.lint import words
from quizapp.lint.context import DeckContext
from quizapp.lint.model import Finding
from quizapp.lint.text import accepted_lists, answer_key, options, shorten
from quizapp.lint.text import texts as question_texts
from quizapp.questions.model import QuestionSpec
from quizapp.questions.textmatch import KEPT_SYMBOLS, normalize

_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
_LONG_SHORT = re.compile(
    r"((?:[A-Z][\w'-]*\s+(?:(?:of|the|and|for)\s+)*){1,8}[A-Z][\w'-]*)\s*\(([A-Z][A-Z+&]{1,9})\)"
)
_SHORT_LONG = re.compile(
    r"\b([A-Z][A-Z+&]{1,9})\s*\(((?:[A-Z][\w'-]*\s+(?:(?:of|the|and|for)\s+)*){1,8}[A-Z][\w'-]*)\)"
)
_ACRONYM = re.compile(r"\b[A-Z]{2,8}\+?(?![\w])")
_LINK_WORDS = frozenset({"of", "the", "and", "for"})


def check(ctx: DeckContext) -> Iterator[Finding]:
    questions = ctx.deck.questions
    wrong_texts = _wrong_texts(questions)
    pairs = _abbreviations(ctx)
    for question in questions:
        for label, accepted in accepted_lists(question):
            yield from _typo_traps(ctx, question, label, accepted)
            yield from _wrong_elsewhere(ctx, question, label, accepted, wrong_texts)
            yield from _dropped_symbols(ctx, question, label, accepted)
            yield from _missing_forms(ctx, question, label, accepted, pairs)


def _typo_traps(
    ctx: DeckContext, question: QuestionSpec, label: str, accepted: list[str]
) -> Iterator[Finding]:
    typos = int(question.body.get("typos", 0))
    if typos <= 0:
        return
    keys = {normalize(a) for a in accepted}
    own_words = {w for key in keys for w in key.split()}
    examples: list[str] = []
    for answer in accepted:
        key = normalize(answer)
        if _NUMBER.fullmatch(key):
            examples.append(
                f"'{answer}' also accepts other numbers, such as '{_other_number(key)}'"
            )
            continue
        tokens = key.split()
        # The rarest word first: it carries the meaning ("exporter" in "arms exporter").
        for index in sorted(range(len(tokens)), key=lambda i: words.zipf(tokens[i])):
            variant = _variant(tokens, index, typos, own_words, keys)
            if variant:
                examples.append(f"'{answer}' also accepts {variant}")
                break
    if examples:
        shown = "; ".join(list(dict.fromkeys(examples))[:3])
        yield ctx.at(
            question,
            "Q101",
            f"{label} with typos: {typos}: {shown}, with a different meaning; lower 'typos' "
            "or list the spellings you accept",
            anchor=accepted[0],
        )


def _variant(
    tokens: list[str], index: int, typos: int, own_words: set[str], keys: set[str]
) -> str | None:
    """The answer with its word at `index` replaced by each nearby word (up to five)."""
    variants = []
    for other in words.neighbours(tokens[index], typos):
        if other not in own_words:
            variant = " ".join([*tokens[:index], other, *tokens[index + 1 :]])
            if variant not in keys:
                variants.append(f"'{variant}'")
    return ", ".join(variants[:5]) or None


def _other_number(key: str) -> str:
    last = key[-1]
    return key[:-1] + ("1" if last != "1" else "2")


def _wrong_texts(questions: tuple[QuestionSpec, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for question in questions:
        for option in options(question):
            if not option["correct"]:
                found.setdefault(answer_key(str(option["text"])), question.id)
        for text in question_texts(question).distractors:
            found.setdefault(answer_key(text), question.id)
    return found


def _wrong_elsewhere(
    ctx: DeckContext,
    question: QuestionSpec,
    label: str,
    accepted: list[str],
    wrong_texts: dict[str, str],
) -> Iterator[Finding]:
    for answer in accepted:
        other = wrong_texts.get(answer_key(answer))
        if other is not None and other != question.id:
            yield ctx.at(
                question,
                "Q102",
                f"{label}: '{shorten(answer)}' is accepted here but is a wrong option of "
                f"question {other}; make the two agree",
                anchor=answer,
            )


def _dropped_symbols(
    ctx: DeckContext, question: QuestionSpec, label: str, accepted: list[str]
) -> Iterator[Finding]:
    for answer in accepted:
        dropped = [
            char
            for char in answer
            if char not in KEPT_SYMBOLS
            and (unicodedata.category(char).startswith("S") or char in "%&@")
        ]
        if dropped:
            symbols = "".join(dict.fromkeys(dropped))
            yield ctx.at(
                question,
                "Q103",
                f"{label}: the matcher ignores '{symbols}' in '{shorten(answer)}', so "
                f"'{shorten(normalize(answer))}' is accepted as well; write the symbol out in "
                "words or accept only what the letters say",
                anchor=answer,
            )


def _initials(name: str) -> str:
    parts = [p for p in re.split(r"[\s-]+", name) if p and p.lower() not in _LINK_WORDS]
    return "".join(p[0] for p in parts).upper()


def _abbreviations(ctx: DeckContext) -> dict[tuple[str, str], tuple[str, str]]:
    """(abbreviation, expansion) pairs the deck's own texts spell out, with their answer keys."""
    deck = ctx.deck
    texts = [deck.description, *(s.note for s in deck.sections)]
    for question in deck.questions:
        texts.extend([question.prompt, question.explanation])
        texts.extend(str(o["text"]) for o in options(question))
        texts.extend(question_texts(question).glosses)
    found: dict[tuple[str, str], None] = {}
    acronyms: set[str] = set()
    for text in texts:
        acronyms.update(_ACRONYM.findall(text))
        if "(" not in text:
            continue
        for long, short in _LONG_SHORT.findall(text):
            _add_pair(found, short, long)
        for short, long in _SHORT_LONG.findall(text):
            _add_pair(found, short, long)
    # An accepted answer whose initials the deck uses as an acronym is one form of a pair too.
    for question in deck.questions:
        for _, accepted in accepted_lists(question):
            for answer in accepted:
                if " " in answer.strip() and _initials(answer) in acronyms:
                    _add_pair(found, _initials(answer), answer)
    return {(short, long): (answer_key(short), answer_key(long)) for short, long in found}


def _add_pair(found: dict[tuple[str, str], None], short: str, long: str) -> None:
    long = long.strip()
    while True:
        initials = _initials(long)
        if initials == short.rstrip("+"):
            found[(short, long)] = None
            return
        # "The International North-South..." : drop leading words until the initials fit.
        head, _, rest = long.partition(" ")
        if not rest or len(initials) <= len(short):
            return
        long = rest


def _missing_forms(
    ctx: DeckContext,
    question: QuestionSpec,
    label: str,
    accepted: list[str],
    pairs: dict[tuple[str, str], tuple[str, str]],
) -> Iterator[Finding]:
    keys = {answer_key(a) for a in accepted}
    if not any(key in pair_keys for key in keys for pair_keys in pairs.values()):
        return
    prompt = answer_key(question.prompt)
    for (short, long), (short_key, long_key) in pairs.items():
        for have, lacking, shown in ((long_key, short_key, short), (short_key, long_key, long)):
            # A prompt that names the other form asks for the conversion: that form is wrong.
            if have in keys and lacking not in keys and f" {lacking} " not in f" {prompt} ":
                yield ctx.at(
                    question,
                    "Q104",
                    f"{label} accepts '{shorten(have)}' but not '{shorten(shown)}', the other "
                    "form of the name the deck uses; add it",
                    anchor=accepted[0],
                )
