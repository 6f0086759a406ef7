"""Short answer: a typed text, right if it matches one of the accepted answers."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

from yaml.nodes import Node

from quizapp.questions.markdown import render_inline
from quizapp.questions.nodes import Scope
from quizapp.questions.textmatch import matches
from quizapp.questions.types import CardCheck, QuestionType, _typed
from quizapp.questions.types.base import (
    AnswerKey,
    Body,
    CardInput,
    Flow,
    LintTexts,
    Response,
    ResponseForm,
    response_field,
)


class ShortAnswer(QuestionType):
    NAME = "short_answer"
    LABEL = "Short answer"
    REQUIRED = ("answers",)
    OPTIONAL = ("typos",)
    ANALYSIS = "typed"

    def check(self, scope: Scope, fields: Mapping[str, Node]) -> dict[str, Any]:
        return {
            "answers": _typed.accepted_answers(scope, fields.get("answers"), "'answers'"),
            "typos": _typed.typos(scope, fields),
        }

    def grade(self, body: Body, response: Response) -> tuple[float, list[bool]]:
        text = response_field(response, "text", str)
        right = matches(text, body["answers"], body.get("typos", 0))
        return (1.0 if right else 0.0), [right]

    def answer_key(self, body: Body) -> list[str]:
        return [" or ".join(render_inline(a) for a in body["answers"])]

    def read_response(
        self, form: ResponseForm, body: Body, order: Mapping[str, Sequence[int]]
    ) -> dict[str, Any] | None:
        answer = form.text("text")
        return {"text": answer} if answer else None

    def export(self, body: Body) -> dict[str, Any]:
        return _typed.with_typos({"answers": Flow(body["answers"])}, body)

    def lint_texts(self, prompt: str, body: Body) -> LintTexts:
        answers = tuple(body["answers"])
        return LintTexts(accepted=(("answers", answers),), keyed=answers[:1])

    def answers(self, body: Body, response: Response) -> list[AnswerKey] | None:
        return [_typed.typed_answer("", response["text"], body["answers"], body)]

    def card_inputs(self, body: Body) -> tuple[CardInput, ...]:
        return (CardInput("typed", "Type your answer (optional)"),)

    def card_checks(self, body: Body, typed: Mapping[str, str]) -> list[CardCheck]:
        text = typed.get("typed", "")
        if not text:
            return []
        typos = int(body.get("typos", 0))
        right = matches(text, body["answers"], typos)
        return [CardCheck(None, text, tuple(body["answers"]), typos, right)]

    def right_response(self, body: Body) -> dict[str, Any]:
        return {"text": body["answers"][0]}

    def wrong_response(self, body: Body, rng: random.Random) -> dict[str, Any]:
        return {"text": "I am not sure"}


TYPE = ShortAnswer()
