"""The teacher's guide: every YAML example in it is valid, and together they show every field."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from quizapp.questions.bank import COMMON_OPTIONAL, COMMON_REQUIRED, TYPE_FIELDS, load_bank_texts

README = Path(__file__).resolve().parents[2] / "question_bank" / "README.md"
BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.DOTALL | re.MULTILINE)


def yaml_blocks() -> list[str]:
    return BLOCK.findall(README.read_text(encoding="utf-8"))


def check(*files: str) -> None:
    decks, problems = load_bank_texts(
        [(f"example-{n}.yaml", text.encode()) for n, text in enumerate(files, 1)]
    )
    assert problems == [], [str(p) for p in problems]
    assert decks


def test_every_yaml_block_is_a_bank_file_or_questions() -> None:
    for block in yaml_blocks():
        assert block.startswith(("format: 1\n", "  - id: ")), block


def test_whole_file_examples_validate_together() -> None:
    files = [block for block in yaml_blocks() if block.startswith("format:")]
    assert len(files) == 2
    check(*files)


def test_each_question_example_validates_in_the_example_deck() -> None:
    blocks = yaml_blocks()
    deck_file = blocks[0]
    snippets = [block for block in blocks if block.startswith("  - id: ")]
    # One per type, and one in the section on `quizapp lint` showing the `lint` field.
    assert len(snippets) == 9
    for snippet in snippets:
        check(deck_file + snippet)


def test_the_examples_show_every_type_with_every_field() -> None:
    used: dict[str, set[str]] = {}
    option_fields: set[str] = set()
    for block in yaml_blocks():
        if not block.startswith("  - id: "):
            continue
        for entry in yaml.safe_load(block):
            used.setdefault(entry["type"], set()).update(entry)
            for option in entry.get("options", []):
                option_fields.update(option)
    assert set(used) == set(TYPE_FIELDS)
    # `lint` belongs to no type: the guide shows it once, in its section on `quizapp lint`.
    assert any("lint" in fields for fields in used.values())
    for qtype, (required, optional) in TYPE_FIELDS.items():
        wanted = {*COMMON_REQUIRED, *COMMON_OPTIONAL, *required, *optional}
        assert used[qtype] | {"lint"} == wanted, qtype
    assert option_fields == {"text", "correct", "feedback"}
