"""How a question looks to a student: rendered text and the controls to answer it, in the
order an attempt fixed. Nothing here reveals which answer is right."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from quizapp.questions.markdown import render_inline, render_markdown

PLACEHOLDER = re.compile(r"\{\{([a-z0-9_]+)\}\}")

TYPE_LABELS = {
    "single_choice": "Single choice",
    "multiple_choice": "Select all that apply",
    "true_false": "True or false",
    "short_answer": "Short answer",
    "cloze": "Fill in the blanks",
    "ordering": "Put in order",
    "matching": "Match the pairs",
}


@dataclass(frozen=True)
class Choice:
    """One control value and its label. `value` is the display position, not the answer key."""

    value: int
    html: str


@dataclass(frozen=True)
class ClozePart:
    """A run of the passage, or a blank. A blank is known by its place (1, 2, ...) only: its
    name in the bank is often its answer."""

    html: str = ""
    blank: int | None = None


@dataclass(frozen=True)
class QuestionView:
    type: str
    label: str
    prompt_html: str
    choices: tuple[Choice, ...] = ()
    cloze: tuple[ClozePart, ...] = ()
    items: tuple[Choice, ...] = ()
    lefts: tuple[Choice, ...] = ()
    rights: tuple[Choice, ...] = ()


def identity_order(question_type: str, body: Mapping[str, Any]) -> dict[str, list[int]]:
    """The canonical order of every shuffleable list of a question."""
    sizes = {
        "options": len(body.get("options", [])),
        "items": len(body.get("items", [])),
        "lefts": len(body.get("pairs", [])),
        "rights": len(body.get("pairs", [])) + len(body.get("distractors", [])),
    }
    return {name: list(range(size)) for name, size in sizes.items() if size}


def right_texts(body: Mapping[str, Any]) -> list[str]:
    return [pair["right"] for pair in body.get("pairs", [])] + list(body.get("distractors", []))


def present(
    question_type: str,
    prompt: str,
    body: Mapping[str, Any],
    order: Mapping[str, Sequence[int]] | None = None,
) -> QuestionView:
    """The question as a student sees it, lists arranged by `order` (canonical if None)."""
    order = order or identity_order(question_type, body)
    view = QuestionView(
        type=question_type,
        label=TYPE_LABELS.get(question_type, question_type),
        prompt_html=render_markdown(prompt),
    )
    if question_type in ("single_choice", "multiple_choice"):
        options = [o["text"] for o in body["options"]]
        return replace(view, choices=_arranged(options, order["options"]))
    if question_type == "cloze":
        return replace(view, cloze=_cloze_parts(body["text"]))
    if question_type == "ordering":
        return replace(view, items=_arranged(body["items"], order["items"]))
    if question_type == "matching":
        lefts = [pair["left"] for pair in body["pairs"]]
        return replace(
            view,
            lefts=_arranged(lefts, order["lefts"]),
            rights=_arranged(right_texts(body), order["rights"]),
        )
    return view


def _arranged(texts: Sequence[str], positions: Sequence[int]) -> tuple[Choice, ...]:
    return tuple(
        Choice(value=shown, html=render_inline(texts[canonical]))
        for shown, canonical in enumerate(positions)
    )


def blank_names(text: str) -> list[str]:
    """The blanks of a cloze passage in reading order: blank number n is `blank_names[n - 1]`."""
    return PLACEHOLDER.findall(text)


def _cloze_parts(text: str) -> tuple[ClozePart, ...]:
    parts: list[ClozePart] = []
    last = 0
    for number, match in enumerate(PLACEHOLDER.finditer(text), start=1):
        parts.append(ClozePart(html=render_inline(text[last : match.start()])))
        parts.append(ClozePart(blank=number))
        last = match.end()
    parts.append(ClozePart(html=render_inline(text[last:])))
    return tuple(part for part in parts if part.blank or part.html)


def answer_key(question_type: str, body: Mapping[str, Any]) -> list[str]:
    """The right answer as lines of HTML, for feedback once an answer is final."""
    if question_type in ("single_choice", "multiple_choice"):
        return [render_inline(o["text"]) for o in body["options"] if o.get("correct")]
    if question_type == "true_false":
        return ["True" if body["answer"] else "False"]
    if question_type == "short_answer":
        return [" or ".join(render_inline(a) for a in body["answers"])]
    if question_type == "cloze":
        return [
            f"Blank {number}: " + " or ".join(render_inline(a) for a in body["blanks"][name])
            for number, name in enumerate(blank_names(body["text"]), start=1)
        ]
    if question_type == "ordering":
        return [f"{n}. {render_inline(item)}" for n, item in enumerate(body["items"], 1)]
    if question_type == "matching":
        return [f"{render_inline(p['left'])} → {render_inline(p['right'])}" for p in body["pairs"]]
    return []
