"""The teacher's guide has a section for every lint rule, and no section for a rule that does
not exist."""

from __future__ import annotations

import re
from pathlib import Path

from quizapp.lint import RULES

GUIDE = Path(__file__).resolve().parents[2] / "question_bank" / "README.md"


def test_every_rule_has_a_section_with_a_fix() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    found = re.findall(r"^#### (Q\d{3}) (.+?)\n\n(.*?)(?=^#|\Z)", text, re.M | re.S)
    sections = {code: body for code, _, body in found}
    headings = {code: title for code, title in re.findall(r"^#### (Q\d{3}) (.+)$", text, re.M)}
    assert set(headings) == set(RULES)
    for code, rule in RULES.items():
        assert headings[code] == rule.title, code
    assert set(sections) == set(RULES)
    assert all("**Fix:**" in body for body in sections.values())


def test_the_guides_examples_pass_the_linter() -> None:
    """Teachers copy these examples: they should show good practice, not only valid YAML."""
    from quizapp.lint import lint_files

    blocks = re.findall(r"^```yaml\n(.*?)^```", GUIDE.read_text(encoding="utf-8"), re.S | re.M)
    questions = "".join(block for block in blocks if block.startswith("  - id: "))
    report = lint_files([("guide.yaml", (blocks[0] + questions).encode())])
    assert report.problems == []
    assert [str(f) for f in report.findings] == []
