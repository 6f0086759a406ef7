"""The data-at-scale benchmark (bench/scale.py) in its smoke version, so it cannot rot: tiny
sizes, on the suite's database server (SQLite, or PostgreSQL with QUIZAPP_TEST_DATABASE_URL),
no timing assertions."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from sqlalchemy import make_url, text

from bench import scale
from quizapp.db import make_engine


def _smoke_args(tmp_path: Path) -> list[str]:
    server = os.environ.get("QUIZAPP_TEST_DATABASE_URL", "")
    if server.startswith("postgresql"):
        return ["--database", "postgresql", "--url", server, "--dbname", _pg_name()]
    return ["--database", "sqlite", "--url", f"sqlite:///{tmp_path / 'scale.sqlite3'}"]


def _pg_name() -> str:
    return f"quizapp_scale_test_{uuid.uuid4().hex[:10]}"


def test_the_smoke_run_generates_times_and_explains_every_page(tmp_path, capsys, instance_path):
    assert scale.main([*_smoke_args(tmp_path), "--smoke"]) == 0
    out = capsys.readouterr().out
    for page in ("due queue", "progress page", "class report", "item analysis"):
        assert f"| {page} | 2 |" in out
    assert "distinct SELECT statements explained" in out
    assert "| cards + reviews |" in out


def test_generated_rows_agree_with_each_other(tmp_path, capsys, instance_path):
    args = _smoke_args(tmp_path)
    if args[1] == "postgresql":
        url = make_url(args[3]).set(database=args[5]).render_as_string(hide_password=False)
    else:
        url = args[3]
    assert scale.main([*args, "--smoke", "--keep"]) == 0
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            # A card's reps and last review are its review log's count and latest time.
            mismatched = connection.execute(
                text(
                    "SELECT count(*) FROM cards c WHERE c.reps != "
                    "(SELECT count(*) FROM reviews r WHERE r.card_id = c.id) "
                    "OR c.last_review IS DISTINCT FROM "
                    "(SELECT max(r.reviewed_at) FROM reviews r WHERE r.card_id = c.id)"
                )
                if url.startswith("postgresql")
                else text(
                    "SELECT count(*) FROM cards c WHERE c.reps != "
                    "(SELECT count(*) FROM reviews r WHERE r.card_id = c.id) "
                    "OR c.last_review IS NOT "
                    "(SELECT max(r.reviewed_at) FROM reviews r WHERE r.card_id = c.id)"
                )
            ).scalar()
            assert mismatched == 0
            # A finished attempt's score is the sum of its slots' marks.
            wrong_scores = connection.execute(
                text(
                    "SELECT count(*) FROM attempts a WHERE a.status = 'finished' AND "
                    "abs(a.score - (SELECT sum(s.score) FROM attempt_slots s "
                    "WHERE s.attempt_id = a.id)) > 1e-6"
                )
            ).scalar()
            assert wrong_scores == 0
    finally:
        engine.dispose()
        if url.startswith("postgresql"):
            admin = make_engine(args[3], isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{args[5]}" WITH (FORCE)'))
            admin.dispose()
