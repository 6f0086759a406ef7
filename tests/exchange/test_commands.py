"""`quizapp export` and `quizapp convert` as a teacher runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.exchange import FORMATS
from quizapp.questions import bank
from quizapp.questions.commands import read_files
from tests.exchange.helpers import SAMPLES, SHIPPED


@pytest.fixture
def imported(runner):  # type: ignore[no-untyped-def]
    assert runner.invoke(args=["import", str(SHIPPED)]).exit_code == 0
    return runner


@pytest.mark.parametrize("name", [n for n, f in FORMATS.items() if f.export])
def test_export_writes_each_format_and_lists_what_it_cannot_hold(imported, tmp_path, name) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"deck.{name}"
    result = imported.invoke(args=["export", "russia-iran", "--format", name, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    assert f"Wrote deck russia-iran as {FORMATS[name].label} to {out}" in result.stderr


def test_export_prints_each_skipped_question_with_its_reason(imported) -> None:  # type: ignore[no-untyped-def]
    result = imported.invoke(args=["export", "russia-iran", "--format", "gift"])
    assert result.exit_code == 0
    assert "sanctions-11: left out: GIFT has no ordering questions" in result.stderr
    assert result.stdout.startswith("// Russia and Iran")


def test_export_takes_a_bank_file_without_importing_it(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["export", str(SHIPPED), "--format", "moodle-xml"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<?xml")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "nope", "--format", "gift"], "Error: there is no deck 'nope'"),
        (["export", "russia-iran", "--format", "docx"], "Error: unknown format 'docx'"),
        (["convert", "missing.gift"], "Error: missing.gift: no such file"),
    ],
)
def test_unknown_deck_format_or_file_is_one_line_and_exit_status_2(imported, args, message) -> None:  # type: ignore[no-untyped-def]
    result = imported.invoke(args=args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1


def test_convert_prints_problems_with_their_line_and_the_id_mapping(runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "deck.yaml"
    sample = SAMPLES / "every-feature.xml"
    result = runner.invoke(args=["convert", str(sample), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{sample}:101: question Intro: left out:" in result.stderr
    assert "id Suez_Q12 -> suez-q12" in result.stderr
    decks, problems = bank.load_bank_texts(read_files([out]))
    assert problems == []
    assert runner.invoke(args=["import", str(out)]).exit_code == 0


def test_convert_of_an_unreadable_file_exits_1_and_writes_nothing(runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.xml"
    bad.write_text("<quiz>\n<question>\n</quiz>\n")
    out = tmp_path / "deck.yaml"
    result = runner.invoke(args=["convert", str(bad), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{bad}:3: this is not well-formed XML")
    assert "nothing was converted" in result.stderr
    assert not Path(out).exists()


def test_convert_from_forces_the_format(runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    odd = tmp_path / "questions.dat"
    odd.write_text("Which?\nA. yes\nB. no\nANSWER: B\n")
    assert runner.invoke(args=["convert", str(odd)]).exit_code == 2
    result = runner.invoke(args=["convert", str(odd), "--from", "aiken"])
    assert result.exit_code == 0
    assert "type: single_choice" in result.stdout


def test_convert_from_a_format_that_only_exports_is_exit_status_2(runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sheet = tmp_path / "deck.csv"
    sheet.write_text("id,type\n", encoding="utf-8")
    result = runner.invoke(args=["convert", str(sheet), "--from", "csv"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: format 'csv' cannot convert (these can: ")


def test_export_of_a_bank_file_that_does_not_validate_lists_its_problems(runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.yaml"
    broken.write_text("deck:\n  slug: Not A Slug\n", encoding="utf-8")
    result = runner.invoke(args=["export", str(broken), "--format", "gift"])
    assert result.exit_code == 1
    assert "broken.yaml:" in result.stderr
    assert f"{broken} does not validate; nothing was exported." in result.stderr
    assert result.stdout == ""
