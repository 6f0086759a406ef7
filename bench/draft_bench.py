"""Benchmark 7: drafting a deck from a document (`quizapp draft`, issue 14).

    python bench/draft_bench.py [--pages 20] [--repeat 3] [--smoke] [--nlp [MODEL]]

On the test fixture (a blog-shaped text of our own: a title, six paragraphs, blog furniture)
and the public-domain texts in bench/texts/ (an encyclopaedia article in Markdown, a saved
HTML page with navigation, comments and a footer), for each document:
- paragraphs: of the main text, and how many got at least one draft question;
- validator: whether the drafted bank passes `quizapp validate` (the real validator);
- lint-clean: questions the linter (checking against the document) says nothing about;
- furniture: questions about the page furniture (the linter's Q504, and any question whose
  text uses a word found only in the furniture);
- kindless: questions that can only ask for "a name" (the kind of the name was not found),
  whose wrong options are then any names of the document.
Then the time to draft a `--pages`-page document (500 words a page), made by concatenating
the texts' paragraphs under numbered headings until it is long enough: reading, sentences,
key phrases, questions, topics, YAML, validation and lint, the median of `--repeat` runs in a
warm process (the libraries' one-off start-up is timed apart); wall and CPU time.
`--smoke` drafts the fixture and a 2-page document once, for CI: no timing claims.
`--nlp` kinds names with the spaCy model MODEL (default en_core_web_sm; the nlp extra);
without it names are kinded by capitals and cue words, whatever is installed.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quizapp.draft import DraftDeck, draft_deck, entities, read_document  # noqa: E402
from quizapp.draft.document import SourceText  # noqa: E402
from quizapp.questions.textmatch import normalize  # noqa: E402

TEXTS = [
    ROOT / "tests" / "data" / "draft" / "suez-blog.txt",
    ROOT / "bench" / "texts" / "lighthouses-britannica-1929.md",
    ROOT / "bench" / "texts" / "hayden-usgs-1973.html",
]
WORDS_PER_PAGE = 500
KINDLESS = re.compile(r"\b(Which|missing) name\b")


def furniture_questions(result: DraftDeck, source: SourceText) -> int:
    body = set(normalize(" ".join(source.paragraphs)).split())
    outside = {w for line in source.furniture for w in normalize(line).split()} - body
    flagged = set(result.furniture_questions())
    for question in result.deck.questions:
        said = set(normalize(f"{question.prompt} {question.explanation} {question.body}").split())
        if said & outside:
            flagged.add(question.id)
    return len(flagged)


def measure(path: Path, model: str) -> dict[str, object]:
    source = read_document(path.name, path.read_bytes())
    result = draft_deck(source, spacy_model=model)
    questions = len(result.deck.questions)
    return {
        "document": path.name,
        "paragraphs": f"{result.covered}/{len(result.paragraph_questions)}",
        "questions": questions,
        "validator": "pass" if not result.problems else f"{len(result.problems)} problems",
        "lint-clean": f"{result.lint_clean()}/{questions} ({result.lint_clean() / questions:.0%})",
        "furniture": furniture_questions(result, source),
        "kindless": sum(1 for q in result.deck.questions if KINDLESS.search(q.prompt)),
        "codes": ", ".join(sorted({f.code for f in result.findings})) or "-",
    }


def long_document(pages: int) -> str:
    paragraphs = [
        p for path in TEXTS for p in read_document(path.name, path.read_bytes()).paragraphs
    ]
    parts = ["# A long document"]
    words = 0
    number = 0
    while words < pages * WORDS_PER_PAGE:
        paragraph = paragraphs[number % len(paragraphs)]
        if number % 4 == 0:
            parts.append(f"## Part {number // 4 + 1}")
        parts.append(paragraph)
        words += len(paragraph.split())
        number += 1
    return "\n\n".join(parts) + "\n"


def time_long(pages: int, repeat: int, model: str) -> tuple[float, float, int, DraftDeck]:
    """Median wall and CPU seconds: on a shared machine the wall time also counts the other
    processes' turns on the two cores, the CPU time only this one's work."""
    text = long_document(pages).encode("utf-8")
    walls, cpus = [], []
    result = None
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        result = draft_deck(read_document("long.md", text), spacy_model=model)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    assert result is not None
    return statistics.median(walls), statistics.median(cpus), len(text.split()), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument(
        "--nlp", nargs="?", const=entities.DEFAULT_MODEL, default=entities.OFF, metavar="MODEL"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    read_document("warm.txt", b"Warm up the libraries. They load once per process, here.")
    first = draft_deck(read_document(TEXTS[0].name, TEXTS[0].read_bytes()), spacy_model=args.nlp)
    if args.nlp != entities.OFF and first.model is None:
        sys.exit(f"cannot load the spaCy model {args.nlp}: install the nlp extra and the model")
    print(first.names_note)
    print(f"start-up (libraries, first draft): {time.perf_counter() - started:.2f} s")
    rows = [measure(path, args.nlp) for path in (TEXTS[:1] if args.smoke else TEXTS)]
    columns = list(rows[0])
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(str(row[c]) for c in columns) + " |")
        assert row["validator"] == "pass", row
    pages, repeat = (2, 1) if args.smoke else (args.pages, args.repeat)
    wall, cpu, words, result = time_long(pages, repeat, args.nlp)
    paragraphs = len(result.paragraph_questions)
    print(
        f"{pages} pages ({words} words, {paragraphs} paragraphs, {len(result.deck.sections)} "
        f"sections): {len(result.deck.questions)} questions, "
        f"{result.covered}/{paragraphs} paragraphs covered, validator "
        f"{'pass' if not result.problems else 'FAIL'}, lint-clean {result.lint_clean()}; "
        f"median of {repeat}: {wall:.2f} s wall, {cpu:.2f} s CPU (load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
