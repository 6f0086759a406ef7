"""Write a synthetic question bank of N questions (all seven types), split into files that
each stay under the validator's per-file limit. Used by bench/import_bank.py."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

PER_FILE = 2000
TOPICS = [f"topic-{n}" for n in range(8)]
SECTIONS = [f"s{n}" for n in range(12)]


def question(number: int, rng: random.Random) -> dict:
    kind = [
        "single_choice",
        "multiple_choice",
        "true_false",
        "short_answer",
        "cloze",
        "ordering",
        "matching",
    ][number % 7]
    base = {
        "id": f"q-{number:05d}",
        "type": kind,
        "prompt": f"Synthetic question {number}: what holds for item {rng.randint(1, 999)}?",
        "explanation": f"Because synthetic fact {number} says so, and the explanation teaches why.",
        "topics": [TOPICS[number % len(TOPICS)]],
        "source": SECTIONS[number % len(SECTIONS)],
        "difficulty": ["easy", "medium", "hard"][number % 3],
    }
    if kind in ("single_choice", "multiple_choice"):
        base["options"] = [
            {
                "text": f"Option {letter} of {number}",
                **({"correct": True} if i == 0 or (kind == "multiple_choice" and i == 2) else {}),
                "feedback": f"Feedback {letter}",
            }
            for i, letter in enumerate("ABCD")
        ]
    elif kind == "true_false":
        base["answer"] = bool(number % 2)
    elif kind == "short_answer":
        base["answers"] = [f"answer{number}", f"reply{number}"]
        base["typos"] = 1
    elif kind == "cloze":
        base["text"] = f"Fact {number} has a {{{{first}}}} and a {{{{second}}}} part."
        base["blanks"] = {"first": [f"alpha{number}"], "second": [f"beta{number}"]}
    elif kind == "ordering":
        base["items"] = [f"Step {n} of {number}" for n in range(1, 5)]
    else:
        base["pairs"] = [{"left": f"L{n}-{number}", "right": f"R{n}-{number}"} for n in range(3)]
        base["distractors"] = [f"D-{number}"]
    return base


def write_bank(folder: Path, count: int, seed: int = 1, slug: str = "synthetic") -> list[Path]:
    rng = random.Random(seed)  # noqa: S311 -- test data
    folder.mkdir(parents=True, exist_ok=True)
    questions = [question(n, rng) for n in range(count)]
    deck = {
        "slug": slug,
        "title": "Synthetic bank",
        "description": "Generated for benchmarks.",
        "source": {
            "title": "Nothing real",
            "sections": [{"id": s, "title": f"Section {s}", "note": "A note."} for s in SECTIONS],
        },
        "topics": [{"id": t, "title": t.title()} for t in TOPICS],
    }
    paths = []
    for index in range(0, max(count, 1), PER_FILE):
        part = questions[index : index + PER_FILE]
        document = {"format": 1, "deck": deck if index == 0 else slug, "questions": part}
        path = folder / f"{slug}-{index // PER_FILE:02d}.yaml"
        path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), "utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--questions", type=int, default=10_000)
    args = parser.parse_args()
    for path in write_bank(args.folder, args.questions):
        print(path)


if __name__ == "__main__":
    main()
