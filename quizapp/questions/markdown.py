"""A teacher's Markdown rendered to HTML that is safe to put in a page as is."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "em", "strong", "code", "pre", "ul", "ol", "li", "a", "br", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"

# Raw HTML is escaped by the parser (html=False) and the sanitizer is a second, independent
# wall. Images are off: the sanitizer would drop them anyway, and with them their alt text.
_md = MarkdownIt("commonmark", {"html": False}).disable("image")


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        url_relative="deny",
    )


# Pure functions of their text, and the same prompts and options come back on every page:
# remember the latest few thousand (a few MB at most) rather than parse them again.
@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """A block of Markdown (prompt, explanation, note...) as sanitized HTML."""
    return _clean(_md.render(text))


@lru_cache(maxsize=8192)
def render_inline(text: str) -> str:
    """A one-line text (an option, an item) as sanitized HTML, without a paragraph around it."""
    return _clean(_md.renderInline(text))
