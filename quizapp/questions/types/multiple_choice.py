"""Multiple choice ("select all that apply"): options of which one or more are right, with
credit for each right pick less each wrong one."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

from yaml.nodes import Node

from quizapp.questions.nodes import Scope
from quizapp.questions.types import _choice
from quizapp.questions.types.base import (
    AnswerKey,
    Body,
    Malformed,
    Response,
    ResponseForm,
    index,
    response_field,
    shown_index,
)


class MultipleChoice(_choice.ChoiceType):
    SINGLE = False
    NAME = "multiple_choice"
    LABEL = "Select all that apply"
    TRAITS = frozenset({"choice", "several-right"})

    def check(self, scope: Scope, fields: Mapping[str, Node]) -> dict[str, Any]:
        options, complete = _choice.check_options(scope, fields)
        if complete and not any(option["correct"] for option in options):
            scope.problem(
                fields["options"], "at least one option must have 'correct: true' (found 0)"
            )
        return {"options": options}

    def grade(self, body: Body, response: Response) -> tuple[float, list[bool]]:
        options = body["options"]
        raw = response_field(response, "choices", (list, tuple))
        chosen = [index(value, len(options)) for value in raw]
        if len(set(chosen)) != len(chosen):
            raise Malformed
        picked = set(chosen)
        n_correct = sum(1 for option in options if option["correct"])
        n_incorrect = len(options) - n_correct
        hits = sum(1 for i in picked if options[i]["correct"])
        false_picks = len(picked) - hits
        score = hits / n_correct if n_correct else 0.0
        if n_incorrect:
            score -= false_picks / n_incorrect
        parts = [(i in picked) == option["correct"] for i, option in enumerate(options)]
        return max(0.0, score), parts

    def chosen_feedback(self, body: Body, response: Response) -> list[dict[str, Any]]:
        return _choice.chosen_feedback(body, response.get("choices", []))

    def read_response(
        self, form: ResponseForm, body: Body, order: Mapping[str, Sequence[int]]
    ) -> dict[str, Any] | None:
        picked = {form.shown_position("options", raw) for raw in form.every("choices")}
        return {"choices": sorted(picked)} if picked else None

    def form_values(
        self, body: Body, response: Response, order: Mapping[str, Sequence[int]]
    ) -> dict[str, Any]:
        return {"choices": [shown_index(order, "options", c) for c in response["choices"]]}

    def answers(self, body: Body, response: Response) -> list[AnswerKey] | None:
        options = body["options"]
        picked = [_choice.option_at(options, i) for i in response["choices"]]
        return [_choice.answer_of(option) for option in picked] or None

    def right_response(self, body: Body) -> dict[str, Any]:
        return {"choices": [i for i, o in enumerate(body["options"]) if o.get("correct")]}

    def wrong_response(self, body: Body, rng: random.Random) -> dict[str, Any]:
        wrong = [i for i, o in enumerate(body["options"]) if not o.get("correct")]
        return {"choices": [rng.choice(wrong) if wrong else 0]}

    # Exchange formats (quizapp.exchange): what GIFT and Moodle XML call it.

    GIFT_READS = ("gift:multichoice-multiple",)
    MOODLE_XML_READS = ("multichoice-multiple",)


TYPE = MultipleChoice()
