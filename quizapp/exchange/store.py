"""What an export needs from the database: the deck as the validator would produce it, and
when each of its questions last changed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from quizapp.exchange.model import ExportRequest
from quizapp.models import Deck
from quizapp.questions import store


def question_changes(deck: Deck) -> dict[str, datetime]:
    """Each active question's last change, by question id: what an export's notes and
    idnumbers carry as their modification time."""
    return {q.key: q.updated_at for q in deck.questions if not q.is_retired}


def export_request(session: Session, slug: str) -> ExportRequest | None:
    """The imported deck `slug`, ready to export; None if there is no such deck."""
    deck = store.find_deck(session, slug)
    if deck is None:
        return None
    return ExportRequest(store.deck_spec(deck), question_changed=question_changes(deck))
