"""Teachers import banks in the browser's way: upload, see problems, preview, confirm."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import stream_encode_multipart

from quizapp.models import Deck, ImportBatch, Question
from tests.conftest import DATA

MINI = (DATA / "mini-bank.yaml").read_bytes()


@pytest.fixture
def teacher(auth):  # type: ignore[no-untyped-def]
    auth.create("teach", role="teacher")
    auth.login("teach")
    return "teach"


def upload(client, *files):  # type: ignore[no-untyped-def]
    # Encoded by hand so the spooled body of a large upload is closed when we are done.
    fields = MultiDict([("files", FileStorage(io.BytesIO(data), name)) for name, data in files])
    body, length, boundary = stream_encode_multipart(fields)
    try:
        return client.post(
            "/teacher/import",
            input_stream=body,
            content_length=length,
            content_type=f'multipart/form-data; boundary="{boundary}"',
        )
    finally:
        body.close()


def question_count(db) -> int:  # type: ignore[no-untyped-def]
    db.rollback()
    return db.scalar(select(func.count()).select_from(Question))


def test_upload_preview_and_confirm_imports_once(client, teacher, db):
    response = upload(client, ("mini.yaml", MINI))
    assert response.status_code == 302
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "new deck" in preview and "<dd>7</dd>" in preview
    assert question_count(db) == 0
    batch_id = int(re.search(r"/teacher/import/(\d+)", response.headers["Location"]).group(1))
    done = client.post(f"/teacher/import/{batch_id}/confirm", follow_redirects=True)
    assert "Deck Mini deck: 7 added" in done.get_data(as_text=True)
    again = client.post(f"/teacher/import/{batch_id}/confirm", follow_redirects=True)
    assert "already applied; nothing changed" in again.get_data(as_text=True)
    assert question_count(db) == 7
    assert db.scalars(select(ImportBatch.status)).one() == "applied"


def test_problems_are_shown_with_line_numbers_and_nothing_is_stored(client, teacher, db):
    broken = MINI.replace(b"    type: ordering", b"    type: ordring")
    page = upload(client, ("mini.yaml", broken)).get_data(as_text=True)
    line = broken.decode().splitlines().index("    type: ordring") + 1
    assert re.search(rf"mini\.yaml:{line}:\d+: question order-1: ", page)
    assert "nothing was imported" in page
    assert question_count(db) == 0
    assert db.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_script_in_a_bank_is_shown_as_text_never_run(client, teacher, db):
    evil = MINI.replace(
        b'prompt: "Which colour is the sky on a clear day?"',
        b'prompt: "<script>alert(1)</script> Which colour? [x](javascript:alert(2))"',
    )
    batch = upload(client, ("mini.yaml", evil)).headers["Location"]
    client.post(batch + "/confirm")
    page = client.get("/teacher/decks/mini/questions/single-1").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert 'href="javascript:' not in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.txt", b"hello", "not a file this page can read"),
        ("bomb.yaml", b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "alias"),
        ("list.yaml", b"- just\n- a list\n", "expected a mapping"),
        ("latin1.yaml", "format: 1\nname: caf\xe9\n".encode("latin-1"), "UTF-8"),
    ],
)
def test_bad_files_get_a_clear_message_and_change_nothing(client, teacher, db, name, data, message):
    page = upload(client, (name, data)).get_data(as_text=True)
    assert message in page
    assert question_count(db) == 0


def test_an_oversized_upload_is_refused_with_a_friendly_page(client, teacher, db):
    big = b"# " + b"x" * (5 * 1024 * 1024)
    response = upload(client, ("big.yaml", big))
    assert response.status_code == 413
    assert "larger than this site accepts" in response.get_data(as_text=True)
    assert question_count(db) == 0


def test_a_file_over_the_bank_limit_is_refused_by_the_validator(client, teacher, db):
    big = b"# " + b"x" * (2 * 1024 * 1024 + 10)
    page = upload(client, ("big.yaml", big)).get_data(as_text=True)
    assert "2 MB" in page or "2 MiB" in page or "2097152" in page
    assert question_count(db) == 0


def test_students_get_403_on_every_teacher_page(client, auth, mini_deck, db):
    auth.create("student1")
    auth.login("student1")
    for path in [
        "/teacher/",
        "/teacher/import",
        "/teacher/decks/mini/questions",
        "/teacher/decks/mini/questions/single-1",
        "/teacher/quizzes",
    ]:
        assert client.get(path).status_code == 403, path
    assert upload(client, ("mini.yaml", MINI)).status_code == 403


def test_a_teacher_cannot_confirm_another_teachers_upload(client, auth, db):
    auth.create("teach", role="teacher")
    auth.create("other", role="teacher")
    auth.login("teach")
    batch = upload(client, ("mini.yaml", MINI)).headers["Location"]
    auth.logout()
    auth.login("other")
    assert client.get(batch).status_code == 404
    assert client.post(batch + "/confirm").status_code == 404
    assert question_count(db) == 0


def test_browse_search_and_filter_questions(client, teacher, mini_deck):
    page = client.get("/teacher/decks/mini/questions").get_data(as_text=True)
    assert "7 questions" in page
    by_topic = client.get("/teacher/decks/mini/questions?topic=beta").get_data(as_text=True)
    assert "4 questions" in by_topic
    by_type = client.get("/teacher/decks/mini/questions?type=cloze").get_data(as_text=True)
    assert "1 question<" in by_type and "cloze-1" in by_type
    found = client.get("/teacher/decks/mini/questions?q=tehran").get_data(as_text=True)
    assert "short-1" in found and "single-1" not in found
    one = client.get("/teacher/decks/mini/questions/match-1").get_data(as_text=True)
    assert "France" in one and "Paris" in one and "As a student sees it" in one
    assert client.get("/teacher/decks/mini/questions/nope").status_code == 404
    assert client.get("/teacher/decks/nope/questions").status_code == 404


def test_the_decks_page_lists_decks_with_counts(client, teacher, mini_deck, db):
    page = client.get("/teacher/").get_data(as_text=True)
    assert "Mini deck" in page and "7 questions" in page
    assert db.scalar(select(func.count()).select_from(Deck)) == 1


def test_the_preview_shows_lint_warnings_and_still_imports(client, teacher, db):
    cued = MINI.replace(
        b'prompt: "Which colour is the sky on a clear day?"',
        b'prompt: "Which colour is not the sky on a clear day?"',
    )
    location = upload(client, ("mini.yaml", cued)).headers["Location"]
    preview = client.get(location).get_data(as_text=True)
    assert "teaching-quality warning" in preview
    assert re.search(r"mini\.yaml:\d+:\d+: question single-1: Q205 ", preview)
    assert 'action="' + location + '/confirm"' in preview
    done = client.post(location + "/confirm", follow_redirects=True)
    assert "Deck Mini deck: 7 added" in done.get_data(as_text=True)
