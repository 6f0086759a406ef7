"""`quizapp lint` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask

from tests.lint.conftest import DATA, deck_file, short, true_false


def write(tmp_path: Path, questions: list[dict[str, object]]) -> Path:
    path = tmp_path / "lakes.yaml"
    path.write_bytes(deck_file(questions))
    return path


def test_warnings_then_summary_and_status_0_without_strict(app: Flask, tmp_path: Path) -> None:
    path = write(tmp_path, [true_false("t-1", "Ice forms solely on top.", False)])
    result = app.test_cli_runner().invoke(args=["lint", str(path)])
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if "Q204" in line]
    assert lines[0].startswith(f"{path}:") and "question t-1: Q204" in lines[0]
    assert "deck lakes: 1 questions" in result.output
    assert "warning(s): " in result.output and "Q204 x1" in result.output


def test_strict_exits_1_on_a_warning_and_0_when_clean(app: Flask, tmp_path: Path) -> None:
    runner = app.test_cli_runner()
    warned = write(tmp_path, [true_false("t-1", "Ice forms solely on top.", False)])
    assert runner.invoke(args=["lint", "--strict", str(warned)]).exit_code == 1
    clean = tmp_path / "clean"
    clean.mkdir()
    write(
        clean,
        [
            short(f"s-{n}", [w], source=s)
            for n, (w, s) in enumerate(
                [("stratification", "cooling"), ("overturn", "density"), ("centimetres", "safety")]
            )
        ],
    )
    result = runner.invoke(args=["lint", "--strict", str(clean)])
    assert result.exit_code == 0, result.output
    assert "0 warning(s)." in result.output


def test_source_and_json(app: Flask, tmp_path: Path) -> None:
    path = write(tmp_path, [short("s-1", ["top"], source="cooling")])
    source = DATA / "lint-source.txt"
    result = app.test_cli_runner().invoke(
        args=["lint", str(path), "--source", str(source), "--format", "json"]
    )
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["counts"]["Q503"] >= 2
    assert data["decks"][0]["questions"] == 1


def test_a_bank_that_does_not_validate_exits_1(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("format: 1\nquestions: [\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["lint", str(path)])
    assert result.exit_code == 1
    assert "bad.yaml:" in result.output and "fix them first" in result.output
