"""Benchmark 4: validate and import a generated bank, re-import it unchanged, and compare with
parsing the same files with PyYAML's C loader alone.

    python bench/import_bank.py [--questions 10000] [--repeat 3]

Each run imports into a fresh migrated SQLite file with store.import_files, the path
`quizapp import` takes, and commits. The unchanged re-import gives the same bytes again (the
decks remember the fingerprint of the files they came from); the last step adds a comment
to one file, which changes no question but makes the importer validate and compare it all.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench.generate_bank import write_bank  # noqa: E402
from quizapp import migrate  # noqa: E402
from quizapp.db import make_engine  # noqa: E402
from quizapp.questions import store  # noqa: E402

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def timed(action) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def import_all(engine: Engine, files: list[tuple[str, bytes]], expect_changes: bool) -> None:
    with Session(engine) as session:
        result, problems = store.import_files(session, files)
        assert result is not None, problems[:3]
        session.commit()
    assert result.has_changes == expect_changes


def run(questions: int, repeat: int) -> dict[str, float]:
    results: dict[str, list[float]] = {"parse": [], "import": [], "reimport": [], "comment": []}
    with tempfile.TemporaryDirectory() as work:
        paths = write_bank(Path(work) / "bank", questions)
        files = [(p.name, p.read_bytes()) for p in paths]
        for attempt in range(repeat):
            results["parse"].append(
                timed(lambda: [yaml.load(data, Loader=LOADER) for _, data in files])  # noqa: S506
            )
            database = Path(work) / f"bench{attempt}.sqlite3"
            migrate.upgrade(f"sqlite:///{database}")
            engine = make_engine(f"sqlite:///{database}")
            results["import"].append(timed(lambda e=engine: import_all(e, files, True)))
            results["reimport"].append(timed(lambda e=engine: import_all(e, files, False)))
            commented = [(files[0][0], files[0][1] + b"# reviewed\n"), *files[1:]]
            results["comment"].append(timed(lambda e=engine, c=commented: import_all(e, c, False)))
            engine.dispose()
            os.remove(database)
    return {name: statistics.median(values) for name, values in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    medians = run(args.questions, args.repeat)
    ratio = medians["import"] / medians["parse"] if medians["parse"] else float("inf")
    print(f"questions: {args.questions}, runs: {args.repeat} (medians)")
    print(f"PyYAML C loader parse only : {medians['parse']:.3f} s")
    print(f"validate + import (SQLite) : {medians['import']:.3f} s  ({ratio:.1f}x the parse)")
    print(f"unchanged re-import        : {medians['reimport']:.3f} s")
    print(f"re-import, a comment added : {medians['comment']:.3f} s  (validated and compared)")


if __name__ == "__main__":
    main()
