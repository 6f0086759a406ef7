"""The Anki package at scale: a 10,000-question deck exported to .apkg, the same with one
learner's progress on every card (five reviews each, 50,000 in all), and converted back.

    python bench/apkg_bench.py [--questions 10000] [--repeat 3]

The deck is the shipped Russia-Iran deck's questions repeated under new ids, so every type
and the real lengths of prompts, options and explanations are in it. Times are the best of
`--repeat` runs, in this process, wall and CPU. (The exchange bench times every format in the table
without progress; this one adds what only the Anki package carries.)
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quizapp.exchange.apkg import (  # noqa: E402
    CardProgress,
    LearnerProgress,
    ReviewEntry,
    export_apkg,
)
from quizapp.exchange.apkg_read import convert_apkg  # noqa: E402
from quizapp.exchange.model import ExportRequest  # noqa: E402
from quizapp.paths import resource_dir  # noqa: E402
from quizapp.questions import bank  # noqa: E402
from quizapp.questions.model import DeckSpec  # noqa: E402

REVIEWS_PER_CARD = 5


def big_deck(count: int) -> DeckSpec:
    path = resource_dir("question_bank") / "russia-iran.yaml"
    decks, problems = bank.load_bank_texts([(path.name, path.read_bytes())])
    assert problems == []
    deck = decks[0]
    rounds = count // len(deck.questions) + 1
    questions = [
        dataclasses.replace(question, id=f"{question.id}-{number}")
        for number in range(rounds)
        for question in deck.questions
    ][:count]
    return dataclasses.replace(deck, questions=tuple(questions))


def progress_on(deck: DeckSpec, now: datetime) -> LearnerProgress:
    cards = {}
    for index, question in enumerate(deck.questions):
        reviews = tuple(
            ReviewEntry(
                rating=3,
                reviewed_at=now - timedelta(days=50 - 10 * step, seconds=index),
                duration_ms=4000,
                state_before=2 if step else 0,
                interval_after_s=10 * 86_400,
            )
            for step in range(REVIEWS_PER_CARD)
        )
        cards[question.id] = CardProgress(
            state=2,
            stability=20.0,
            difficulty=5.0,
            due=now + timedelta(days=3),
            last_review=now - timedelta(days=7),
            reps=REVIEWS_PER_CARD,
            lapses=0,
            suspended=False,
            desired_retention=0.9,
            reviews=reviews,
        )
    return LearnerProgress("bench", cards)


def best(repeat: int, run: Callable[[], Any]) -> tuple[str, Any]:
    """The best wall and CPU seconds of `repeat` runs (CPU is this process's own: on a busy
    machine wall time measures the neighbours), and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        result = run()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return f"{min(walls):.2f} s wall, {min(cpus):.2f} s CPU", result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    deck = big_deck(args.questions)
    progress = progress_on(deck, datetime.now(UTC))
    seconds, plain = best(args.repeat, lambda: export_apkg(ExportRequest(deck)))
    print(f"apkg export, {args.questions} questions: {seconds}, {len(plain.data):,} bytes")
    seconds, full = best(args.repeat, lambda: export_apkg(ExportRequest(deck, {}, progress)))
    reviews = args.questions * REVIEWS_PER_CARD
    print(f"apkg export with progress ({reviews} reviews): {seconds}, {len(full.data):,} bytes")
    seconds, converted = best(args.repeat, lambda: convert_apkg(plain.data, "bench.apkg"))
    print(
        f"apkg convert back, {args.questions} notes: {seconds}, "
        f"{len(converted.yaml_text):,} characters of YAML"
    )


if __name__ == "__main__":
    main()
