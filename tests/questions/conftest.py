"""Helpers for the question bank tests: a valid bank to start from and ways to read results."""

from __future__ import annotations

from quizapp.questions.bank import load_bank_texts
from quizapp.questions.model import DeckSpec, Problem

HEAD = """\
format: 1
deck:
  slug: demo
  title: "Demo deck"
  description: "A deck for *tests*."
  source:
    title: "A short text"
    sections:
      - id: s1
        title: "Part one"
        note: "What part one says."
      - id: s2
        title: "Part two"
        note: "What part two says."
  topics:
    - id: alpha
      title: "Alpha"
      description: "The first theme."
    - id: beta
      title: "Beta"
questions:
"""

COMMON = """\
    prompt: "A prompt"
    explanation: "An explanation"
    topics: [alpha]
    source: s1
"""

# One question of every type, using every optional field somewhere.
EVERY_TYPE = """\
  - id: single-1
    type: single_choice
    prompt: "Which colour is the sky on a clear day?"
    explanation: |
      Sunlight scatters off the air,
      blue light most of all.
    topics: [alpha, beta]
    source: s1
    difficulty: easy
    options:
      - text: "Blue"
        correct: true
        feedback: "Yes: scattering favours short wavelengths."
      - text: "Green"
        correct: false
        feedback: "No."
      - text: "Red"
  - id: multi-1
    type: multiple_choice
    prompt: "Which are prime?"
    explanation: "A prime has exactly two divisors."
    topics: [alpha]
    source: s2
    difficulty: medium
    options:
      - text: "2"
        correct: true
      - text: "3"
        correct: true
        feedback: "Three is prime."
      - text: "4"
      - text: "9"
  - id: tf-1
    type: true_false
    prompt: "Water boils at 100 °C at sea level."
    explanation: "At one atmosphere, yes."
    topics: [beta]
    source: s2
    difficulty: hard
    answer: true
    feedback_true: "Right."
    feedback_false: "It does, at one atmosphere."
  - id: short-1
    type: short_answer
    prompt: "What is the capital of Iran?"
    explanation: "Tehran."
    topics: [beta]
    source: s1
    answers: ["Tehran", "Téhéran"]
    typos: 1
  - id: cloze-1
    type: cloze
    prompt: "Fill in the blanks."
    explanation: "Facts about the solar system."
    topics: [alpha]
    source: s1
    text: "The {{star}} is orbited by {{count}} planets."
    blanks:
      star: ["Sun"]
      count: ["eight", "8"]
    typos: 2
  - id: order-1
    type: ordering
    prompt: "Smallest first."
    explanation: "Counting."
    topics: [beta]
    source: s2
    items: ["one", "two", "three", "four"]
  - id: match-1
    type: matching
    prompt: "Match each country with its capital."
    explanation: "Capitals."
    topics: [alpha]
    source: s1
    pairs:
      - left: "France"
        right: "Paris"
      - left: "Japan"
        right: "Tokyo"
    distractors: ["Madrid", "Rome"]
"""

VALID_BANK = HEAD + EVERY_TYPE


def question(qid: str, qtype: str, body: str, common: str = COMMON) -> str:
    """A question list entry; `body` holds the type's fields, indented by four spaces."""
    return f"  - id: {qid}\n    type: {qtype}\n{common}{body}"


def bank(*questions: str, head: str = HEAD) -> str:
    return head + "".join(questions)


def load(*files: tuple[str, str | bytes]) -> tuple[list[DeckSpec], list[Problem]]:
    return load_bank_texts(
        [(name, text.encode() if isinstance(text, str) else text) for name, text in files]
    )


def problems(text: str | bytes, name: str = "bank.yaml") -> list[str]:
    """The problems of a one-file run as text; a run with problems returns no deck."""
    decks, found = load((name, text))
    assert found, "expected problems"
    assert decks == []
    return [str(problem) for problem in found]


def deck(text: str, name: str = "bank.yaml") -> DeckSpec:
    decks, found = load((name, text))
    assert found == [], [str(problem) for problem in found]
    assert len(decks) == 1
    return decks[0]


def at(text: str, needle: str, occurrence: int = 1) -> str:
    """`LINE:COL` (1-based) of the start of the n-th occurrence of `needle` in `text`."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{line}:{column}"


def after(text: str, needle: str, occurrence: int = 1) -> str:
    """`LINE:COL` of the character just after the n-th occurrence of `needle`."""
    line, column = at(text, needle, occurrence).split(":")
    return f"{line}:{int(column) + len(needle)}"


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    return int(at(text, needle, occurrence).split(":")[0])
