"""Answer cues (Q201-Q208): what lets a test-wise learner score without knowing the answer."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from statistics import median

from quizapp.lint.context import DeckContext
from quizapp.lint.model import Finding
from quizapp.lint.text import has_trait, options
from quizapp.questions.model import QuestionSpec

ABSOLUTES = (
    "always",
    "never",
    "solely",
    "only",
    "entirely",
    "completely",
    "exclusively",
    "wholly",
    "purely",
    "totally",
    "invariably",
    "none",
    "every",
)
_ABSOLUTE = re.compile(r"\b(" + "|".join(ABSOLUTES) + r")\b", re.IGNORECASE)
_NEGATIVE = re.compile(r"\b(not|except|never|least|cannot)\b", re.IGNORECASE)
_ABOVE = re.compile(r"\b(all|none|both|neither)\s+of\s+(the\s+)?(above|these|those)\b", re.I)
_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})s?\b")
_NUMBERED = re.compile(r"^\s*(\d+[.)]|(first|second|third|then|next|finally|lastly)\b)", re.I)
# How many standard deviations above chance a count must be before it is reported.
SIGNIFICANCE = 2.0
MIN_QUESTIONS = 5


def check(ctx: DeckContext) -> Iterator[Finding]:
    questions = ctx.deck.questions
    yield from _positions(ctx, questions)
    yield from _longest(ctx, questions)
    yield from _true_false_balance(ctx, questions)
    for question in questions:
        yield from _absolutes(ctx, question)
        yield from _negative_stem(ctx, question)
        yield from _above(ctx, question)
        yield from _odd_option(ctx, question)
        yield from _ordered_items(ctx, question)


def _beyond_chance(observed: int, chances: list[float]) -> bool:
    """Whether `observed` hits are far more than chance, given each trial's probability."""
    if len(chances) < MIN_QUESTIONS:
        return False
    expected = sum(chances)
    spread = math.sqrt(sum(p * (1 - p) for p in chances))
    return observed >= 3 and observed > expected + SIGNIFICANCE * max(spread, 1.0)


def _positions(ctx: DeckContext, questions: tuple[QuestionSpec, ...]) -> Iterator[Finding]:
    single = [q for q in questions if has_trait(q, "one-right")]
    places: dict[int, list[str]] = {}
    for question in single:
        right = next(i for i, o in enumerate(options(question)) if o["correct"])
        places.setdefault(right, []).append(question.id)
    for place, ids in sorted(places.items()):
        chances = [1 / len(options(q)) for q in single if len(options(q)) > place]
        if _beyond_chance(len(ids), chances):
            yield ctx.on_deck(
                "Q201",
                f"the correct option is option {place + 1} in {len(ids)} of {len(single)} "
                f"single-choice questions (about {sum(chances):.0f} by chance): move some",
                ids,
            )
    multiple = [q for q in questions if has_trait(q, "several-right")]
    for where, test in (("before", _all_right_first), ("after", _all_right_last)):
        ids = [q.id for q in multiple if test(q)]
        chances = [1 / _arrangements(q) for q in multiple]
        if _beyond_chance(len(ids), chances):
            yield ctx.on_deck(
                "Q201",
                f"every correct option comes {where} every wrong one in {len(ids)} of "
                f"{len(multiple)} multiple-choice questions (about {sum(chances):.0f} by "
                "chance): mix them",
                ids,
            )


def _flags(question: QuestionSpec) -> list[bool]:
    return [bool(o["correct"]) for o in options(question)]


def _all_right_first(question: QuestionSpec) -> bool:
    flags = _flags(question)
    return 0 < sum(flags) < len(flags) and flags == sorted(flags, reverse=True)


def _all_right_last(question: QuestionSpec) -> bool:
    flags = _flags(question)
    return 0 < sum(flags) < len(flags) and flags == sorted(flags)


def _arrangements(question: QuestionSpec) -> int:
    flags = _flags(question)
    return math.comb(len(flags), sum(flags)) if 0 < sum(flags) < len(flags) else 1


def _longest(ctx: DeckContext, questions: tuple[QuestionSpec, ...]) -> Iterator[Finding]:
    single = [q for q in questions if has_trait(q, "one-right")]
    ids = []
    for question in single:
        lengths = [(len(str(o["text"])), bool(o["correct"])) for o in options(question)]
        right = next(length for length, correct in lengths if correct)
        if all(right > length for length, correct in lengths if not correct):
            ids.append(question.id)
    chances = [1 / len(options(q)) for q in single]
    if _beyond_chance(len(ids), chances):
        yield ctx.on_deck(
            "Q202",
            f"the correct option is the longest in {len(ids)} of {len(single)} single-choice "
            f"questions (about {sum(chances):.0f} by chance)",
            ids,
        )


def _true_false_balance(ctx: DeckContext, questions: tuple[QuestionSpec, ...]) -> Iterator[Finding]:
    statements = [q for q in questions if has_trait(q, "statement")]
    if len(statements) < 6:
        return
    true = [q.id for q in statements if q.body["answer"]]
    false = [q.id for q in statements if not q.body["answer"]]
    half = len(statements) / 2
    if abs(len(true) - half) > max(1.5, 0.1 * len(statements)):
        many, word = (true, "true") if len(true) > half else (false, "false")
        yield ctx.on_deck(
            "Q203",
            f"{len(many)} of {len(statements)} true/false statements are {word}: bring them "
            "near half true, half false",
            many,
        )


def _absolutes(ctx: DeckContext, question: QuestionSpec) -> Iterator[Finding]:
    if not has_trait(question, "statement"):
        return
    found = sorted({m.group(1).lower() for m in _ABSOLUTE.finditer(question.prompt)})
    if found:
        yield ctx.at(
            question,
            "Q204",
            f"the statement says {', '.join(repr(w) for w in found)}: absolute words give "
            "a statement away as false; state the specific claim instead",
            anchor=question.prompt,
        )


def _emphasised(text: str, start: int, end: int) -> bool:
    word = text[start:end]
    before, after = text[:start], text[end:]
    return word.isupper() or (before.endswith(("*", "_")) and after.startswith(("*", "_")))


def _negative_stem(ctx: DeckContext, question: QuestionSpec) -> Iterator[Finding]:
    if not has_trait(question, "choice"):
        return
    for match in _NEGATIVE.finditer(question.prompt):
        if not _emphasised(question.prompt, match.start(), match.end()):
            yield ctx.at(
                question,
                "Q205",
                f"the prompt asks with '{match.group(1)}' without emphasis: write "
                f"**{match.group(1)}** or {match.group(1).upper()}, or ask positively",
                anchor=question.prompt,
            )
            return


def _above(ctx: DeckContext, question: QuestionSpec) -> Iterator[Finding]:
    for number, option in enumerate(options(question), 1):
        match = _ABOVE.search(str(option["text"]))
        if match:
            yield ctx.at(
                question,
                "Q206",
                f"option {number} is '{match.group(0)}': use a multiple-choice question instead",
                anchor=str(option["text"]),
            )


def _form(text: str) -> str:
    stripped = text.strip()
    if stripped.lower().startswith("to "):
        return "an infinitive ('To ...')"
    if stripped.endswith((".", "!", "?")):
        return "a full sentence"
    return "a phrase"


def _odd_option(ctx: DeckContext, question: QuestionSpec) -> Iterator[Finding]:
    texts = [str(o["text"]) for o in options(question)]
    if len(texts) < 3:
        return
    lengths = [len(t) for t in texts]
    middle = median(lengths)
    for number, length in enumerate(lengths, 1):
        others = lengths[: number - 1] + lengths[number:]
        if length > 2.2 * max(others) and length - middle >= 20:
            yield ctx.at(
                question,
                "Q207",
                f"option {number} is more than twice as long as any other: even out the lengths",
                anchor=texts[number - 1],
            )
            return
        if length < 0.4 * min(others) and min(others) - length >= 15:
            yield ctx.at(
                question,
                "Q207",
                f"option {number} is far shorter than every other: even out the lengths",
                anchor=texts[number - 1],
            )
            return
    forms = [_form(t) for t in texts]
    for number, form in enumerate(forms, 1):
        rest = forms[: number - 1] + forms[number:]
        if all(f != form for f in rest) and len(set(rest)) == 1:
            yield ctx.at(
                question,
                "Q207",
                f"option {number} is {form} and the others are {rest[0]}: write them alike",
                anchor=texts[number - 1],
            )
            return


def _ordered_items(ctx: DeckContext, question: QuestionSpec) -> Iterator[Finding]:
    if not has_trait(question, "sequence"):
        return
    items = question.body["items"]
    dated = [n for n, item in enumerate(items, 1) if _YEAR.search(item)]
    numbered = [n for n, item in enumerate(items, 1) if _NUMBERED.match(item)]
    if len(dated) >= 2:
        yield ctx.at(
            question,
            "Q208",
            f"items {', '.join(map(str, dated))} carry years, which give the order away: "
            "leave them out or ask for the years",
            anchor=items[dated[0] - 1],
        )
    elif len(numbered) >= 2:
        yield ctx.at(
            question,
            "Q208",
            f"items {', '.join(map(str, numbered))} are numbered or sequenced ('first', "
            "'then'), which gives the order away",
            anchor=items[numbered[0] - 1],
        )
