"""The registry: every type is one module, and nothing outside `questions/types/` tests a
type's name, so adding a type is one module, one partial and its tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizapp.questions import types

ROOT = Path(__file__).resolve().parents[3]
TYPES_DIR = ROOT / "quizapp" / "questions" / "types"
NAMES = "|".join(types.names())
# A type's name as a whole string literal, in Python: a test of it, a key of a table by type.
PY_LITERAL = re.compile(rf"""(?<![\w-])["'](?:{NAMES})["'](?![\w-])""")
# In a template, a comparison with it: `== "cloze"`, `in ("single_choice", ...)`.
TEMPLATE_TEST = re.compile(
    rf"""(?:==|!=)\s*["'](?:{NAMES})["']|\bin\s*[(\[][^)\]]*["'](?:{NAMES})["']"""
)


def test_every_type_has_its_module_and_partial() -> None:
    assert types.names() == (
        "single_choice",
        "multiple_choice",
        "true_false",
        "short_answer",
        "cloze",
        "ordering",
        "matching",
        "numerical",
    )
    for name in types.names():
        assert (TYPES_DIR / f"{name}.py").is_file(), name
        assert (ROOT / "templates" / "questions" / "types" / f"{name}.html").is_file(), name
        assert types.get(name).NAME == name
        assert types.get(name).ANALYSIS in ("fixed", "typed", "arranged")


def test_an_unknown_type_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="unknown question type 'essay'"):
        types.get("essay")
    assert types.find("essay") is None


def test_an_exchange_format_a_type_lacks_is_reported_as_unsupported() -> None:
    assert types.mapping("cloze", "to_docx") is None
    assert types.unsupported("to_docx") == list(types.names())
    # The exchange formats' own mappings (quizapp.exchange): GIFT has no ordering.
    assert types.mapping("cloze", "to_gift") is not None
    assert types.unsupported("to_gift") == ["ordering"]


def test_no_module_outside_the_registry_tests_a_type_name() -> None:
    offenders = []
    for path in sorted((ROOT / "quizapp").rglob("*.py")):
        if TYPES_DIR in path.parents:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if PY_LITERAL.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if TEMPLATE_TEST.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == [], "ask quizapp.questions.types instead:\n" + "\n".join(offenders)


def test_the_guard_sees_the_ways_a_type_is_tested() -> None:
    assert PY_LITERAL.search('if question.type == "cloze":')
    assert PY_LITERAL.search("kinds = {'matching': 1}")
    assert not PY_LITERAL.search('css = "cloze-gap"')
    assert TEMPLATE_TEST.search('{% if view.type == "true_false" %}')
    assert TEMPLATE_TEST.search("{% set typed = t in ('short_answer', 'cloze') %}")
    assert not TEMPLATE_TEST.search('<p class="cloze">')
