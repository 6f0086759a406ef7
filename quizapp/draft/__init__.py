"""`quizapp draft`: a draft question bank from a document (plain text, Markdown or HTML)."""

from quizapp.draft.build import DraftDeck, draft_deck
from quizapp.draft.document import DocumentError, SourceText, read_document

__all__ = ["DocumentError", "DraftDeck", "SourceText", "draft_deck", "read_document"]
