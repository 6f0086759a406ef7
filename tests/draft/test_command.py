"""`quizapp draft` from the command line."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from tests.draft.conftest import BLOG, HTML


def test_draft_writes_a_bank_that_validates_and_reports_on_stderr(
    app: Flask, tmp_path: Path
) -> None:
    runner = app.test_cli_runner()
    out = tmp_path / "suez.yaml"
    result = runner.invoke(args=["draft", str(BLOG), "-o", str(out), "--slug", "suez"])
    assert result.exit_code == 0, result.output
    assert "6 of 6 paragraphs have a question" in result.stderr
    assert "5 furniture block(s) left out" in result.stderr
    checked = runner.invoke(args=["validate", str(out)])
    assert checked.exit_code == 0 and "1 deck(s)" in checked.output
    assert "slug: suez\n" in out.read_text(encoding="utf-8")


def test_without_output_the_yaml_goes_to_stdout(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["draft", str(HTML), "--title", "Hayden"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[3] == "format: 1"
    assert "title: Hayden\n" in result.stdout


def test_an_existing_output_is_kept_unless_force(app: Flask, tmp_path: Path) -> None:
    runner = app.test_cli_runner()
    out = tmp_path / "deck.yaml"
    out.write_text("mine\n", encoding="utf-8")
    refused = runner.invoke(args=["draft", str(BLOG), "-o", str(out)])
    assert refused.exit_code == 1
    assert "already exists: choose another name or add --force" in refused.output
    assert out.read_text(encoding="utf-8") == "mine\n"
    forced = runner.invoke(args=["draft", str(BLOG), "-o", str(out), "--force"])
    assert forced.exit_code == 0 and out.read_text(encoding="utf-8").startswith("# Draft")


def test_bad_documents_get_one_clear_line_and_nothing_is_written(
    app: Flask, tmp_path: Path
) -> None:
    runner = app.test_cli_runner()
    out = tmp_path / "deck.yaml"
    out.write_text("mine\n", encoding="utf-8")
    cases = {
        "empty.txt": (b"", "empty.txt: the document is empty"),
        "paper.pdf": (b"%PDF-1.5\n1 0 obj", "paper.pdf: this is a PDF, not a text document"),
        "latin.txt": (
            "Un caf\u00e9 au lait.".encode("cp1252"),
            "latin.txt:1: the document is not UTF-8",
        ),
        "none.md": (b"# Only a heading\n\n1999\n", "none.md: no sentences found"),
    }
    for name, (data, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        result = runner.invoke(args=["draft", str(path), "-o", str(tmp_path / f"{name}.yaml")])
        assert result.exit_code == 1 and message in result.output, (name, result.output)
        assert not (tmp_path / f"{name}.yaml").exists()
    assert out.read_text(encoding="utf-8") == "mine\n"


def test_a_50_mb_file_is_refused_before_it_is_read(app: Flask, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 2**20)
    result = app.test_cli_runner().invoke(args=["draft", str(big)])
    assert result.exit_code == 1
    assert "big.txt: the document is 50.0 MB; at most 5 MB can be drafted from" in result.output
