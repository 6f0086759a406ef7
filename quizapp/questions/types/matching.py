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

    # Exchange formats (quizapp.exchange): GIFT, Moodle XML. Distractors are answers
    # without a question on the left.

    GIFT_READS = ("gift:match",)
    MOODLE_XML_READS = ("matching",)

    def to_gift(self, question: Any) -> Any:
        from quizapp.exchange.gift import Written, escape
        from quizapp.exchange.model import Skipped

        lines = []
        for number, pair in enumerate(question.body["pairs"], 1):
            if "->" in pair["left"]:
                return Skipped(
                    question.id,
                    f"left out: the left side of pair {number} contains '->', which GIFT reads "
                    "as the arrow between the two sides",
                )
            lines.append(f"={escape(pair['left'])} -> {escape(pair['right'])}")
        lines += [f"= -> {escape(text)}" for text in question.body.get("distractors") or ()]
        return Written(answers=lines)

    def to_moodle_xml(self, xml: Any, question: Any) -> list[Any]:
        from quizapp.exchange.moodle_xml import TEXT_FORMAT

        xml.value("shuffleanswers", "true")
        pairs = [(p["left"], p["right"]) for p in question.body["pairs"]]
        pairs += [("", text) for text in question.body.get("distractors") or ()]
        for left, right in pairs:
            xml.open("subquestion", format=TEXT_FORMAT)
            xml.value("text", left)
            xml.text("answer", right, None)
            xml.close("subquestion")
        return []

    def from_gift(self, reading: Any, answers: str) -> bool:
        pairs, distractors = [], []
        for part in [p for p in answers.split("=") if p.strip()]:
            if "->" not in part:
                reading.lost(f"left out: '{reading.plain(part)}' has no '->' between its sides")
                return False
            left, _, right = part.partition("->")
            if left.strip():
                pairs.append({"left": reading.text(left), "right": reading.plain(right)})
            else:
                distractors.append(reading.plain(right))
        reading.question.type = self.NAME
        reading.question.fields = {"pairs": pairs, "distractors": distractors}
        return True

    def from_moodle_xml(self, reading: Any) -> bool:
        from quizapp.exchange import moodle
        from quizapp.exchange.moodle_xml import get_text

        pairs, distractors = [], []
        for sub in reading.element.findall("subquestion"):
            left = moodle.to_markdown(get_text(sub, "text"), sub.get("format", "html"))
            right = get_text(sub, "answer/text").strip()
            if left:
                pairs.append({"left": left, "right": right})
            elif right:
                distractors.append(right)
        reading.question.type = self.NAME
        reading.question.fields = {"pairs": pairs, "distractors": distractors}
        return True

    # Anki (quizapp.exchange.apkg) and CSV.

    def to_anki(self, anki: Any, question: Any) -> Any:
        pairs = question.body["pairs"]
        rights = [pair["right"] for pair in pairs] + list(question.body.get("distractors", []))
        front = (
            anki.md(question.prompt)
            + anki.options([anki.inline(pair["left"]) for pair in pairs])
            + anki.CHOOSE_FROM
            + anki.options([anki.inline(right) for right in anki.not_in_order(rights)])
        )
        back = anki.options(
            [f"{anki.inline(p['left'])} → {anki.inline(p['right'])}" for p in pairs]
        )
        return anki.basic(front, back, ("partial credit for partly right pairs",))

    def from_anki(self, note: Any) -> Any:
        if note.is_cloze or note.typed or note.CHOOSE_FROM not in note.front:
            return None
        head, _, choices = note.front.partition(note.CHOOSE_FROM)
        prompt = head.partition('<ul class="options">')[0]
        pairs = []
        for item in note.items(note.back):
            left, arrow, right = item.partition(" → ")
            if not arrow:
                return None
            pairs.append({"left": left, "right": right})
        rights = {pair["right"] for pair in pairs}
        fields: dict[str, Any] = {"pairs": pairs}
        distractors = [text for text in note.items(choices) if text not in rights]
        if distractors:
            fields["distractors"] = distractors
        return note.question(self.NAME, prompt, fields)

    def to_csv(self, body: Body) -> tuple[list[str], list[str], list[str]]:
        pairs = [f"{pair['left']} = {pair['right']}" for pair in body["pairs"]]
        return list(body.get("distractors", [])), pairs, []

    def to_quizlet(self, question: Any) -> tuple[list[tuple[str, str]], list[str]]:
        """Every pair a card of its own: the right side the term, the left side asking."""
        pairs = [(pair["right"], pair["left"]) for pair in question.body["pairs"]]
        lost = ["the distractors"] if question.body.get("distractors") else []
        return pairs, ["the prompt: each pair is a card of its own", *lost]


TYPE = Matching()
