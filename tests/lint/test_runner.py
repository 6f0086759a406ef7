"""Running the rules: positions, silencing with a reason, the summary table, JSON."""

from __future__ import annotations

from pathlib import Path

from quizapp.lint import lint_files
from quizapp.lint.runner import summary_table
from tests.lint.conftest import codes, lint, messages, short, single, true_false


def test_a_question_warning_points_at_the_text_it_is_about() -> None:
    statement = true_false("t-1", "Ice forms solely on top.", False)
    finding = next(f for f in lint([statement]).findings if f.code == "Q204")
    assert str(finding).startswith("lakes.yaml:")
    assert ": question t-1: Q204 " in str(finding)
    line = lint_text([statement]).splitlines()[finding.line - 1]
    assert line.lstrip() == "prompt: Ice forms solely on top."
    assert line[finding.column - 1 :].startswith("Ice forms")


def test_a_double_quoted_text_is_found_with_its_escapes(tmp_path: Path) -> None:
    text = lint_text([single("q-1", ["Ice on top", "Fog"], prompt="x")]).replace(
        "prompt: x", 'prompt: "Which \\"layer\\" is not frozen?"'
    )
    report = lint_files([("lakes.yaml", text.encode())])
    finding = next(f for f in report.findings if f.code == "Q205")
    line = text.splitlines()[finding.line - 1]
    assert line[finding.column - 1 :].startswith('"Which')


def test_a_warning_without_a_text_points_at_the_question() -> None:
    report = lint([short("s-1", ["top"], explanation="Top.")])
    finding = next(f for f in report.findings if f.code == "Q401")
    line = lint_text([short("s-1", ["top"], explanation="Top.")]).splitlines()[finding.line - 1]
    assert "explanation: Top." in line
    missing = lint([short("s-1", ["top"], source="safety")])
    assert all(f.line >= 1 and f.column >= 1 for f in missing.findings)


def lint_text(questions: list[dict[str, object]]) -> str:
    from tests.lint.conftest import deck_file

    return deck_file(questions).decode()


def test_silencing_a_rule_with_a_reason() -> None:
    silenced = true_false(
        "t-1",
        "Ice forms solely on top.",
        False,
        lint={"ignore": ["Q204"], "because": "the word is the point being taught"},
    )
    assert "Q204" not in codes(lint([silenced]))
    assert "Q001" not in codes(lint([silenced]))


def test_silencing_without_a_reason_is_reported() -> None:
    silenced = true_false("t-1", "Ice forms solely on top.", False, lint={"ignore": ["Q204"]})
    report = lint([silenced])
    assert "Q204" not in codes(report)
    assert any("without a reason" in m for m in messages(report, "Q001"))


def test_silencing_an_unknown_rule_is_reported() -> None:
    silenced = short("s-1", ["top"], lint={"ignore": ["Q999"], "because": "typo"})
    assert "Q002" in codes(lint([silenced]))


def test_a_deck_finding_stays_unless_every_question_named_silences_it() -> None:
    items = [
        single(f"q-{n}", [f"Ice {n}", "Fog on shores", "Mud below", "Snow on reeds"], right=0)
        for n in range(8)
    ]
    assert "Q201" in codes(lint(items))
    for item in items:
        item["lint"] = {"ignore": ["Q201"], "because": "options are always shuffled here"}
    assert "Q201" not in codes(lint(items))


def test_the_summary_counts_sections_topics_types_and_difficulty() -> None:
    report = lint([short("s-1", ["top"], source="cooling", difficulty="easy"), short("s-2", ["x"])])
    summary = report.summaries[0]
    assert dict((i, n) for i, _, n in summary.sections) == {"cooling": 1, "density": 1, "safety": 0}
    assert summary.types == (("short_answer", 2),)
    assert summary.difficulties == (("easy", 1), ("unset", 1))
    table = summary_table(summary)
    assert "deck lakes: 2 questions" in table and "short_answer" in table


def test_report_as_json_data() -> None:
    data = lint([true_false("t-1", "Ice forms solely on top.", False)]).as_dict()
    assert data["counts"]["Q204"] == 1
    assert data["warnings"][0]["questions"] == ["t-1"] or any(
        w["code"] == "Q204" and w["questions"] == ["t-1"] for w in data["warnings"]
    )
    assert data["decks"][0]["slug"] == "lakes"


def test_the_validator_checks_the_lint_field() -> None:
    from quizapp.questions.bank import load_bank_texts
    from tests.lint.conftest import deck_file

    def problems(lint_field: object) -> list[str]:
        data = deck_file([short("s-1", ["top"], lint=lint_field)])
        return [p.message for p in load_bank_texts([("lakes.yaml", data)])[1]]

    assert problems({"ignore": ["Q204"], "because": "a reason"}) == []
    assert any("not a lint code" in m for m in problems({"ignore": ["no-absolutes"]}))
    assert any("must be a list" in m for m in problems({"ignore": "Q204"}))
    assert any("unknown field" in m for m in problems({"ignore": ["Q204"], "becuase": "x"}))
    assert any("missing required field 'ignore'" in m for m in problems({"because": "x"}))
