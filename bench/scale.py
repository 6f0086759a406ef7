"""Benchmark 3: data at scale. Generate a large synthetic database, time the queries behind each
page with the app's own service functions, and check that their query plans use indexes.

    python bench/scale.py --database sqlite [--scale 1.0] [--repeat 50]
    python bench/scale.py --database postgresql --url postgresql+psycopg://USER:PW@HOST/postgres
    python bench/scale.py --database sqlite --smoke      # tiny sizes, seconds, no timing claims

Scale 1.0 is the issue's: 10,000 learners, 2,000 questions (4 decks of 500, 8 topics each),
1,000,000 cards (100 per learner), 5,000,000 reviews (500 per learner, over the past year),
200,000 quiz attempts, of which 50,000 finished ones of one quiz (12 questions drawn from 24),
and a teacher with a class of 300 students.

The database. The schema comes from the app's own Alembic migrations, in a fresh SQLite file (a
temporary folder unless `--url sqlite:///PATH`) or a fresh PostgreSQL database (`--dbname`,
default quizapp_scale, created next to the database of `--url`, dropped first if it exists,
and dropped at the end unless `--keep`). The questions go through the app's own validator and
importer (decks written by bench/generate_bank.py); everything else is bulk-loaded: sqlite3
executemany in one transaction (journal and synchronous off during the load), or psycopg COPY.
The rows are what the app writes: cards whose FSRS fields, reps, lapses and version agree with
their review log; reviews with the card's state before them (`before`, as undo reads it), in
time order per learner; attempts whose slots carry the question snapshot, a display order made
by questions/present.py, a response as the quiz form stores it, and the mark grading.py gives it.
ANALYZE runs after the load (VACUUM ANALYZE on PostgreSQL), as on a maintained database.
`--reuse URL` times an existing generated database instead (migrating it to head first).

The timings. Each page's work is the view's own calls into the service layer, made on a fresh
Session from the app's session factory (so the identity map caches nothing between runs), for
a different random learner on each run:

- due queue: what /decks/<slug>/study does: the deck by slug, flashcards.service.queue_status,
  next_question_id, last_review and the question (the card comes with the queue);
- progress page: reports.service.learner_progress and the three charts /progress draws;
- class report (300 students): the class, the report deck as _report_deck picks it, class_rows,
  the teacher's quizzes and the deck list;
- item analysis (50,000 attempts): the quiz and reports.service.item_analysis (the marks by
  slot, statistics.quiz_analysis, the response analysis).

Each page runs twice unmeasured first (connections opened, caches warm: the database file is
in the OS page cache, as on a server that has been up a while), then `--repeat` times (the
class report a fifth as often, item analysis a tenth, at least 2). p50 is the median, p95 the
nearest-rank 95th percentile. Targets (issue 7): due queue p95 < 5 ms, progress page p95
< 50 ms, item analysis of 50,000 attempts p95 < 2 s; the class report has none.

The plan check. Every SQL statement a page runs is captured (SQLAlchemy's before_cursor_execute)
and explained with its own parameters: EXPLAIN QUERY PLAN on SQLite, EXPLAIN (FORMAT JSON) on
PostgreSQL. The big tables are cards, reviews, attempts, attempt_slots and questions. The rule:

- SQLite: any `SCAN <big table>` step fails, with or without an index named after it (SCAN
  walks the whole table or the whole index; SEARCH, which seeks by key, is what we want).
- PostgreSQL: a Seq Scan on a big table fails unless the planner expects it to return at least
  20% of the table's rows (its estimate against pg_class.reltuples): reading a fifth of a table
  or more, a sequential scan is the right plan and an index would not help; below that it is a
  missing index.

In normal mode a failed plan check exits with status 1 (after the report); a missed target
exits with status 3 when the scale is 1.0 or more. With `--smoke` (tiny tables, on which any
planner may rightly scan) plans and timings are reported but never fail the run.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import math
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine, event, func, make_url, select, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench.generate_bank import write_bank  # noqa: E402
from quizapp import charts, create_app, migrate  # noqa: E402
from quizapp.db import EXTENSION_KEY, engine_of, make_engine  # noqa: E402
from quizapp.demo import chance, right_response, wrong_response  # noqa: E402
from quizapp.flashcards import service as flashcards  # noqa: E402
from quizapp.models import Attempt, Deck, Question, Quiz, SchoolClass, User, utcnow  # noqa: E402
from quizapp.questions import bank, present, store  # noqa: E402
from quizapp.questions.grading import grade  # noqa: E402
from quizapp.quiz import rules  # noqa: E402
from quizapp.quiz.service import SNAPSHOT_FIELDS  # noqa: E402
from quizapp.reports import service as reports  # noqa: E402

BIG_TABLES = ("cards", "reviews", "attempts", "attempt_slots", "questions")
PG_SEQ_SCAN_SHARE = 0.2
TEACHER = "scale-teacher"
CLASS_NAME = "Scale class"
BIG_QUIZ_TITLE = "Scale exam: 12 of 24 questions"
PASSWORD_HASH = "scrypt:32768:8:1$benchmark$not-a-real-hash"  # noqa: S105 -- nobody logs in
TARGETS_MS = {"due queue": 5.0, "progress page": 50.0, "item analysis": 2000.0}
MICROS = 1_000_000
DAY_US = 86_400 * MICROS


@dataclass(frozen=True)
class Sizes:
    learners: int
    decks: int
    questions_per_deck: int
    cards_per_learner: int
    reviews_per_learner: int
    attempts: int
    big_quiz_attempts: int
    big_quiz_pool: int
    big_quiz_count: int
    class_size: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        learners = max(20, round(10_000 * scale))
        return cls(
            learners=learners,
            decks=4,
            questions_per_deck=500,
            cards_per_learner=100,
            reviews_per_learner=500,
            attempts=max(60, round(200_000 * scale)),
            big_quiz_attempts=max(20, round(50_000 * scale)),
            big_quiz_pool=24,
            big_quiz_count=12,
            class_size=min(300, learners),
        )


SMOKE = Sizes(
    learners=50,
    decks=2,
    questions_per_deck=20,
    cards_per_learner=10,
    reviews_per_learner=16,
    attempts=300,
    big_quiz_attempts=100,
    big_quiz_pool=8,
    big_quiz_count=4,
    class_size=20,
)


# Loading rows in bulk


class Loader:
    """Bulk inserts into one database, with timestamps in the text form that database reads."""

    dialect = ""

    def __init__(self) -> None:
        self._prefixes: dict[tuple[int, str], str] = {}

    def ts(self, micros: int) -> str:
        raise NotImplementedError

    def _prefix(self, minute: int, sep: str) -> str:
        found = self._prefixes.get((minute, sep))
        if found is None:
            found = datetime.fromtimestamp(minute * 60, UTC).strftime(f"%Y-%m-%d{sep}%H:%M")
            self._prefixes[minute, sep] = found
        return found

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        raise NotImplementedError

    def finish(self, sequences: dict[str, int]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class SqliteLoader(Loader):
    dialect = "sqlite"

    def __init__(self, path: str) -> None:
        super().__init__()
        self.connection = sqlite3.connect(path, isolation_level=None)
        for pragma in (
            "journal_mode=OFF",
            "synchronous=OFF",
            "cache_size=-1048576",
            "temp_store=MEMORY",
            "foreign_keys=OFF",
        ):
            self.connection.execute(f"PRAGMA {pragma}")
        self.connection.execute("BEGIN")

    def ts(self, micros: int) -> str:
        # SQLAlchemy's SQLite DATETIME storage format, which comparisons in SQL rely on.
        seconds, us = divmod(micros, MICROS)
        return f"{self._prefix(seconds // 60, ' ')}:{seconds % 60:02d}.{us:06d}"

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        cursor = self.connection.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608 -- our own names
            rows,
        )
        return cursor.rowcount

    def finish(self, sequences: dict[str, int]) -> None:
        self.connection.execute("COMMIT")
        self.connection.execute("PRAGMA journal_mode=WAL")

    def close(self) -> None:
        self.connection.close()


class PostgresLoader(Loader):
    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        import psycopg

        super().__init__()
        conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        self.connection = psycopg.connect(conninfo)
        self.connection.execute("SET synchronous_commit = off")

    def ts(self, micros: int) -> str:
        seconds, us = divmod(micros, MICROS)
        return f"{self._prefix(seconds // 60, ' ')}:{seconds % 60:02d}.{us:06d}+00"

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        names = ", ".join(f'"{c}"' for c in columns)
        count = 0
        with self.connection.cursor() as cursor:
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[arg-type]
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count

    def finish(self, sequences: dict[str, int]) -> None:
        for table, last in sequences.items():
            self.connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {max(last, 1)})"  # noqa: S608
            )
        self.connection.commit()

    def close(self) -> None:
        self.connection.close()


def json_text(value: Any) -> str:
    """JSON as SQLAlchemy's JSON type stores it (json.dumps with its default separators)."""
    return json.dumps(value)


# The synthetic population


@dataclass
class QuestionInfo:
    id: int
    deck: int
    key: str
    type: str
    topics: list[str]
    difficulty: str | None
    version: int
    snapshot: str
    orders: list[str]
    answers: list[tuple[str, float, bool]]  # (response JSON, score, right or not); [0] is right


@dataclass
class World:
    now_us: int
    sizes: Sizes
    questions: list[QuestionInfo] = field(default_factory=list)
    deck_ids: list[int] = field(default_factory=list)
    deck_titles: list[str] = field(default_factory=list)
    learner_ids: list[int] = field(default_factory=list)
    ability: list[float] = field(default_factory=list)
    primary: list[int] = field(default_factory=list)
    teacher_id: int = 0
    class_id: int = 0
    big_quiz_id: int = 0
    next_id: dict[str, int] = field(default_factory=dict)

    def take(self, table: str) -> int:
        value = self.next_id.get(table, 0) + 1
        self.next_id[table] = value
        return value


class Timer:
    def __init__(self) -> None:
        self.steps: list[tuple[str, int, float]] = []

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[list[int]]:
        counter = [0]
        start = time.perf_counter()
        yield counter
        elapsed = time.perf_counter() - start
        self.steps.append((name, counter[0], elapsed))
        print(f"  {name}: {counter[0]:,} rows in {elapsed:.1f} s", file=sys.stderr, flush=True)


def import_questions(url: str, sizes: Sizes, work: Path, world: World) -> int:
    files = []
    for number in range(sizes.decks):
        paths = write_bank(
            work / f"deck{number}",
            sizes.questions_per_deck,
            seed=number + 1,
            slug=f"scale-{number}",
        )
        files.extend((f"{number}-{p.name}", p.read_bytes()) for p in paths)
    decks, problems = bank.load_bank_texts(files)
    assert not problems, [str(p) for p in problems[:3]]
    titled = []
    for spec in decks:
        # generate_bank titles every deck alike; the decks page should tell them apart.
        titled.append(dataclasses.replace(spec, title=f"Synthetic bank {spec.slug}"))
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            store.import_decks(session, titled)
            session.commit()
        with Session(engine) as session:
            rows = session.scalars(select(Deck).order_by(Deck.slug)).all()
            world.deck_ids = [d.id for d in rows]
            world.deck_titles = [d.title for d in rows]
            index = {d.id: n for n, d in enumerate(rows)}
            rng = random.Random(7)
            for q in session.scalars(select(Question).order_by(Question.id)):
                snapshot = {name: getattr(q, name) for name in SNAPSHOT_FIELDS}
                answers = []
                for response in [right_response(q.type, q.body)] + [
                    wrong_response(q.type, q.body, rng) for _ in range(2)
                ]:
                    result = grade(q.type, q.body, rules.grading_response(q.type, q.body, response))
                    answers.append((json_text(response), result.score, result.correct))
                world.questions.append(
                    QuestionInfo(
                        id=q.id,
                        deck=index[q.deck_id],
                        key=q.key,
                        type=q.type,
                        topics=list(q.topics),
                        difficulty=q.difficulty,
                        version=q.version,
                        snapshot=json_text(snapshot),
                        orders=[
                            json_text(present.display_order(q.type, q.body, True, rng))
                            for _ in range(6)
                        ],
                        answers=answers,
                    )
                )
    finally:
        engine.dispose()
    return len(world.questions)


TIMEZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tehran", "Europe/Moscow"]


def users_rows(world: World, loader: Loader, rng: random.Random) -> Iterator[tuple[Any, ...]]:
    year_ago = world.now_us - 400 * DAY_US
    world.teacher_id = world.take("users")
    yield (world.teacher_id, TEACHER, PASSWORD_HASH, "teacher", loader.ts(year_ago))
    for number in range(world.sizes.learners):
        user_id = world.take("users")
        world.learner_ids.append(user_id)
        world.ability.append(rng.gauss(0.3, 1.0))
        world.primary.append(number % world.sizes.decks)
        created = year_ago + rng.randrange(30 * DAY_US)
        yield (user_id, f"learner{number:05d}", PASSWORD_HASH, "student", loader.ts(created))


def settings_rows(world: World, rng: random.Random) -> Iterator[tuple[Any, ...]]:
    # A quarter of the learners changed their study settings; the rest have the defaults.
    for user_id in world.learner_ids:
        if rng.random() < 0.25:
            yield (
                user_id,
                rng.choice([0.85, 0.9, 0.9, 0.95]),
                None,
                rng.choice([10, 20, 30]),
                rng.choice([100, 200, 500]),
                rng.randrange(0, 7),
                rng.choice(TIMEZONES),
                8,
                rng.random() < 0.9,
            )


CARD_COLUMNS = (
    "id user_id question_id state step stability difficulty due last_review reps lapses "
    "suspended buried_until is_leech version"
).split()
REVIEW_COLUMNS = (
    "id card_id user_id rating reviewed_at duration_ms origin state_before before state_after "
    "scheduled_days"
).split()
FIRST_STABILITY = {1: 0.4, 2: 1.2, 3: 3.2, 4: 15.7}
FIRST_DIFFICULTY = {1: 7.0, 2: 6.2, 3: 5.0, 4: 3.1}
GROWTH = {1: 0.3, 2: 1.2, 3: 2.5, 4: 4.0}
LEARNING_STEP_DAYS = 10 / 1440


def _iso(loader: Loader, micros: int) -> str:
    seconds, us = divmod(micros, MICROS)
    return f"{loader._prefix(seconds // 60, 'T')}:{seconds % 60:02d}.{us:06d}+00:00"


def _num(value: float | None) -> str:
    return "null" if value is None else repr(value)


@dataclass(frozen=True)
class _Learner:
    """One learner as their review log sees them: who, how able, and the span (in
    microseconds) they studied in."""

    user_id: int
    ability: float
    start: int
    end: int


def learner_cards(
    world: World,
    loader: Loader,
    rng: random.Random,
    number: int,
    by_deck: list[list[QuestionInfo]],
) -> tuple[list[tuple[Any, ...]], list[list[Any]]]:
    """One learner's cards and their review log, consistent with each other."""
    user_id = world.learner_ids[number]
    chosen = _chosen_questions(world, rng, number, by_deck)
    now = world.now_us
    start = now - rng.randrange(30 * DAY_US, 365 * DAY_US)
    # Most learners studied in the last few days; some stopped weeks ago.
    end = now - int(rng.expovariate(1 / 4) * DAY_US) - rng.randrange(3600 * MICROS)
    end = max(end, start + DAY_US)
    learner = _Learner(user_id, world.ability[number], start, end)
    wanted = world.sizes.cards_per_learner
    untouched = max(0, round(wanted * 0.01))
    started = wanted - untouched
    counts = _review_counts(rng, started, world.sizes.reviews_per_learner)
    cards: list[tuple[Any, ...]] = []
    reviews: list[list[Any]] = []
    for position, question in enumerate(chosen):
        card_id = world.take("cards")
        if position >= started:
            created = rng.randrange(start, end)
            cards.append(_unreviewed_card(loader, card_id, user_id, question, created))
        else:
            k = counts[position]
            cards.append(_reviewed_card(loader, rng, learner, card_id, question, k, now, reviews))
    return cards, reviews


def _chosen_questions(
    world: World, rng: random.Random, number: int, by_deck: list[list[QuestionInfo]]
) -> list[QuestionInfo]:
    """The questions a learner has cards for: their main deck's, for some partly another's."""
    sizes = world.sizes
    primary = world.primary[number]
    wanted = sizes.cards_per_learner
    if sizes.decks > 1 and rng.random() < 0.3:
        other = (primary + 1 + rng.randrange(sizes.decks - 1)) % sizes.decks
        first = round(wanted * 0.6)
        return rng.sample(by_deck[primary], first) + rng.sample(by_deck[other], wanted - first)
    return rng.sample(by_deck[primary], wanted)


def _review_counts(rng: random.Random, started: int, reviews: int) -> list[int]:
    """How many reviews each started card has: one at least, the rest spread unevenly."""
    counts = [1] * started
    weights = [rng.random() ** 2 + 0.05 for _ in range(started)]
    for pick in rng.choices(range(started), weights, k=max(0, reviews - started)):
        counts[pick] += 1
    return counts


def _unreviewed_card(
    loader: Loader, card_id: int, user_id: int, question: QuestionInfo, created: int
) -> tuple[Any, ...]:
    """A card suspended or buried before its first review: a card with no history."""
    return (
        card_id,
        user_id,
        question.id,
        1,
        0,
        None,
        None,
        loader.ts(created),
        None,
        0,
        0,
        True,
        None,
        False,
        1,
    )


def _reviewed_card(
    loader: Loader,
    rng: random.Random,
    learner: _Learner,
    card_id: int,
    question: QuestionInfo,
    k: int,
    now: int,
    reviews: list[list[Any]],
) -> tuple[Any, ...]:
    """A card reviewed k times: its row, its reviews appended to `reviews`."""
    first = rng.randrange(learner.start, learner.end)
    moments = sorted([first] + [rng.randrange(first, learner.end + 1) for _ in range(k - 1)])
    p_right = chance(learner.ability + 0.1 * math.log1p(k), question.difficulty)
    state, step, stability, difficulty = 1, 0, None, None
    due, last = first, None
    lapses = 0
    for reps, moment in enumerate(moments):
        rating = rng.choices((2, 3, 4), (10, 75, 15))[0] if rng.random() < p_right else 1
        before = (
            f'{{"state": {state}, "step": {"null" if step is None else step}, '
            f'"stability": {_num(stability)}, "difficulty": {_num(difficulty)}, '
            f'"due": "{_iso(loader, due)}", '
            f'"last_review": {"null" if last is None else chr(34) + _iso(loader, last) + chr(34)}, '  # noqa: E501
            f'"reps": {reps}, "lapses": {lapses}, "suspended": false, "is_leech": false, '
            f'"buried_until": null}}'
        )
        state_before = 0 if reps == 0 else state
        stability, difficulty = _next_memory(stability, difficulty, rating)
        state, step, lapses = _next_state(state, state_before, lapses, rating)
        days = round(stability, 4) if state == 2 else LEARNING_STEP_DAYS
        due = moment + int(days * DAY_US)
        last = moment
        quiz = rng.random() < 0.1
        reviews.append(
            [
                moment,
                card_id,
                learner.user_id,
                rating,
                loader.ts(moment),
                None if quiz else rng.randrange(2000, 20000),
                "quiz" if quiz else "study",
                state_before,
                before,
                state,
                round(days, 4),
            ]
        )
    leech = lapses >= 8
    suspended = leech or rng.random() < 0.02
    buried = loader.ts(now + DAY_US // 2) if not suspended and rng.random() < 0.005 else None
    return (
        card_id,
        learner.user_id,
        question.id,
        state,
        step,
        stability,
        difficulty,
        loader.ts(due),
        loader.ts(last),
        k,
        lapses,
        suspended,
        buried,
        leech,
        k,
    )


def _next_memory(
    stability: float | None, difficulty: float | None, rating: int
) -> tuple[float, float]:
    """A rough stand-in for FSRS: the stability and difficulty after a review rated so."""
    if stability is None or difficulty is None:
        return FIRST_STABILITY[rating], FIRST_DIFFICULTY[rating]
    return (
        round(min(36500.0, max(0.1, stability * GROWTH[rating])), 6),
        round(min(10.0, max(1.0, difficulty + (2.5 - rating) * 0.4)), 6),
    )


def _next_state(
    state: int, state_before: int, lapses: int, rating: int
) -> tuple[int, int | None, int]:
    """The card's state, learning step and lapse count after a review rated so."""
    if rating == 1:
        # Forgetting a card that was in review is a lapse.
        lapses_after = lapses + 1 if state == 2 else lapses
        return (1 if state_before in (0, 1) else 3), 0, lapses_after
    if rating == 2 and state != 2:
        return state, 1, lapses
    return 2, None, lapses


def load_cards_and_reviews(world: World, loader: Loader, rng: random.Random, timer: Timer) -> None:
    by_deck: list[list[QuestionInfo]] = [[] for _ in world.deck_ids]
    for question in world.questions:
        by_deck[question.deck].append(question)
    batch = 100
    with timer.step("cards + reviews") as counter:
        for first in range(0, world.sizes.learners, batch):
            cards: list[tuple[Any, ...]] = []
            reviews: list[tuple[Any, ...]] = []
            for number in range(first, min(first + batch, world.sizes.learners)):
                learner, log = learner_cards(world, loader, rng, number, by_deck)
                cards.extend(learner)
                log.sort(key=lambda row: row[0])
                for row in log:
                    row[0] = world.take("reviews")
                reviews.extend(tuple(row) for row in log)
            counter[0] += loader.insert("cards", CARD_COLUMNS, cards)
            counter[0] += loader.insert("reviews", REVIEW_COLUMNS, reviews)
    print(
        f"    {world.next_id.get('cards', 0):,} cards, {world.next_id.get('reviews', 0):,} reviews",
        file=sys.stderr,
    )


QUIZ_COLUMNS = (
    "id deck_id owner_id kind title topics question_keys question_types question_count "
    "time_limit_minutes max_attempts feedback pass_percent shuffle_questions shuffle_options "
    "one_per_page opens_at closes_at created_at"
).split()
ATTEMPT_COLUMNS = (
    "id quiz_id user_id status started_at deadline_at finished_at revision score max_score"
).split()
SLOT_COLUMNS = (
    "id attempt_id position question_id question_version snapshot display_order response "
    "answered_at is_final score"
).split()


@dataclass
class QuizPlan:
    id: int
    deck: int
    pool: list[QuestionInfo]
    count: int
    feedback: str


def quiz_row(
    world: World,
    loader: Loader,
    plan: QuizPlan,
    owner: int,
    kind: str,
    title: str,
    keys: list[str],
    topics: list[str],
    max_attempts: int | None,
    created: int,
) -> tuple[Any, ...]:
    return (
        plan.id,
        world.deck_ids[plan.deck],
        owner,
        kind,
        title,
        json_text(topics),
        json_text(keys),
        "[]",
        plan.count,
        None,
        max_attempts,
        plan.feedback,
        60,
        True,
        True,
        kind == "practice",
        None,
        None,
        loader.ts(created),
    )


def attempt_rows(
    world: World,
    loader: Loader,
    rng: random.Random,
    plan: QuizPlan,
    learner: int,
    started: int,
    finished: bool,
    slots: list[tuple[Any, ...]],
) -> tuple[Any, ...]:
    attempt_id = world.take("attempts")
    chosen = rng.sample(plan.pool, min(plan.count, len(plan.pool)))
    ability = world.ability[learner]
    total = 0.0
    answered = 0
    moment = started
    for position, question in enumerate(chosen):
        moment += rng.randrange(20, 120) * MICROS
        if finished:
            answer = rng.random() >= 0.03
            final = True
        else:
            # Under way: the first half answered (and checked, with immediate feedback).
            answer = position < len(chosen) // 2
            final = answer and plan.feedback == "immediate"
        if answer:
            knows = rng.random() < chance(ability, question.difficulty)
            response, mark, _right = (
                question.answers[0] if knows else rng.choice(question.answers[1:])
            )
            score: float | None = mark if final else None
            when: str | None = loader.ts(moment)
            answered += 1
        else:
            response, when = None, None
            score = 0.0 if final else None
        total += score or 0.0
        slots.append(
            (
                world.take("attempt_slots"),
                attempt_id,
                position,
                question.id,
                question.version,
                question.snapshot,
                rng.choice(question.orders),
                response,
                when,
                final,
                score,
            )
        )
    end = moment + rng.randrange(30, 300) * MICROS
    return (
        attempt_id,
        plan.id,
        world.learner_ids[learner],
        "finished" if finished else "in_progress",
        loader.ts(started),
        None,
        loader.ts(end) if finished else None,
        answered + 1,
        round(total, 6) if finished else None,
        float(len(chosen)),
    )


class _AttemptWriter:
    """Quizzes and attempts (with their slots) as they are made up, inserted 5,000 attempts at
    a time."""

    def __init__(
        self, world: World, loader: Loader, rng: random.Random, counter: list[int]
    ) -> None:
        self.world = world
        self.loader = loader
        self.rng = rng
        self.counter = counter
        self.quizzes: list[tuple[Any, ...]] = []
        self.attempts: list[tuple[Any, ...]] = []
        self.slots: list[tuple[Any, ...]] = []
        self.made = 0

    def attempt(self, plan: QuizPlan, learner: int, started: int, finished: bool = True) -> None:
        self.attempts.append(
            attempt_rows(
                self.world, self.loader, self.rng, plan, learner, started, finished, self.slots
            )
        )
        self.made += 1

    def practice(
        self, learner: int, by_deck: list[list[QuestionInfo]], deck_topics: list[list[str]]
    ) -> None:
        """A practice quiz the learner made on their main deck (some on one topic of it), taken
        once or twice; the last take is sometimes left unfinished."""
        world, rng = self.world, self.rng
        deck = world.primary[learner]
        topics: list[str] = []
        questions = by_deck[deck]
        if rng.random() < 0.3:
            topic = rng.choice(deck_topics[deck])
            topics = [topic]
            questions = [q for q in questions if topic in q.topics]
        plan = QuizPlan(world.take("quizzes"), deck, questions, rng.randint(5, 10), "immediate")
        created = world.now_us - rng.randrange(DAY_US // 24, 365 * DAY_US)
        self.quizzes.append(
            quiz_row(
                world,
                self.loader,
                plan,
                world.learner_ids[learner],
                "practice",
                f"Practice: {world.deck_titles[deck]}",
                [],
                topics,
                None,
                created,
            )
        )
        takes = min(rng.choice((1, 1, 1, 2)), world.sizes.attempts - self.made)
        for take in range(takes):
            started = created + take * rng.randrange(60, 3600) * MICROS
            finished = not (take == takes - 1 and rng.random() < 0.03)
            self.attempt(plan, learner, started, finished)

    def flush(self, force: bool = False) -> None:
        """Insert what is waiting once there are 5,000 attempts, or whatever there is if
        `force`."""
        if len(self.attempts) >= 5000 or (force and self.attempts):
            self.counter[0] += self.loader.insert("quizzes", QUIZ_COLUMNS, self.quizzes)
            self.counter[0] += self.loader.insert("attempts", ATTEMPT_COLUMNS, self.attempts)
            self.counter[0] += self.loader.insert("attempt_slots", SLOT_COLUMNS, self.slots)
            self.quizzes.clear()
            self.attempts.clear()
            self.slots.clear()


def load_classes_and_quizzes(
    world: World, loader: Loader, rng: random.Random, timer: Timer
) -> None:
    sizes = world.sizes
    now = world.now_us
    by_deck: list[list[QuestionInfo]] = [[] for _ in world.deck_ids]
    for question in world.questions:
        by_deck[question.deck].append(question)

    deck_topics = [sorted({t for q in questions for t in q.topics}) for questions in by_deck]

    with timer.step("class, members, assigned quizzes") as counter:
        world.class_id = 1
        counter[0] += loader.insert(
            "classes",
            ["id", "teacher_id", "name", "join_code", "created_at"],
            [(1, world.teacher_id, CLASS_NAME, "SCALE234", loader.ts(now - 200 * DAY_US))],
        )
        # The class studies deck 0: its members are the learners whose main deck that is.
        members = [n for n in range(sizes.learners) if world.primary[n] == 0][: sizes.class_size]
        counter[0] += loader.insert(
            "class_members",
            ["class_id", "user_id", "joined_at"],
            [(1, world.learner_ids[n], loader.ts(now - 190 * DAY_US)) for n in members],
        )
        pool = rng.sample(by_deck[0], min(sizes.big_quiz_pool, len(by_deck[0])))
        big = QuizPlan(world.take("quizzes"), 0, pool, sizes.big_quiz_count, "end")
        world.big_quiz_id = big.id
        class_plans = [QuizPlan(world.take("quizzes"), 0, by_deck[0], 10, "end") for _ in range(3)]
        rows = [
            quiz_row(
                world,
                loader,
                big,
                world.teacher_id,
                "assigned",
                BIG_QUIZ_TITLE,
                [q.key for q in pool],
                [],
                None,
                now - 190 * DAY_US,
            )
        ]
        rows += [
            quiz_row(
                world,
                loader,
                plan,
                world.teacher_id,
                "assigned",
                f"Class quiz {n + 1}",
                [],
                [],
                3,
                now - (180 - 50 * n) * DAY_US,
            )
            for n, plan in enumerate(class_plans)
        ]
        counter[0] += loader.insert("quizzes", QUIZ_COLUMNS, rows)
        counter[0] += loader.insert(
            "class_quizzes", ["class_id", "quiz_id"], [(1, plan.id) for plan in class_plans]
        )

    with timer.step("attempts + attempt_slots") as counter:
        writer = _AttemptWriter(world, loader, rng, counter)
        for _ in range(sizes.big_quiz_attempts):
            learner = rng.randrange(sizes.learners)
            writer.attempt(big, learner, now - rng.randrange(DAY_US, 180 * DAY_US))
            writer.flush()
        for n, plan in enumerate(class_plans):
            opened = now - (180 - 50 * n) * DAY_US
            for learner in members:
                for _ in range(rng.randint(1, 3)):
                    writer.attempt(plan, learner, opened + rng.randrange(0, 30 * DAY_US))
            writer.flush()
        while writer.made < sizes.attempts:
            writer.practice(rng.randrange(sizes.learners), by_deck, deck_topics)
            writer.flush()
        writer.flush(force=True)
    print(
        f"    {world.next_id.get('quizzes', 0):,} quizzes, {world.next_id['attempts']:,} attempts "
        f"({sizes.big_quiz_attempts:,} of quiz {world.big_quiz_id}), "
        f"{world.next_id['attempt_slots']:,} slots",
        file=sys.stderr,
    )


def generate(url: str, dialect: str, sizes: Sizes, work: Path) -> Timer:
    timer = Timer()
    world = World(now_us=int(utcnow().timestamp() * MICROS), sizes=sizes)
    rng = random.Random(20261125)
    total = time.perf_counter()
    with timer.step("schema (Alembic migrations)"):
        migrate.upgrade(url)
    with timer.step("decks + questions (validator and importer)") as counter:
        counter[0] = import_questions(url, sizes, work, world)
    loader: Loader
    if dialect == "sqlite":
        loader = SqliteLoader(make_url(url).database or "")
    else:
        loader = PostgresLoader(url)
    try:
        with timer.step("users + learner settings") as counter:
            counter[0] += loader.insert(
                "users",
                ["id", "username", "password_hash", "role", "created_at"],
                list(users_rows(world, loader, rng)),
            )
            counter[0] += loader.insert(
                "learner_settings",
                "user_id desired_retention fsrs_parameters new_per_day reviews_per_day "
                "day_starts_at timezone leech_threshold quiz_updates_cards".split(),
                list(settings_rows(world, rng)),
            )
        load_cards_and_reviews(world, loader, rng, timer)
        load_classes_and_quizzes(world, loader, rng, timer)
        with timer.step("commit"):
            loader.finish(
                {
                    t: world.next_id.get(t, 0)
                    for t in (
                        "users",
                        "cards",
                        "reviews",
                        "quizzes",
                        "attempts",
                        "attempt_slots",
                        "classes",
                    )
                }
            )
    finally:
        loader.close()
    with timer.step("ANALYZE"):
        analyze(url, dialect)
    timer.steps.append(("total", 0, time.perf_counter() - total))
    return timer


def analyze(url: str, dialect: str) -> None:
    engine = make_engine(url)
    try:
        if dialect == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
        else:
            with engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")
    finally:
        engine.dispose()


# Timing the pages


@dataclass
class Fixture:
    learners: list[tuple[int, str]]  # (user id, slug of a deck they study)
    teacher_id: int
    class_id: int
    quiz_id: int


def find_fixture(session: Session) -> Fixture:
    teacher = session.scalars(select(User).where(User.username == TEACHER)).one()
    school_class = session.scalars(
        select(SchoolClass).where(SchoolClass.teacher_id == teacher.id)
    ).one()
    quiz = session.scalars(select(Quiz).where(Quiz.title == BIG_QUIZ_TITLE)).one()
    slugs = session.scalars(select(Deck.slug).order_by(Deck.slug)).all()
    learners = (
        session.execute(select(User.id).where(User.role == "student").order_by(User.id))
        .scalars()
        .all()
    )
    # generate() gives learner n the main deck n % decks.
    return Fixture(
        [(user_id, slugs[n % len(slugs)]) for n, user_id in enumerate(learners)],
        teacher.id,
        school_class.id,
        quiz.id,
    )


def due_queue_page(session: Session, fixture: Fixture, rng: random.Random) -> None:
    user_id, slug = rng.choice(fixture.learners)
    # flashcards.routes.study: _scope, queue_status, next card, last review, question, card.
    deck = session.scalars(select(Deck).where(Deck.slug == slug)).one()
    now = utcnow()
    status = flashcards.queue_status(session, user_id, flashcards.Scope(deck), now)
    question_id = status.next_question_id()
    flashcards.last_review(session, user_id)
    if question_id is not None:
        session.get(Question, question_id)
        status.cards.get(question_id)
    else:
        status.counts  # noqa: B018 -- the done page reads them


def progress_page(session: Session, fixture: Fixture, rng: random.Random) -> None:
    user_id, _slug = rng.choice(fixture.learners)
    # reports.pages.progress_page: the data, then the three charts.
    data = reports.learner_progress(session, user_id, utcnow())
    charts.line_chart(data.quiz_points, "Quiz scores over time, in percent")
    charts.heatmap(data.heatmap, "Reviews per day over the past year")
    charts.bar_chart(
        [(day.strftime("%d"), count) for day, count in data.forecast],
        "Reviews due in each of the next 14 days",
    )


def class_report_page(session: Session, fixture: Fixture, rng: random.Random) -> None:
    # teacher.classes.class_report: _own_class, report_deck, class_rows, quizzes, decks.
    school_class = session.get(SchoolClass, fixture.class_id)
    assert school_class is not None
    decks = {quiz.deck.slug: quiz.deck for quiz in school_class.quizzes}
    deck = next(iter(decks.values())) if decks else None
    rows = reports.class_rows(session, school_class, deck, utcnow())
    assert rows
    session.scalars(
        select(Quiz).where(Quiz.owner_id == fixture.teacher_id, Quiz.kind == "assigned")
    ).all()
    session.scalars(select(Deck).order_by(Deck.title)).all()


def item_analysis_page(session: Session, fixture: Fixture, rng: random.Random) -> None:
    # teacher.analysis.item_analysis: _own_quiz, then the service's item analysis (marks by
    # slot, the statistics, the response analysis).
    quiz = session.get(Quiz, fixture.quiz_id)
    assert quiz is not None
    assert reports.item_analysis(session, quiz).analysis.slots


PAGES: list[tuple[str, Callable[[Session, Fixture, random.Random], None], int]] = [
    # (name, work, divisor of --repeat)
    ("due queue", due_queue_page, 1),
    ("progress page", progress_page, 1),
    ("class report", class_report_page, 5),
    ("item analysis", item_analysis_page, 10),
]


class StatementLog:
    """Counts statements and, while `capturing`, keeps them with their parameters."""

    def __init__(self, engine: Engine) -> None:
        self.count = 0
        self.capturing = False
        self.captured: list[tuple[str, Any]] = []
        event.listen(engine, "before_cursor_execute", self._before)

    def _before(self, conn: Any, cursor: Any, statement: str, parameters: Any, *rest: Any) -> None:
        self.count += 1
        if self.capturing:
            self.captured.append((statement, parameters))


@dataclass
class PageResult:
    name: str
    runs: list[float]
    statements: list[int]

    def percentile(self, share: float) -> float:
        ordered = sorted(self.runs)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def time_pages(
    url: str, repeat: int, seed: int, only: Sequence[str] = ()
) -> tuple[list[PageResult], dict[str, list]]:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "LOAD_BUNDLED_BANK": False})
    factory = app.extensions[EXTENSION_KEY]
    engine = engine_of(app)
    log = StatementLog(engine)
    rng = random.Random(seed)
    results = []
    captured: dict[str, list] = {}
    with app.app_context():
        with factory() as session:
            fixture = find_fixture(session)
        for name, work, divisor in PAGES:
            if only and name not in only:
                continue
            runs = max(2, repeat // divisor)
            for _ in range(2):
                with factory() as session:
                    work(session, fixture, rng)
            result = PageResult(name, [], [])
            for _ in range(runs):
                with factory() as session:
                    before = log.count
                    start = time.perf_counter()
                    work(session, fixture, rng)
                    result.runs.append((time.perf_counter() - start) * 1000)
                    result.statements.append(log.count - before)
            results.append(result)
            print(
                f"  {name}: p50 {result.percentile(0.5):.2f} ms, "
                f"p95 {result.percentile(0.95):.2f} ms over {runs} runs",
                file=sys.stderr,
                flush=True,
            )
            # The statements of a few more runs, for the plan check.
            log.capturing = True
            for _ in range(1 if divisor > 1 else 3):
                with factory() as session:
                    work(session, fixture, rng)
            log.capturing = False
            captured[name] = log.captured
            log.captured = []
    engine.dispose()
    return results, captured


# Checking the plans


@dataclass
class PlanFinding:
    page: str
    table: str
    detail: str
    statement: str


def check_plans(
    url: str, dialect: str, captured: dict[str, list[tuple[str, Any]]]
) -> tuple[list[PlanFinding], int]:
    engine = make_engine(url)
    findings: list[PlanFinding] = []
    explained = 0
    try:
        with engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None
            sizes = table_rows(connection, dialect)
            for page, statements in captured.items():
                seen: set[str] = set()
                for statement, parameters in statements:
                    if statement in seen or not statement.lstrip().upper().startswith("SELECT"):
                        continue
                    seen.add(statement)
                    explained += 1
                    if dialect == "sqlite":
                        found = _sqlite_scans(raw, statement, parameters)
                    else:
                        found = _postgres_scans(raw, statement, parameters, sizes)
                    findings.extend(
                        PlanFinding(page, table, detail, " ".join(statement.split()))
                        for table, detail in found
                    )
    finally:
        engine.dispose()
    return findings, explained


def table_rows(connection: Any, dialect: str) -> dict[str, float]:
    if dialect == "postgresql":
        rows = connection.execute(
            text("SELECT relname, reltuples FROM pg_class WHERE relname = ANY(:names)"),
            {"names": list(BIG_TABLES)},
        ).all()
        return {name: float(count) for name, count in rows}
    return {
        name: float(connection.execute(text(f"SELECT count(*) FROM {name}")).scalar() or 0)  # noqa: S608
        for name in BIG_TABLES
    }


def _sqlite_scans(raw: Any, statement: str, parameters: Any) -> list[tuple[str, str]]:
    cursor = raw.cursor()
    try:
        rows = cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters or ()).fetchall()
    finally:
        cursor.close()
    found = []
    for row in rows:
        detail = str(row[-1])
        words = detail.split()
        if len(words) >= 2 and words[0] == "SCAN" and words[1] in BIG_TABLES:
            found.append((words[1], detail))
    return found


def _postgres_scans(
    raw: Any, statement: str, parameters: Any, sizes: dict[str, float]
) -> list[tuple[str, str]]:
    import psycopg

    cursor = psycopg.ClientCursor(raw)
    try:
        cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
        (plan,) = cursor.fetchone() or (None,)
    finally:
        cursor.close()
    if isinstance(plan, str):
        plan = json.loads(plan)
    found = []

    def walk(node: dict[str, Any]) -> None:
        table = node.get("Relation Name", "")
        if "Seq Scan" in node.get("Node Type", "") and table in BIG_TABLES:
            expected = float(node.get("Plan Rows", 0))
            rows = max(sizes.get(table, 0.0), 1.0)
            if expected < PG_SEQ_SCAN_SHARE * rows:
                found.append(
                    (
                        table,
                        f"{node['Node Type']} on {table}: expects {expected:.0f} of "
                        f"{rows:.0f} rows; filter {node.get('Filter', '-')}",
                    )
                )
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return found


# Reporting


def machine(url: str, dialect: str) -> list[str]:
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    lines = [
        f"- CPU: {os.cpu_count()} cores, {model}",
        f"- Python {platform.python_version()} ({platform.platform()})",
        f"- SQLite {sqlite3.sqlite_version}",
    ]
    if dialect == "postgresql":
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                version = connection.execute(text("SHOW server_version")).scalar()
        finally:
            engine.dispose()
        lines.append(f"- PostgreSQL {version}")
    return lines


def report(
    dialect: str,
    sizes: Sizes,
    smoke: bool,
    timer: Timer | None,
    results: list[PageResult],
    findings: list[PlanFinding],
    explained: int,
    url: str,
) -> tuple[bool, bool]:
    """Print the Markdown report; returns (plans ok, targets met)."""
    full = not smoke and sizes.learners >= 10_000
    print(f"## {dialect}{' (smoke)' if smoke else ''}\n")
    print("Machine:\n")
    print("\n".join(machine(url, dialect)))
    counts = row_counts(url)
    print(
        "\nData: "
        + ", ".join(f"{count:,} {name}" for name, count in counts.items())
        + f"; a class of {sizes.class_size}.\n"
    )
    if timer is not None:
        print("| generation step | rows | seconds |\n|---|---:|---:|")
        for name, rows, seconds in timer.steps:
            print(f"| {name} | {rows:,} | {seconds:.1f} |")
        print()
    print("| page | runs | p50 ms | p95 ms | max ms | statements | target p95 | |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    met = True
    for result in results:
        key = next((k for k in TARGETS_MS if result.name.startswith(k)), None)
        target = TARGETS_MS.get(key or "")
        p95 = result.percentile(0.95)
        verdict = ""
        if target is not None and not smoke:
            ok = p95 < target
            verdict = "met" if ok else f"MISSED by {p95 - target:.1f} ms"
            if not ok and full:
                met = False
        statements = statistics.median(result.statements)
        print(
            f"| {result.name} | {len(result.runs)} | {result.percentile(0.5):.2f} | {p95:.2f} | "
            f"{max(result.runs):.2f} | {statements:g} | "
            f"{'-' if target is None else f'< {target:g} ms'} | {verdict} |"
        )
    print(f"\nPlan check: {explained} distinct SELECT statements explained.", end=" ")
    if not findings:
        print("No page query scans a big table.\n")
    else:
        print(f"{len(findings)} scan(s) of a big table:\n")
        for finding in findings:
            print(f"- {finding.page}: `{finding.detail}` in `{finding.statement[:300]}`")
        print()
    return not findings, met


def row_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            counts = {
                name: int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() or 0)  # noqa: S608
                for name, table in [
                    ("learners and teachers", "users"),
                    ("questions", "questions"),
                    ("cards", "cards"),
                    ("reviews", "reviews"),
                    ("quizzes", "quizzes"),
                    ("attempts", "attempts"),
                    ("attempt slots", "attempt_slots"),
                ]
            }
            counts["finished attempts of the analysed quiz"] = int(
                connection.execute(
                    select(func.count())
                    .select_from(Attempt)
                    .join(Quiz)
                    .where(Quiz.title == BIG_QUIZ_TITLE, Attempt.status == "finished")
                ).scalar()
                or 0
            )
    finally:
        engine.dispose()
    return counts


# Databases to run on


@contextlib.contextmanager
def database(args: argparse.Namespace) -> Iterator[tuple[str, bool]]:
    """The URL of the database to use, and whether it needs generating."""
    if args.reuse:
        yield args.reuse, False
        return
    if args.database == "sqlite":
        if args.url:
            path = Path(make_url(args.url).database or "")
            if path.exists():
                sys.exit(f"{path} exists; give a new file, or --reuse it")
            yield args.url, True
            return
        with tempfile.TemporaryDirectory(prefix="quizapp-scale-") as work:
            url = f"sqlite:///{work}/scale.sqlite3"
            yield url, True
            if args.keep:
                kept = Path(tempfile.gettempdir()) / f"quizapp-scale-{os.getpid()}.sqlite3"
                Path(f"{work}/scale.sqlite3").rename(kept)
                print(f"kept the database: sqlite:///{kept}", file=sys.stderr)
        return
    server = (
        args.url
        or os.environ.get("QUIZAPP_BENCH_DATABASE_URL")
        or os.environ.get("QUIZAPP_TEST_DATABASE_URL", "")
    )
    if not server.startswith("postgresql"):
        sys.exit("--database postgresql needs --url postgresql+psycopg://USER:PW@HOST/DB")
    name = args.dbname or (f"quizapp_scale_smoke_{os.getpid()}" if args.smoke else "quizapp_scale")
    admin = make_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        yield url, True
    finally:
        if args.keep:
            print(f"kept the database: {make_url(url)!r}", file=sys.stderr)
        else:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), required=True)
    parser.add_argument(
        "--url", help="sqlite:///NEW_FILE, or a PostgreSQL server URL (any database on it)"
    )
    parser.add_argument("--dbname", help="PostgreSQL database to create (default quizapp_scale)")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, no timing claims")
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    parser.add_argument("--reuse", metavar="URL", help="time an already generated database")
    parser.add_argument(
        "--only", metavar="PAGES", help="comma-separated pages to time (default: all four)"
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.repeat = min(args.repeat, 2)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    sizes = SMOKE if args.smoke else Sizes.at(args.scale)
    with database(args) as (url, fresh), tempfile.TemporaryDirectory() as work:
        dialect = make_url(url).get_backend_name()
        timer = None
        if fresh:
            print(f"generating ({dialect}) ...", file=sys.stderr, flush=True)
            timer = generate(url, dialect, sizes, Path(work))
        else:
            before, after = migrate.upgrade(url)
            if before != after:
                print(f"migrated {before} -> {after}; analysing", file=sys.stderr)
                analyze(url, dialect)
        print("timing ...", file=sys.stderr, flush=True)
        only = [p.strip() for p in args.only.split(",")] if args.only else []
        results, captured = time_pages(url, args.repeat, args.seed, only)
        findings, explained = check_plans(url, dialect, captured)
        plans_ok, met = report(dialect, sizes, args.smoke, timer, results, findings, explained, url)
    if args.smoke:
        return 0
    if not plans_ok:
        return 1
    if not met and args.scale >= 1.0:
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
