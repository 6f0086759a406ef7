"""The cross-file run: what each file's checks left (its drafts), put together into decks,
with the checks that need every file of the run (repeated ids, undefined decks, topics and
sections)."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from yaml.nodes import Node

from quizapp.questions.model import DeckSpec, Problem, QuestionSpec, Section, Topic
from quizapp.questions.nodes import Sink

_T = TypeVar("_T")


@dataclass
class DeckDraft:
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
class QuestionDraft:
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
    draft: bool = False


@dataclass
class FileDraft:
    index: int
    name: str
    sink: Sink
    deck: DeckDraft | None = None
    reference: tuple[str, Node] | None = None
    questions: list[QuestionDraft] = field(default_factory=list)


@dataclass
class _Group:
    """The questions checked together: one deck's, or one file's when its deck is unusable."""

    name: str
    topic_ids: set[str] | None
    section_ids: set[str] | None
    members: list[tuple[FileDraft, QuestionDraft]] = field(default_factory=list)


class Run:
    def __init__(
        self, files: list[FileDraft], known: Mapping[str, DeckSpec], has_known: bool
    ) -> None:
        self.files = files
        self.known = known
        self.has_known = has_known
        self.problems: list[Problem] = []
        self.definitions: dict[str, tuple[FileDraft, DeckDraft]] = {}
        # Keyed by deck slug, or by file for a file whose deck cannot be used. A deck's
        # questions come in file order, the defining file's first.
        self.groups: dict[str, _Group] = {}

    def problem(self, file: FileDraft, where: str, node: Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(file.name, mark.line + 1, mark.column + 1, where, message))

    def check(self) -> None:
        # Definitions first, so that a file adding to a deck finds it whatever the file order.
        for file in self.files:
            if file.deck is not None:
                self.group_definition(file, file.deck)
        for file in self.files:
            if file.deck is None:
                self.group_addition(file)
        for group in self.groups.values():
            self.check_group(group)

    def group_definition(self, file: FileDraft, deck: DeckDraft) -> None:
        """A file that defines a deck starts that deck's group; a second definition of the same
        slug is reported and its questions are checked on their own."""
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

    def group_addition(self, file: FileDraft) -> None:
        """A file that adds to a deck joins the group of the deck it names: one this run
        defines, or one that already exists; otherwise the name is reported."""
        if file.reference is not None:
            slug, node = file.reference
            if slug in self.groups:
                self.groups[slug].members.extend((file, q) for q in file.questions)
                return
            if slug in self.known:
                known = self.known[slug]
                topics = {topic.id for topic in known.topics}
                sections = {section.id for section in known.sections}
                self.groups[slug] = _Group(f"deck '{slug}'", topics, sections)
                self.groups[slug].members.extend((file, q) for q in file.questions)
                return
            self.problem(file, f"deck {slug}", node, self.undefined(slug))
        # Still look for repeated ids within the file.
        group = _Group("the deck", None, None)
        group.members.extend((file, q) for q in file.questions)
        self.groups[f"\0{file.index}"] = group

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
        ids: dict[str, tuple[FileDraft, QuestionDraft]] = {}
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


def _at(file: FileDraft, node: Node) -> str:
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


def _spec(file: FileDraft, question: QuestionDraft) -> QuestionSpec:
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
        draft=question.draft,
    )


def _deck_spec(deck: DeckDraft, questions: list[QuestionSpec]) -> DeckSpec:
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
