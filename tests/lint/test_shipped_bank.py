"""The bank that ships with the app passes `quizapp lint --strict` (the source essay is not part
of the project, so its checks run only where a developer has it: see the README)."""

from __future__ import annotations

from flask import Flask

from quizapp.lint import lint_files
from quizapp.paths import resource_dir
from quizapp.questions.commands import bank_files, read_files


def test_the_shipped_bank_has_no_lint_warning() -> None:
    report = lint_files(read_files(bank_files([resource_dir("question_bank")])))
    assert report.problems == []
    assert [str(f) for f in report.findings] == []
    assert report.summaries[0].questions > 0


def test_lint_strict_on_the_shipped_bank_exits_0(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["lint", "--strict", str(resource_dir("question_bank"))]
    )
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith("0 warning(s).")
