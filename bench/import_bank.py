"""Benchmark 4: validate and import a generated bank, re-import it unchanged, and compare with
parsing the same files with PyYAML's C loader alone; then lint the same bank.

    python bench/import_bank.py [--questions 10000] [--repeat 3]

Each run imports into a fresh migrated SQLite file with store.import_files, the path
`quizapp import` takes, and commits. The unchanged re-import gives the same bytes again (the
decks remember the fingerprint of the files they came from); the last step adds a comment
to one file, which changes no question but makes the importer validate and compare it all.
`quizapp lint` is timed three ways: its rules alone on the validated decks (in this process,
from cold caches, word list included); validation and rules as the command runs them, in a new
process of their own (so the heap of the imports above does not weigh on it); and the whole
`quizapp lint` command, interpreter and app start-up included.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import wordfreq
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench.generate_bank import write_bank  # noqa: E402
from quizapp import migrate  # noqa: E402
from quizapp.db import make_engine  # noqa: E402
from quizapp.lint import lint_decks  # noqa: E402
from quizapp.lint import words as lint_words  # noqa: E402
from quizapp.lint.text import plain_words, stem, terms  # noqa: E402
from quizapp.questions import bank, store  # noqa: E402

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ROOT = Path(__file__).resolve().parents[1]
# Validation and rules, timed inside a new interpreter: prints wall and CPU seconds.
FRESH_LINT = """
import sys, time
from pathlib import Path
from quizapp.lint import lint_files
files = [(p.name, p.read_bytes()) for p in sorted(Path(sys.argv[1]).glob("*.yaml"))]
start, cpu = time.perf_counter(), time.process_time()
report = lint_files(files)
assert not report.problems, report.problems[:3]
print(time.perf_counter() - start, time.process_time() - cpu)
"""


def timed(action) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def cpu_timed(action) -> float:  # type: ignore[no-untyped-def]
    """CPU seconds of this process: on a busy machine, closer to what a quiet one takes."""
    start = time.process_time()
    action()
    return time.process_time() - start


def import_all(engine: Engine, files: list[tuple[str, bytes]], expect_changes: bool) -> None:
    with Session(engine) as session:
        result, problems = store.import_files(session, files)
        assert result is not None, problems[:3]
        session.commit()
    assert result.has_changes == expect_changes


def clear_lint_caches() -> None:
    # As in a fresh `quizapp lint` process: the word list is read again too.
    for cached in (plain_words, stem, terms, lint_words.neighbours, lint_words.zipf):
        cached.cache_clear()
    lint_words.word_list.cache_clear()
    lint_words.frequencies.cache_clear()
    wordfreq.get_frequency_dict.cache_clear()
    wordfreq.get_frequency_list.cache_clear()


def lint_in_new_process(folder: Path) -> tuple[float, float]:
    done = subprocess.run(
        [sys.executable, "-c", FRESH_LINT, str(folder)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    wall, cpu = (float(value) for value in done.stdout.split())
    return wall, cpu


def lint_command(folder: Path, instance: Path) -> float:
    env = {**os.environ, "QUIZAPP_INSTANCE_PATH": str(instance)}
    command = [sys.executable, "-m", "quizapp", "lint", str(folder)]
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True, cwd=ROOT, env=env)
    return time.perf_counter() - start


def run(questions: int, repeat: int) -> dict[str, float]:
    results: dict[str, list[float]] = {
        "parse": [],
        "import": [],
        "reimport": [],
        "comment": [],
        "lint_rules": [],
        "lint": [],
        "lint_rules_cpu": [],
        "lint_cpu": [],
        "lint_command": [],
    }
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
            decks, problems = bank.load_bank_texts(files)
            assert not problems, problems[:3]
            texts = {name: data.decode() for name, data in files}
            clear_lint_caches()
            results["lint_rules"].append(timed(lambda d=decks, t=texts: lint_decks(d, t)))
            clear_lint_caches()
            results["lint_rules_cpu"].append(cpu_timed(lambda d=decks, t=texts: lint_decks(d, t)))
            wall, cpu = lint_in_new_process(paths[0].parent)
            results["lint"].append(wall)
            results["lint_cpu"].append(cpu)
            results["lint_command"].append(lint_command(paths[0].parent, Path(work) / "instance"))
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
    print(
        f"lint, the rules alone      : {medians['lint_rules']:.3f} s"
        f"  ({medians['lint_rules_cpu']:.3f} CPU-s)"
    )
    print(
        f"lint, validation included  : {medians['lint']:.3f} s"
        f"  ({medians['lint_cpu']:.3f} CPU-s, as quizapp lint runs, in a new process)"
    )
    print(f"quizapp lint, the command  : {medians['lint_command']:.3f} s  (start-up included)")


if __name__ == "__main__":
    main()
