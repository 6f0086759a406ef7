"""Benchmark 6: FSRS without PyTorch: fitting, evaluating and simulating with our own FSRS-6
code (numpy), and how flat load balancing makes the days.

    python bench/fsrs_bench.py [--reviews 10000] [--cards 5000] [--repeat 5] [--smoke]

- fit: `optimize.fit` (fit, then evaluate the old and the new parameters) on a review log of
  `--reviews` reviews made by the real scheduler and a simulated memory, converted from
  `LoggedReview`s as `quizapp optimize` does; the conversion is timed with it.
- optimise: `tuning.optimise` on a SQLite file holding that log, as the settings page's
  button runs it in its request: read the log, fit, evaluate, reschedule every card, commit.
- simulate: `simulate.workloads`, 365 days of a `--cards`-card deck at the ten retentions of
  "Help me decide": half of it the learner's studied cards (stability 2-60 days, due over
  the next two months), half unseen, coming in at 20 a day.
- rate and due queue: on a fresh migrated SQLite file, a learner with `--cards` review cards
  due over the next year; `service.rate` (Good on a review card, committed) with load
  balancing off and on, and `service.queue_status` (the due queue of the study page), each
  `--repeat` x 40 times on a fresh Session; p50 and p95 in milliseconds.
- balance: reviews per day in the third month of a deck learned in bursts (0, 20 or 40 new
  cards a day), scheduled by py-fsrs, with and without load balancing: their standard
  deviation; and the share of reviews on weekends with Saturday and Sunday as easy days.
Times are the median of `--repeat` runs, in seconds.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tempfile  # noqa: E402

from fsrs import Rating, State  # noqa: E402
from sqlalchemy import select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from quizapp import migrate  # noqa: E402
from quizapp.db import make_engine  # noqa: E402
from quizapp.flashcards import balance, optimize, service, simulate, tuning  # noqa: E402
from quizapp.flashcards.scheduling import (  # noqa: E402
    DEFAULT_PARAMETERS,
    MemoryState,
    make_scheduler,
    retrievability,
    review,
)
from quizapp.models import Card, Deck, LearnerSettings, Question, Review, User, utcnow  # noqa: E402

START = datetime(2026, 1, 5, 9, tzinfo=UTC)  # a Monday
WARM_UP = 63  # days of study before the month measured: nine weeks, so it starts on a Monday


def review_log(reviews: int, seed: int = 1) -> list[optimize.LoggedReview]:
    """`reviews` reviews of cards learned over time, rated by a memory that forgets a little
    faster than FSRS's defaults expect."""
    rng = random.Random(seed)
    scheduler = make_scheduler()
    log: list[optimize.LoggedReview] = []
    card = 0
    while len(log) < reviews:
        card += 1
        memory, now = MemoryState(), START + timedelta(hours=card % 200, minutes=card)
        for _ in range(rng.randint(3, 10)):
            recall = 0.9 if memory.is_new else retrievability(scheduler, memory, now) * 0.95
            rating = rng.choice((Rating.Good, Rating.Good, Rating.Easy, Rating.Hard))
            rating = rating if rng.random() < recall else Rating.Again
            memory = review(scheduler, memory, rating, now)
            log.append(optimize.LoggedReview(card, int(rating), now))
            now = max(memory.due or now, now + timedelta(minutes=10))
            if len(log) == reviews:
                break
    return log


def month_of_reviews(
    balanced: bool,
    easy_days: frozenset[int] = frozenset(),
    new_per_day: int = 20,
    days: int = 30,
    warm_up: int = WARM_UP,
    seed: int = 3,
) -> list[int]:
    """Reviews per day over `days` days after `warm_up` days of study. The learner takes new
    cards in bursts (none, `new_per_day` or twice as many on a day, the same days with and
    without balancing), learns each with Good twice ten minutes apart, and reviews every card
    on its due day, recalling it with its retrievability. Balancing picks each review's day
    inside the fuzz range as the app does."""
    plan = random.Random(seed)
    new_cards = [plan.choice((0, new_per_day, 2 * new_per_day)) for _ in range(warm_up + days)]
    recall = random.Random(seed + 1)
    scheduler = make_scheduler()
    due_on: Counter[int] = Counter()  # day -> reviews due that day
    cards: dict[int, tuple[int, MemoryState]] = {}  # card -> (due day, memory)
    reviews_per_day = []
    for day in range(warm_up + days):
        now = START + timedelta(days=day)
        done = 0
        for card, (due_day, memory) in list(cards.items()):
            if due_day != day:
                continue
            recalled = recall.random() < retrievability(scheduler, memory, now)
            rating = Rating.Good if recalled else Rating.Again
            cards[card] = _schedule(
                scheduler, memory, rating, now, day, due_on, balanced, easy_days
            )
            done += 1
        for _ in range(new_cards[day]):
            memory = review(scheduler, MemoryState(), Rating.Good, now)
            later = now + timedelta(minutes=10)
            cards[len(cards)] = _schedule(
                scheduler, memory, Rating.Good, later, day, due_on, balanced, easy_days
            )
        reviews_per_day.append(done)
    return reviews_per_day[warm_up:]


def _schedule(  # type: ignore[no-untyped-def]
    scheduler, memory, rating, now, day, due_on, balanced, easy_days
) -> tuple[int, MemoryState]:
    after = review(scheduler, memory, rating, now)
    interval = max(0, round(((after.due or now) - now).total_seconds() / 86400))
    if balanced and after.state == int(State.Review) and interval >= 3:
        ahead = {d - day: n for d, n in due_on.items() if d > day}
        interval = balance.balanced_interval(
            interval, ahead, easy_days, lambda days: (START.weekday() + day + days) % 7
        )
    due_on[day + interval] += 1
    return day + interval, after


def learner_and_deck(session: Session, name: str) -> tuple[User, Deck]:
    """A learner who never logs in and an empty one-section deck, both flushed."""
    user = User(username=name, password_hash="!")  # noqa: S106 -- no log-in
    deck = Deck(
        slug=name,
        title=name.title(),
        description="d",
        source_title="s",
        sections=[{"id": "s", "title": "s", "note": "n"}],
        topics=[{"id": "t", "title": "t"}],
    )
    session.add_all([user, deck])
    session.flush()
    return user, deck


def database_timings(cards: int, runs: int) -> dict[str, tuple[float, float]]:
    """(p50, p95) in ms of rating a review card, balancing off and on, and of the due queue."""
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as work:
        url = f"sqlite:///{work}/fsrs-bench.sqlite3"
        migrate.upgrade(url)
        engine = make_engine(url)
        now = utcnow()
        with Session(engine) as session:
            user, deck = learner_and_deck(session, "bench")
            questions = [
                Question(
                    deck_id=deck.id,
                    key=f"q{n}",
                    type="true_false",
                    prompt="p",
                    explanation="e",
                    topics=["t"],
                    source="s",
                    body={"answer": True},
                    content_hash="x",
                    position=n,
                )
                for n in range(cards)
            ]
            session.add_all(questions)
            session.flush()
            session.add_all(
                Card(
                    user_id=user.id,
                    question_id=q.id,
                    state=int(State.Review),
                    stability=rng.uniform(5, 60),
                    difficulty=5.0,
                    reps=4,
                    last_review=now - timedelta(days=rng.uniform(1, 30)),
                    # The ones to rate are due now, the rest over the next year.
                    due=now - timedelta(hours=1)
                    if n < 2 * runs
                    else now + timedelta(days=rng.uniform(0, 365)),
                )
                for n, q in enumerate(questions)
            )
            session.add(LearnerSettings(user_id=user.id, load_balancing=False))
            due_now_ids = [q.id for n, q in enumerate(questions) if n < 2 * runs]
            session.commit()
            user_id, deck_id = user.id, deck.id
        due_now = due_now_ids
        results: dict[str, tuple[float, float]] = {}
        for balancing in (False, True):
            with Session(engine) as session:
                settings = session.get(LearnerSettings, user_id)
                assert settings is not None
                settings.load_balancing = balancing
                session.commit()
            times = []
            for _ in range(runs):
                question_id = due_now.pop()
                with Session(engine) as session:
                    start = time.perf_counter()
                    card = service.card_for(session, user_id, question_id)
                    assert card is not None
                    service.rate(session, user_id, question_id, card.version, Rating.Good, now)
                    session.commit()
                    times.append((time.perf_counter() - start) * 1000)
            results[f"rate, balancing {'on' if balancing else 'off'}"] = _percentiles(times)
        times = []
        for _ in range(runs):
            with Session(engine) as session:
                start = time.perf_counter()
                deck = session.scalars(select(Deck).where(Deck.id == deck_id)).one()
                service.queue_status(session, user_id, service.Scope(deck), now)
                times.append((time.perf_counter() - start) * 1000)
        results["due queue"] = _percentiles(times)
        engine.dispose()
    return results


def optimise_time(reviews: int, repeat: int) -> float:
    """Seconds `tuning.optimise` takes, what "Optimise my parameters" runs in its request:
    read the log of `reviews` reviews, convert, fit, evaluate both, reschedule every card by
    replaying its history, commit. The median of `repeat` runs, each from the defaults."""
    log = review_log(reviews)
    with tempfile.TemporaryDirectory() as work:
        url = f"sqlite:///{work}/fsrs-optimise.sqlite3"
        migrate.upgrade(url)
        engine = make_engine(url)
        with Session(engine) as session:
            user, deck = learner_and_deck(session, "fit")
            card_ids: dict[int, int] = {}
            for number in sorted({entry.card_id for entry in log}):
                question = Question(
                    deck_id=deck.id,
                    key=f"q{number}",
                    type="true_false",
                    prompt="p",
                    explanation="e",
                    topics=["t"],
                    source="s",
                    body={"answer": True},
                    content_hash="x",
                    position=number,
                )
                session.add(question)
                session.flush()
                card = Card(user_id=user.id, question_id=question.id, reps=1, due=START)
                session.add(card)
                session.flush()
                card_ids[number] = card.id
            session.add_all(
                Review(
                    card_id=card_ids[entry.card_id],
                    user_id=user.id,
                    rating=entry.rating,
                    reviewed_at=entry.reviewed_at,
                    origin="study",
                    state_before=0,
                    before={},
                    state_after=2,
                )
                for entry in log
            )
            session.commit()
            user_id = user.id
        times = []
        for _ in range(repeat):
            with Session(engine) as session:
                session.merge(LearnerSettings(user_id=user_id, fsrs_parameters=None))
                session.commit()
            with Session(engine) as session:
                start = time.perf_counter()
                outcome = tuning.optimise(session, user_id, utcnow())
                session.commit()
                times.append(time.perf_counter() - start)
                assert outcome.fit is not None
        engine.dispose()
    return statistics.median(times)


def _percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def median_time(action, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def studied_cards(count: int) -> list[simulate.ExistingCard]:
    rng = random.Random(6)
    cards = []
    for _ in range(count):
        due_in = rng.randint(0, 60)
        stability = rng.uniform(2, 60)
        last_review_ago = rng.randint(1, 30)
        cards.append(simulate.ExistingCard(stability, rng.uniform(2, 9), due_in, last_review_ago))
    return cards


def run(reviews: int, cards: int, repeat: int) -> dict[str, float]:
    log = review_log(reviews)
    fits: list[optimize.Fit] = []

    def fit() -> None:
        histories = optimize.training_histories(log, "UTC", 4)
        fits.append(optimize.fit(histories, DEFAULT_PARAMETERS))

    studied = studied_cards(cards // 2)
    results = {
        "fit": median_time(fit, repeat),
        "optimise": optimise_time(reviews, repeat),
        "simulate": median_time(
            lambda: simulate.workloads(
                DEFAULT_PARAMETERS, cards - len(studied), 20, 9999, existing=studied
            ),
            repeat,
        ),
        "log_loss_before": fits[0].before.log_loss,
        "log_loss_after": fits[0].after.log_loss,
        "rmse_before": fits[0].before.rmse_bins,
        "rmse_after": fits[0].after.rmse_bins,
    }
    results.update(
        {
            f"{name} p{q}": value
            for name, pair in database_timings(cards, repeat * 40).items()
            for q, value in zip((50, 95), pair, strict=True)
        }
    )
    plain, flat = month_of_reviews(False), month_of_reviews(True)
    weekend = month_of_reviews(True, frozenset({5, 6}))
    results["stdev_without"] = statistics.pstdev(plain)
    results["stdev_with"] = statistics.pstdev(flat)
    results["weekend_share_without"] = _weekend_share(plain)
    results["weekend_share_easy"] = _weekend_share(weekend)
    return results


def _weekend_share(per_day: list[int]) -> float:
    weekend = sum(n for day, n in enumerate(per_day) if (START.weekday() + WARM_UP + day) % 7 >= 5)
    return weekend / max(sum(per_day), 1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviews", type=int, default=10_000)
    parser.add_argument("--cards", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, no timing claims")
    args = parser.parse_args(argv)
    if args.smoke:
        args.reviews, args.cards, args.repeat = 2000, 100, 1
    results = run(args.reviews, args.cards, args.repeat)
    print(
        f"fit {args.reviews} reviews (convert, fit, evaluate old and new): {results['fit']:.3f} s"
        f"; log loss {results['log_loss_before']:.4f} -> {results['log_loss_after']:.4f}, "
        f"RMSE (bins) {results['rmse_before']:.4f} -> {results['rmse_after']:.4f}"
    )
    print(
        f"optimise a learner with {args.reviews} reviews (read, fit, evaluate, reschedule, "
        f"commit): {results['optimise']:.3f} s"
    )
    print(
        f"simulate 365 days of {args.cards} cards ({args.cards // 2} studied) at 10 retentions: "
        f"{results['simulate']:.3f} s"
    )
    for name in ("rate, balancing off", "rate, balancing on", "due queue"):
        print(
            f"{name} ({args.cards} cards): p50 {results[name + ' p50']:.2f} ms, "
            f"p95 {results[name + ' p95']:.2f} ms"
        )
    print(
        "reviews per day over a month, standard deviation: "
        f"{results['stdev_without']:.2f} without load balancing, "
        f"{results['stdev_with']:.2f} with"
    )
    print(
        "share of reviews on Saturdays and Sundays: "
        f"{results['weekend_share_without']:.1%} without easy days, "
        f"{results['weekend_share_easy']:.1%} with both as easy days"
    )


if __name__ == "__main__":
    main()
