"""Fixtures of the draft tests: our own blog-shaped text, and the public-domain bench texts."""

from __future__ import annotations

from pathlib import Path

from quizapp.draft import DraftDeck, draft_deck, read_document

ROOT = Path(__file__).resolve().parents[2]
BLOG = ROOT / "tests" / "data" / "draft" / "suez-blog.txt"
TEXTS = ROOT / "bench" / "texts"
MARKDOWN = TEXTS / "lighthouses-britannica-1929.md"
HTML = TEXTS / "hayden-usgs-1973.html"
FIXTURES = (BLOG, MARKDOWN, HTML)


def drafted(path: Path, **options: object) -> DraftDeck:
    return draft_deck(read_document(path.name, path.read_bytes()), **options)  # type: ignore[arg-type]
