"""Fitting and checking a learner's own FSRS-6 parameters from their review log, in numpy: the
log as training items, fsrs-rs's two measures of a fit (log loss and RMSE over bins), and the
fit itself (first stabilities from first ratings, then every parameter by minimising log loss
within py-fsrs's bounds)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from quizapp.flashcards import fsrs6
from quizapp.flashcards.queue import day_number
from quizapp.flashcards.scheduling import DEFAULT_PARAMETERS
from quizapp.models import ReviewOrigin

# Training items: reviews on a later study day than their card's previous one. Below a few
# hundred, 21 parameters mostly fit noise and the before/after comparison says little.
MIN_REVIEWS = 400
# A fit must beat the current parameters' log loss by more than this to replace them: less is
# a difference no learner would notice in their intervals.
TOLERANCE = 1e-5


@dataclass(frozen=True)
class LoggedReview:
    card_id: int
    rating: int
    reviewed_at: datetime
    duration_ms: int | None = None
    origin: str = ReviewOrigin.STUDY


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
    """The review log as training items, as fsrs-rs's own examples build them: reviews
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


History = Sequence[tuple[int, int]]
Array = NDArray[np.float64]


@dataclass(frozen=True)
class Packed:
    """Training items as arrays. An item is a card's history up to one review, so most items
    are prefixes of a longer one: each card's longest history is run once and every item is
    read off at its last step. Sequences are sorted longest first, so the ones still running
    at step t are the first `running[t]` columns."""

    ratings: Array  # (steps, sequences)
    days: Array
    running: list[int]
    # per step: the sequences whose prefix ending there is an item, and those items' numbers
    targets: list[tuple[NDArray[np.intp], NDArray[np.intp]]]
    labels: Array  # 1.0 where the item's last review was a recall (Hard, Good, Easy)
    bins: NDArray[np.intp]  # each item's RMSE bin


def _bin(history: History) -> tuple[int, int, int]:
    """fsrs-rs's bin of an item: its interval, its count of reviews on a later day and its
    count of earlier lapses on a later day, each on a logarithmic scale."""
    days = history[-1][1]
    interval = round(2.48 * 3.62 ** math.floor(math.log(days, 3.62)) * 100)
    length = sum(1 for _, gap in history if gap > 0) + 1
    length_bin = round(1.99 * 1.89 ** math.floor(math.log(length, 1.89)))
    lapses = sum(1 for rating, gap in history[:-1] if rating == 1 and gap > 0)
    lapse_bin = round(1.65 * 1.73 ** math.floor(math.log(lapses, 1.73))) if lapses else 0
    return interval, length_bin, lapse_bin


def pack(histories: Sequence[History]) -> Packed:
    """The training items (each ending in a review on a later day) as arrays to run."""
    order = sorted(range(len(histories)), key=lambda i: -len(histories[i]))
    sequences: list[tuple[tuple[int, int], ...]] = []
    found_at: dict[tuple[tuple[int, int], ...], tuple[int, int]] = {}
    by_step: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for item in order:
        history = tuple((int(r), int(d)) for r, d in histories[item])
        if history not in found_at:
            for end in range(1, len(history) + 1):
                found_at.setdefault(history[:end], (len(sequences), end - 1))
            sequences.append(history)
        column, step = found_at[history]
        by_step[step].append((column, item))
    steps = len(sequences[0]) if sequences else 0
    ratings = np.full((steps, len(sequences)), 3.0)
    days = np.ones((steps, len(sequences)))
    for column, reviews in enumerate(sequences):
        ratings[: len(reviews), column] = [r for r, _ in reviews]
        days[: len(reviews), column] = [d for _, d in reviews]
    lengths = np.array([len(s) for s in sequences])
    codes: dict[tuple[int, int, int], int] = {}
    bins = np.array([codes.setdefault(_bin(h), len(codes)) for h in histories], dtype=np.intp)
    return Packed(
        ratings=ratings,
        days=days,
        running=[int(np.sum(lengths > step)) for step in range(steps)],
        targets=[
            (
                np.array([s for s, _ in by_step[step]], dtype=np.intp),
                np.array([i for _, i in by_step[step]], dtype=np.intp),
            )
            for step in range(steps)
        ],
        labels=np.array([1.0 if h[-1][0] > 1 else 0.0 for h in histories]),
        bins=bins,
    )


def predictions(w: Array, packed: Packed) -> Array:
    """Each item's predicted probability of recall at its last review."""
    recall = np.empty(len(packed.labels))
    stability = difficulty = np.empty(0)
    for step, running in enumerate(packed.running):
        rating, days = packed.ratings[step, :running], packed.days[step, :running]
        if step == 0:
            stability, difficulty = fsrs6.initial_state(w, rating)
            continue
        stability, difficulty = stability[:running], difficulty[:running]
        rows, items = packed.targets[step]
        recall[items] = fsrs6.retrievability(w, days[rows], stability[rows])
        stability, difficulty = fsrs6.next_state(w, stability, difficulty, days, rating)
    return recall


def _with_jacobian(w: Array, packed: Packed) -> tuple[Array, Array]:
    """The predictions and their derivatives by each parameter (items x 21), carried forward
    through the reviews with the chain rule (forward-mode differentiation, by hand)."""
    items, count = len(packed.labels), fsrs6.COUNT
    recall, jacobian = np.empty(items), np.zeros((items, count))
    first = packed.running[0] if packed.running else 0
    s, d = np.empty(first), np.empty(first)
    ds, dd = np.zeros((first, count)), np.zeros((first, count))
    f = fsrs6.factor(w)
    df = 0.9 ** (-1.0 / w[20]) * math.log(0.9) / w[20] ** 2  # d factor / d w20
    target = w[4] - math.exp(3.0 * w[5]) + 1.0
    dtarget = np.zeros(count)
    dtarget[4], dtarget[5] = 1.0, -3.0 * math.exp(3.0 * w[5])
    for step, running in enumerate(packed.running):
        g, t = packed.ratings[step, :running], packed.days[step, :running]
        if step == 0:
            s, d = fsrs6.initial_state(w, g)
            ds[np.arange(running), g.astype(int) - 1] = 1.0
            raw = fsrs6.initial_difficulty(w, g)
            inside = (raw > fsrs6.MIN_DIFFICULTY) & (raw < fsrs6.MAX_DIFFICULTY)
            dd[:, 4] = inside
            dd[:, 5] = -1.0 * inside * (g - 1.0) * np.exp(w[5] * (g - 1.0))
            continue
        s, d, ds, dd = s[:running], d[:running], ds[:running], dd[:running]
        # retrievability
        u = 1.0 + f * t / s
        r = np.power(u, -w[20])
        dr = (w[20] * f * t / (u * s * s) * r)[:, None] * ds
        dr[:, 20] += r * (-np.log(u) - w[20] * t / (u * s) * df)
        rows, out = packed.targets[step]
        recall[out], jacobian[out] = r[rows], dr[rows]
        log_s = np.log(s)
        # recall stability
        q = np.exp((1.0 - r) * w[10])
        c = math.exp(w[8]) * (11.0 - d) * np.power(s, -w[9])
        penalty = np.where(g == 2, w[15], 1.0) * np.where(g == 4, w[16], 1.0)
        a = c * (q - 1.0) * penalty
        da = a[:, None] * (-dd / (11.0 - d)[:, None] - (w[9] / s)[:, None] * ds)
        da[:, 8] += a
        da[:, 9] -= a * log_s
        da += (c * penalty * q)[:, None] * (-w[10] * dr)
        da[:, 10] += c * penalty * q * (1.0 - r)
        da[:, 15] += np.where(g == 2, c * (q - 1.0), 0.0)
        da[:, 16] += np.where(g == 4, c * (q - 1.0), 0.0)
        s_recall = s * (1.0 + a)
        ds_recall = (1.0 + a)[:, None] * ds + s[:, None] * da
        # forget stability: the lower of a long-term and a short-term bound
        p13 = np.power(s + 1.0, w[13])
        e14 = np.exp((1.0 - r) * w[14])
        s_long = w[11] * np.power(d, -w[12]) * (p13 - 1.0) * e14
        dlog = -(w[12] / d)[:, None] * dd + (p13 * w[13] / ((s + 1.0) * (p13 - 1.0)))[:, None] * ds
        dlog -= w[14] * dr
        dlog[:, 11] += 1.0 / w[11]
        dlog[:, 12] -= np.log(d)
        dlog[:, 13] += p13 * np.log(s + 1.0) / (p13 - 1.0)
        dlog[:, 14] += 1.0 - r
        ds_long = s_long[:, None] * dlog
        shrink = math.exp(-w[17] * w[18])
        s_short = s * shrink
        ds_short = shrink * ds
        ds_short[:, 17] -= s_short * w[18]
        ds_short[:, 18] -= s_short * w[17]
        longer = s_long < s_short
        s_forget = np.where(longer, s_long, s_short)
        ds_forget = np.where(longer[:, None], ds_long, ds_short)
        # same-day stability
        raw_growth = np.exp(w[17] * (g - 3.0 + w[18])) * np.power(s, -w[19])
        floored = (g >= 2) & (raw_growth < 1.0)
        growth = np.where(floored, 1.0, raw_growth)
        s_same = s * growth
        ds_same = (growth * (1.0 - w[19]))[:, None] * ds
        ds_same[:, 17] += s_same * (g - 3.0 + w[18])
        ds_same[:, 18] += s_same * w[17]
        ds_same[:, 19] -= s_same * log_s
        ds_same = np.where(floored[:, None], ds, ds_same)
        # the new state
        later = t > 0
        new_s = np.where(later, np.where(g == 1, s_forget, s_recall), s_same)
        new_ds = np.where(
            later[:, None], np.where((g == 1)[:, None], ds_forget, ds_recall), ds_same
        )
        change = -w[6] * (g - 3.0)
        damped = d + (10.0 - d) * change / 9.0
        ddamped = (1.0 - change / 9.0)[:, None] * dd
        ddamped[:, 6] -= (10.0 - d) * (g - 3.0) / 9.0
        reverted = w[7] * target + (1.0 - w[7]) * damped
        dreverted = w[7] * dtarget[None, :] + (1.0 - w[7]) * ddamped
        dreverted[:, 7] += target - damped
        inside = (reverted > fsrs6.MIN_DIFFICULTY) & (reverted < fsrs6.MAX_DIFFICULTY)
        floored_s = new_s < fsrs6.STABILITY_MIN
        s = np.maximum(new_s, fsrs6.STABILITY_MIN)
        ds = np.where(floored_s[:, None], 0.0, new_ds)
        d = np.clip(reverted, fsrs6.MIN_DIFFICULTY, fsrs6.MAX_DIFFICULTY)
        dd = np.where(inside[:, None], dreverted, 0.0)
    return recall, jacobian


# Predictions are kept this far from 0 and 1, so one confident miss costs a finite log loss.
EPSILON = 1e-7


def _log_losses(recall: Array, labels: Array) -> Array:
    p = np.clip(recall, EPSILON, 1.0 - EPSILON)
    return -(labels * np.log(p) + (1.0 - labels) * np.log(1.0 - p))


def _measure(recall: Array, packed: Packed) -> Evaluation:
    log_loss = float(np.mean(_log_losses(recall, packed.labels)))
    counts = np.bincount(packed.bins).astype(float)
    predicted = np.bincount(packed.bins, weights=recall) / counts
    actual = np.bincount(packed.bins, weights=packed.labels) / counts
    rmse = math.sqrt(float(np.sum(counts * (predicted - actual) ** 2) / np.sum(counts)))
    return Evaluation(log_loss, rmse)


def evaluate(parameters: Sequence[float], histories: Sequence[History]) -> Evaluation:
    """fsrs-rs's measures over every item: the mean log loss of the predicted recall, and the
    RMSE between mean predicted and actual recall over its bins, weighted by their sizes."""
    return _evaluate_packed(parameters, pack(histories))


def _evaluate_packed(parameters: Sequence[float], packed: Packed) -> Evaluation:
    return _measure(predictions(np.asarray(parameters, dtype=float), packed), packed)


def memory_state(parameters: Sequence[float], history: History) -> tuple[float, float]:
    """(stability, difficulty) after the history."""
    w = np.asarray(parameters, dtype=float)
    rating, days = np.array([float(history[0][0])]), 0
    stability, difficulty = fsrs6.initial_state(w, rating)
    for rating_now, days in history[1:]:
        rating = np.array([float(rating_now)])
        stability, difficulty = fsrs6.next_state(
            w, stability, difficulty, np.array([float(days)]), rating
        )
    return float(stability[0]), float(difficulty[0])


# How strongly a fit is pulled towards FSRS's defaults, in pseudo-reviews per parameter: a
# short log moves the parameters it says something about, and leaves the rest near where
# millions of Anki reviews put them.
PRIOR_REVIEWS = 16.0
# Levenberg-Marquardt: steps of Gauss-Newton on the log loss, damped until they lower it.
MAX_STEPS = 60
STOP_BELOW = 1e-7  # stop once a step lowers the objective by less than this


def initial_stabilities(histories: Sequence[History], w: Array) -> Array:
    """The four first stabilities, each fitted alone to the first later-day review of the
    cards that began with that rating: the stability whose forgetting curve best predicts
    those recalls (log loss), pulled towards the default by `PRIOR_REVIEWS`; ratings with no
    such reviews keep it. A better first rating never gets a lower stability."""
    grid = np.exp(np.linspace(math.log(fsrs6.LOWER[0]), math.log(fsrs6.UPPER[0]), 400))
    stabilities = w[:4].copy()
    for rating in (1, 2, 3, 4):
        firsts = [h for h in histories if h[0][0] == rating and sum(g > 0 for _, g in h) == 1]
        if not firsts:
            continue
        days = np.array([h[-1][1] for h in firsts], dtype=float)
        recalled = np.array([1.0 if h[-1][0] > 1 else 0.0 for h in firsts])
        curve = fsrs6.retrievability(w, days[None, :], grid[:, None])
        loss = _log_losses(curve, recalled[None, :]).sum(axis=1)
        loss += PRIOR_REVIEWS * (np.log(grid) - math.log(w[rating - 1])) ** 2
        stabilities[rating - 1] = grid[int(np.argmin(loss))]
    return np.maximum.accumulate(stabilities)


def _objective(w: Array, packed: Packed, prior: Array, scale: Array) -> tuple[float, Array, Array]:
    """Mean log loss plus the pull to the prior; its gradient and Gauss-Newton matrix."""
    recall, jacobian = _with_jacobian(w, packed)
    items = len(packed.labels)
    p = np.clip(recall, EPSILON, 1.0 - EPSILON)
    labels = packed.labels
    pull = PRIOR_REVIEWS / items
    distance = (w - prior) / scale
    value = float(np.mean(_log_losses(recall, labels)) + pull * np.sum(distance**2))
    slope = (p - labels) / (p * (1.0 - p)) / items
    gradient = jacobian.T @ slope + 2.0 * pull * distance / scale
    curvature = (jacobian.T * (1.0 / (p * (1.0 - p)) / items)) @ jacobian
    curvature += np.diag(2.0 * pull / scale**2)
    return value, gradient, curvature


def fitted_parameters(
    histories: Sequence[History], start: Sequence[float], packed: Packed | None = None
) -> list[float]:
    """Parameters fitted to the histories from `start`: the first stabilities by
    `initial_stabilities`, then all 21 by damped Gauss-Newton (Levenberg-Marquardt) steps on
    the log loss, kept inside py-fsrs's bounds. `packed` is `pack(histories)` if known."""
    packed = packed or pack(histories)
    prior = np.clip(np.asarray(start, dtype=float), fsrs6.LOWER, fsrs6.UPPER)
    prior[:4] = initial_stabilities(histories, prior)
    scale = fsrs6.UPPER - fsrs6.LOWER
    w = prior.copy()
    value, gradient, curvature = _objective(w, packed, prior, scale)
    damping = 1e-3
    for _ in range(MAX_STEPS):
        # Parameters at a bound that the gradient pushes further out stay where they are.
        stuck = ((w <= fsrs6.LOWER) & (gradient > 0)) | ((w >= fsrs6.UPPER) & (gradient < 0))
        free = ~stuck
        while True:
            system = curvature[np.ix_(free, free)]
            system = system + damping * np.diag(np.diag(system))
            step = np.zeros_like(w)
            step[free] = np.linalg.solve(system, -gradient[free])
            trial = np.clip(w + step, fsrs6.LOWER, fsrs6.UPPER)
            trial_value, trial_gradient, trial_curvature = _objective(trial, packed, prior, scale)
            if trial_value < value or damping > 1e8:
                break
            damping *= 10.0
        if not trial_value < value:
            break
        gain = value - trial_value
        w, value, gradient, curvature = trial, trial_value, trial_gradient, trial_curvature
        damping = max(damping / 10.0, 1e-7)
        if gain < STOP_BELOW:
            break
    return [float(v) for v in w]


def fit(histories: Sequence[History], current: Sequence[float]) -> Fit:
    """Fit parameters to the histories, starting from FSRS's defaults as fsrs-rs does, and keep
    them only if they predict the log better (lower log loss, by more than `TOLERANCE`) than
    `current`; otherwise the current ones stay."""
    packed = pack(histories)
    candidate = fitted_parameters(histories, DEFAULT_PARAMETERS, packed)
    before = _evaluate_packed(current, packed)
    after = _evaluate_packed(candidate, packed)
    improved = after.log_loss < before.log_loss - TOLERANCE
    return Fit(
        reviews=len(histories),
        before=before,
        candidate=after,
        parameters=candidate if improved else [float(v) for v in current],
        improved=improved,
    )
