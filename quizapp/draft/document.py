"""Reading the document a draft is made from: bytes to text (refusing what is not a text
document), HTML to its main text, and the text cut into parts (under headings) of paragraphs,
with the page furniture after the text set aside."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from quizapp.lint.source import headline_tail, is_furniture, is_headline

# A book chapter is a few hundred kilobytes; the page's request limit is lower still.
MAX_DOCUMENT_BYTES = 5 * 2**20
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s{0,3}([-=*_]\s*){3,}$")
_LIST_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\xd0\xcf\x11\xe0")


class DocumentError(ValueError):
    """The document cannot be drafted from; the message says why and names the file."""


@dataclass
class Part:
    """Paragraphs under one heading (or one paragraph of a text without headings)."""

    heading: str | None
    paragraphs: list[str]


@dataclass
class SourceText:
    name: str
    title: str | None
    parts: list[Part]
    furniture: list[str] = field(default_factory=list)
    kind: str = "text"

    @property
    def paragraphs(self) -> list[str]:
        return [p for part in self.parts for p in part.paragraphs]


def read_document(name: str, data: bytes) -> SourceText:
    """The document's main text; raises DocumentError for what cannot be a text document."""
    label = PurePath(name).name or "the document"
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            f"{label}: the document is {len(data) / 2**20:.1f} MB; at most "
            f"{MAX_DOCUMENT_BYTES // 2**20} MB can be drafted from: split it"
        )
    if not data.strip():
        raise DocumentError(f"{label}: the document is empty")
    if data.startswith(_BINARY_MAGIC) or _looks_binary(data[:8192]):
        kind = "a PDF" if data.startswith(b"%PDF") else "a binary file"
        raise DocumentError(
            f"{label}: this is {kind}, not a text document: save it as plain text, Markdown "
            "or HTML (.txt, .md, .html) and try again"
        )
    if _is_html(label, data):
        source = _read_html(label, data)
    else:
        source = parse_text(label, _decode(label, data))
    if not any(_has_sentence(p) for p in source.paragraphs):
        raise DocumentError(
            f"{label}: no sentences found: a draft needs paragraphs of running text, "
            "not only headings, lists or numbers"
        )
    return source


def _looks_binary(head: bytes) -> bool:
    """NUL bytes (outside UTF-16) or many control characters: not a text file."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\n\r\t\f")
    return b"\x00" in head or controls > len(head) // 100


def _is_html(label: str, data: bytes) -> bool:
    suffix = PurePath(label).suffix.lower()
    return suffix in (".html", ".htm", ".xhtml") or bool(_HTML_START.match(data[:4096]))


def _decode(label: str, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DocumentError(
            f"{label}:{line}: the document is not UTF-8 text (byte 0x{data[exc.start]:02x}): "
            "save it again choosing the UTF-8 encoding"
        ) from None
    return text


def _read_html(label: str, data: bytes) -> SourceText:
    """trafilatura finds the article in a page (leaving navigation, comments, share buttons
    and footers out) and gives it back as Markdown, headings kept."""
    import trafilatura

    extracted = trafilatura.extract(
        data,
        output_format="markdown",
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
    )
    if not extracted:
        raise DocumentError(f"{label}: no main text found in this HTML page")
    metadata = trafilatura.extract_metadata(data)
    source = parse_text(label, extracted)
    source.kind = "html"
    if metadata is not None and metadata.title and source.title is None:
        source.title = metadata.title
    return source


def parse_text(label: str, text: str) -> SourceText:
    """Plain text or Markdown: paragraphs are separated by blank lines; Markdown headings start
    parts. A first line that is a short line without a full stop, or a top-level heading with
    no text under it, is the title. The furniture (a "Comments" line and what follows, or a
    trailing list of headlines) is kept apart."""
    blocks: list[tuple[str | None, list[str]]] = []  # (heading, lines) or (None, lines)
    lines: list[str] = []
    in_code = False

    def flush() -> None:
        nonlocal lines
        if lines:
            blocks.append((None, lines))
        lines = []

    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for line in raw_lines:
        if line.strip().startswith(("```", "~~~")):
            in_code = not in_code
            flush()
            continue
        if in_code:
            continue
        match = _MD_HEADING.match(line)
        if match:
            flush()
            blocks.append((_inline(match.group(2)), []))
            continue
        if not line.strip() or _RULE.match(line):
            flush()
            continue
        if line.lstrip().startswith("|"):  # a Markdown table: no running text to quiz
            continue
        lines.append(_inline(_LIST_ITEM.sub("", line.strip()).lstrip("> ")))
    flush()
    return _assemble(label, blocks)


def _assemble(label: str, blocks: list[tuple[str | None, list[str]]]) -> SourceText:
    title: str | None = None
    if blocks and blocks[0][1] == [] and (len(blocks) == 1 or blocks[1][1] != []):
        title = blocks[0][0]
        blocks = blocks[1:]
    elif (
        blocks and blocks[0][0] is None and len(blocks[0][1]) == 1 and is_headline(blocks[0][1][0])
    ):
        title = blocks[0][1][0]
        blocks = blocks[1:]

    text_blocks = [lines for heading, lines in blocks if heading is None]
    tail = headline_tail(text_blocks)
    parts: list[Part] = []
    furniture: list[str] = []
    seen_text = 0
    current: Part | None = None
    for heading, lines in blocks:
        if furniture:
            furniture.append(heading or " ".join(lines))
            continue
        if heading is not None:
            if is_furniture(heading):
                furniture.append(heading)
                continue
            current = Part(heading, [])
            parts.append(current)
            continue
        seen_text += 1
        if is_furniture(lines[0]) or seen_text > tail:
            furniture.append(" ".join(lines))
            continue
        paragraph = " ".join(lines)
        if current is None or current.heading is None:
            parts.append(Part(None, [paragraph]))
            current = None
        else:
            current.paragraphs.append(paragraph)
    parts = [part for part in parts if part.paragraphs]
    return SourceText(label, title, parts, furniture)


def _inline(text: str) -> str:
    """Markdown's inline marks taken off: a link keeps its text, emphasis its words."""
    text = _LINK.sub(lambda m: m.group(1), text)
    for _ in range(2):
        text = _EMPHASIS.sub(lambda m: m.group(2), text)
    return re.sub(r"\s+", " ", text).strip()


def _has_sentence(paragraph: str) -> bool:
    words = re.findall(r"[^\W\d_]{2,}", paragraph)
    return len(words) >= 5
