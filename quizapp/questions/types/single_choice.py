"""Single choice: options of which exactly one is right."""

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
    Response,
    ResponseForm,
    index,
    shown_index,
)


class SingleChoice(_choice.ChoiceType):
    SINGLE = True
    NAME = "single_choice"
    LABEL = "Single choice"
    TRAITS = frozenset({"choice", "one-right"})

    def check(self, scope: Scope, fields: Mapping[str, Node]) -> dict[str, Any]:
        options, complete = _choice.check_options(scope, fields)
        right = sum(1 for option in options if option["correct"])
        if complete and right != 1:
            scope.problem(
                fields["options"], f"exactly one option must have 'correct: true' (found {right})"
            )
        return {"options": options}

    def grade(self, body: Body, response: Response) -> tuple[float, list[bool]]:
        options = body["options"]
        choice = index(response.get("choice"), len(options))
        parts = [(i == choice) == option["correct"] for i, option in enumerate(options)]
        return (1.0 if options[choice]["correct"] else 0.0), parts

    def chosen_feedback(self, body: Body, response: Response) -> list[dict[str, Any]]:
        return _choice.chosen_feedback(body, [response.get("choice")])

    def read_response(
        self, form: ResponseForm, body: Body, order: Mapping[str, Sequence[int]]
    ) -> dict[str, Any] | None:
        raw = form.one("choice")
        return None if raw is None else {"choice": form.shown_position("options", raw)}

    def form_values(
        self, body: Body, response: Response, order: Mapping[str, Sequence[int]]
    ) -> dict[str, Any]:
        return {"choice": shown_index(order, "options", response["choice"])}

    def answers(self, body: Body, response: Response) -> list[AnswerKey] | None:
        return [_choice.answer_of(_choice.option_at(body["options"], response["choice"]))]

    def right_response(self, body: Body) -> dict[str, Any]:
        return {"choice": next(i for i, o in enumerate(body["options"]) if o.get("correct"))}

    def wrong_response(self, body: Body, rng: random.Random) -> dict[str, Any]:
        wrong = [i for i, o in enumerate(body["options"]) if not o.get("correct")]
        return {"choice": rng.choice(wrong) if wrong else 0}

    # Exchange formats (quizapp.exchange): what GIFT and Moodle XML call it.

    GIFT_READS = ("gift:multichoice-single",)
    MOODLE_XML_READS = ("multichoice-single",)

    def to_aiken(self, question: Any) -> tuple[str, list[Any]]:
        """One line of question text, lettered options, `ANSWER: X`; nothing else fits."""
        from quizapp.exchange.model import Skipped

        def one_line(text: str) -> str:
            return " ".join(text.split())

        options = question.body["options"]
        lost = []
        if one_line(question.prompt) != question.prompt or any(
            one_line(o["text"]) != o["text"] for o in options
        ):
            lost.append("line breaks (Aiken texts are one line each)")
        if any(option.get("feedback") for option in options):
            lost.append("the options' feedback")
        lost.append("the id, the explanation")
        if question.topics:
            lost.append("the topics")
        lines = [one_line(question.prompt)]
        right = ""
        for letter, option in zip("ABCDEFGHIJ", options, strict=False):
            lines.append(f"{letter}. {one_line(option['text'])}")
            if option["correct"]:
                right = letter
        lines.append(f"ANSWER: {right}")
        note = Skipped(question.id, "kept, but Aiken has no room for " + ", ".join(lost))
        return "\n".join(lines) + "\n", [note]

    def to_quizlet(self, question: Any) -> tuple[list[tuple[str, str]], list[str]]:
        """The right option as the term: Quizlet makes its own choices from the set's terms."""
        right = next(o["text"] for o in question.body["options"] if o.get("correct"))
        return [(right, question.prompt)], ["the wrong options and the options' feedback"]


TYPE = SingleChoice()
