"""Fidelity to the source (Q501-Q504): copying, citations, coverage, page furniture. Q503's
coverage of the deck's own sections runs without a document too."""

from __future__ import annotations

from collections.abc import Iterator

from quizapp.lint import words
from quizapp.lint.context import DeckContext
from quizapp.lint.model import Finding
from quizapp.lint.source import Document, idf, section_blocks
from quizapp.lint.text import all_texts, plain_words, right_texts, shorten, stem, terms

# A cited section holding less than this share of the question's key-term weight, when another
# holds more, is reported with the other one suggested; so are MIN_MISSING key terms that only
# one other section has.
CITED_SHARE = 0.5
MIN_WEIGHT = 1.5
# One stray word ("states") is not a citation error; two key terms elsewhere are.
MIN_MISSING = 2


def check(ctx: DeckContext) -> Iterator[Finding]:
    deck = ctx.deck
    cited = {q.source for q in deck.questions}
    for section in deck.sections:
        if section.id not in cited:
            yield ctx.on_deck(
                "Q503",
                f"no question cites section '{section.id}' ({shorten(section.title, 40)}): "
                "write one or remove the section",
            )
    document = ctx.document
    if document is None:
        return
    yield from _copies(ctx, document)
    mapping = section_blocks(document, deck)
    covered = set(mapping.values())
    for index, block in enumerate(document.body):
        if index not in covered:
            yield ctx.on_deck(
                "Q503",
                f"paragraph {block.number} of {document.name} ('{shorten(block.text, 40)}') "
                "is mapped to no section of the deck",
            )
    yield from _citations(ctx, document, mapping)
    yield from _furniture(ctx, document)


def _copies(ctx: DeckContext, document: Document) -> Iterator[Finding]:
    deck = ctx.deck
    deck_texts = [("description", deck.description)]
    deck_texts += [(f"note of section '{s.id}'", s.note) for s in deck.sections]
    for label, text in deck_texts:
        copied = document.copied(text)
        if copied:
            yield ctx.on_deck("Q501", _copy_message(label, copied))
    for question in deck.questions:
        for label, text in all_texts(question):
            copied = document.copied(text)
            if copied:
                yield ctx.at(question, "Q501", _copy_message(f"the {label}", copied), text)
                break


def _copy_message(label: str, copied: str) -> str:
    return (
        f"{label} copies {len(copied.split())} consecutive words of the document "
        f"('{shorten(copied, 60)}'): say it in your own words"
    )


def _citations(ctx: DeckContext, document: Document, mapping: dict[str, int]) -> Iterator[Finding]:
    blocks = document.body_terms()
    weights = idf(blocks)
    by_block = {index: section for section, index in mapping.items()}
    for question in ctx.deck.questions:
        cited = mapping.get(question.source)
        if cited is None:
            continue
        texts = right_texts(question)
        key = terms(" ".join(texts)) & weights.keys()
        names = {stem(w) for text in texts for w in _capitalised(text)}
        names |= {t for t in key if t.isdigit()}
        found = _elsewhere(key, names, blocks, weights, cited)
        if found is not None and found[0] in by_block:
            best, missing = found
            yield ctx.at(
                question,
                "Q502",
                f"its key terms ({', '.join(missing[:4])}) are not in section "
                f"'{question.source}' but are in section '{by_block[best]}': cite that one, or "
                "split the question",
                anchor=f"source: {question.source}",
            )


def _elsewhere(
    key: frozenset[str],
    names: set[str],
    blocks: list[frozenset[str]],
    weights: dict[str, float],
    cited: int,
) -> tuple[int, list[str]] | None:
    """The other block that holds the question's point, and the key terms only it has.

    Either the cited block holds less than CITED_SHARE of the weight another holds, or at
    least MIN_MISSING key terms, one of them a name or a number ("Crimea", "2014"), occur in
    one other block and nowhere else in the document."""
    scores = [sum(weights[t] for t in key & block) for block in blocks]
    best = max(range(len(scores)), key=lambda i: scores[i])
    if best != cited and scores[best] >= MIN_WEIGHT and scores[cited] < CITED_SHARE * scores[best]:
        missing = sorted(key & blocks[best] - blocks[cited])
        if len(missing) >= MIN_MISSING:
            return best, missing
    only: dict[int, list[str]] = {}
    for term in sorted(key - blocks[cited]):
        holders = [i for i, block in enumerate(blocks) if term in block]
        if len(holders) == 1:
            only.setdefault(holders[0], []).append(term)
    if only:
        other, unique = max(only.items(), key=lambda item: len(item[1]))
        if len(unique) >= MIN_MISSING and names & set(unique):
            return other, unique
    return None


def _furniture(ctx: DeckContext, document: Document) -> Iterator[Finding]:
    if not document.furniture:
        return
    body = frozenset().union(*document.body_terms(), terms(document.title or ""))
    outside = document.furniture_terms() - body
    if not outside:
        return
    for question in ctx.deck.questions:
        texts = [text for _, text in all_texts(question)]
        found = terms(" ".join(texts)) & outside
        rare = sorted(t for t in found if not words.is_common(t))
        names = {w.lower() for text in texts for w in _capitalised(text)} & found
        if len(rare) >= 2 or names:
            shown = ", ".join(sorted(set(rare) | names)[:4])
            yield ctx.at(
                question,
                "Q504",
                f"it draws on text outside the document itself ({shown} appear only in the "
                "page furniture after it, such as comments or links)",
            )


def _capitalised(text: str) -> list[str]:
    """Words written with a capital that do not start a sentence: names."""
    tokens = text.split()
    return [
        word
        for before, token in zip([".", *tokens], tokens, strict=False)
        if token[:1].isupper() and not before.endswith((".", ":", "?", "!"))
        for word in plain_words(token)
    ]
