"""Teaching (Q401-Q403): explanations and feedback that teach nothing beyond the answer."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from quizapp.lint.context import DeckContext
from quizapp.lint.model import Finding
from quizapp.lint.text import keyed_answers, plain_words, shorten, terms, wrong_feedbacks
from quizapp.questions.model import QuestionSpec

MIN_EXPLANATION_WORDS = 8
MIN_NEW_TERMS = 3
TEMPLATE_REPEATS = 5
_FILLER = frozenset(
    "a an the any such this that these those of in on to at as for by with about no yes not "
    "quite right correct wrong incorrect".split()
)
_NOT_MENTIONED = re.compile(
    r"\b(does not|doesn't|do not|never) (mention|discuss|name|cite|say anything about|"
    r"refer to|talk about|list)\b|\bsays nothing (about|of)\b|\bis not (mentioned|named|"
    r"discussed)\b|\bmakes no (such )?(claim|mention)\b|\bno (mention|such claim)\b",
    re.IGNORECASE,
)


def check(ctx: DeckContext) -> Iterator[Finding]:
    templates: dict[tuple[str, ...], list[tuple[str, str]]] = defaultdict(list)
    total = 0
    for question in ctx.deck.questions:
        yield from _restated(ctx, question)
        weak: list[tuple[str, str]] = []
        for label, feedback, option in wrong_feedbacks(question):
            total += 1
            templates[_skeleton(feedback, option)].append((question.id, feedback))
            if _only_not_mentioned(feedback, option):
                weak.append((label, feedback))
        if weak:
            yield ctx.at(
                question,
                "Q403",
                f"the feedback on {', '.join(label for label, _ in weak)} only says the text "
                "does not mention it: say what the text says instead and why the option is wrong",
                anchor=weak[0][1],
            )
    for skeleton, uses in templates.items():
        if len(skeleton) >= 2 and len(uses) >= max(TEMPLATE_REPEATS, total // 10):
            yield ctx.on_deck(
                "Q402",
                f"{len(uses)} wrong-answer feedbacks follow one template "
                f"('{shorten(uses[0][1], 60)}'): say why each option is wrong",
                [qid for qid, _ in uses],
            )


def _restated(ctx: DeckContext, question: QuestionSpec) -> Iterator[Finding]:
    explanation = plain_words(question.explanation)
    if len(explanation) < MIN_EXPLANATION_WORDS:
        yield ctx.at(
            question,
            "Q401",
            f"the explanation has {len(explanation)} words: say why the answer is right",
            anchor=question.explanation,
        )
        return
    known = terms(" ".join([question.prompt, *keyed_answers(question)]))
    new = terms(question.explanation) - known
    if len(new) < MIN_NEW_TERMS:
        yield ctx.at(
            question,
            "Q401",
            "the explanation only restates the prompt and the answer: say why, or what it "
            "connects to",
            anchor=question.explanation,
        )


def _skeleton(feedback: str, option: str) -> tuple[str, ...]:
    """The feedback without the option's own words, names, numbers and filler words."""
    own = set(plain_words(option))
    names = {w.lower() for w in re.findall(r"\b[A-Z][\w-]*", feedback[1:])}
    return tuple(
        w
        for w in plain_words(feedback)
        if w not in own and w not in names and w not in _FILLER and not w.isdigit()
    )[:8]


def _only_not_mentioned(feedback: str, option: str) -> bool:
    match = _NOT_MENTIONED.search(feedback)
    if match is None:
        return False
    rest = _NOT_MENTIONED.sub(" ", feedback)
    new = terms(rest) - terms(option) - {"essay", "text", "author"}
    return len(new) < 4
