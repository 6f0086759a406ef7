"""A teacher's downloads per format and the upload page's conversion, through the app."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quizapp.exchange import ExportRequest
from quizapp.exchange.gift import convert_gift, export_gift
from quizapp.models import ImportBatch, Question
from tests.exchange.helpers import SAMPLES, SHIPPED, shipped_deck, validated
from tests.test_teacher_import import upload


@pytest.fixture
def teacher(auth):  # type: ignore[no-untyped-def]
    auth.create("teach", role="teacher")
    auth.login("teach")
    return "teach"


@pytest.fixture
def shipped(runner):  # type: ignore[no-untyped-def]
    assert runner.invoke(args=["import", str(SHIPPED)]).exit_code == 0


def question_count(db) -> int:  # type: ignore[no-untyped-def]
    db.rollback()
    return db.scalar(select(func.count()).select_from(Question))


def test_the_export_page_lists_what_each_format_cannot_hold_beside_its_download(
    client, teacher, shipped
) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/teacher/decks/russia-iran/export").get_data(as_text=True)
    deck = shipped_deck()
    gift = export_gift(ExportRequest(deck))
    kept = len(deck.questions) - sum(1 for s in gift.skipped if s.reason.startswith("left out"))
    assert f"{kept} of {len(deck.questions)} questions exported" in page
    assert "<code>sanctions-11</code>: left out: GIFT has no ordering questions" in page
    assert "/teacher/decks/russia-iran/export/moodle-xml" in page
    response = client.get("/teacher/decks/russia-iran/export/gift")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="russia-iran-gift.txt"'
    )
    assert response.get_data(as_text=True).startswith("// Russia and Iran")


@pytest.mark.parametrize(
    "path", ["/teacher/decks/nope/export", "/teacher/decks/russia-iran/export/docx"]
)
def test_an_unknown_deck_or_format_is_a_404(client, teacher, shipped, path) -> None:  # type: ignore[no-untyped-def]
    assert client.get(path).status_code == 404


def test_a_student_cannot_download(client, auth, shipped) -> None:  # type: ignore[no-untyped-def]
    auth.create("pupil")
    auth.login("pupil")
    assert client.get("/teacher/decks/russia-iran/export/yaml").status_code == 403


def test_a_gift_upload_shows_the_converted_yaml_and_its_problems_then_imports(
    client, teacher, db
) -> None:  # type: ignore[no-untyped-def]
    sample = (SAMPLES / "every-feature.gift").read_bytes()
    response = upload(client, ("every-feature.gift", sample))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Converted from GIFT (Moodle): <code>every-feature.gift</code>" in page
    assert "every-feature.gift:105: question broken: left out" in page
    assert "<code>Suez_Q12]</code> → <code>suez-q12</code>" in page
    assert "id: suez-q12" in page
    assert question_count(db) == 0  # nothing imported before the confirmation
    batch = db.scalars(select(ImportBatch)).one()
    client.post(f"/teacher/import/{batch.id}/confirm")
    converted = validated(convert_gift(sample, "every-feature.gift"))
    assert question_count(db) == len(converted.questions)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.xml", b"<quiz>\n<question>\n</quiz>", "broken.xml:3: this is not well-formed XML"),
        (
            "cafe.gift",
            "Caf\xe9?{=oui ~non}".encode("latin-1"),
            "cafe.gift:1: the file is not UTF-8",
        ),
        (
            "evil.xml",
            b'<!DOCTYPE quiz [<!ENTITY a "aaaa">]><quiz>&a;</quiz>',
            "refused: the file declares entities",
        ),
    ],
)
def test_a_file_that_cannot_be_converted_names_file_and_line_and_imports_nothing(
    client, teacher, db, name, data, message
) -> None:  # type: ignore[no-untyped-def]
    page = upload(client, (name, data)).get_data(as_text=True)
    assert message in page
    assert "nothing was imported" in page
    assert question_count(db) == 0
    assert db.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_a_50_mb_upload_is_refused_with_the_limit_named(client, teacher, db) -> None:  # type: ignore[no-untyped-def]
    response = upload(client, ("huge.gift", b"x" * (50 * 1024 * 1024)))
    assert response.status_code == 413
    assert "larger than this site accepts (4 MB in one upload)" in response.get_data(as_text=True)
    assert question_count(db) == 0
