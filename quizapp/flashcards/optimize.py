"""Fitting a learner's own FSRS parameters from their review log (fsrs's optimizer, on torch)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from fsrs import Rating, ReviewLog

# fsrs's optimizer learns only from reviews on a later day than the card's previous review,
# and keeps the default parameters until it has a full mini-batch of them.
MIN_REVIEWS = 512
INSTALL_HINT = "pip install 'quizapp[optimizer]' (it brings PyTorch)"


class OptimizerMissing(RuntimeError):
    """fsrs's optimizer needs torch, an optional extra that is not installed."""


@dataclass(frozen=True)
class LoggedReview:
    card_id: int
    rating: int
    reviewed_at: datetime
    duration_ms: int | None


def qualifying_reviews(reviews: Iterable[LoggedReview]) -> int:
    """How many reviews came on a later day than their card's previous review."""
    last_seen: dict[int, datetime] = {}
    count = 0
    for entry in sorted(reviews, key=lambda r: (r.card_id, r.reviewed_at)):
        previous = last_seen.get(entry.card_id)
        if previous is not None and (entry.reviewed_at - previous).days > 0:
            count += 1
        last_seen[entry.card_id] = entry.reviewed_at
    return count


def fit_parameters(reviews: list[LoggedReview]) -> list[float]:
    try:
        import torch  # noqa: F401  -- fsrs's optimizer fails late without it; ask up front
        from fsrs import Optimizer
    except ImportError as exc:
        raise OptimizerMissing(
            f"The FSRS optimizer needs PyTorch, which is not installed: {INSTALL_HINT}."
        ) from exc
    logs = [
        ReviewLog(
            card_id=r.card_id,
            rating=Rating(r.rating),
            review_datetime=r.reviewed_at,
            review_duration=r.duration_ms,
        )
        for r in reviews
    ]
    return [float(value) for value in Optimizer(logs).compute_optimal_parameters()]
