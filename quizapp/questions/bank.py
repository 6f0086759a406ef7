"""Reading and validating bank files (format version 1): every problem of a run at once, each
pointing at its line and column; decks come out only when there is no problem at all."""

from __future__ import annotations

import bisect
import difflib
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizapp import collector
from quizapp.questions.model import (
    DIFFICULTIES,
    QUESTION_TYPES,
    DeckSpec,
    Problem,
    QuestionSpec,
    Section,
    Topic,
)
from quizapp.questions.textmatch import normalize

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_PROBLEMS",
    "DeckSpec",
    "Problem",
    "QuestionSpec",
    "load_bank_files",
    "load_bank_texts",
]

_T = TypeVar("_T")

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_PROBLEMS = 200
MAX_ID_LENGTH = 64
FORMAT_VERSION = 1
OPTIONS_RANGE = (2, 10)
ITEMS_RANGE = (3, 10)
PAIRS_RANGE = (2, 10)
TYPOS_RANGE = (0, 3)

ID_PATTERN = re.compile(r"[a-z0-9-]+")
BLANK_NAME = re.compile(r"[a-z0-9_]+")
PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)

_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (_TAG + name for name in ("str", "int", "float", "bool", "null"))
SEQ, MAP, MERGE = _TAG + "seq", _TAG + "map", _TAG + "merge"
_EXPLICIT_SCALAR_TAGS = {STR, INT, FLOAT, BOOL, NULL}
# Stands in for a node already reported (an alias, a refused tag): later checks skip it
# silently instead of piling more messages onto the same mistake.
REFUSED = "!refused"

# The C parser is much faster on big files; the pure-Python one gives the same events.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = yaml.resolver.Resolver()
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
_NO_ANCHORS = "anchors and aliases (& and *) are not supported, write the value out in full"

COMMON_REQUIRED = ("id", "type", "prompt", "explanation", "topics", "source")
COMMON_OPTIONAL = ("difficulty", "lint")
LINT_CODE = re.compile(r"Q\d{3}")
TYPE_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "single_choice": (("options",), ()),
    "multiple_choice": (("options",), ()),
    "true_false": (("answer",), ("feedback_true", "feedback_false")),
    "short_answer": (("answers",), ("typos",)),
    "cloze": (("text", "blanks"), ("typos",)),
    "ordering": (("items",), ()),
    "matching": (("pairs",), ("distractors",)),
}

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


def load_bank_files(
    paths: Iterable[str | os.PathLike[str]],
) -> tuple[list[DeckSpec], list[Problem]]:
    """Validate bank files on disk together; see `load_bank_texts`."""
    files: list[tuple[str, bytes]] = []
    unreadable: list[Problem] = []
    for path in paths:
        name = os.fspath(path)
        try:
            with open(path, "rb") as handle:
                # One byte over the limit is enough to refuse the file without reading it all.
                files.append((name, handle.read(MAX_FILE_BYTES + 1)))
        except OSError as exc:
            unreadable.append(
                Problem(name, 1, 1, "file", f"cannot read the file: {exc.strerror or exc}")
            )
    return _load(files, None, unreadable)


def load_bank_texts(
    files: Sequence[tuple[str, bytes]], known_decks: Mapping[str, DeckSpec] | None = None
) -> tuple[list[DeckSpec], list[Problem]]:
    """Validate the (name, raw bytes) files of one run together.

    Returns the decks and no problems, or no decks and every problem found (sorted by file,
    line and column, at most MAX_PROBLEMS of them plus one saying the list was cut). A file may
    add questions to a deck that another file of the run defines, or to one of `known_decks`
    (decks that already exist): such a deck comes back with its known questions, the ones this
    run gives replacing those with the same id, and new ones after them.
    """
    return _load(files, known_decks, [])


def _load(
    files: Sequence[tuple[str, bytes]],
    known_decks: Mapping[str, DeckSpec] | None,
    problems: list[Problem],
) -> tuple[list[DeckSpec], list[Problem]]:
    with collector.paused():
        drafts = [_read_file(index, name, data) for index, (name, data) in enumerate(files)]
        run = _Run(drafts, known_decks or {}, known_decks is not None)
        run.check()
    problems = [*problems, *(p for draft in drafts for p in draft.sink.problems), *run.problems]
    if problems:
        return [], _capped(problems)
    return run.decks(), []


def _capped(problems: list[Problem]) -> list[Problem]:
    problems = sorted(problems, key=lambda p: (p.file, p.line, p.column))
    if len(problems) <= MAX_PROBLEMS:
        return problems
    last = problems[MAX_PROBLEMS - 1]
    stop = Problem(
        last.file,
        last.line,
        last.column,
        "file",
        f"too many problems, stopping after {MAX_PROBLEMS}",
    )
    return [*problems[:MAX_PROBLEMS], stop]


# ---------------------------------------------------------------------------------------------
# Reporting


class _Sink:
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


class _Scope:
    """Checks values inside one question, the deck or the file, reporting under one label."""

    def __init__(self, sink: _Sink, where: str) -> None:
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
            self.problem(key, f"unknown field '{_shorten(name)}'{hint}")
        for name in required:
            if name not in found:
                self.problem(node, f"missing required field '{name}'")
        return found

    def is_kind(self, node: Node, kind: type, what: str, wanted: str) -> bool:
        if node.tag == REFUSED:
            return False
        if isinstance(node, kind):
            return True
        self.problem(node, f"{what} must be {wanted}, found {_describe(node)}")
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
                f"{what} must be text, found {_describe(node)}: put it in quotes, "
                f'like "{_shorten(node.value)}"',
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
                f" (found '{_shorten(value)}')",
            )
            return None
        return value

    def boolean(self, node: Node | None, what: str) -> bool | None:
        if node is None or node.tag == REFUSED:
            return None
        if isinstance(node, ScalarNode) and node.tag == BOOL:
            return bool(_construct(node))
        unquoted = " without quotes" if isinstance(node, ScalarNode) and node.tag == STR else ""
        self.problem(node, f"{what} must be true or false{unquoted}, found {_describe(node)}")
        return None

    def integer(self, node: Node | None, what: str, low: int, high: int) -> int | None:
        if node is None or node.tag == REFUSED:
            return None
        if isinstance(node, ScalarNode) and node.tag == INT:
            value = _integer_value(node)
            if value is not None and low <= value <= high:
                return value
            self.problem(
                node,
                f"{what} must be a whole number from {low} to {high}, found {_shorten(node.value)}",
            )
            return None
        self.problem(
            node, f"{what} must be a whole number from {low} to {high}, found {_describe(node)}"
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
                hint = f": write a list, like [{_shorten(node.value)}]"
            self.problem(node, f"{what} must be a list, found {_describe(node)}{hint}")
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
            node, f"{what} must be one of {', '.join(allowed)}, found '{_shorten(value)}'{hint}"
        )
        return None


def _construct(node: ScalarNode) -> Any:
    return yaml.constructor.SafeConstructor().construct_object(node)


def _integer_value(node: ScalarNode) -> int | None:
    try:
        return int(_construct(node))
    except ValueError:  # more digits than Python converts
        return None


def _describe(node: Node) -> str:
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a set of fields"
    kinds = {
        INT: "a number",
        FLOAT: "a number",
        BOOL: "true/false",
        NULL: "nothing",
        _TAG + "timestamp": "a date",
    }
    if node.tag == STR:
        return f'the text "{_shorten(node.value)}"'
    kind = kinds.get(node.tag, "a value")
    if node.tag == NULL:
        return kind
    return f"{kind} ({_shorten(node.value)})"


def _shorten(text: str, limit: int = 40) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _same_text_key(text: str) -> str:
    """Texts a learner could not tell apart: case and spacing do not count."""
    return " ".join(text.split()).casefold()


# ---------------------------------------------------------------------------------------------
# YAML: bytes to a node tree, refusing what the format forbids


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

    def __init__(self, sink: _Sink, placeholders: frozenset[int] = frozenset()) -> None:
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
                elif isinstance(event, yaml.AliasEvent):
                    self.alias(event)
                elif isinstance(event, yaml.ScalarEvent):
                    self.scalar(event)
                elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                    self.start(event)
                elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                    frame = self.stack.pop()
                    frame.node.end_mark = event.end_mark
                    self.attach(frame.node)
        except yaml.MarkedYAMLError as exc:
            self.syntax_error(exc, text)
            return None
        finally:
            loader.dispose()
        return self.root

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
                f"anchor '&{_shorten(event.anchor)}' is not allowed: {_NO_ANCHORS}",
            )

    def alias(self, event: Any) -> None:
        if event.anchor not in self.anchors_reported:
            self.anchors_reported.add(event.anchor)
            self.problem(
                event.start_mark,
                f"alias '*{_shorten(event.anchor)}' is not allowed: {_NO_ANCHORS}",
            )
        self.attach(ScalarNode(REFUSED, "", event.start_mark, event.end_mark))

    def refuse_tag(self, event: Any, tag: str) -> None:
        shown = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
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
                f"field '{_shorten(key.value)}' is written twice (first on line "
                f"{first.start_mark.line + 1}): keep only one",
            )


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


def _position(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _decode(data: bytes, sink: _Sink) -> str | None:
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


# ---------------------------------------------------------------------------------------------
# One file: its deck part and its questions


@dataclass
class _DeckDraft:
    slug: str | None
    slug_node: Node | None
    node: Node
    title: str | None = None
    description: str | None = None
    source_title: str | None = None
    sections: list[Section] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    # None when the list itself is unusable, so references to it are not checked.
    section_ids: set[str] | None = None
    topic_ids: set[str] | None = None


@dataclass
class _QuestionDraft:
    where: str
    node: Node
    id: str | None = None
    id_node: Node | None = None
    type: str | None = None
    prompt: str | None = None
    explanation: str | None = None
    topics: list[tuple[str, Node]] = field(default_factory=list)
    source: tuple[str, Node] | None = None
    difficulty: str | None = None
    body: dict[str, Any] = field(default_factory=dict)
    lint_ignore: tuple[str, ...] = ()
    lint_because: str | None = None


@dataclass
class _FileDraft:
    index: int
    name: str
    sink: _Sink
    deck: _DeckDraft | None = None
    reference: tuple[str, Node] | None = None
    questions: list[_QuestionDraft] = field(default_factory=list)


def _read_file(index: int, name: str, data: bytes) -> _FileDraft:
    sink = _Sink(name)
    draft = _FileDraft(index, name, sink)
    text = _decode(data, sink)
    if text is None:
        return draft
    root = _compose(text, sink)
    if root is not None:
        _check_file(draft, root)
    elif not sink.problems:
        sink.at(
            "file", 1, 1, "the file is empty: expected a mapping with format, deck and questions"
        )
    # Problems found while reading the YAML learn which question or deck they are in.
    sink.regions.sort()
    sink.problems = [
        p if p.where else _located(p, sink.where_is(p.line, p.column)) for p in sink.problems
    ]
    return draft


MAX_SYNTAX_ERRORS = 20
# Matched at a line's start: it holds something (not blank, not only a comment); it is a
# top-level field or list entry.
_CONTENT = re.compile(r"\s*[^\s#]")
_TOP_LEVEL = re.compile(r"[^\s#]")
_QUESTIONS_KEY = re.compile(r"questions\s*:\s*(#.*)?$")
_ENTRY = re.compile(r"( *)-( |$)")


def _compose(text: str, sink: _Sink) -> Node | None:
    """The file's node tree; after a syntax error inside the questions, the tree of the file
    with the questions it broke cut out, so the rest is checked too.

    A cut-out question keeps its lines (blank, so every other line keeps its number) and leaves
    a placeholder that the checks skip; only its syntax error speaks for it.
    """
    starts, ends = _question_spans(text)
    lines = text.split("\n")
    cut: set[int] = set()
    for _ in range(MAX_SYNTAX_ERRORS):
        attempt_sink = _Sink(sink.file)
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


def _located(problem: Problem, where: str) -> Problem:
    return Problem(problem.file, problem.line, problem.column, where, problem.message)


def _check_file(draft: _FileDraft, root: Node) -> None:
    sink = draft.sink
    scope = _Scope(sink, "file")
    if root.tag == REFUSED:
        return
    if not isinstance(root, MappingNode):
        scope.problem(
            root, f"expected a mapping with format, deck and questions, found {_describe(root)}"
        )
        return
    top = scope.fields(root, "the file", ("format", "deck", "questions"))
    if top is None:
        return
    if "format" in top:
        _check_format(scope, top["format"])
    deck_node = top.get("deck")
    if deck_node is not None:
        if isinstance(deck_node, MappingNode):
            draft.deck = _check_deck(sink, deck_node)
        elif isinstance(deck_node, ScalarNode) and deck_node.tag == STR:
            slug = scope.identifier(deck_node, "'deck'", MAX_ID_LENGTH)
            if slug is not None:
                draft.reference = (slug, deck_node)
        elif deck_node.tag != REFUSED:
            scope.problem(
                deck_node,
                "'deck' must be the deck's definition (slug, title, description, source, "
                "topics) or the slug of a deck defined in another file, "
                f"found {_describe(deck_node)}",
            )
    questions = top.get("questions")
    if questions is None:
        return
    if isinstance(questions, ScalarNode) and questions.tag == NULL:
        scope.problem(
            questions, "'questions' is empty: write 'questions: []' for a file with no questions"
        )
        return
    items = scope.sequence(questions, "'questions'")
    if items is None:
        return
    if not items and draft.reference is not None:
        scope.problem(
            questions,
            f"a file that adds to deck '{draft.reference[0]}' must have at least one question",
        )
    for number, node in enumerate(items, 1):
        question = _check_question(sink, node, number)
        if question is not None:
            draft.questions.append(question)


def _check_format(scope: _Scope, node: Node) -> None:
    if node.tag == REFUSED:
        return
    if isinstance(node, ScalarNode) and node.tag == INT and _integer_value(node) == FORMAT_VERSION:
        return
    found = _describe(node)
    if isinstance(node, ScalarNode) and node.tag == INT:
        found = _shorten(node.value)
    scope.problem(
        node,
        f"'format' must be the number {FORMAT_VERSION} (this app reads version "
        f"{FORMAT_VERSION} of the bank format), found {found}",
    )


def _check_deck(sink: _Sink, node: MappingNode) -> _DeckDraft:
    slug_node = next(
        (v for k, v in node.value if isinstance(k, ScalarNode) and k.value == "slug"), None
    )
    raw_slug = slug_node.value if isinstance(slug_node, ScalarNode) and slug_node.tag == STR else ""
    where = f"deck {_shorten(raw_slug)}" if raw_slug.strip() else "deck"
    sink.region(node, where)
    scope = _Scope(sink, where)
    deck = _DeckDraft(None, slug_node, node)
    fields = scope.fields(node, "'deck'", ("slug", "title", "description", "source", "topics"))
    if fields is None:
        return deck
    deck.slug = scope.identifier(fields.get("slug"), "'slug'", MAX_ID_LENGTH)
    deck.title = scope.text(fields.get("title"), "'title'")
    deck.description = scope.text(fields.get("description"), "'description'")
    source = fields.get("source")
    if source is not None:
        source_fields = scope.fields(source, "'source'", ("title", "sections"))
        if source_fields is not None:
            deck.source_title = scope.text(source_fields.get("title"), "'title' of 'source'")
            sections = scope.sequence(
                source_fields.get("sections"), "'sections'", 1, noun="section"
            )
            if sections is not None:
                ids: dict[str, Node] = {}
                for number, entry in enumerate(sections, 1):
                    section = _check_section(scope, entry, number, ids)
                    if section is not None:
                        deck.sections.append(section)
                deck.section_ids = set(ids)
    topics = scope.sequence(fields.get("topics"), "'topics'", 1, noun="topic")
    if topics is not None:
        ids = {}
        for number, entry in enumerate(topics, 1):
            topic = _check_topic(scope, entry, number, ids)
            if topic is not None:
                deck.topics.append(topic)
        deck.topic_ids = set(ids)
    return deck


def _unique_id(
    scope: _Scope, what: str, value: str | None, node: Node | None, ids: dict[str, Node]
) -> None:
    if value is None or node is None:
        return
    first = ids.setdefault(value, node)
    if first is not node:
        scope.problem(
            node, f"{what} id '{value}' is already used on line {first.start_mark.line + 1}"
        )


def _check_section(scope: _Scope, node: Node, number: int, ids: dict[str, Node]) -> Section | None:
    fields = scope.fields(node, f"section {number}", ("id", "title", "note"))
    if fields is None:
        return None
    section_id = scope.identifier(fields.get("id"), f"'id' of section {number}")
    _unique_id(scope, "section", section_id, fields.get("id"), ids)
    title = scope.text(fields.get("title"), f"'title' of section {number}")
    note = scope.text(fields.get("note"), f"'note' of section {number}")
    if section_id is None or title is None or note is None:
        return None
    return Section(section_id, title, note)


def _check_topic(scope: _Scope, node: Node, number: int, ids: dict[str, Node]) -> Topic | None:
    fields = scope.fields(node, f"topic {number}", ("id", "title"), ("description",))
    if fields is None:
        return None
    topic_id = scope.identifier(fields.get("id"), f"'id' of topic {number}")
    _unique_id(scope, "topic", topic_id, fields.get("id"), ids)
    title = scope.text(fields.get("title"), f"'title' of topic {number}")
    description = None
    if "description" in fields:
        description = scope.text(fields["description"], f"'description' of topic {number}")
    if topic_id is None or title is None:
        return None
    return Topic(topic_id, title, description)


# ---------------------------------------------------------------------------------------------
# One question


def _check_question(sink: _Sink, node: Node, number: int) -> _QuestionDraft | None:
    raw_id = ""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == "id":
                if isinstance(value, ScalarNode) and value.tag == STR:
                    raw_id = _shorten(value.value)
                break
    where = f"question {raw_id}" if raw_id.strip() else f"question #{number}"
    if node.tag == REFUSED:
        return None
    scope = _Scope(sink, where)
    if not isinstance(node, MappingNode):
        scope.problem(
            node,
            f"question {number} must be a set of fields (id, type, prompt, ...), "
            f"found {_describe(node)}",
        )
        return None
    sink.region(node, where)
    question = _QuestionDraft(where, node)

    type_node = next(
        (v for k, v in node.value if isinstance(k, ScalarNode) and k.value == "type"), None
    )
    question.type = scope.choice(type_node, "'type'", QUESTION_TYPES) if type_node else None
    if question.type is not None:
        required, optional = TYPE_FIELDS[question.type]
        hint = f"a {question.type} question has: " + ", ".join(
            (*COMMON_REQUIRED, *COMMON_OPTIONAL, *required, *optional)
        )
    else:
        # Without a valid type, do not guess which of the type fields are wrong.
        required = ()
        optional = tuple(sorted({f for r, o in TYPE_FIELDS.values() for f in (*r, *o)}))
        hint = ""
    fields = scope.fields(
        node,
        f"question {number}",
        (*COMMON_REQUIRED, *required),
        (*COMMON_OPTIONAL, *optional),
        unknown_hint=hint,
    )
    if fields is None:
        return None

    question.id_node = fields.get("id")
    question.id = scope.identifier(question.id_node, "'id'", MAX_ID_LENGTH)
    question.prompt = scope.text(fields.get("prompt"), "'prompt'")
    question.explanation = scope.text(fields.get("explanation"), "'explanation'")
    topics = scope.sequence(fields.get("topics"), "'topics'", 1, noun="topic")
    seen: dict[str, Node] = {}
    for topic_node in topics or ():
        topic = scope.identifier(topic_node, "a topic in 'topics'")
        if topic is None:
            continue
        if topic in seen:
            scope.problem(topic_node, f"topic '{topic}' is listed twice")
            continue
        seen[topic] = topic_node
        question.topics.append((topic, topic_node))
    source_node = fields.get("source")
    source = scope.identifier(source_node, "'source'")
    if source is not None and source_node is not None:
        question.source = (source, source_node)
    if "difficulty" in fields:
        question.difficulty = scope.choice(fields["difficulty"], "'difficulty'", DIFFICULTIES)
    if "lint" in fields:
        _check_lint(scope, fields["lint"], question)

    if question.type is not None:
        question.body = _BODY_CHECKS[question.type](scope, fields, question.type)
    return question


def _check_lint(scope: _Scope, node: Node, question: _QuestionDraft) -> None:
    """`lint: {ignore: [Q104], because: "..."}`: rules of `quizapp lint` silenced for this
    question; the linter itself reports a silenced rule without a reason."""
    fields = scope.fields(node, "'lint'", ("ignore",), ("because",))
    if fields is None:
        return
    codes: list[str] = []
    code_nodes = scope.sequence(fields.get("ignore"), "'ignore' in 'lint'", 1, noun="code")
    for code_node in code_nodes or ():
        code = scope.text(code_node, "a code in 'ignore'")
        if code is None:
            continue
        if not LINT_CODE.fullmatch(code):
            scope.problem(code_node, f"'{_shorten(code)}' is not a lint code like Q104")
            continue
        codes.append(code)
    question.lint_ignore = tuple(codes)
    if "because" in fields:
        question.lint_because = scope.text(fields["because"], "'because' in 'lint'")


def _choice_body(scope: _Scope, fields: dict[str, Node], question_type: str) -> dict[str, Any]:
    options_node = fields.get("options")
    nodes = scope.sequence(options_node, "'options'", *OPTIONS_RANGE, noun="option")
    options: list[dict[str, Any]] = []
    complete = nodes is not None
    texts: dict[str, int] = {}
    for number, node in enumerate(nodes or (), 1):
        option = scope.fields(node, f"option {number}", ("text",), ("correct", "feedback"))
        if option is None:
            complete = False
            continue
        text = scope.text(option.get("text"), f"'text' of option {number}")
        correct: bool | None = False
        if "correct" in option:
            correct = scope.boolean(option["correct"], f"'correct' of option {number}")
        feedback = None
        if "feedback" in option:
            feedback = scope.text(option["feedback"], f"'feedback' of option {number}")
        if text is not None:
            first = texts.setdefault(_same_text_key(text), number)
            if first != number:
                scope.problem(
                    option["text"],
                    f"option {number} has the same text as option {first} ('{_shorten(text)}')",
                )
        if correct is None:
            complete = False
        options.append({"text": text, "correct": bool(correct), "feedback": feedback})
    if complete and options_node is not None:
        right = sum(1 for option in options if option["correct"])
        if question_type == "single_choice" and right != 1:
            scope.problem(
                options_node, f"exactly one option must have 'correct: true' (found {right})"
            )
        elif question_type == "multiple_choice" and right == 0:
            scope.problem(options_node, "at least one option must have 'correct: true' (found 0)")
    return {"options": options}


def _true_false_body(scope: _Scope, fields: dict[str, Node], question_type: str) -> dict[str, Any]:
    body: dict[str, Any] = {"answer": scope.boolean(fields.get("answer"), "'answer'")}
    for name in ("feedback_true", "feedback_false"):
        body[name] = scope.text(fields[name], f"'{name}'") if name in fields else None
    return body


def _accepted_answers(scope: _Scope, node: Node | None, what: str) -> list[str]:
    answers: list[str] = []
    for number, answer_node in enumerate(scope.sequence(node, what, 1, noun="answer") or (), 1):
        answer = scope.text(answer_node, f"answer {number} in {what}")
        if answer is None:
            continue
        if not normalize(answer):
            scope.problem(
                answer_node,
                f"answer {number} in {what} ('{_shorten(answer)}') has nothing left to compare "
                "once punctuation, symbols and spaces are ignored, so no answer could match it",
            )
            continue
        answers.append(answer)
    return answers


def _typos(scope: _Scope, fields: dict[str, Node]) -> int:
    if "typos" not in fields:
        return 0
    return scope.integer(fields["typos"], "'typos'", *TYPOS_RANGE) or 0


def _short_answer_body(
    scope: _Scope, fields: dict[str, Node], question_type: str
) -> dict[str, Any]:
    return {
        "answers": _accepted_answers(scope, fields.get("answers"), "'answers'"),
        "typos": _typos(scope, fields),
    }


def _cloze_body(scope: _Scope, fields: dict[str, Node], question_type: str) -> dict[str, Any]:
    text_node = fields.get("text")
    text = scope.text(text_node, "'text'")
    placeholders: list[str] | None = None
    if text is not None and text_node is not None:
        placeholders = []
        for match in PLACEHOLDER.finditer(text):
            name = match.group(1)
            if not BLANK_NAME.fullmatch(name):
                scope.problem(
                    text_node,
                    f"'{_shorten(match.group())}' in 'text' is not a valid blank: a blank name "
                    "uses only lowercase letters, digits and _, like {{drone}}",
                )
            elif name in placeholders:
                scope.problem(
                    text_node, f"blank '{{{{{name}}}}}' appears twice in 'text'; use it once"
                )
            else:
                placeholders.append(name)
        if not placeholders and not PLACEHOLDER.search(text):
            scope.problem(text_node, "'text' has no blanks: mark each one as {{name}}")

    blanks_node = fields.get("blanks")
    answers: dict[str, list[str]] = {}
    entries: dict[str, Node] = {}
    if blanks_node is not None and scope.is_kind(
        blanks_node, MappingNode, "'blanks'", "a set of blank names with their answers"
    ):
        for key, value in blanks_node.value:
            if not isinstance(key, ScalarNode) or key.tag in (MERGE, REFUSED):
                continue
            name = str(key.value)
            if key.tag != STR or not BLANK_NAME.fullmatch(name):
                scope.problem(
                    key,
                    f"'{_shorten(name)}' is not a valid blank name: use only lowercase letters, "
                    "digits and _",
                )
                continue
            if name in entries:
                continue  # a repeated key, reported while reading the YAML
            entries[name] = key
            answers[name] = _accepted_answers(scope, value, f"blank '{name}'")
        if placeholders is not None:
            for name in placeholders:
                if name not in entries:
                    scope.problem(
                        blanks_node,
                        f"blank '{{{{{name}}}}}' in 'text' has no entry in 'blanks'",
                    )
            for name, key in entries.items():
                if name not in placeholders:
                    scope.problem(
                        key,
                        f"blank '{name}' is not used in 'text' (write {{{{{name}}}}} where it "
                        "goes, or remove it)",
                    )
    ordered = [name for name in placeholders or () if name in answers]
    ordered += [name for name in answers if name not in ordered]
    return {
        "text": text,
        "blanks": {name: answers[name] for name in ordered},
        "typos": _typos(scope, fields),
    }


def _unique_texts(
    scope: _Scope, nodes: Sequence[Node], what: str, taken: dict[str, str] | None = None
) -> list[str]:
    """The texts of a list, reporting blanks and repeats (also of texts in `taken`)."""
    seen: dict[str, str] = dict(taken or {})
    texts: list[str] = []
    for number, node in enumerate(nodes, 1):
        text = scope.text(node, f"{what} {number}")
        if text is None:
            continue
        label = f"{what} {number}"
        first = seen.setdefault(_same_text_key(text), label)
        if first != label:
            scope.problem(node, f"{label} has the same text as {first} ('{_shorten(text)}')")
        texts.append(text)
    return texts


def _ordering_body(scope: _Scope, fields: dict[str, Node], question_type: str) -> dict[str, Any]:
    nodes = scope.sequence(fields.get("items"), "'items'", *ITEMS_RANGE, noun="item")
    return {"items": _unique_texts(scope, nodes or (), "item")}


def _matching_body(scope: _Scope, fields: dict[str, Node], question_type: str) -> dict[str, Any]:
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
                first = seen.setdefault(_same_text_key(value), label)
                if first != label:
                    scope.problem(
                        pair[side],
                        f"{label} has the same text as {first} ('{_shorten(value)}')",
                    )
            texts.append(value)
        pairs.append({"left": texts[0], "right": texts[1]})
    distractors: list[str] = []
    if "distractors" in fields:
        extra = scope.sequence(fields["distractors"], "'distractors'")
        distractors = _unique_texts(scope, extra or (), "distractor", rights)
    return {"pairs": pairs, "distractors": distractors}


_BODY_CHECKS = {
    "single_choice": _choice_body,
    "multiple_choice": _choice_body,
    "true_false": _true_false_body,
    "short_answer": _short_answer_body,
    "cloze": _cloze_body,
    "ordering": _ordering_body,
    "matching": _matching_body,
}


# ---------------------------------------------------------------------------------------------
# The run: decks across files


@dataclass
class _Group:
    """The questions checked together: one deck's, or one file's when its deck is unusable."""

    name: str
    topic_ids: set[str] | None
    section_ids: set[str] | None
    members: list[tuple[_FileDraft, _QuestionDraft]] = field(default_factory=list)


class _Run:
    def __init__(
        self, files: list[_FileDraft], known: Mapping[str, DeckSpec], has_known: bool
    ) -> None:
        self.files = files
        self.known = known
        self.has_known = has_known
        self.problems: list[Problem] = []
        self.definitions: dict[str, tuple[_FileDraft, _DeckDraft]] = {}
        # Keyed by deck slug, or by file for a file whose deck cannot be used. A deck's
        # questions come in file order, the defining file's first.
        self.groups: dict[str, _Group] = {}

    def problem(self, file: _FileDraft, where: str, node: Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(file.name, mark.line + 1, mark.column + 1, where, message))

    def check(self) -> None:
        for file in self.files:
            deck = file.deck
            if deck is None:
                continue
            first = self.definitions.get(deck.slug) if deck.slug else None
            if deck.slug and deck.slug_node is not None and first is not None:
                self.problem(
                    file,
                    f"deck {deck.slug}",
                    deck.slug_node,
                    f"deck '{deck.slug}' is already defined in full in "
                    f"{_at(first[0], first[1].node)}; only one file defines a deck, the "
                    f"others write 'deck: {deck.slug}' and add questions",
                )
            name = f"deck '{deck.slug}'" if deck.slug else "the deck"
            group = _Group(name, deck.topic_ids, deck.section_ids)
            if deck.slug and first is None:
                self.definitions[deck.slug] = (file, deck)
                self.groups[deck.slug] = group
            else:
                self.groups[f"\0{file.index}"] = group
            group.members.extend((file, q) for q in file.questions)
        for file in self.files:
            if file.deck is not None:
                continue
            slug = file.reference[0] if file.reference else None
            if file.reference is not None and slug is not None:
                if slug in self.groups:
                    self.groups[slug].members.extend((file, q) for q in file.questions)
                    continue
                if slug in self.known:
                    known = self.known[slug]
                    topics = {topic.id for topic in known.topics}
                    sections = {section.id for section in known.sections}
                    self.groups[slug] = _Group(f"deck '{slug}'", topics, sections)
                    self.groups[slug].members.extend((file, q) for q in file.questions)
                    continue
                self.problem(file, f"deck {slug}", file.reference[1], self.undefined(slug))
            # Still look for repeated ids within the file.
            group = _Group("the deck", None, None)
            group.members.extend((file, q) for q in file.questions)
            self.groups[f"\0{file.index}"] = group
        for group in self.groups.values():
            self.check_group(group)

    def undefined(self, slug: str) -> str:
        message = f"deck '{slug}' is not defined: no file in this run defines it in full"
        if self.has_known:
            message += " and no deck with that slug exists yet"
        candidates = [*self.definitions, *self.known]
        close = difflib.get_close_matches(slug, candidates, n=1)
        if close:
            message += f" (did you mean '{close[0]}'?)"
        return message

    def check_group(self, group: _Group) -> None:
        ids: dict[str, tuple[_FileDraft, _QuestionDraft]] = {}
        for file, question in group.members:
            if question.id is not None and question.id_node is not None:
                first = ids.setdefault(question.id, (file, question))
                if first[1] is not question:
                    self.problem(
                        file,
                        question.where,
                        question.id_node,
                        f"id '{question.id}' is already used by another question of "
                        f"{group.name} at {first[0].name}:{first[1].node.start_mark.line + 1}",
                    )
            if group.topic_ids is not None:
                for topic, node in question.topics:
                    if topic not in group.topic_ids:
                        self.problem(
                            file,
                            question.where,
                            node,
                            f"topic '{topic}' is not defined by {group.name}"
                            + _suggest(topic, group.topic_ids),
                        )
            if group.section_ids is not None and question.source is not None:
                source, node = question.source
                if source not in group.section_ids:
                    self.problem(
                        file,
                        question.where,
                        node,
                        f"section '{source}' is not defined in the source of {group.name}"
                        + _suggest(source, group.section_ids),
                    )

    def decks(self) -> list[DeckSpec]:
        """The validated decks, in the order their first file came in."""
        result: list[DeckSpec] = []
        done: set[str] = set()
        for file in self.files:
            slug = file.deck.slug if file.deck else file.reference[0] if file.reference else None
            if slug is None or slug in done:
                continue
            done.add(slug)
            questions = [_spec(f, q) for f, q in self.groups[slug].members]
            if slug in self.definitions:
                result.append(_deck_spec(self.definitions[slug][1], questions))
            else:
                result.append(_merged(self.known[slug], questions))
        return result


def _at(file: _FileDraft, node: Node) -> str:
    return f"{file.name}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"


def _suggest(value: str, choices: set[str]) -> str:
    close = difflib.get_close_matches(value, sorted(choices), n=1)
    if close:
        return f" (did you mean '{close[0]}'?)"
    if not choices:
        return " (it defines none)"
    if len(choices) <= 10:
        return f" (it has: {', '.join(sorted(choices))})"
    return ""


def _filled(value: _T | None) -> _T:
    """A field of a draft from a run without problems, which therefore cannot be missing."""
    if value is None:
        raise ValueError("a bank that passed validation lacks a required field")
    return value


def _spec(file: _FileDraft, question: _QuestionDraft) -> QuestionSpec:
    return QuestionSpec(
        id=_filled(question.id),
        type=_filled(question.type),
        prompt=_filled(question.prompt),
        explanation=_filled(question.explanation),
        topics=tuple(topic for topic, _ in question.topics),
        source=_filled(question.source)[0],
        difficulty=question.difficulty,
        body=question.body,
        file=file.name,
        line=question.node.start_mark.line + 1,
        column=question.node.start_mark.column + 1,
        lint_ignore=question.lint_ignore,
        lint_because=question.lint_because,
    )


def _deck_spec(deck: _DeckDraft, questions: list[QuestionSpec]) -> DeckSpec:
    return DeckSpec(
        slug=_filled(deck.slug),
        title=_filled(deck.title),
        description=_filled(deck.description),
        source_title=_filled(deck.source_title),
        sections=tuple(deck.sections),
        topics=tuple(deck.topics),
        questions=tuple(questions),
    )


def _merged(known: DeckSpec, questions: list[QuestionSpec]) -> DeckSpec:
    given = {question.id: question for question in questions}
    kept = [given.pop(question.id, question) for question in known.questions]
    return DeckSpec(
        slug=known.slug,
        title=known.title,
        description=known.description,
        source_title=known.source_title,
        sections=known.sections,
        topics=known.topics,
        questions=(*kept, *given.values()),
    )
