"""The source document a deck is about (`--source`): its paragraphs or Markdown headings mapped
to the deck's sections, and the page furniture (comments, link lists) that is not the text."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.lint.text import plain_words, terms
from quizapp.questions.model import DeckSpec

COPY_WORDS = 8
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
# The first block that looks like this starts the furniture; the rest of the page is too.
_FURNITURE = re.compile(
    r"^(comments?|\d+ comments?|leave a (comment|reply)|popular posts.*|related posts.*|"
    r"share this.*|subscribe.*|labels?:.*|posted by.*|copyright.*|\u00a9.*|read more.*|"
    r"you may also like.*|recent posts.*|newer post.*|older post.*)$",
    re.IGNORECASE,
)
# A list of headlines (links to other posts) is a run of short lines that end like no sentence.
_HEADLINE_WORDS = 15
_MIN_HEADLINES = 2


def is_furniture(line: str) -> bool:
    """A line that starts the page furniture: a "Comments" heading, "Popular posts", a share
    line..."""
    return bool(_FURNITURE.match(line.strip()))


def is_headline(line: str) -> bool:
    """A short line without a sentence's final stop: a title, a heading or a link's text."""
    stripped = line.strip()
    return 0 < len(stripped.split()) <= _HEADLINE_WORDS and not stripped.endswith(
        (".", "!", "?", ":", ";", ",", '"', "\u201d")
    )


def headline_tail(blocks: list[list[str]]) -> int:
    """Where a trailing list of headlines starts (blocks of one headline-like line each, at
    least two of them, after the text), or len(blocks) when there is none."""
    start = len(blocks)
    while start > 0 and len(blocks[start - 1]) == 1 and is_headline(blocks[start - 1][0]):
        start -= 1
    return start if len(blocks) - start >= _MIN_HEADLINES and start > 0 else len(blocks)


@dataclass(frozen=True)
class Block:
    number: int
    text: str
    heading: str | None = None


@dataclass
class Document:
    name: str
    title: str | None
    body: list[Block]
    furniture: list[Block]
    _ngrams: dict[tuple[str, ...], int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for block in [*self.body, *([Block(0, self.title)] if self.title else [])]:
            words = plain_words(block.text)
            for start in range(len(words) - COPY_WORDS + 1):
                self._ngrams.setdefault(words[start : start + COPY_WORDS], block.number)

    def copied(self, text: str) -> str | None:
        """The longest run of COPY_WORDS or more consecutive words `text` shares with the body."""
        words = plain_words(text)
        best: tuple[int, int] | None = None
        start = 0
        while start <= len(words) - COPY_WORDS:
            if words[start : start + COPY_WORDS] in self._ngrams:
                end = start + COPY_WORDS
                while end < len(words) and words[end - COPY_WORDS + 1 : end + 1] in self._ngrams:
                    end += 1
                if best is None or end - start > best[1] - best[0]:
                    best = (start, end)
                start = end
            else:
                start += 1
        return None if best is None else " ".join(words[best[0] : best[1]])

    def body_terms(self) -> list[frozenset[str]]:
        return [terms(block.text) for block in self.body]

    def furniture_terms(self) -> frozenset[str]:
        return frozenset().union(*(terms(block.text) for block in self.furniture))


def parse_document(name: str, text: str) -> Document:
    """Blocks are paragraphs separated by blank lines; a Markdown heading starts a block of its
    own that holds the paragraphs under it. A short first line without a full stop is the
    title, and so is a first top-level Markdown heading with nothing under it. From the first
    block that looks like page furniture on, everything is furniture."""
    has_headings = any(_HEADING.match(line) for line in text.splitlines())
    raw, title = _raw_blocks(text, has_headings)
    if has_headings:
        raw = _merged_by_heading(raw)
    if title is None:
        title, raw = _first_line_title(raw)
    body, furniture = _body_and_furniture(raw, has_headings)
    return Document(name, title, body, furniture)


# A block before it is numbered: its heading (None above the first one) and its lines.
_RawBlock = tuple[str | None, list[str]]


def _raw_blocks(text: str, has_headings: bool) -> tuple[list[_RawBlock], str | None]:
    """The text's blocks in order, and the title if it is a top-level heading with nothing under
    it. Paragraphs under a heading stay one block; without headings each paragraph is one."""
    raw: list[_RawBlock] = []
    heading: str | None = None
    lines: list[str] = []
    top = False

    def flush() -> None:
        nonlocal lines
        if lines:
            raw.append((heading, lines))
        lines = []

    title: str | None = None
    for line in text.splitlines():
        match = _HEADING.match(line)
        if match:
            # A top-level heading with nothing under it, before any text, is the title.
            if heading is not None and not raw and not lines and title is None and top:
                title = heading
            flush()
            heading = match.group(2)
            top = len(match.group(1)) == 1
            continue
        if not line.strip():
            if not has_headings:
                flush()
            continue
        lines.append(line.strip())
    flush()
    return raw, title


def _merged_by_heading(raw: list[_RawBlock]) -> list[_RawBlock]:
    """One block per heading: a heading written twice gathers the lines under both."""
    merged: dict[str | None, list[str]] = {}
    for head, block_lines in raw:
        merged.setdefault(head, []).extend(block_lines)
    return list(merged.items())


def _first_line_title(raw: list[_RawBlock]) -> tuple[str | None, list[_RawBlock]]:
    """The title when the text opens with a short line of its own without a full stop, and the
    blocks after it; else no title and all the blocks."""
    if raw and raw[0][0] is None and len(raw[0][1]) == 1:
        first = raw[0][1][0]
        if len(first.split()) <= 15 and not first.rstrip().endswith((".", "!", "?")):
            return first, raw[1:]
    return None, raw


def _body_and_furniture(
    raw: list[_RawBlock], has_headings: bool
) -> tuple[list[Block], list[Block]]:
    """The numbered blocks, split where the page furniture (or a trailing headline list) starts."""
    body: list[Block] = []
    furniture: list[Block] = []
    tail = len(raw) if has_headings else headline_tail([lines for _, lines in raw])
    for number, (head, block_lines) in enumerate(raw, 1):
        block = Block(number, " ".join(block_lines), head)
        if (
            furniture
            or number > tail
            or is_furniture(block_lines[0])
            or (head and is_furniture(head))
        ):
            furniture.append(block)
        else:
            body.append(block)
    return body, furniture


def load_document(path: str | Path) -> Document:
    return parse_document(str(path), Path(path).read_text(encoding="utf-8"))


def section_blocks(document: Document, deck: DeckSpec) -> dict[str, int]:
    """Which body block (by index into `document.body`) each of the deck's sections is.

    With as many blocks as sections, they map in order; otherwise each section takes the block
    its title and note share the most weighted terms with (headings count double)."""
    sections = deck.sections
    if len(document.body) == len(sections):
        return {section.id: index for index, section in enumerate(sections)}
    block_terms = document.body_terms()
    weights = idf(block_terms)
    mapping: dict[str, int] = {}
    for section in sections:
        wanted = terms(f"{section.title} {section.note}")
        title_terms = terms(section.title)
        scores = []
        for index, (block, found) in enumerate(zip(document.body, block_terms, strict=True)):
            score = sum(weights.get(t, 0.0) for t in wanted & found)
            if block.heading:
                score += 2 * sum(weights.get(t, 0.0) for t in title_terms & terms(block.heading))
            scores.append((score, -index))
        if scores and max(scores)[0] > 0:
            mapping[section.id] = -max(scores)[1]
    return mapping


def idf(blocks: list[frozenset[str]]) -> dict[str, float]:
    counts = Counter(t for block in blocks for t in block)
    total = len(blocks)
    return {t: math.log((total + 1) / n) for t, n in counts.items()}
