"""`draft: true` marks an unfinished question: the bank still validates, the flag is carried
in the question, and the teacher is warned in `quizapp validate` and the upload preview."""

from __future__ import annotations

from quizapp.questions import bank
from quizapp.questions.export import dump_deck
from quizapp.questions.model import DeckSpec
from tests.questions.conftest import COMMON, at, deck, problems, question
from tests.questions.conftest import bank as bank_text
from tests.test_teacher_import import (  # noqa: F401 -- the fixture
    MINI,
    question_count,
    teacher,
    upload,
)

BODY = "    answer: true\n"
DRAFT = bank_text(
    question("q1", "true_false", BODY, COMMON + "    draft: true\n"),
    question("q2", "true_false", BODY),
)


def test_a_draft_validates_and_is_reported_as_a_warning_at_its_line() -> None:
    spec: DeckSpec = deck(DRAFT)
    assert [q.draft for q in spec.questions] == [True, False]
    assert [str(w) for w in bank.warnings([spec])] == [
        f"bank.yaml:{at(DRAFT, '- id: q1').split(':')[0]}:5: warning: question q1: is marked "
        "'draft: true': review it, then remove the mark"
    ]


def test_draft_must_be_true_or_false() -> None:
    text = bank_text(question("q1", "true_false", BODY, COMMON + '    draft: "yes"\n'))
    where = at(text, '"yes"')
    assert problems(text) == [
        f"bank.yaml:{where}: question q1: 'draft' must be true or false without "
        'quotes, found the text "yes"'
    ]


def test_an_exported_draft_stays_a_draft() -> None:
    again = deck(dump_deck(deck(DRAFT)))
    assert [q.draft for q in again.questions] == [True, False]


def test_validate_prints_the_warning_and_succeeds(runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bank.yaml"
    path.write_text(DRAFT, encoding="utf-8")
    result = runner.invoke(args=["validate", str(path)])
    assert result.exit_code == 0
    assert "warning: question q1: is marked 'draft: true'" in result.output
    assert "1 file(s) OK: 1 deck(s), 2 question(s)." in result.output


def test_the_upload_preview_lists_drafts_and_imports_them_once_confirmed(client, teacher, db):  # type: ignore[no-untyped-def]  # noqa: F811
    marked = MINI.replace(b"  - id: single-1\n", b"  - id: single-1\n    draft: true\n", 1)
    assert marked != MINI
    location = upload(client, ("mini.yaml", marked)).headers["Location"]
    preview = client.get(location).get_data(as_text=True)
    assert "1 draft question" in preview
    assert "mini.yaml:" in preview and "warning: question single-1: is marked" in preview
    assert "I have reviewed the 1 draft question: import it" in preview
    refused = client.post(location + "/confirm", follow_redirects=True).get_data(as_text=True)
    assert "1 question(s) are drafts: tick the box" in refused and "nothing changed" in refused
    assert question_count(db) == 0
    done = client.post(location + "/confirm", data={"confirm_drafts": "1"}, follow_redirects=True)
    assert "Deck Mini deck: 7 added" in done.get_data(as_text=True)


def test_the_import_command_refuses_drafts_unless_confirmed(runner, tmp_path, db) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bank.yaml"
    path.write_text(DRAFT, encoding="utf-8")
    refused = runner.invoke(args=["import", str(path)])
    assert refused.exit_code == 1
    assert "question q1: is marked 'draft: true': confirm the drafts in the import preview" in (
        refused.output
    )
    assert question_count(db) == 0
    assert runner.invoke(args=["import", "--dry-run", str(path)]).exit_code == 0
    done = runner.invoke(args=["import", "--confirm-drafts", str(path)])
    assert done.exit_code == 0 and "Imported." in done.output
    assert question_count(db) == 2


def test_a_bank_without_the_mark_imports_without_confirming(client, teacher, db):  # type: ignore[no-untyped-def]  # noqa: F811
    location = upload(client, ("mini.yaml", MINI)).headers["Location"]
    assert "draft question" not in client.get(location).get_data(as_text=True)
    done = client.post(location + "/confirm", follow_redirects=True)
    assert "Deck Mini deck: 7 added" in done.get_data(as_text=True)
