"""Review logs drawn from a known memory: py-fsrs schedules with the true parameters, and each
recall happens with the retrievability those parameters give. The fitting tests and the FSRS
benchmark learn the parameters back from such logs."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from fsrs import Rating

from quizapp.flashcards.optimize import LoggedReview
from quizapp.flashcards.scheduling import MemoryState, make_scheduler, retrievability, review

START = datetime(2026, 1, 5, 9, tzinfo=UTC)

# A learner unlike FSRS's average one: slow first stabilities after Again and Hard, fast ones
# after Easy, steeper growth on success, harsher lapses and a flatter forgetting curve.
TRUE_PARAMETERS = [
    0.5, 0.9, 3.6, 14.0, 6.2, 0.7, 2.4, 0.02, 1.3, 0.25, 1.0, 1.1, 0.12, 0.35, 1.8, 0.5, 2.4,
    0.4, 0.3, 0.1, 0.3,
]  # fmt: skip
FIRST_RATINGS = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)
FIRST_WEIGHTS = (0.2, 0.1, 0.55, 0.15)
PASSED = (Rating.Hard, Rating.Good, Rating.Easy)
PASSED_WEIGHTS = (0.15, 0.7, 0.15)


def memory_log(
    parameters: list[float], reviews: int, seed: int = 1, retention: float = 0.85
) -> list[LoggedReview]:
    """About `reviews` reviews of cards learned one after another, each card reviewed when
    due, sometimes late (so intervals vary), recalled with the probability the true memory
    gives; learning steps included."""
    rng = random.Random(seed)
    scheduler = make_scheduler(retention, parameters)
    log: list[LoggedReview] = []
    card = 0
    while len(log) < reviews:
        card += 1
        memory = MemoryState()
        now = START + timedelta(days=card // 8)
        for _ in range(rng.randint(4, 12)):
            if memory.is_new:
                rating = rng.choices(FIRST_RATINGS, FIRST_WEIGHTS)[0]
            else:
                recall = retrievability(scheduler, memory, now)
                passed = rng.choices(PASSED, PASSED_WEIGHTS)[0]
                rating = passed if rng.random() < recall else Rating.Again
            memory = review(scheduler, memory, rating, now)
            log.append(LoggedReview(card, int(rating), now))
            assert memory.due is not None
            wait = memory.due - now
            if wait >= timedelta(days=1):
                wait = timedelta(days=round(wait.days * rng.uniform(1.0, 1.6)))
            now += wait
    return log
