"""`draft: true` marks an unfinished question: the bank still validates, the flag is carried
in the question, and the teacher is warned in `quizapp validate` and the upload preview."""

from __future__ import annotations

from quizapp.questions import bank
from quizapp.questions.export import dump_deck
from quizapp.questions.model import DeckSpec
from tests.questions.conftest import COMMON, at, deck, problems, question
from tests.questions.conftest import bank as bank_text
from tests.test_teacher_import import MINI, teacher, upload  # noqa: F401 -- the fixture

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


def test_the_upload_preview_lists_drafts_and_still_imports(client, teacher, db):  # type: ignore[no-untyped-def]  # noqa: F811
    marked = MINI.replace(b"  - id: single-1\n", b"  - id: single-1\n    draft: true\n", 1)
    assert marked != MINI
    location = upload(client, ("mini.yaml", marked)).headers["Location"]
    preview = client.get(location).get_data(as_text=True)
    assert "1 draft question" in preview
    assert "mini.yaml:" in preview and "warning: question single-1: is marked" in preview
    done = client.post(location + "/confirm", follow_redirects=True)
    assert "Deck Mini deck: 7 added" in done.get_data(as_text=True)
