"""Matching: left items each matched to its right partner among the pairs' rights and any
distractors; credit per pair."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from string import ascii_uppercase
from typing import Any

from yaml.nodes import Node

from quizapp.questions.markdown import render_inline
from quizapp.questions.nodes import Scope, same_text_key, shorten
from quizapp.questions.types import QuestionType
from quizapp.questions.types._choice import option_at
from quizapp.questions.types.base import (
    AnswerKey,
    Body,
    LintTexts,
    Response,
    ResponseForm,
    arranged,
    fraction,
    index,
    response_field,
    shown_index,
)
from quizapp.questions.types.ordering import unique_texts

PAIRS_RANGE = (2, 10)


def right_texts(body: Body) -> list[str]:
    """The answers offered, in the bank's order: the pairs' rights, then the distractors."""
    return [pair["right"] for pair in body["pairs"]] + list(body.get("distractors", ()))


class Matching(QuestionType):
    NAME = "matching"
    LABEL = "Match the pairs"
    REQUIRED = ("pairs",)
    OPTIONAL = ("distractors",)
    ANALYSIS = "arranged"

    def check(self, scope: Scope, fields: Mapping[str, Node]) -> dict[str, Any]:
        nodes = scope.sequence(fields.get("pairs"), "'pairs'", *PAIRS_RANGE, noun="pair")
        pairs: list[dict[str, Any]] = []
        lefts: dict[str, str] = {}
        rights: dict[str, str] = {}
        for number, node in enumerate(nodes or (), 1):
            pair = scope.fields(node, f"pair {number}", ("left", "right"))
            if pair is None:
                continue
            texts = []
            for side, seen in (("left", lefts), ("right", rights)):
                value = scope.text(pair.get(side), f"'{side}' of pair {number}")
                if value is not None:
                    label = f"the {side} of pair {number}"
                    first = seen.setdefault(same_text_key(value), label)
                    if first != label:
                        scope.problem(
                            pair[side],
                            f"{label} has the same text as {first} ('{shorten(value)}')",
                        )
                texts.append(value)
            pairs.append({"left": texts[0], "right": texts[1]})
        distractors: list[str] = []
        if "distractors" in fields:
            extra = scope.sequence(fields["distractors"], "'distractors'")
            distractors = unique_texts(scope, extra or (), "distractor", rights)
        return {"pairs": pairs, "distractors": distractors}

    def grade(self, body: Body, response: Response) -> tuple[float, list[bool]]:
        pairs = body["pairs"]
        n_rights = len(pairs) + len(body.get("distractors", ()))
        raw = response_field(response, "matches", Mapping)
        chosen: dict[int, int | None] = {}
        for left, right in raw.items():
            # None is a left item the learner has not matched yet.
            chosen[index(left, len(pairs))] = None if right is None else index(right, n_rights)
        parts = [chosen.get(i) == i for i in range(len(pairs))]
        return fraction(parts), parts

    def part_count(self, body: Body) -> int:
        return len(body["pairs"])

    def lists(self, body: Body) -> dict[str, int]:
        return {"lefts": len(body["pairs"]), "rights": len(right_texts(body))}

    def view(self, body: Body, order: Mapping[str, Sequence[int]]) -> dict[str, Any]:
        return {
            "lefts": arranged([pair["left"] for pair in body["pairs"]], order["lefts"]),
            "rights": arranged(right_texts(body), order["rights"]),
        }

    def answer_key(self, body: Body) -> list[str]:
        return [f"{render_inline(p['left'])} → {render_inline(p['right'])}" for p in body["pairs"]]

    def read_response(
        self, form: ResponseForm, body: Body, order: Mapping[str, Sequence[int]]
    ) -> dict[str, Any] | None:
        matches = {}
        for shown in range(len(order.get("lefts", []))):
            raw = form.one(f"match-{shown}")
            if raw:
                matches[str(order["lefts"][shown])] = form.shown_position("rights", raw)
        return {"matches": matches} if matches else None

    def grading_response(self, body: Body, response: Response) -> dict[str, Any]:
        return {"matches": {int(left): right for left, right in response["matches"].items()}}

    def form_values(
        self, body: Body, response: Response, order: Mapping[str, Sequence[int]]
    ) -> dict[str, Any]:
        return {
            "matches": {
                shown_index(order, "lefts", int(left)): shown_index(order, "rights", right)
                for left, right in response["matches"].items()
            }
        }

    def export(self, body: Body) -> dict[str, Any]:
        data: dict[str, Any] = {
            "pairs": [{"left": p["left"], "right": p["right"]} for p in body["pairs"]]
        }
        if body.get("distractors"):
            data["distractors"] = list(body["distractors"])
        return data

    def lint_texts(self, prompt: str, body: Body) -> LintTexts:
        pairs = body["pairs"]
        distractors = tuple(body.get("distractors") or ())
        return LintTexts(
            keyed=tuple(p["left"] for p in pairs),
            shown=(*(p["left"] for p in pairs), *(p["right"] for p in pairs), *distractors),
            right=tuple(p["right"] for p in pairs),
            distractors=distractors,
            glosses=tuple(f"{p['right']} ({p['left']})" for p in pairs),
        )

    def answers(self, body: Body, response: Response) -> list[AnswerKey] | None:
        pairs = body["pairs"]
        rights = right_texts(body)
        chosen = self.grading_response(body, response)["matches"]
        words, codes = [], []
        for left, pair in enumerate(pairs):
            right = chosen.get(left)
            if right is None:
                words.append(f"{pair['left']} → (none)")
                codes.append(f"{left + 1}-")
            else:
                words.append(f"{pair['left']} → {option_at(rights, right)}")
                codes.append(f"{left + 1}{ascii_uppercase[right]}")
        right_answer = all(chosen.get(left) == left for left in range(len(pairs)))
        return [("", "; ".join(words), right_answer, " ".join(codes))]

    def right_response(self, body: Body) -> dict[str, Any]:
        return {"matches": {str(i): i for i in range(len(body["pairs"]))}}

    def wrong_response(self, body: Body, rng: random.Random) -> dict[str, Any]:
        count = len(body["pairs"])
        return {"matches": {str(i): (i + 1) % count for i in range(count)}}


TYPE = Matching()
