"""True or false: a statement, and whether it holds, with a note for each answer."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

from yaml.nodes import Node

from quizapp.questions.nodes import Scope
from quizapp.questions.types import QuestionType
from quizapp.questions.types.base import (
    AnswerKey,
    Body,
    FormValueRefused,
    LintTexts,
    Response,
    ResponseForm,
    response_field,
)

NOTES = ("feedback_true", "feedback_false")


def _word(value: bool) -> str:
    return "True" if value else "False"


class TrueFalse(QuestionType):
    NAME = "true_false"
    LABEL = "True or false"
    REQUIRED = ("answer",)
    OPTIONAL = NOTES
    TRAITS = frozenset({"statement"})

    def check(self, scope: Scope, fields: Mapping[str, Node]) -> dict[str, Any]:
        body: dict[str, Any] = {"answer": scope.boolean(fields.get("answer"), "'answer'")}
        for name in NOTES:
            body[name] = scope.text(fields[name], f"'{name}'") if name in fields else None
        return body

    def grade(self, body: Body, response: Response) -> tuple[float, list[bool]]:
        answer = response_field(response, "answer", bool)
        right = answer == body["answer"]
        return (1.0 if right else 0.0), [right]

    def view(self, body: Body, order: Mapping[str, Sequence[int]]) -> dict[str, Any]:
        return {"front_note": "True or false?"}

    def answer_key(self, body: Body) -> list[str]:
        return [_word(body["answer"])]

    def chosen_feedback(self, body: Body, response: Response) -> list[dict[str, Any]]:
        note = body.get("feedback_true" if response["answer"] else "feedback_false")
        return [{"text": _word(response["answer"]), "feedback": note}] if note else []

    def read_response(
        self, form: ResponseForm, body: Body, order: Mapping[str, Sequence[int]]
    ) -> dict[str, Any] | None:
        raw = form.one("answer")
        if raw is None:
            return None
        if raw not in ("true", "false"):
            raise FormValueRefused("the answer must be true or false.")
        return {"answer": raw == "true"}

    def form_values(
        self, body: Body, response: Response, order: Mapping[str, Sequence[int]]
    ) -> dict[str, Any]:
        return {"answer": "true" if response["answer"] else "false"}

    def export(self, body: Body) -> dict[str, Any]:
        data: dict[str, Any] = {"answer": body["answer"]}
        for name in NOTES:
            if body.get(name):
                data[name] = body[name]
        return data

    def lint_texts(self, prompt: str, body: Body) -> LintTexts:
        wrong = "feedback_false" if body["answer"] else "feedback_true"
        return LintTexts(
            feedback=tuple(body[name] for name in NOTES if body.get(name)),
            wrong_feedbacks=((wrong, body[wrong], prompt),) if body.get(wrong) else (),
        )

    def answers(self, body: Body, response: Response) -> list[AnswerKey] | None:
        answer = response["answer"]
        if not isinstance(answer, bool):
            return None
        return [("", _word(answer), answer == body["answer"], "")]

    def fixed_answers(self, body: Body) -> list[AnswerKey]:
        return [
            ("", "True", body["answer"] is True, ""),
            ("", "False", body["answer"] is False, ""),
        ]

    def right_response(self, body: Body) -> dict[str, Any]:
        return {"answer": body["answer"]}

    def wrong_response(self, body: Body, rng: random.Random) -> dict[str, Any]:
        return {"answer": not body["answer"]}


TYPE = TrueFalse()
