"""The limit to measure against: bare Flask views doing the essential work of two app
endpoints with nothing around them (no sessions, CSRF, ORM or auth).

- POST /rate: read a card's state, insert a review row, update the card, commit (sqlite3).
- GET /page: render a template the size of the study page from data held in memory.
"""

from __future__ import annotations

import os
import random
import sqlite3
import threading

from flask import Flask, render_template_string

DATABASE = os.environ.get("BASELINE_DATABASE", "baseline.sqlite3")
PAGE_BYTES = int(os.environ.get("BASELINE_PAGE_BYTES", "6000"))
PAGE = (
    "<!doctype html><html><head><title>{{ title }}</title></head><body>"
    "{% for p in paragraphs %}<p>{{ p }}</p>{% endfor %}</body></html>"
)
PARAGRAPHS = ["x" * 90 for _ in range(max(1, PAGE_BYTES // 100))]
_local = threading.local()

app = Flask(__name__)


def connection() -> sqlite3.Connection:
    if not hasattr(_local, "db"):
        db = sqlite3.connect(DATABASE, isolation_level=None, timeout=5)
        # WAL is set once, in create(): switching the journal mode here, as every worker's
        # first request did, needs an exclusive lock and can fail while others write.
        db.execute("PRAGMA synchronous=NORMAL")
        _local.db = db
    return _local.db


def create(cards: int = 1000) -> None:
    db = sqlite3.connect(DATABASE)
    db.execute("PRAGMA journal_mode=WAL")  # stays with the file
    db.executescript(
        "CREATE TABLE IF NOT EXISTS cards (id INTEGER PRIMARY KEY, stability REAL, reps INT);"
        "CREATE TABLE IF NOT EXISTS reviews (id INTEGER PRIMARY KEY, card_id INT, rating INT,"
        " reviewed_at TEXT, before TEXT);"
    )
    db.executemany(
        "INSERT OR IGNORE INTO cards (id, stability, reps) VALUES (?, 1.0, 0)",
        [(n,) for n in range(1, cards + 1)],
    )
    db.commit()
    db.close()


@app.post("/rate")
def rate() -> str:
    db = connection()
    card_id = random.randint(1, 1000)  # noqa: S311
    db.execute("BEGIN IMMEDIATE")
    stability, reps = db.execute(
        "SELECT stability, reps FROM cards WHERE id = ?", (card_id,)
    ).fetchone()
    db.execute(
        "INSERT INTO reviews (card_id, rating, reviewed_at, before)"
        " VALUES (?, 3, datetime('now'), ?)",
        (card_id, f'{{"stability": {stability}, "reps": {reps}}}'),
    )
    db.execute(
        "UPDATE cards SET stability = ?, reps = ? WHERE id = ?", (stability * 2, reps + 1, card_id)
    )
    db.execute("COMMIT")
    return "ok"


@app.get("/page")
def page() -> str:
    return render_template_string(PAGE, title="Study", paragraphs=PARAGRAPHS)
