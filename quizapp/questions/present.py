"""How a question looks to a student: rendered text and the controls to answer it, in the
order an attempt fixed. Nothing here reveals which answer is right."""

from __future__ import annotations

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
