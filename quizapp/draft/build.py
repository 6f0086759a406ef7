"""A document to a draft deck: sections (from headings, or one per paragraph), their draft
questions, topics from key-phrase clusters, the YAML bank, and what the validator and the
linter make of it."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from quizapp.draft import entities, topics
from quizapp.draft.document import DocumentError, SourceText, read_document
from quizapp.draft.generate import (
    CLOZE,
    NUMERICAL,
    SHORT_ANSWER,
    SINGLE_CHOICE,
    TRUE_FALSE,
    Draft,
    Drafter,
)
from quizapp.draft.terms import key_phrases, read_sentences
from quizapp.lint import Finding, lint_decks
from quizapp.lint.source import Block, Document
from quizapp.questions import bank
from quizapp.questions.export import dump_deck
from quizapp.questions.model import DeckSpec, Problem, QuestionSpec, Section, Topic
from quizapp.questions.textmatch import normalize

DEFAULT_PER_SECTION = 4
MAX_ID = 40
# The order in which a paragraph's sentences try the types: rotated from one sentence to the
# next, so a section mixes them.
TYPE_ORDER = [SINGLE_CHOICE, NUMERICAL, CLOZE, TRUE_FALSE, SHORT_ANSWER]


@dataclass
class DraftDeck:
    """A drafted bank: `text` is the YAML; `paragraph_questions` counts the questions drawn
    from each paragraph of the document's main text."""

    deck: DeckSpec
    text: str
    file_name: str
    problems: list[Problem]
    findings: list[Finding]
    paragraph_questions: list[int]
    furniture: list[str] = field(default_factory=list)
    # The spaCy model that kinded the names; None when capitals and cue words did.
    model: str | None = None

    @property
    def names_note(self) -> str:
        return entities.describe(self.model)

    @property
    def covered(self) -> int:
        return sum(1 for n in self.paragraph_questions if n)

    def lint_clean(self) -> int:
        """Questions the linter says nothing about (findings on the whole deck count against
        every question they name)."""
        named = {qid for finding in self.findings for qid in finding.questions}
        return sum(1 for q in self.deck.questions if q.id not in named)

    def furniture_questions(self) -> list[str]:
        return sorted({qid for f in self.findings if f.code == "Q504" for qid in f.questions})


def draft_deck(
    source: SourceText,
    *,
    slug: str | None = None,
    title: str | None = None,
    per_section: int = DEFAULT_PER_SECTION,
    file_name: str | None = None,
    spacy_model: str | None = None,
) -> DraftDeck:
    """The draft of `source`; names kinded by the spaCy model `spacy_model` (else the one
    entities.find picks) when spaCy and the model are installed."""
    deck_title = title or source.title or _title_from_name(source.name)
    deck_slug = slug or slugify(deck_title, 48) or "draft"
    paragraphs = [(index, p) for index, part in enumerate(source.parts) for p in part.paragraphs]
    part_phrases = [key_phrases(" ".join(part.paragraphs)) for part in source.parts]
    pipeline = entities.find(spacy_model)
    sentences = read_sentences(paragraphs, part_phrases, pipeline.names if pipeline else None)
    titles = _section_titles(source, part_phrases)
    section_ids = _unique_ids(titles, "section")
    drafter = Drafter(sentences, titles)

    drafts: list[Draft] = []
    turn = 0
    for index, part in enumerate(source.parts):
        first = sum(len(p.paragraphs) for p in source.parts[:index])
        numbers = list(range(first, first + len(part.paragraphs)))
        queues = {n: [s for s in sentences if s.paragraph == n] for n in numbers}
        made: list[Draft] = []
        # One question per paragraph first, then more while the section has room.
        first_round = True
        while (first_round or len(made) < per_section) and any(queues.values()):
            for number in numbers:
                if not first_round and len(made) >= per_section:
                    break
                while queues[number]:
                    sentence = queues[number].pop(0)
                    preference = (
                        TYPE_ORDER[turn % len(TYPE_ORDER) :] + TYPE_ORDER[: turn % len(TYPE_ORDER)]
                    )
                    new = drafter.for_sentence(sentence, preference)
                    if new:
                        turn += 1
                        made.extend(new)
                        break
            first_round = False
        drafts.extend(made)
    drafts = _without_give_aways(drafts)

    clusters = topics.cluster(part_phrases, titles)
    topic_titles = [title for title, _ in clusters]
    topic_ids = _unique_ids(topic_titles, "topic")
    topic_of = {part: topic_ids[n] for n, (_, parts) in enumerate(clusters) for part in parts}
    sections = tuple(
        Section(section_ids[i], titles[i], _note(part_phrases[i], titles[i]))
        for i in range(len(source.parts))
    )
    deck_topics = tuple(
        Topic(topic_ids[n], title, "Sections: " + "; ".join(titles[p] for p in parts) + ".")
        for n, (title, parts) in enumerate(clusters)
    )
    name = file_name or f"{deck_slug}.yaml"
    counters: dict[int, int] = {}
    questions = []
    for draft in drafts:
        counters[draft.part] = counters.get(draft.part, 0) + 1
        questions.append(
            QuestionSpec(
                id=f"{section_ids[draft.part]}-{counters[draft.part]:02d}",
                type=draft.type,
                prompt=draft.prompt,
                explanation=draft.explanation,
                topics=(topic_of[draft.part],),
                source=section_ids[draft.part],
                difficulty=draft.difficulty,
                body=draft.body,
                file=name,
                line=0,
                draft=True,
            )
        )
    deck = DeckSpec(
        slug=deck_slug,
        title=deck_title,
        description=(
            f"A draft deck made by `quizapp draft` from {source.name}. Every question, note "
            "and topic needs a teacher's review before learners see it."
        ),
        source_title=source.title or deck_title,
        sections=sections,
        topics=deck_topics,
        questions=tuple(questions),
    )
    text = _header(source) + dump_deck(deck)
    decks, problems = bank.load_bank_texts([(name, text.encode("utf-8"))])
    findings: list[Finding] = []
    if not problems:
        findings = lint_decks(decks, {name: text}, lint_document(source)).findings
    counts = [0] * len(paragraphs)
    for draft in drafts:
        counts[draft.paragraph] += 1
    return DraftDeck(
        deck,
        text,
        name,
        problems,
        findings,
        counts,
        list(source.furniture),
        pipeline.name if pipeline else None,
    )


def lint_document(source: SourceText) -> Document:
    """The document as `quizapp lint --source` sees it: one block per section."""
    body = [
        Block(number, " ".join(part.paragraphs), part.heading)
        for number, part in enumerate(source.parts, 1)
    ]
    start = len(body) + 1
    furniture = [Block(start + n, text) for n, text in enumerate(source.furniture)]
    return Document(source.name, source.title, body, furniture)


def _header(source: SourceText) -> str:
    return (
        f"# Draft made by `quizapp draft` from {source.name}.\n"
        "# Review every question against the text: rewrite prompts and explanations in your\n"
        "# own words, fix or delete what is wrong, and rewrite each section's note.\n"
    )


def _section_titles(source: SourceText, part_phrases: list[list[str]]) -> list[str]:
    titles: list[str] = []
    used: set[str] = set()
    for number, (part, phrases) in enumerate(zip(source.parts, part_phrases, strict=True), 1):
        if part.heading:
            title = part.heading
        else:
            fresh = [p for p in phrases if normalize(p) not in used]
            title = fresh[0][:1].upper() + fresh[0][1:] if fresh else f"Paragraph {number}"
        if normalize(title) in used:
            title = f"{title} ({number})"
        used.add(normalize(title))
        titles.append(title)
    return titles


def _note(phrases: list[str], title: str) -> str:
    points = [p for p in phrases if normalize(p) != normalize(title)][:3]
    listed = ", ".join(points) if points else "its main point"
    return f"Draft note, to rewrite in your own words: this part of the text deals with {listed}."


def slugify(text: str, limit: int = MAX_ID) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-")
    return slug[:limit].rstrip("-")


def _unique_ids(titles: list[str], fallback: str) -> list[str]:
    ids: list[str] = []
    for number, title in enumerate(titles, 1):
        base = slugify(title) or f"{fallback}-{number}"
        candidate = base
        while candidate in ids:
            candidate = f"{base[: MAX_ID - 4]}-{number}"
            number += 100
        ids.append(candidate)
    return ids


def _title_from_name(name: str) -> str:
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", name.rsplit("/", 1)[-1])
    words = re.sub(r"[-_]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "Draft deck"


def _without_give_aways(drafts: list[Draft]) -> list[Draft]:
    """A typed answer that another question shows (in its prompt, options or text) would be
    given away: such a question goes, unless it is its paragraph's only one; and a wrong
    option that another question accepts as typed goes from the options."""
    kept = list(drafts)
    typed = {normalize(d.answer) for d in drafts if d.typed}
    for draft in drafts:
        if draft.type != SINGLE_CHOICE:
            continue
        options = draft.body["options"]
        wrong = [o for o in options if not o["correct"] and normalize(o["text"]) not in typed]
        if wrong and len(wrong) < len(options) - 1:
            draft.body["options"] = [o for o in options if o["correct"] or o in wrong]
            draft.shown = (draft.prompt, *(str(o["text"]) for o in draft.body["options"]))
    shown = {id(d): " | ".join(normalize(text) for text in d.shown) for d in drafts}
    per_paragraph = Counter(d.paragraph for d in drafts)
    for draft in drafts:
        if not draft.typed or per_paragraph[draft.paragraph] == 1:
            continue
        needle = re.compile(rf"\b{re.escape(normalize(draft.answer))}\b")
        if any(needle.search(shown[id(other)]) for other in kept if other is not draft):
            kept.remove(draft)
            per_paragraph[draft.paragraph] -= 1
    return kept


PASTED_NAME = "pasted text"


def draft_from_upload(
    file_name: str | None,
    file_data: bytes | None,
    pasted: str | None,
    *,
    slug: str | None = None,
    title: str | None = None,
    spacy_model: str | None = None,
) -> DraftDeck:
    """The teacher page's draft: from the uploaded file, or else from the pasted text (read
    as HTML when it is a page's source). Raises DocumentError with a message for the page."""
    if file_data:
        source = read_document(file_name or "document", file_data)
    elif pasted and pasted.strip():
        source = read_document(PASTED_NAME, pasted.encode("utf-8"))
    else:
        raise DocumentError("Choose a file or paste a text to draft from.")
    name = f"{slug or slugify(title or source.title or 'draft', 48) or 'draft'}.yaml"
    return draft_deck(source, slug=slug, title=title, file_name=name, spacy_model=spacy_model)
