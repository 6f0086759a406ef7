"""Multiple choice ("select all that apply"): options of which one or more are right, with
credit for each right pick less each wrong one."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

from yaml.nodes import Node

from quizapp.questions.nodes import Scope
from quizapp.questions.types import QuestionType, _choice
from quizapp.questions.types.base import (
    AnswerKey,
    Body,
    LintTexts,
    Malformed,
    Response,
    ResponseForm,
    index,
    response_field,
    shown_index,
)


class MultipleChoice(QuestionType):
    NAME = "multiple_choice"
    LABEL = "Select all that apply"
    REQUIRED = ("options",)
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

    def part_count(self, body: Body) -> int:
        return len(body["options"])

    def lists(self, body: Body) -> dict[str, int]:
        return _choice.lists(body)

    def view(self, body: Body, order: Mapping[str, Sequence[int]]) -> dict[str, Any]:
        return _choice.view(body, order)

    def answer_key(self, body: Body) -> list[str]:
        return _choice.answer_key(body)

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

    def export(self, body: Body) -> dict[str, Any]:
        return _choice.export(body)

    def lint_texts(self, prompt: str, body: Body) -> LintTexts:
        return _choice.lint_texts(prompt, body)

    def answers(self, body: Body, response: Response) -> list[AnswerKey] | None:
        options = body["options"]
        picked = [_choice.option_at(options, i) for i in response["choices"]]
        return [_choice.answer_of(option) for option in picked] or None

    def fixed_answers(self, body: Body) -> list[AnswerKey]:
        return _choice.fixed_answers(body)

    def right_response(self, body: Body) -> dict[str, Any]:
        return {"choices": [i for i, o in enumerate(body["options"]) if o.get("correct")]}

    def wrong_response(self, body: Body, rng: random.Random) -> dict[str, Any]:
        wrong = [i for i, o in enumerate(body["options"]) if not o.get("correct")]
        return {"choices": [rng.choice(wrong) if wrong else 0]}

    # Exchange formats (quizapp.exchange): GIFT, Moodle XML.

    GIFT_READS = ("gift:multichoice-multiple",)
    MOODLE_XML_READS = ("multichoice-multiple",)

    def to_gift(self, question: Any) -> Any:
        from quizapp.exchange import gift

        return gift.Written(answers=_choice.gift_answers(question, False))

    def to_moodle_xml(self, xml: Any, question: Any) -> list[Any]:
        return _choice.to_moodle_xml(xml, question, False)

    def from_gift(self, reading: Any, answers: str) -> bool:
        return _choice.from_gift(reading, answers, self.NAME, False)

    def from_moodle_xml(self, reading: Any) -> bool:
        return _choice.from_moodle_xml(reading, self.NAME, False)


TYPE = MultipleChoice()
