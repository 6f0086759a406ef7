"""How a question looks to a student: the order its lists are shown in, then rendered text and
the controls to answer it in that order. Nothing here reveals which answer is right."""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.questions import types
from quizapp.questions.markdown import render_markdown
from quizapp.questions.types.base import Choice, ClozePart


@dataclass(frozen=True)
class QuestionView:
    """`type` names the partial `templates/questions/types/TYPE.html` that shows the controls;
    `front_note` is a line a flashcard's front shows under the prompt."""

    type: str
    label: str
    prompt_html: str
    choices: tuple[Choice, ...] = ()
    cloze: tuple[ClozePart, ...] = ()
    items: tuple[Choice, ...] = ()
    lefts: tuple[Choice, ...] = ()
    rights: tuple[Choice, ...] = ()
    front_note: str = ""


def identity_order(question_type: str, body: Mapping[str, Any]) -> dict[str, list[int]]:
    """The canonical order of every shuffleable list of a question."""
    sizes = types.get(question_type).lists(body)
    return {name: list(range(size)) for name, size in sizes.items() if size}


def display_order(
    question_type: str, body: Mapping[str, Any], shuffle_options: bool, rng: random.Random
) -> dict[str, list[int]]:
    """The order each list of a question is shown in, fixed for an attempt or a card's showing.

    Ordering items and matching answers are always shuffled: shown in their canonical order,
    or each answer level with its partner, they would give the answer away. Choice options
    follow the quiz's setting: shuffled, or in the order of their texts.
    """
    order = identity_order(question_type, body)
    for name, positions in order.items():
        always = name in ("items", "rights")
        if always or shuffle_options:
            order[name] = _shuffled(positions, rng, avoid_identity=always)
        elif name == "options":
            # The same for everyone, yet not the file's order, which is often the key's: every
            # choice question of the shipped bank lists a right option first.
            order[name] = sorted(positions, key=lambda i: _text_order(body["options"][i]["text"]))
    lefts, rights = order.get("lefts"), order.get("rights")
    if lefts and rights and len(rights) > 1 and rights[: len(lefts)] == lefts:
        # Each answer level with its own left item would give every pair away; rotating the
        # answers by one moves the first of them off its partner.
        order["rights"] = rights[1:] + rights[:1]
    return order


def _text_order(text: str) -> list[str | int]:
    """Alphabetical, with numbers by value ("2" before "10")."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text.casefold())]


def _shuffled(positions: list[int], rng: random.Random, avoid_identity: bool) -> list[int]:
    result = positions[:]
    rng.shuffle(result)
    if avoid_identity and len(result) > 1 and result == positions:
        # Any other order will do; rotating by one is never the identity.
        result = result[1:] + result[:1]
    return result


def present(
    question_type: str,
    prompt: str,
    body: Mapping[str, Any],
    order: Mapping[str, Sequence[int]] | None = None,
) -> QuestionView:
    """The question as a student sees it, lists arranged by `order` (canonical if None)."""
    kind = types.get(question_type)
    order = order or identity_order(question_type, body)
    return QuestionView(
        type=question_type,
        label=kind.LABEL,
        prompt_html=render_markdown(prompt),
        **kind.view(body, order),
    )


def answer_key(question_type: str, body: Mapping[str, Any]) -> list[str]:
    """The right answer as lines of HTML, for feedback once an answer is final."""
    return types.get(question_type).answer_key(body)
