"""Response analysis, as in Moodle's quiz statistics: how often each answer was given to a
question (each option, each typed answer as it is compared, each arrangement)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from quizapp.questions import types


@dataclass(frozen=True)
class Answer:
    """One distinct answer and how many of the question's responses gave it.

    - ``part``: the blank's name for a cloze question, else "".
    - ``text``: the option's text (Markdown, as in the bank), the typed answer as it is compared
      (no case, accents or punctuation), "True"/"False", or an arrangement in words.
    - ``code``: an arrangement in short: for ordering the items' numbers in the order given
      (items numbered in their right order, so 1-2-3 is right); for matching each left item's
      number with the letter of the answer matched to it (answers lettered in the bank's order,
      distractors last, so 1A 2B 3C is right; 2- is a left item left unmatched). "" otherwise.
    - ``right``: right (an option that is, a true/false answer, an arrangement) or, for a typed
      answer, accepted, by the question as it is now.
    """

    part: str
    text: str
    right: bool
    count: int
    code: str = ""


@dataclass(frozen=True)
class QuestionResponses:
    """Every distinct answer given to one question.

    ``responses`` counts the finished attempts that were asked it; ``unanswered`` those that left
    it blank (or a cloze blank, per blank: ``unanswered_parts``). A multiple choice answer
    counts once for each option it picked, so its options' counts may add up to more than
    ``responses``. Options come in the bank's order, every one of them, chosen or not; other
    answers most given first.
    """

    question_type: str
    responses: int
    unanswered: int
    answers: tuple[Answer, ...]
    unanswered_parts: tuple[tuple[str, int], ...] = ()

    @property
    def shape(self) -> str:
        """How the answers are shown: "fixed" (every one offered), "typed" or "arranged"."""
        kind = types.find(self.question_type)
        return kind.ANALYSIS if kind is not None else "fixed"

    def shown(self, limit: int) -> list[tuple[str, list[Answer], int, int]]:
        """Per part, the ``limit`` most given answers and the rest as (answers, times given):
        options and true/false are always given in full. [(part, answers, others, times)]."""
        parts: dict[str, list[Answer]] = {}
        for answer in self.answers:
            parts.setdefault(answer.part, []).append(answer)
        if self.shape == "fixed":
            limit = len(self.answers)
        return [
            (
                part,
                answers[:limit],
                len(answers[limit:]),
                sum(answer.count for answer in answers[limit:]),
            )
            for part, answers in parts.items()
        ]


def tally(
    question_type: str,
    body: Mapping[str, Any],
    given: Iterable[tuple[Mapping[str, Any] | None, int]],
) -> QuestionResponses:
    """Count the answers given to a question of ``question_type`` whose body is ``body``.

    ``given`` holds each distinct stored response (as the quiz form stores it; None for no
    answer) with the number of attempts that gave it.
    """
    counts: Counter[tuple[str, str, bool, str]] = Counter()
    blank_parts: Counter[str] = Counter()
    responses = unanswered = 0
    for response, times in given:
        responses += times
        keys = _answers(question_type, body, response) if response else None
        if keys is None:
            unanswered += times
            continue
        for key in keys:
            if key[1] == "" and key[0]:  # a blank left empty
                blank_parts[key[0]] += times
            else:
                counts[key] += times
    kind = types.find(question_type)
    if kind is not None and kind.ANALYSIS == "fixed":
        answers = [
            Answer(part, text, right, counts[(part, text, right, code)], code)
            for part, text, right, code in kind.fixed_answers(body)
        ]
    else:
        order = {name: index for index, name in enumerate(body.get("blanks", {}))}
        answers = sorted(
            (
                Answer(part, text, right, count, code)
                for (part, text, right, code), count in counts.items()
            ),
            key=lambda a: (order.get(a.part, 0), -a.count, a.code, a.text),
        )
    parts = tuple((name, blank_parts[name]) for name in body.get("blanks", {}) if blank_parts[name])
    return QuestionResponses(question_type, responses, unanswered, tuple(answers), parts)


def _answers(
    question_type: str, body: Mapping[str, Any], response: Mapping[str, Any]
) -> list[tuple[str, str, bool, str]] | None:
    """The answers one response gives as (part, text, right, code) keys; None if it gives none
    (or is not of the shape its type stores, which grades as unanswered too)."""
    try:
        return types.get(question_type).answers(body, response)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        return None
