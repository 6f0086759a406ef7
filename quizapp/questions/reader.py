"""Reading a bank file's bytes into a YAML node tree with line numbers, refusing what the
format forbids (aliases, tags, several documents) and recovering from a syntax error inside
the questions so that the rest of the file is still checked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizapp.questions.nodes import (
    BOOL,
    FLOAT,
    INT,
    MAP,
    MERGE,
    NULL,
    REFUSED,
    SEQ,
    STR,
    TAG,
    Sink,
    shorten,
)

MAX_FILE_BYTES = 2 * 1024 * 1024
_EXPLICIT_SCALAR_TAGS = {STR, INT, FLOAT, BOOL, NULL}

# The C parser is much faster on big files; the pure-Python one gives the same events.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = yaml.resolver.Resolver()
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
_NO_ANCHORS = "anchors and aliases (& and *) are not supported, write the value out in full"

_SYNTAX_HINTS = (
    (
        "mapping values are not allowed",
        "put a text that contains ': ' in quotes, and check the indentation of this line",
    ),
    ("could not find expected ':'", "check for a missing ':' or an unclosed quote"),
    ("end of stream", "check for an unclosed quote or bracket"),
    ("did not find expected", "check the indentation and the brackets around this line"),
    ("expected <block end>", "check the indentation of this line and the one before"),
    ("cannot start any token", "a text that starts with this character must be put in quotes"),
)


@dataclass
class _Frame:
    node: Node
    key: Node | None = None
    seen: dict[tuple[str, str], Node] = field(default_factory=dict)


class _Composer:
    """Builds the node tree from parser events, without ever expanding an alias.

    PyYAML's own composer shares aliased nodes, so a walk over its tree can blow up ("billion
    laughs"); here an alias becomes a refused placeholder, reported once.
    """

    def __init__(self, sink: Sink, placeholders: frozenset[int] = frozenset()) -> None:
        self.sink = sink
        # Lines (0-based) holding a stand-in for a question cut out after a syntax error.
        self.placeholders = placeholders
        self.stack: list[_Frame] = []
        self.root: Node | None = None
        self.anchors_reported: set[str] = set()
        self.last_scalar: Any = None
        # After a syntax error: the 0-based lines from where its construct began to the error.
        self.failed: tuple[int, int] | None = None

    def problem(self, mark: Any, message: str) -> None:
        # `where` is filled in once the questions' extents are known.
        self.sink.at("", mark.line + 1, mark.column + 1, message)

    def compose(self, text: str) -> Node | None:
        loader = _Loader(text)
        documents = 0
        stack = self.stack
        # Most events are untagged scalars without anchors: built here at once, since this loop
        # runs once per YAML event (a 10,000-question bank has about 340,000).
        plain_scalars = not self.placeholders
        try:
            while loader.check_event():
                event = loader.get_event()
                if (
                    plain_scalars
                    and type(event) is yaml.ScalarEvent
                    and event.anchor is None
                    and event.tag is None
                ):
                    self.last_scalar = event
                    value = event.value
                    node = ScalarNode(
                        _resolver.resolve(ScalarNode, value, event.implicit),
                        value,
                        event.start_mark,
                        event.end_mark,
                        event.style,
                    )
                    if not stack:
                        self.root = node
                        continue
                    frame = stack[-1]
                    if type(frame.node) is SequenceNode:
                        frame.node.value.append(node)
                    elif frame.key is None:
                        frame.key = node
                        self.check_key(frame, node)
                    else:
                        frame.node.value.append((frame.key, node))
                        frame.key = None
                elif isinstance(event, yaml.DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        self.problem(
                            event.start_mark,
                            "a bank file holds one YAML document: remove this '---' and what "
                            "follows, or move it to a file of its own",
                        )
                        return None
                else:
                    self.build(event)
        except yaml.MarkedYAMLError as exc:
            self.syntax_error(exc, text)
            return None
        finally:
            loader.dispose()
        return self.root

    def build(self, event: Any) -> None:
        """Adds to the tree what any other event stands for: an alias, a tagged or anchored
        scalar, or the start or end of a list or mapping."""
        if isinstance(event, yaml.AliasEvent):
            self.alias(event)
        elif isinstance(event, yaml.ScalarEvent):
            self.scalar(event)
        elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            self.start(event)
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            self.end(event)

    def syntax_error(self, exc: yaml.MarkedYAMLError, text: str) -> None:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "the text cannot be read as YAML"
        message = f"YAML syntax error: {problem}"
        if exc.context and exc.context_mark is not None and exc.problem:
            message += f" ({exc.context} at line {exc.context_mark.line + 1})"
        if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
            hint: str | None = "indent with spaces, not tabs"
        else:
            hint = next((hint for clue, hint in _SYNTAX_HINTS if clue in problem), None)
        if hint:
            message += f": {hint}"
        start = mark
        runaway = self.runaway_quote(exc)
        if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
            # The quote that never closed: point at where it opened, not at the file's end.
            start = exc.context_mark
        elif runaway is not None:
            start = runaway.start_mark
            message = (
                "YAML syntax error: the quoted text that starts here is not closed on its line "
                f"and runs on to line {runaway.end_mark.line + 1} ({problem} there): check for "
                "an unclosed quote"
            )
        if start is None or mark is None:
            self.sink.at("file", 1, 1, message)
            self.failed = (0, 0)
        else:
            self.sink.at("file", start.line + 1, start.column + 1, message)
            self.failed = (min(start.line, mark.line), max(start.line, mark.line))

    def runaway_quote(self, exc: yaml.MarkedYAMLError) -> Any:
        """The quoted text just before the error if it spans lines and the error follows it at
        once: a quote left open on one line that a quote on a later line happened to close."""
        last, mark = self.last_scalar, exc.problem_mark
        if last is None or mark is None or last.style not in ('"', "'"):
            return None
        spans_lines = last.start_mark.line < last.end_mark.line
        if spans_lines and last.end_mark.line == mark.line and mark.index - last.end_mark.index < 2:
            return last
        return None

    def refuse_anchor(self, event: Any) -> None:
        if event.anchor is not None:
            self.anchors_reported.add(event.anchor)
            self.problem(
                event.start_mark,
                f"anchor '&{shorten(event.anchor)}' is not allowed: {_NO_ANCHORS}",
            )

    def alias(self, event: Any) -> None:
        if event.anchor not in self.anchors_reported:
            self.anchors_reported.add(event.anchor)
            self.problem(
                event.start_mark,
                f"alias '*{shorten(event.anchor)}' is not allowed: {_NO_ANCHORS}",
            )
        self.attach(ScalarNode(REFUSED, "", event.start_mark, event.end_mark))

    def refuse_tag(self, event: Any, tag: str) -> None:
        shown = "!!" + tag[len(TAG) :] if tag.startswith(TAG) else tag
        self.problem(event.start_mark, f"the tag '{shown}' is not allowed: remove it")

    def scalar(self, event: Any) -> None:
        self.last_scalar = event
        if event.start_mark.line in self.placeholders:
            self.attach(ScalarNode(REFUSED, "", event.start_mark, event.end_mark))
            return
        self.refuse_anchor(event)
        tag = event.tag
        if tag is None or tag == "!":
            tag = _resolver.resolve(ScalarNode, event.value, event.implicit)
        elif tag not in _EXPLICIT_SCALAR_TAGS or (
            tag != STR and _resolver.resolve(ScalarNode, event.value, (True, False)) != tag
        ):
            self.refuse_tag(event, tag)
            tag = REFUSED
        self.attach(ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style))

    def start(self, event: Any) -> None:
        self.refuse_anchor(event)
        is_map = isinstance(event, yaml.MappingStartEvent)
        default = MAP if is_map else SEQ
        tag = event.tag
        if tag is None or tag == "!":
            tag = default
        elif tag != default:
            self.refuse_tag(event, tag)
            tag = REFUSED
        node_class = MappingNode if is_map else SequenceNode
        node = node_class(tag, [], event.start_mark, None, event.flow_style)
        self.stack.append(_Frame(node))

    def end(self, event: Any) -> None:
        frame = self.stack.pop()
        frame.node.end_mark = event.end_mark
        self.attach(frame.node)

    def attach(self, node: Node) -> None:
        if not self.stack:
            self.root = node
            return
        frame = self.stack[-1]
        if isinstance(frame.node, SequenceNode):
            frame.node.value.append(node)
        elif frame.key is None:
            frame.key = node
            self.check_key(frame, node)
        else:
            frame.node.value.append((frame.key, node))
            frame.key = None

    def check_key(self, frame: _Frame, key: Node) -> None:
        if not isinstance(key, ScalarNode):
            self.problem(key.start_mark, "a field name must be plain text, not a list or mapping")
            return
        if key.tag == MERGE:
            self.problem(
                key.start_mark, "merge keys '<<' are not allowed: write the fields out in full"
            )
            return
        if key.tag == REFUSED:
            return
        first = frame.seen.setdefault((key.tag, key.value), key)
        if first is not key:
            self.problem(
                key.start_mark,
                f"field '{shorten(key.value)}' is written twice (first on line "
                f"{first.start_mark.line + 1}): keep only one",
            )


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


def _position(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def decode(data: bytes, sink: Sink) -> str | None:
    if len(data) > MAX_FILE_BYTES:
        sink.at(
            "file",
            1,
            1,
            f"the file is larger than the {MAX_FILE_BYTES // 2**20} MB limit: "
            "split it into several files of the same deck",
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        sink.at(
            "file",
            data.count(b"\n", 0, exc.start) + 1,
            column,
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02X} at byte offset "
            f"{exc.start}): save it with the UTF-8 encoding",
        )
        return None
    text = text.removeprefix("\ufeff")
    bad = _NON_PRINTABLE.search(text)
    if bad:
        line, column = _position(text, bad.start())
        sink.at(
            "file",
            line,
            column,
            f"the file contains a control character (U+{ord(bad.group()):04X}) that YAML does "
            "not allow: delete it",
        )
        return None
    return text


MAX_SYNTAX_ERRORS = 20
# Matched at a line's start: it holds something (not blank, not only a comment); it is a
# top-level field or list entry.
_CONTENT = re.compile(r"\s*[^\s#]")
_TOP_LEVEL = re.compile(r"[^\s#]")
_QUESTIONS_KEY = re.compile(r"questions\s*:\s*(#.*)?$")
_ENTRY = re.compile(r"( *)-( |$)")


def compose(text: str, sink: Sink) -> Node | None:
    """The file's node tree; after a syntax error inside the questions, the tree of the file
    with the questions it broke cut out, so the rest is checked too.

    A cut-out question keeps its lines (blank, so every other line keeps its number) and leaves
    a placeholder that the checks skip; only its syntax error speaks for it.
    """
    starts, ends = _question_spans(text)
    lines = text.split("\n")
    cut: set[int] = set()
    for _ in range(MAX_SYNTAX_ERRORS):
        attempt_sink = Sink(sink.file)
        placeholders = frozenset(starts[i] for i in cut)
        composer = _Composer(attempt_sink, placeholders)
        root = composer.compose("\n".join(lines))
        if composer.failed is None:
            sink.problems.extend(attempt_sink.problems)
            return root
        first, last = composer.failed
        broken = {
            i for i, (a, b) in enumerate(zip(starts, ends, strict=True)) if a <= last and first < b
        }
        # What the other questions hold is found again on the next pass; keep the rest now.
        sink.problems.extend(
            p
            for p in attempt_sink.problems
            if p.message.startswith("YAML syntax error")
            or any(starts[i] < p.line <= ends[i] for i in broken)
        )
        if not broken or broken <= cut:
            return None
        for i in broken - cut:
            indent = lines[starts[i]].index("-")
            lines[starts[i]] = " " * indent + "- ~"
            for number in range(starts[i] + 1, ends[i]):
                lines[number] = ""
        cut |= broken
    return None


def _question_spans(text: str) -> tuple[list[int], list[int]]:
    """The 0-based first line of each top-level question, and the line after each one.

    Read from the text alone, as a person would: the entries of the block list under
    `questions:`, each running to the next entry or to the next top-level field.
    """
    lines = text.split("\n")
    head = next((n for n, line in enumerate(lines) if _QUESTIONS_KEY.match(line)), None)
    if head is None:
        return [], []
    first = next((line for line in lines[head + 1 :] if _CONTENT.match(line)), "")
    entry = _ENTRY.match(first)
    if entry is None:
        return [], []
    marker = re.compile(re.escape(entry.group(1)) + r"-( |$)")
    starts: list[int] = []
    end = len(lines)
    for number in range(head + 1, len(lines)):
        if marker.match(lines[number]):
            starts.append(number)
        elif _TOP_LEVEL.match(lines[number]) and not lines[number].startswith("-"):
            end = number
            break
    return starts, [*starts[1:], end]
