"""Reading and validating bank files (format version 1): every problem of a run at once, each
pointing at its line and column; decks come out only when there is no problem at all."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from yaml.nodes import MappingNode, Node, ScalarNode

from quizapp import collector
from quizapp.questions import types
from quizapp.questions.model import DIFFICULTIES, DeckSpec, Problem, QuestionSpec, Section, Topic
from quizapp.questions.nodes import (
    INT,
    NULL,
    REFUSED,
    STR,
    Scope,
    Sink,
    describe,
    integer_value,
    shorten,
)
from quizapp.questions.reader import MAX_FILE_BYTES, compose, decode
from quizapp.questions.run import DeckDraft, FileDraft, QuestionDraft, Run

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_PROBLEMS",
    "DeckSpec",
    "Problem",
    "QuestionSpec",
    "load_bank_texts",
]

MAX_PROBLEMS = 200
MAX_ID_LENGTH = 64
FORMAT_VERSION = 1

COMMON_REQUIRED = ("id", "type", "prompt", "explanation", "topics", "source")
COMMON_OPTIONAL = ("difficulty", "lint")
# Accepted on every question, and reported as a warning: see `warnings`.
FLAGS = ("draft",)
LINT_CODE = re.compile(r"Q\d{3}")
TYPE_FIELDS = types.fields()


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
    with collector.paused():
        drafts = [_read_file(index, name, data) for index, (name, data) in enumerate(files)]
        run = Run(drafts, known_decks or {}, known_decks is not None)
        run.check()
    problems = [*(p for draft in drafts for p in draft.sink.problems), *run.problems]
    if problems:
        return [], _capped(problems)
    return run.decks(), []


def warnings(decks: Iterable[DeckSpec]) -> list[Problem]:
    """What a bank that validates still asks the teacher to review: each draft question."""
    return [
        Problem(
            question.file,
            question.line,
            question.column,
            f"question {question.id}",
            "is marked 'draft: true': review it, then remove the mark",
            warning=True,
        )
        for deck in decks
        for question in deck.questions
        if question.draft
    ]


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


def _read_file(index: int, name: str, data: bytes) -> FileDraft:
    sink = Sink(name)
    draft = FileDraft(index, name, sink)
    text = decode(data, sink)
    if text is None:
        return draft
    root = compose(text, sink)
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


def _located(problem: Problem, where: str) -> Problem:
    return Problem(problem.file, problem.line, problem.column, where, problem.message)


def _field_node(node: MappingNode, name: str) -> Node | None:
    """The value of the first field called `name`, before the fields are checked."""
    return next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == name), None)


def _check_file(draft: FileDraft, root: Node) -> None:
    scope = Scope(draft.sink, "file")
    if root.tag == REFUSED:
        return
    if not isinstance(root, MappingNode):
        scope.problem(
            root, f"expected a mapping with format, deck and questions, found {describe(root)}"
        )
        return
    top = scope.fields(root, "the file", ("format", "deck", "questions"))
    if top is None:
        return
    if "format" in top:
        _check_format(scope, top["format"])
    deck_node = top.get("deck")
    if deck_node is not None:
        _check_deck_field(draft, scope, deck_node)
    questions = top.get("questions")
    if questions is not None:
        _check_questions(draft, scope, questions)


def _check_deck_field(draft: FileDraft, scope: Scope, node: Node) -> None:
    """The file's `deck`: the deck's definition, or the slug of a deck defined elsewhere."""
    if isinstance(node, MappingNode):
        draft.deck = _check_deck(draft.sink, node)
    elif isinstance(node, ScalarNode) and node.tag == STR:
        slug = scope.identifier(node, "'deck'", MAX_ID_LENGTH)
        if slug is not None:
            draft.reference = (slug, node)
    elif node.tag != REFUSED:
        scope.problem(
            node,
            "'deck' must be the deck's definition (slug, title, description, source, "
            "topics) or the slug of a deck defined in another file, "
            f"found {describe(node)}",
        )


def _check_questions(draft: FileDraft, scope: Scope, node: Node) -> None:
    """The file's `questions`: a list, each entry checked as one question."""
    if isinstance(node, ScalarNode) and node.tag == NULL:
        scope.problem(
            node, "'questions' is empty: write 'questions: []' for a file with no questions"
        )
        return
    items = scope.sequence(node, "'questions'")
    if items is None:
        return
    if not items and draft.reference is not None:
        scope.problem(
            node,
            f"a file that adds to deck '{draft.reference[0]}' must have at least one question",
        )
    for number, item in enumerate(items, 1):
        question = _check_question(draft.sink, item, number)
        if question is not None:
            draft.questions.append(question)


def _check_format(scope: Scope, node: Node) -> None:
    if node.tag == REFUSED:
        return
    if isinstance(node, ScalarNode) and node.tag == INT and integer_value(node) == FORMAT_VERSION:
        return
    found = describe(node)
    if isinstance(node, ScalarNode) and node.tag == INT:
        found = shorten(node.value)
    scope.problem(
        node,
        f"'format' must be the number {FORMAT_VERSION} (this app reads version "
        f"{FORMAT_VERSION} of the bank format), found {found}",
    )


def _check_deck(sink: Sink, node: MappingNode) -> DeckDraft:
    slug_node = _field_node(node, "slug")
    raw_slug = slug_node.value if isinstance(slug_node, ScalarNode) and slug_node.tag == STR else ""
    where = f"deck {shorten(raw_slug)}" if raw_slug.strip() else "deck"
    sink.region(node, where)
    scope = Scope(sink, where)
    deck = DeckDraft(None, slug_node, node)
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
    scope: Scope, what: str, value: str | None, node: Node | None, ids: dict[str, Node]
) -> None:
    if value is None or node is None:
        return
    first = ids.setdefault(value, node)
    if first is not node:
        scope.problem(
            node, f"{what} id '{value}' is already used on line {first.start_mark.line + 1}"
        )


def _check_section(scope: Scope, node: Node, number: int, ids: dict[str, Node]) -> Section | None:
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


def _check_topic(scope: Scope, node: Node, number: int, ids: dict[str, Node]) -> Topic | None:
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


def _check_question(sink: Sink, node: Node, number: int) -> QuestionDraft | None:
    where = _question_where(node, number)
    if node.tag == REFUSED:
        return None
    scope = Scope(sink, where)
    if not isinstance(node, MappingNode):
        scope.problem(
            node,
            f"question {number} must be a set of fields (id, type, prompt, ...), "
            f"found {describe(node)}",
        )
        return None
    sink.region(node, where)
    question = QuestionDraft(where, node)
    type_node = _field_node(node, "type")
    question.type = scope.choice(type_node, "'type'", types.names()) if type_node else None
    fields = _question_fields(scope, node, number, question.type)
    if fields is None:
        return None
    _check_common_fields(scope, fields, question)
    if question.type is not None:
        question.body = types.get(question.type).check(scope, fields)
    return question


def _question_where(node: Node, number: int) -> str:
    """How problems name the question: by its id if it has a usable one, else by position."""
    id_node = _field_node(node, "id") if isinstance(node, MappingNode) else None
    raw_id = ""
    if isinstance(id_node, ScalarNode) and id_node.tag == STR:
        raw_id = shorten(id_node.value)
    return f"question {raw_id}" if raw_id.strip() else f"question #{number}"


def _question_fields(
    scope: Scope, node: MappingNode, number: int, type_name: str | None
) -> dict[str, Node] | None:
    """The question's fields, checked against the common ones and those of its type."""
    if type_name is not None:
        required, optional = TYPE_FIELDS[type_name]
        hint = f"a {type_name} question has: " + ", ".join(
            (*COMMON_REQUIRED, *COMMON_OPTIONAL, *required, *optional)
        )
    else:
        # Without a valid type, do not guess which of the type fields are wrong.
        required = ()
        optional = tuple(sorted({f for r, o in TYPE_FIELDS.values() for f in (*r, *o)}))
        hint = ""
    return scope.fields(
        node,
        f"question {number}",
        (*COMMON_REQUIRED, *required),
        (*COMMON_OPTIONAL, *FLAGS, *optional),
        unknown_hint=hint,
    )


def _check_common_fields(scope: Scope, fields: dict[str, Node], question: QuestionDraft) -> None:
    """The fields every question has, whatever its type."""
    question.id_node = fields.get("id")
    question.id = scope.identifier(question.id_node, "'id'", MAX_ID_LENGTH)
    question.prompt = scope.text(fields.get("prompt"), "'prompt'")
    question.explanation = scope.text(fields.get("explanation"), "'explanation'")
    _check_question_topics(scope, fields.get("topics"), question)
    source_node = fields.get("source")
    source = scope.identifier(source_node, "'source'")
    if source is not None and source_node is not None:
        question.source = (source, source_node)
    if "difficulty" in fields:
        question.difficulty = scope.choice(fields["difficulty"], "'difficulty'", DIFFICULTIES)
    if "lint" in fields:
        _check_lint(scope, fields["lint"], question)
    if "draft" in fields:
        question.draft = bool(scope.boolean(fields["draft"], "'draft'"))


def _check_question_topics(scope: Scope, node: Node | None, question: QuestionDraft) -> None:
    """`topics`: at least one topic id, none listed twice."""
    topics = scope.sequence(node, "'topics'", 1, noun="topic")
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


def _check_lint(scope: Scope, node: Node, question: QuestionDraft) -> None:
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
            scope.problem(code_node, f"'{shorten(code)}' is not a lint code like Q104")
            continue
        codes.append(code)
    question.lint_ignore = tuple(codes)
    if "because" in fields:
        question.lint_because = scope.text(fields["because"], "'because' in 'lint'")
