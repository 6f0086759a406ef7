"""What short answer and cloze questions share: accepted answers compared leniently, with an
optional number of typos forgiven."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from yaml.nodes import Node

from quizapp.questions.nodes import Scope, shorten
from quizapp.questions.textmatch import matches, normalize
from quizapp.questions.types.base import AnswerKey, Body

TYPOS_RANGE = (0, 3)


def accepted_answers(scope: Scope, node: Node | None, what: str) -> list[str]:
    answers: list[str] = []
    for number, answer_node in enumerate(scope.sequence(node, what, 1, noun="answer") or (), 1):
        answer = scope.text(answer_node, f"answer {number} in {what}")
        if answer is None:
            continue
        if not normalize(answer):
            scope.problem(
                answer_node,
                f"answer {number} in {what} ('{shorten(answer)}') has nothing left to compare "
                "once punctuation, symbols and spaces are ignored, so no answer could match it",
            )
            continue
        answers.append(answer)
    return answers


def typos(scope: Scope, fields: Mapping[str, Node]) -> int:
    if "typos" not in fields:
        return 0
    return scope.integer(fields["typos"], "'typos'", *TYPOS_RANGE) or 0


def with_typos(data: dict[str, object], body: Body) -> dict[str, object]:
    if body.get("typos"):
        data["typos"] = body["typos"]
    return data


def typed_answer(part: str, text: str, accepted: list[str], body: Body) -> AnswerKey:
    return (part, normalize(text), matches(text, accepted, body.get("typos", 0)), "")


def others_lost(answers: Sequence[str]) -> list[str]:
    """The accepted answers after the first, as an exchange format that keeps one lists them."""
    return [f"other accepted answers ({', '.join(answers[1:])})"] if len(answers) > 1 else []
