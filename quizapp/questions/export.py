"""A deck written back out as a bank file (format 1), in the spec's key order, leaving out
optional fields that hold their default."""

from __future__ import annotations

import textwrap
from typing import Any

import yaml

from quizapp.questions import types
from quizapp.questions.model import DeckSpec, QuestionSpec
from quizapp.questions.types.base import Flow

FORMAT_VERSION = 1
# Wide enough that prompts are never folded over several lines.
_WIDTH = 1 << 20


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as in the spec's examples.
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> Any:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _flow(dumper: yaml.SafeDumper, value: Flow) -> Any:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(Flow, _flow)


def _dump(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=_WIDTH,
    )


def dump_deck(deck: DeckSpec) -> str:
    """The deck as YAML text that the validator reads back to the same content."""
    source = {
        "title": deck.source_title,
        "sections": [{"id": s.id, "title": s.title, "note": s.note} for s in deck.sections],
    }
    topics = []
    for topic in deck.topics:
        entry = {"id": topic.id, "title": topic.title}
        if topic.description is not None:
            entry["description"] = topic.description
        topics.append(entry)
    head = {
        "format": FORMAT_VERSION,
        "deck": {
            "slug": deck.slug,
            "title": deck.title,
            "description": deck.description,
            "source": source,
            "topics": topics,
        },
    }
    parts = [_dump(head)]
    if not deck.questions:
        parts.append("\nquestions: []\n")
    else:
        parts.append("\nquestions:\n")
        questions = [textwrap.indent(_dump([_question(q)]), "  ") for q in deck.questions]
        parts.append("\n".join(questions))
    return "".join(parts)


def _question(question: QuestionSpec) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": question.id,
        "type": question.type,
        "prompt": question.prompt,
        "explanation": question.explanation,
        "topics": Flow(question.topics),
        "source": question.source,
    }
    if question.difficulty is not None:
        data["difficulty"] = question.difficulty
    data.update(types.get(question.type).export(question.body))
    if question.draft:
        data["draft"] = True
    return data
