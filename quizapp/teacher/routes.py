"""The teacher blueprint with every feature's pages on it; the app registers `bp`."""

from __future__ import annotations

from quizapp.teacher import (  # noqa: F401 (each module adds its views to bp)
    accounts,
    analysis,
    classes,
    decks,
    drafts,
    exchange,
    imports,
    quizzes,
)
from quizapp.teacher.blueprint import bp

__all__ = ["bp"]
