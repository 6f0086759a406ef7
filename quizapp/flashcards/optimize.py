"""Fitting and checking a learner's own FSRS parameters from their review log, with fsrs-rs (the
Rust engine Anki uses, through its Python binding): no PyTorch."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import fsrs_rs_python as fsrs_rs

from quizapp.flashcards.queue import day_number

# Training items: reviews on a later study day than their card's previous one. Below a few
# hundred, fsrs-rs often moves nothing but the first-rating stabilities and the before/after
# comparison of the fit is mostly noise.
MIN_REVIEWS = 400
# fsrs-rs evaluates in float32, summing in threads: the same parameters can score a few 1e-7
# apart from one run to the next. A fit must beat the current one by more than that.
TOLERANCE = 1e-5


@dataclass(frozen=True)
class LoggedReview:
    card_id: int
    rating: int
    reviewed_at: datetime
    duration_ms: int | None = None
    origin: str = "study"


@dataclass(frozen=True)
class Evaluation:
    """How well parameters predict the learner's recalls: lower is better for both."""

    log_loss: float
    rmse_bins: float

    def as_dict(self) -> dict[str, float]:
        return {"log_loss": self.log_loss, "rmse_bins": self.rmse_bins}


@dataclass(frozen=True)
class Fit:
    """The outcome of optimising: `parameters` is what to use from now on."""

    reviews: int
    before: Evaluation
    candidate: Evaluation
    parameters: list[float]
    improved: bool

    @property
    def after(self) -> Evaluation:
        return self.candidate if self.improved else self.before


def card_history(
    reviews: Iterable[LoggedReview], timezone: str, starts_at_hour: int
) -> list[tuple[int, int]]:
    """One card's reviews in time order as (rating, study days since the previous review)."""
    history: list[tuple[int, int]] = []
    previous_day: int | None = None
    for entry in sorted(reviews, key=lambda r: r.reviewed_at):
        day = day_number(entry.reviewed_at, timezone, starts_at_hour)
        history.append((entry.rating, 0 if previous_day is None else day - previous_day))
        previous_day = day
    return history


def training_histories(
    reviews: Iterable[LoggedReview], timezone: str, starts_at_hour: int
) -> list[list[tuple[int, int]]]:
    """The review log as fsrs-rs's training items, as its own examples build them: reviews
    grouped by card in time order; one item per review on a later study day than an earlier
    one, holding the card's history up to and including it."""
    by_card: dict[int, list[LoggedReview]] = defaultdict(list)
    for entry in reviews:
        by_card[entry.card_id].append(entry)
    histories: list[list[tuple[int, int]]] = []
    for card_id in sorted(by_card):
        history = card_history(by_card[card_id], timezone, starts_at_hour)
        histories.extend(history[: end + 1] for end, (_, days) in enumerate(history) if days > 0)
    return histories


def _items(histories: Sequence[Sequence[tuple[int, int]]]) -> list[fsrs_rs.FSRSItem]:
    return [
        fsrs_rs.FSRSItem([fsrs_rs.FSRSReview(rating, elapsed) for rating, elapsed in history])
        for history in histories
    ]


def evaluate(
    parameters: Sequence[float], histories: Sequence[Sequence[tuple[int, int]]]
) -> Evaluation:
    """fsrs-rs's own evaluation: log loss and RMSE over bins of predicted recall."""
    result = fsrs_rs.FSRS(list(parameters)).evaluate(_items(histories))
    return Evaluation(float(result.log_loss), float(result.rmse_bins))


def fit(histories: Sequence[Sequence[tuple[int, int]]], current: Sequence[float]) -> Fit:
    """Fit parameters to the histories and keep them only if they predict the log better
    (lower log loss, by more than `TOLERANCE`) than `current`; otherwise the current ones
    stay."""
    items = _items(histories)
    candidate = [float(v) for v in fsrs_rs.FSRS([]).compute_parameters(items)]
    before = evaluate(current, histories)
    after = evaluate(candidate, histories)
    improved = after.log_loss < before.log_loss - TOLERANCE
    return Fit(
        reviews=len(histories),
        before=before,
        candidate=after,
        parameters=candidate if improved else [float(v) for v in current],
        improved=improved,
    )


def memory_state(
    parameters: Sequence[float], history: Sequence[tuple[int, int]]
) -> tuple[float, float]:
    """(stability, difficulty) after the history, as fsrs-rs computes it."""
    state = fsrs_rs.FSRS(list(parameters)).memory_state(_items([history])[0])
    return float(state.stability), float(state.difficulty)
