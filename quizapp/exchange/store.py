"""What an export needs from the database: the deck as the validator would produce it, and
when each of its questions last changed."""

from __future__ import annotations

from sqlalchemy.orm import Session

from quizapp.exchange.model import ExportRequest
from quizapp.questions import store


def export_request(session: Session, slug: str) -> ExportRequest | None:
    """The imported deck `slug`, ready to export; None if there is no such deck."""
    deck = store.find_deck(session, slug)
    if deck is None:
        return None
    changed = {q.key: q.updated_at for q in deck.questions if q.retired_at is None}
    return ExportRequest(store.deck_spec(deck), question_changed=changed)
