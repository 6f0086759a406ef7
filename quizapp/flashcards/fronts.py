"""A card front as one learner is shown it: its lists in an order nobody can work out from the
page, and the ticket that lets that learner, and only after being shown it, open its back."""

from __future__ import annotations

import hashlib
import hmac
import random
from collections.abc import Mapping
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer

from quizapp.questions.present import display_order

TICKET_SALT = "flashcard-front-shown"


def front_order(
    secret: str | bytes,
    user_id: int,
    question_id: int,
    version: int,
    question_type: str,
    body: Mapping[str, Any],
) -> dict[str, list[int]]:
    """The display order of the card's lists, the same for every look at one showing.

    Seeded from the app's secret: a seed the page could reveal (the question id, say) would let
    anyone replay the shuffle and read the key of an ordering or matching card off its front.
    """
    key = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(key, f"{user_id}:{question_id}:{version}".encode(), hashlib.sha256)
    rng = random.Random(digest.digest())  # noqa: S311 -- seeded from a secret, not a secret
    return display_order(question_type, body, True, rng)


def ticket(secret: str | bytes, user_id: int, question_id: int) -> str:
    """Proof, carried by the front's reveal form, that this learner was shown this card."""
    return URLSafeSerializer(secret, salt=TICKET_SALT).dumps([user_id, question_id])


def was_shown(secret: str | bytes, presented: str, user_id: int, question_id: int) -> bool:
    try:
        shown = URLSafeSerializer(secret, salt=TICKET_SALT).loads(presented)
    except BadSignature:
        return False
    return bool(shown == [user_id, question_id])
