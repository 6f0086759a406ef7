"""The one refusal: a request the rules or the input refuse, with a message for the person and
the HTTP status. Nothing was changed. One handler answers it for every blueprint
(`errors/handlers.py`): a conflict (409) about an attempt or a card goes back to that page with
the reason; anything else is an error page with the status.

Plain Python: services raise it, and `about` says what it concerns, not where a page is."""

from __future__ import annotations

from enum import StrEnum


class About(StrEnum):
    """What a refusal concerns, which decides where a conflict goes back to."""

    ATTEMPT = "attempt"
    CARD = "card"


class Refusal(Exception):
    """A refused request; `str(error)` is the reason, for the person."""

    about: About | None = None

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status

    def page_message(self) -> str:
        """The message as the error page shows it."""
        return str(self)
