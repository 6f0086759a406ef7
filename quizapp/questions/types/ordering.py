"""Ordering: items to put in their right order (the bank's), with credit for each pair of
items in the right order."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

from yaml.nodes import Node

from quizapp.questions.markdown import render_inline
from quizapp.questions.nodes import Scope, same_text_key, shorten
from quizapp.questions.types import QuestionType
from quizapp.questions.types.base import (
    AnswerKey,
    Body,
    LintTexts,
    Malformed,
    Response,
    ResponseForm,
    arranged,
    index,
    response_field,
    shown_index,
)

ITEMS_RANGE = (3, 10)


def unique_texts(
    scope: Scope, nodes: Sequence[Node], what: str, taken: dict[str, str] | None = None
) -> list[str]:
    """The texts of a list, reporting blanks and repeats (also of texts in `taken`)."""
    seen: dict[str, str] = dict(taken or {})
    texts: list[str] = []
    for number, node in enumerate(nodes, 1):
        text = scope.text(node, f"{what} {number}")
        if text is None:
            continue
        label = f"{what} {number}"
        first = seen.setdefault(same_text_key(text), label)
        if first != label:
            scope.problem(node, f"{label} has the same text as {first} ('{shorten(text)}')")
        texts.append(text)
    return texts


class Ordering(QuestionType):
    NAME = "ordering"
    LABEL = "Put in order"
    REQUIRED = ("items",)
    TRAITS = frozenset({"sequence"})
    ANALYSIS = "arranged"

    def check(self, scope: Scope, fields: Mapping[str, Node]) -> dict[str, Any]:
        nodes = scope.sequence(fields.get("items"), "'items'", *ITEMS_RANGE, noun="item")
        return {"items": unique_texts(scope, nodes or (), "item")}

    def grade(self, body: Body, response: Response) -> tuple[float, list[bool]]:
        size = len(body["items"])
        raw = response_field(response, "order", (list, tuple))
        order = [index(value, size) for value in raw]
        if sorted(order) != list(range(size)):
            raise Malformed
        pairs = size * (size - 1) // 2
        in_order = sum(1 for a in range(size) for b in range(a + 1, size) if order[a] < order[b])
        parts = [order[place] == place for place in range(size)]
        return (in_order / pairs if pairs else 1.0), parts

    def part_count(self, body: Body) -> int:
        return len(body["items"])

    def lists(self, body: Body) -> dict[str, int]:
        return {"items": len(body["items"])}

    def view(self, body: Body, order: Mapping[str, Sequence[int]]) -> dict[str, Any]:
        return {"items": arranged(body["items"], order["items"])}

    def answer_key(self, body: Body) -> list[str]:
        return [f"{n}. {render_inline(item)}" for n, item in enumerate(body["items"], 1)]

    def read_response(
        self, form: ResponseForm, body: Body, order: Mapping[str, Sequence[int]]
    ) -> dict[str, Any] | None:
        count = len(order.get("items", []))
        positions = {}
        for shown in range(count):
            raw = form.one(f"position-{shown}")
            if raw:
                positions[str(order["items"][shown])] = form.place(raw, count)
        return {"positions": positions} if positions else None

    def grading_response(self, body: Body, response: Response) -> dict[str, Any]:
        positions = {int(item): place for item, place in response.get("positions", {}).items()}
        # Only a full ordering is an answer: every item placed, each place used once.
        if sorted(positions.values()) != list(range(1, len(body["items"]) + 1)):
            return {"order": []}
        return {"order": sorted(positions, key=positions.__getitem__)}

    def form_values(
        self, body: Body, response: Response, order: Mapping[str, Sequence[int]]
    ) -> dict[str, Any]:
        return {
            "positions": {
                shown_index(order, "items", int(item)): place
                for item, place in response["positions"].items()
            }
        }

    def export(self, body: Body) -> dict[str, Any]:
        return {"items": list(body["items"])}

    def lint_texts(self, prompt: str, body: Body) -> LintTexts:
        items = tuple(body["items"])
        return LintTexts(shown=items, right=items)

    def answers(self, body: Body, response: Response) -> list[AnswerKey] | None:
        items = body["items"]
        order = self.grading_response(body, response)["order"]
        if not order:
            return [("", "Not every item placed", False, "incomplete")]
        text = " → ".join(items[i] for i in order)
        code = "-".join(str(i + 1) for i in order)
        return [("", text, order == list(range(len(items))), code)]

    def right_response(self, body: Body) -> dict[str, Any]:
        return {"positions": {str(i): i + 1 for i in range(len(body["items"]))}}

    def wrong_response(self, body: Body, rng: random.Random) -> dict[str, Any]:
        count = len(body["items"])
        return {"positions": {str(i): count - i for i in range(count)}}

    # Exchange formats (quizapp.exchange): Moodle XML (qtype_ordering); GIFT has no ordering.

    MOODLE_XML_READS = ("ordering",)

    def to_moodle_xml(self, xml: Any, question: Any) -> list[Any]:
        for tag, value in (
            ("layouttype", "VERTICAL"),
            ("selecttype", "ALL"),
            ("selectcount", "0"),
            # Credit for each pair of items in the right order, as this app grades.
            ("gradingtype", "RELATIVE_ALL_PREVIOUS_AND_NEXT"),
            ("showgrading", "SHOW"),
            ("numberingstyle", "none"),
        ):
            xml.value(tag, value)
        for position, item in enumerate(question.body["items"], 1):
            xml.answer(str(position), item)
        return []

    def from_moodle_xml(self, reading: Any) -> bool:
        answers = reading.answers()
        ordered = sorted(answers, key=lambda answer: answer[0])
        reading.question.type = self.NAME
        reading.question.fields = {"items": [text for _, text, _, _ in ordered]}
        if any(feedback for *_, feedback, _ in answers):
            reading.lost("the items' feedback is lost: ordering items have no feedback here")
        return True

    # Anki (quizapp.exchange.apkg) and CSV.

    def to_anki(self, anki: Any, question: Any) -> Any:
        items = list(question.body["items"])
        front = anki.md(question.prompt) + anki.options(
            [anki.inline(item) for item in anki.not_in_order(items)]
        )
        back = anki.options([anki.inline(item) for item in items], numbered=True)
        return anki.basic(front, back, ("partial credit for a partly right order",))

    def from_anki(self, note: Any) -> Any:
        if note.is_cloze or note.typed or not note.back.startswith('<ol class="options">'):
            return None
        prompt = note.front.partition('<ul class="options">')[0]
        return note.question(self.NAME, prompt, {"items": note.items(note.back)})

    def to_csv(self, body: Body) -> tuple[list[str], list[str], list[str]]:
        return [], list(body["items"]), []


TYPE = Ordering()
