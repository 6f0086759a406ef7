"""A deck written back out as a bank file (format 1), in the spec's key order, leaving out
optional fields that hold their default."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

import yaml

from quizapp.questions import types
from quizapp.questions.model import DeckSpec, QuestionSpec
from quizapp.questions.types.base import Flow

FORMAT_VERSION = 1


# A string written without quotes: an id, a type name, a word. Anything else is quoted, as in
# the shipped bank, or written as a literal block when it has several lines.
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_RESOLVER = yaml.resolver.Resolver()
# What YAML cannot hold unescaped in a quoted scalar, and line breaks a literal block would
# turn into plain newlines.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")
_NOT_LITERAL = re.compile("[\r\x85\u2028\u2029\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")


@lru_cache(maxsize=4096)
def _is_plain(value: str) -> bool:
    return bool(_PLAIN.fullmatch(value)) and (
        _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"
    )


def _quoted(value: str) -> str:
    # A JSON string is a YAML double-quoted scalar; characters YAML refuses raw are escaped.
    text = json.dumps(value, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if value is None:
        return "null"
    return value if _is_plain(value) else _quoted(value)


def _float(value: float) -> str:
    """A float as YAML 1.1 reads it back: with a point before any exponent (1.0e-06)."""
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return text


def _literal(value: str, indent: int) -> list[str] | None:
    """`value` as a literal block (`|` and its lines) indented by `indent`, or None when a
    literal block could not hold it exactly."""
    if "\n" not in value or not value.strip() or value.endswith("\n\n"):
        return None
    if _NOT_LITERAL.search(value):
        return None
    lines = value.split("\n")
    first = next(line for line in lines if line)
    if first[0] in " \t":
        return None
    chomp = ""
    if value.endswith("\n"):
        lines.pop()
    else:
        chomp = "-"
    pad = " " * indent
    return ["|" + chomp, *(pad + line if line else "" for line in lines)]


def _value(key: str, value: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, Flow):
        out.append(f"{pad}{key}: [{', '.join(_scalar(item) for item in value)}]")
    elif isinstance(value, dict):
        if not value:
            out.append(f"{pad}{key}: {{}}")
        else:
            out.append(f"{pad}{key}:")
            _mapping(value, indent + 2, out)
    elif isinstance(value, list):
        if not value:
            out.append(f"{pad}{key}: []")
        else:
            out.append(f"{pad}{key}:")
            _sequence(value, indent + 2, out)
    elif isinstance(value, str) and (block := _literal(value, indent + 2)):
        out.append(f"{pad}{key}: {block[0]}")
        out.extend(block[1:])
    else:
        out.append(f"{pad}{key}: {_scalar(value)}")


def _mapping(data: dict[str, Any], indent: int, out: list[str]) -> None:
    for key, value in data.items():
        _value(_scalar(key), value, indent, out)


def _sequence(items: list[Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            start = len(out)
            _mapping(item, indent + 2, out)
            out[start] = f"{pad}- " + out[start][indent + 2 :]
        elif isinstance(item, str) and (block := _literal(item, indent + 2)):
            out.append(f"{pad}- {block[0]}")
            out.extend(block[1:])
        elif isinstance(item, list | dict):
            out.append(f"{pad}- {'[]' if isinstance(item, list) else '{}'}")
        else:
            out.append(f"{pad}- {_scalar(item)}")


def _dump(data: dict[str, Any]) -> str:
    """Block-style YAML for the bank's plain data (dicts, lists, strings, numbers, booleans),
    in the shipped bank's style; much faster than PyYAML's pure-Python emitter."""
    out: list[str] = []
    _mapping(data, 0, out)
    return "\n".join(out) + "\n"


def dump_deck(deck: DeckSpec) -> str:
    """The deck as YAML text that the validator reads back to the same content."""
    head, questions = dump_parts(deck)
    if not questions:
        return head + "\nquestions: []\n"
    return head + "\nquestions:\n" + "\n".join(questions)


def dump_parts(deck: DeckSpec) -> tuple[str, list[str]]:
    """The deck's part (format and deck) and each question's entry under `questions:`, as
    `dump_deck` joins them; for a caller that splits a large deck into several files."""
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
    questions = []
    for question in deck.questions:
        out: list[str] = []
        _sequence([_question(question)], 2, out)
        questions.append("\n".join(out) + "\n")
    return _dump(head), questions


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
