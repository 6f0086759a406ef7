"""HTML from Anki fields as our Markdown or as plain text. markdownify (MIT) does the
Markdown: it knows the HTML Anki's editor writes (divs, line breaks, b/i/u, lists, links,
entities); html2text, the usual alternative, is GPL."""

from __future__ import annotations

import functools
import html
import re

from markdownify import markdownify

IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"' >]+)", re.IGNORECASE)
SOUND = re.compile(r"\[sound:([^\]]+)\]")
MEDIA_TAG = re.compile(r"<(audio|video|object|embed|iframe)\b[^>]*>", re.IGNORECASE)


def without_media(value: str) -> str:
    value = SOUND.sub("", value)
    value = re.sub(r"<img\b[^>]*>", "", value, flags=re.IGNORECASE)
    return MEDIA_TAG.sub("", value)


# One paragraph of plain words, which Markdown reads as it is: no tag inside, no entity, no
# character Markdown gives a meaning to, and no line that could start a list or a heading.
_PLAIN_PARAGRAPH = re.compile(r"(?:<p>)?(?![\s\d+>=-])([^<>&*_`\\\[\]#|~\n]*)(?:</p>)?")


# Every note of a section carries the section's note, and markdownify parses its input with
# BeautifulSoup (about half a millisecond a field): remember the latest few thousand.
@functools.lru_cache(maxsize=4096)
def to_markdown(value: str) -> str:
    """A field's HTML as our Markdown (media left out: the caller lists it)."""
    plain = _PLAIN_PARAGRAPH.fullmatch(value)
    if plain:
        return plain.group(1).strip()
    text = markdownify(
        without_media(value),
        heading_style="ATX",
        bullets="-",
        newline_style="backslash",
        strip=["span"],
    )
    lines = [line.rstrip() for line in text.replace("\u00a0", " ").splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def plain_text(value: str) -> str:
    """A field's HTML as plain text: tags dropped, line breaks kept, entities decoded."""
    value = re.sub(r"<br\s*/?>|</(div|p|li)>", "\n", without_media(value), flags=re.IGNORECASE)
    value = re.sub(r"<[^>]*>", "", value)
    return html.unescape(value).replace("\u00a0", " ").strip()
