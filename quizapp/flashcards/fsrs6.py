"""FSRS-6, the memory model py-fsrs schedules with, on numpy arrays: the same formulas as
py-fsrs's Scheduler (initial state, short-term, recall and forget stability, difficulty with
mean reversion, the power forgetting curve with its fitted decay `w[20]`), so that parameters
fitted or simulated here mean what they mean to the scheduler. Every function takes arrays of
many cards at once."""

from __future__ import annotations

import numpy as np
from fsrs.scheduler import (
    LOWER_BOUNDS_PARAMETERS,
    MAX_DIFFICULTY,
    MIN_DIFFICULTY,
    STABILITY_MIN,
    UPPER_BOUNDS_PARAMETERS,
)
from numpy.typing import NDArray

Array = NDArray[np.float64]

# py-fsrs's own bounds, the ones its Scheduler validates parameters against.
LOWER = np.array(LOWER_BOUNDS_PARAMETERS, dtype=float)
UPPER = np.array(UPPER_BOUNDS_PARAMETERS, dtype=float)
COUNT = len(LOWER)


def factor(w: Array) -> float:
    """The forgetting curve's scale, chosen so that R = 0.9 when the days equal S."""
    return float(0.9 ** (-1.0 / w[20]) - 1.0)


def retrievability(w: Array, days: Array, stability: Array) -> Array:
    return np.power(1.0 + factor(w) * days / stability, -w[20])


def interval(w: Array, stability: Array, retention: float | Array) -> Array:
    """Days until recall falls to `retention` (unrounded)."""
    return stability / factor(w) * (np.power(retention, -1.0 / w[20]) - 1.0)


def initial_difficulty(w: Array, rating: Array) -> Array:
    """Unclamped, as py-fsrs uses it for the mean-reversion target."""
    return w[4] - np.exp(w[5] * (rating - 1.0)) + 1.0


def initial_state(w: Array, rating: Array) -> tuple[Array, Array]:
    stability = np.maximum(w[rating.astype(int) - 1], STABILITY_MIN)
    difficulty = np.clip(initial_difficulty(w, rating), MIN_DIFFICULTY, MAX_DIFFICULTY)
    return stability, difficulty


def next_difficulty(w: Array, difficulty: Array, rating: Array) -> Array:
    """Linear damping towards 10, then mean reversion to the Easy first difficulty."""
    change = -w[6] * (rating - 3.0)
    damped = difficulty + (10.0 - difficulty) * change / 9.0
    target = w[4] - np.exp(3.0 * w[5]) + 1.0
    reverted = w[7] * target + (1.0 - w[7]) * damped
    return np.clip(reverted, MIN_DIFFICULTY, MAX_DIFFICULTY)


def short_term_stability(w: Array, stability: Array, rating: Array) -> Array:
    """A review on the same day as the previous one; a pass never lowers stability."""
    growth = np.exp(w[17] * (rating - 3.0 + w[18])) * np.power(stability, -w[19])
    growth = np.where(rating >= 2, np.maximum(growth, 1.0), growth)
    return np.maximum(stability * growth, STABILITY_MIN)


def recall_stability(
    w: Array, stability: Array, difficulty: Array, recall: Array, rating: Array
) -> Array:
    penalty = np.where(rating == 2, w[15], 1.0) * np.where(rating == 4, w[16], 1.0)
    growth = (
        np.exp(w[8])
        * (11.0 - difficulty)
        * np.power(stability, -w[9])
        * (np.exp((1.0 - recall) * w[10]) - 1.0)
        * penalty
    )
    return np.maximum(stability * (1.0 + growth), STABILITY_MIN)


def forget_stability(w: Array, stability: Array, difficulty: Array, recall: Array) -> Array:
    long_term = (
        w[11]
        * np.power(difficulty, -w[12])
        * (np.power(stability + 1.0, w[13]) - 1.0)
        * np.exp((1.0 - recall) * w[14])
    )
    short_term = stability / np.exp(w[17] * w[18])
    return np.maximum(np.minimum(long_term, short_term), STABILITY_MIN)


def next_state(
    w: Array, stability: Array, difficulty: Array, days: Array, rating: Array
) -> tuple[Array, Array]:
    """The memory state after a rating `days` days after the previous review."""
    recall = retrievability(w, days, stability)
    later = np.where(
        rating == 1,
        forget_stability(w, stability, difficulty, recall),
        recall_stability(w, stability, difficulty, recall, rating),
    )
    same_day = short_term_stability(w, stability, rating)
    return np.where(days > 0, later, same_day), next_difficulty(w, difficulty, rating)
