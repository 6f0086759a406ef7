"""A deck written back out as a bank file (format 1), in the spec's key order, leaving out
optional fields that hold their default."""

from __future__ import annotations

import textwrap
from typing import Any

import yaml

from quizapp.questions.model import DeckSpec, QuestionSpec

FORMAT_VERSION = 1
# Wide enough that prompts are never folded over several lines.
_WIDTH = 1 << 20


class _Flow(list[Any]):
    """A short list written on one line, like `topics: [sanctions, arms]`."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as in the spec's examples.
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> Any:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _flow(dumper: yaml.SafeDumper, value: _Flow) -> Any:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(_Flow, _flow)


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
        "topics": _Flow(question.topics),
        "source": question.source,
    }
    if question.difficulty is not None:
        data["difficulty"] = question.difficulty
    data.update(_body(question.type, question.body))
    return data


def _body(question_type: str, body: dict[str, Any]) -> dict[str, Any]:
    if question_type in ("single_choice", "multiple_choice"):
        options = []
        for option in body["options"]:
            entry: dict[str, Any] = {"text": option["text"]}
            if option.get("correct"):
                entry["correct"] = True
            if option.get("feedback"):
                entry["feedback"] = option["feedback"]
            options.append(entry)
        return {"options": options}
    if question_type == "true_false":
        data: dict[str, Any] = {"answer": body["answer"]}
        for name in ("feedback_true", "feedback_false"):
            if body.get(name):
                data[name] = body[name]
        return data
    if question_type == "short_answer":
        return _with_typos({"answers": _Flow(body["answers"])}, body)
    if question_type == "cloze":
        blanks = {name: _Flow(answers) for name, answers in body["blanks"].items()}
        return _with_typos({"text": body["text"], "blanks": blanks}, body)
    if question_type == "ordering":
        return {"items": list(body["items"])}
    if question_type == "matching":
        data = {"pairs": [{"left": p["left"], "right": p["right"]} for p in body["pairs"]]}
        if body.get("distractors"):
            data["distractors"] = list(body["distractors"])
        return data
    raise ValueError(f"unknown question type {question_type!r}")


def _with_typos(data: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    if body.get("typos"):
        data["typos"] = body["typos"]
    return data
