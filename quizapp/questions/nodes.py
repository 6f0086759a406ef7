"""Checks on the YAML node tree of a bank file: the problems of one file (`Sink`) and the
checks of one value inside a question, the deck or the file (`Scope`), each reporting at the
node's line and column."""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Sequence
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizapp.questions.model import Problem

ID_PATTERN = re.compile(r"[a-z0-9-]+")

TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (TAG + name for name in ("str", "int", "float", "bool", "null"))
SEQ, MAP, MERGE = TAG + "seq", TAG + "map", TAG + "merge"
# Stands in for a node already reported (an alias, a refused tag): later checks skip it
# silently instead of piling more messages onto the same mistake.
REFUSED = "!refused"


class Sink:
    """Collects one file's problems; `regions` name the question or deck around a position."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.regions: list[tuple[tuple[int, int], tuple[int, int], str]] = []

    def at(self, where: str, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(self.file, max(line, 1), max(column, 1), where, message))

    def node(self, where: str, node: Node, message: str) -> None:
        mark = node.start_mark
        self.at(where, mark.line + 1, mark.column + 1, message)

    def region(self, node: Node, where: str) -> None:
        start, end = node.start_mark, node.end_mark
        self.regions.append(((start.line, start.column), (end.line, end.column), where))

    def where_is(self, line: int, column: int) -> str:
        """The question (or the deck) that holds a 1-based position."""
        # Questions and the deck never nest, so the region starting last before the position
        # is the only candidate.
        position = (line - 1, column - 1)
        index = bisect.bisect_right(self.regions, position, key=lambda region: region[0]) - 1
        if index >= 0 and position < self.regions[index][1]:
            return self.regions[index][2]
        return "file"


class Scope:
    """Checks values inside one question, the deck or the file, reporting under one label."""

    def __init__(self, sink: Sink, where: str) -> None:
        self.sink = sink
        self.where = where

    def problem(self, node: Node, message: str) -> None:
        self.sink.node(self.where, node, message)

    def fields(
        self,
        node: Node,
        what: str,
        required: Sequence[str],
        optional: Sequence[str] = (),
        unknown_hint: str = "",
    ) -> dict[str, Node] | None:
        """The fields of a mapping by name; reports unknown and missing ones."""
        if not self.is_kind(node, MappingNode, what, "a set of fields (name: value)"):
            return None
        allowed = (*required, *optional)
        found: dict[str, Node] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode) or key.tag in (MERGE, REFUSED):
                continue  # reported while reading the YAML
            name = key.value
            if name in allowed:
                found.setdefault(name, value)
                continue
            close = difflib.get_close_matches(name, allowed, n=1)
            if close:
                hint = f" (did you mean '{close[0]}'?)"
            elif unknown_hint:
                hint = f" ({unknown_hint})"
            else:
                hint = f" (the fields here are: {', '.join(allowed)})"
            self.problem(key, f"unknown field '{shorten(name)}'{hint}")
        for name in required:
            if name not in found:
                self.problem(node, f"missing required field '{name}'")
        return found

    def is_kind(self, node: Node, kind: type, what: str, wanted: str) -> bool:
        if node.tag == REFUSED:
            return False
        if isinstance(node, kind):
            return True
        self.problem(node, f"{what} must be {wanted}, found {describe(node)}")
        return False

    def text(self, node: Node | None, what: str) -> str | None:
        """A non-blank string, stripped of surrounding whitespace."""
        if node is None or node.tag == REFUSED:
            return None
        if isinstance(node, ScalarNode) and node.tag == NULL:
            self.problem(node, f"{what} is empty")
            return None
        if isinstance(node, ScalarNode) and node.tag != STR:
            self.problem(
                node,
                f"{what} must be text, found {describe(node)}: put it in quotes, "
                f'like "{shorten(node.value)}"',
            )
            return None
        if not self.is_kind(node, ScalarNode, what, "text"):
            return None
        value = str(node.value).strip()
        if not value:
            self.problem(node, f"{what} is empty")
            return None
        return value

    def identifier(self, node: Node | None, what: str, max_length: int | None = None) -> str | None:
        value = self.text(node, what)
        if value is None or node is None:
            return None
        too_long = max_length is not None and len(value) > max_length
        if not ID_PATTERN.fullmatch(value) or too_long:
            limit = f", at most {max_length} characters" if max_length else ""
            self.problem(
                node,
                f"{what} must use only lowercase letters, digits and hyphens{limit}"
                f" (found '{shorten(value)}')",
            )
            return None
        return value

    def boolean(self, node: Node | None, what: str) -> bool | None:
        if node is None or node.tag == REFUSED:
            return None
        if isinstance(node, ScalarNode) and node.tag == BOOL:
            return bool(construct(node))
        unquoted = " without quotes" if isinstance(node, ScalarNode) and node.tag == STR else ""
        self.problem(node, f"{what} must be true or false{unquoted}, found {describe(node)}")
        return None

    def integer(self, node: Node | None, what: str, low: int, high: int) -> int | None:
        if node is None or node.tag == REFUSED:
            return None
        if isinstance(node, ScalarNode) and node.tag == INT:
            value = integer_value(node)
            if value is not None and low <= value <= high:
                return value
            self.problem(
                node,
                f"{what} must be a whole number from {low} to {high}, found {shorten(node.value)}",
            )
            return None
        self.problem(
            node, f"{what} must be a whole number from {low} to {high}, found {describe(node)}"
        )
        return None

    def sequence(
        self,
        node: Node | None,
        what: str,
        low: int = 0,
        high: int | None = None,
        noun: str = "entry",
    ) -> list[Node] | None:
        if node is None or node.tag == REFUSED:
            return None
        if not isinstance(node, SequenceNode):
            hint = ""
            if isinstance(node, ScalarNode) and node.tag == STR:
                hint = f": write a list, like [{shorten(node.value)}]"
            self.problem(node, f"{what} must be a list, found {describe(node)}{hint}")
            return None
        count = len(node.value)
        if count < low or (high is not None and count > high):
            if high is None:
                wanted = f"at least one {noun}" if low == 1 else f"at least {low} {noun}s"
            else:
                wanted = f"{low} to {high} {noun}s"
            self.problem(node, f"{what} must have {wanted}, found {count}")
        return list(node.value)

    def choice(self, node: Node | None, what: str, allowed: Sequence[str]) -> str | None:
        value = self.text(node, what)
        if value is None or node is None:
            return None
        if value in allowed:
            return value
        close = difflib.get_close_matches(value, allowed, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        self.problem(
            node, f"{what} must be one of {', '.join(allowed)}, found '{shorten(value)}'{hint}"
        )
        return None


def construct(node: ScalarNode) -> Any:
    return yaml.constructor.SafeConstructor().construct_object(node)


def integer_value(node: ScalarNode) -> int | None:
    try:
        return int(construct(node))
    except ValueError:  # more digits than Python converts
        return None


def describe(node: Node) -> str:
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a set of fields"
    kinds = {
        INT: "a number",
        FLOAT: "a number",
        BOOL: "true/false",
        NULL: "nothing",
        TAG + "timestamp": "a date",
    }
    if node.tag == STR:
        return f'the text "{shorten(node.value)}"'
    kind = kinds.get(node.tag, "a value")
    if node.tag == NULL:
        return kind
    return f"{kind} ({shorten(node.value)})"


def shorten(text: str, limit: int = 40) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def same_text_key(text: str) -> str:
    """Texts a learner could not tell apart: case and spacing do not count."""
    return " ".join(text.split()).casefold()
