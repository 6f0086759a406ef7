"""Importing and exporting banks through the database and the `quizapp` command."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import func, select

from quizapp.models import Deck, Question
from quizapp.paths import resource_dir
from quizapp.questions import bank, store
from quizapp.questions.commands import read_files
from quizapp.questions.export import dump_deck
from tests.conftest import DATA

MINI = DATA / "mini-bank.yaml"
SHIPPED = resource_dir("question_bank") / "russia-iran.yaml"


def counts(db) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    db.rollback()
    decks = db.scalar(select(func.count()).select_from(Deck))
    active = db.scalar(select(func.count()).where(Question.retired_at.is_(None)))
    retired = db.scalar(select(func.count()).where(Question.retired_at.is_not(None)))
    return decks, active, retired


def edited(tmp_path: Path, name: str, change) -> Path:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(MINI.read_text())
    change(data)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return path


def test_the_shipped_bank_validates_and_imports_through_the_real_importer(runner, db):
    result = runner.invoke(args=["validate", str(SHIPPED)])
    assert result.exit_code == 0, result.output
    decks, _ = bank.load_bank_texts(read_files([SHIPPED]))
    (deck,) = decks
    assert len(deck.questions) >= 80
    assert len({q.type for q in deck.questions}) >= 6
    sections = {s.id for s in deck.sections}
    assert {q.source for q in deck.questions} == sections
    assert {t for q in deck.questions for t in q.topics} == {t.id for t in deck.topics}
    imported = runner.invoke(args=["import", str(SHIPPED)])
    assert imported.exit_code == 0, imported.output
    assert counts(db) == (1, len(deck.questions), 0)


def test_validate_prints_every_problem_with_its_position_and_exits_1(runner, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        MINI.read_text()
        .replace("    type: true_false", "    type: truefalse", 1)
        .replace("topics: [beta]", "topics: [gamma]", 1)
    )
    result = runner.invoke(args=["validate", str(broken)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) >= 2
    assert all(line.startswith(f"{broken}:") for line in lines)
    assert any("question tf-1" in line and "truefalse" in line for line in lines)
    assert any("gamma" in line for line in lines)


def test_import_is_idempotent_and_reports_nothing_to_change(runner, db):
    first = runner.invoke(args=["import", str(MINI)])
    assert "deck mini (new): 7 added" in first.output
    before = counts(db)
    second = runner.invoke(args=["import", str(MINI)])
    assert second.exit_code == 0
    assert "0 added, 0 changed, 0 retired, 0 restored, 7 unchanged" in second.output
    assert "Nothing to change." in second.output
    assert counts(db) == before == (1, 7, 0)


SAME_FILES = "Nothing to change. These files are the ones last imported, byte for byte."


def test_reimporting_the_same_bytes_is_recognised_without_validating_again(runner, db, tmp_path):
    copy = tmp_path / "mini.yaml"
    copy.write_bytes(MINI.read_bytes())
    runner.invoke(args=["import", str(copy)])
    again = runner.invoke(args=["import", str(copy)])
    assert again.exit_code == 0
    assert "deck mini: 0 added, 0 changed, 0 retired, 0 restored, 7 unchanged" in again.output
    assert SAME_FILES in again.output
    # A comment changes the bytes but no question: validated and compared again, same result,
    # and the new bytes are remembered in their turn.
    copy.write_bytes(MINI.read_bytes() + b"# checked by the teacher\n")
    commented = runner.invoke(args=["import", str(copy)])
    assert "7 unchanged" in commented.output and "Nothing to change." in commented.output
    assert SAME_FILES not in commented.output
    assert SAME_FILES in runner.invoke(args=["import", str(copy)]).output
    assert counts(db) == (1, 7, 0)


def test_the_same_bytes_are_imported_again_once_other_files_changed_the_deck(runner, db, tmp_path):
    runner.invoke(args=["import", str(MINI)])

    def drop_two(data):  # type: ignore[no-untyped-def]
        data["questions"] = data["questions"][2:]

    runner.invoke(args=["import", str(edited(tmp_path, "shorter.yaml", drop_two))])
    assert counts(db) == (1, 5, 2)
    # The deck no longer is what MINI made: the full import runs and restores the two.
    back = runner.invoke(args=["import", str(MINI)])
    assert SAME_FILES not in back.output
    assert "2 restored" in back.output
    assert counts(db) == (1, 7, 0)


def test_files_that_made_two_decks_are_compared_again_when_one_was_reimported_alone(
    runner, db, tmp_path
):
    def rename(data):  # type: ignore[no-untyped-def]
        data["deck"]["slug"] = "other"

    other = edited(tmp_path, "other.yaml", rename)
    runner.invoke(args=["import", str(MINI), str(other)])
    assert SAME_FILES in runner.invoke(args=["import", str(MINI), str(other)]).output

    def retitle(data):  # type: ignore[no-untyped-def]
        data["deck"]["slug"] = "other"
        data["questions"] = data["questions"][1:]

    runner.invoke(args=["import", str(edited(tmp_path, "other-v2.yaml", retitle))])
    both = runner.invoke(args=["import", str(MINI), str(other)])
    assert SAME_FILES not in both.output
    assert "deck other: 0 added, 0 changed, 0 retired, 1 restored" in both.output
    assert counts(db) == (2, 14, 0)


def test_a_dry_run_leaves_the_files_unremembered(runner, db, tmp_path):
    runner.invoke(args=["import", "--dry-run", str(MINI)])
    assert counts(db) == (0, 0, 0)
    first = runner.invoke(args=["import", str(MINI)])
    assert "deck mini (new): 7 added" in first.output
    db.rollback()
    assert db.scalars(select(Deck.files_decks)).one() == 1


def test_editing_updates_in_place_removing_retires_and_returning_restores(runner, db, tmp_path):
    runner.invoke(args=["import", str(MINI)])
    db.rollback()
    original_id = db.scalars(select(Question.id).where(Question.key == "single-1")).one()

    def edit_and_drop(data):  # type: ignore[no-untyped-def]
        data["questions"][0]["prompt"] = "What colour is a clear daytime sky?"
        data["questions"] = [q for q in data["questions"] if q["id"] != "match-1"]

    changed = edited(tmp_path, "mini.yaml", edit_and_drop)
    dry = runner.invoke(args=["import", "--dry-run", str(changed)])
    assert "1 changed, 1 retired" in dry.output
    assert "  ~ single-1" in dry.output and "  - match-1" in dry.output
    assert "Dry run: nothing was changed." in dry.output
    assert counts(db) == (1, 7, 0)

    runner.invoke(args=["import", str(changed)])
    db.rollback()
    question = db.scalars(select(Question).where(Question.key == "single-1")).one()
    assert (question.id, question.version) == (original_id, 2)
    assert question.prompt == "What colour is a clear daytime sky?"
    assert counts(db) == (1, 6, 1)

    restored = runner.invoke(args=["import", str(MINI)])
    assert "1 restored" in restored.output
    assert counts(db) == (1, 7, 0)


def test_a_failing_file_in_a_run_imports_nothing_at_all(runner, db, tmp_path):
    def rename(data):  # type: ignore[no-untyped-def]
        data["deck"]["slug"] = "other"

    good = edited(tmp_path, "good.yaml", rename)
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\ndeck: {slug: [unclosed\n")
    result = runner.invoke(args=["import", str(good), str(bad)])
    assert result.exit_code == 1
    assert "bad.yaml:" in result.output and "nothing was imported" in result.output
    assert counts(db) == (0, 0, 0)


def test_a_second_file_can_add_questions_to_an_existing_deck(runner, db, tmp_path):
    runner.invoke(args=["import", str(MINI)])
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "format: 1\n"
        "deck: mini\n"
        "questions:\n"
        "  - id: extra-1\n"
        "    type: true_false\n"
        "    prompt: Is this an extra question?\n"
        "    explanation: It comes from a second file.\n"
        "    topics: [alpha]\n"
        "    source: s1\n"
        "    answer: true\n"
    )
    result = runner.invoke(args=["import", str(extra)])
    assert result.exit_code == 0, result.output
    assert "1 added, 0 changed, 0 retired" in result.output
    assert counts(db) == (1, 8, 0)


def test_export_then_import_is_a_no_op_and_round_trips_the_content(runner, db, tmp_path):
    runner.invoke(args=["import", str(SHIPPED)])
    out = tmp_path / "exported.yaml"
    result = runner.invoke(args=["export", "russia-iran", "-o", str(out)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(args=["import", str(out)])
    assert "0 added, 0 changed, 0 retired, 0 restored" in again.output
    original, _ = bank.load_bank_texts(read_files([SHIPPED]))
    exported, problems = bank.load_bank_texts(read_files([out]))
    assert problems == []
    assert exported[0].content() == original[0].content()
    assert [q.content() for q in exported[0].questions] == [
        q.content() for q in original[0].questions
    ]
    stdout = runner.invoke(args=["export", "russia-iran"]).output
    assert stdout == out.read_text(encoding="utf-8")
    assert runner.invoke(args=["export", "nope"]).exit_code == 2


def test_store_and_export_agree_with_the_validator_on_every_type(app, db):
    decks, _ = bank.load_bank_texts(read_files([MINI]))
    store.import_decks(db, decks)
    db.commit()
    deck = store.find_deck(db, "mini")
    text = dump_deck(store.deck_spec(deck))
    again, problems = bank.load_bank_texts([("again.yaml", text.encode())])
    assert problems == []
    assert [q.content() for q in again[0].questions] == [q.content() for q in decks[0].questions]
