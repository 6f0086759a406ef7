"""The teacher's "New deck from a text" page: paste or upload, preview, download or import."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from flask import Flask
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import stream_encode_multipart

from quizapp.models import ImportBatch, Question
from tests.draft.conftest import BLOG, HTML

PASTED = BLOG.read_text(encoding="utf-8")


@pytest.fixture
def teacher(auth):  # type: ignore[no-untyped-def]
    auth.create("teach", role="teacher")
    auth.login("teach")
    return "teach"


def hidden(page: str, name: str) -> str:
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', page)
    assert match, name
    return unescape(match.group(1))


def test_pasting_a_text_previews_the_draft_and_saves_nothing(client, teacher, db) -> None:  # type: ignore[no-untyped-def]
    page = client.post("/teacher/draft", data={"text": PASTED}).get_data(as_text=True)
    assert "Draft: Why the Suez Canal still matters" in page
    assert "6 of 6\n    paragraphs have a question" in page
    assert "5 blocks of page furniture left out" in page
    assert "Download YAML" in page and "Open in the import preview" in page
    assert db.scalar(select(func.count()).select_from(ImportBatch)) == 0
    assert db.scalar(select(func.count()).select_from(Question)) == 0


def test_download_gives_the_yaml_as_a_file(client, teacher) -> None:  # type: ignore[no-untyped-def]
    page = client.post("/teacher/draft", data={"text": PASTED, "slug": "suez"}).get_data(
        as_text=True
    )
    bank, name = hidden(page, "bank"), hidden(page, "name")
    assert name == "suez.yaml"
    response = client.post("/teacher/draft/download", data={"bank": bank, "name": name})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="suez.yaml"'
    assert response.get_data(as_text=True) == bank and "slug: suez" in bank


def test_open_in_import_goes_to_the_import_preview(client, teacher, db) -> None:  # type: ignore[no-untyped-def]
    upload = {"document": (io.BytesIO(HTML.read_bytes()), HTML.name), "slug": "hayden"}
    page = client.post("/teacher/draft", data=upload, content_type="multipart/form-data")
    text = page.get_data(as_text=True)
    assert "Draft: Ferdinand Vandiveer Hayden" in text
    response = client.post(
        "/teacher/draft/import", data={"bank": hidden(text, "bank"), "name": hidden(text, "name")}
    )
    assert response.status_code == 302 and "/teacher/import/" in response.headers["Location"]
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "new deck" in preview and "I have reviewed the" in preview
    assert db.scalar(select(func.count()).select_from(Question)) == 0


def test_an_empty_form_or_a_binary_file_gets_a_clear_message(client, teacher) -> None:  # type: ignore[no-untyped-def]
    empty = client.post("/teacher/draft", data={"text": "  "})
    assert empty.status_code == 400
    assert "Choose a file or paste a text to draft from." in empty.get_data(as_text=True)
    pdf = {"document": (io.BytesIO(b"%PDF-1.4 \x00\x01"), "notes.pdf")}
    refused = client.post("/teacher/draft", data=pdf, content_type="multipart/form-data")
    assert refused.status_code == 400
    assert "notes.pdf: this is a PDF, not a text document" in refused.get_data(as_text=True)


def test_a_file_over_the_page_limit_is_refused(client, teacher) -> None:  # type: ignore[no-untyped-def]
    fields = MultiDict(
        [("document", FileStorage(io.BytesIO(b"Words and more words. " * 100_000), "big.txt"))]
    )
    # Encoded by hand so that the spooled body of the large upload is closed when done.
    body, length, boundary = stream_encode_multipart(fields)
    try:
        refused = client.post(
            "/teacher/draft",
            input_stream=body,
            content_length=length,
            content_type=f'multipart/form-data; boundary="{boundary}"',
        )
    finally:
        body.close()
    assert refused.status_code == 400
    assert "big.txt: the document is over 2 MB" in refused.get_data(as_text=True)


def test_script_in_the_text_is_shown_as_text(client, teacher) -> None:  # type: ignore[no-untyped-def]
    evil = PASTED.replace("Ferdinand de Lesseps", "<script>alert(1)</script> Ferdinand de Lesseps")
    page = client.post("/teacher/draft", data={"text": evil}).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page


def test_a_tampered_draft_is_refused_by_the_import(client, teacher, db) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/teacher/draft/import", data={"bank": "format: 2\n", "name": "x.yaml"})
    assert response.status_code == 400
    assert db.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_students_cannot_use_the_page(client, auth) -> None:  # type: ignore[no-untyped-def]
    auth.create("pupil")
    auth.login("pupil")
    assert client.get("/teacher/draft").status_code == 403
    assert (
        client.post("/teacher/draft/download", data={"bank": "x", "name": "x.yaml"}).status_code
        == 403
    )


def test_the_forms_need_a_csrf_token(make_app) -> None:  # type: ignore[no-untyped-def]
    app: Flask = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        from quizapp.auth.accounts import create_user
        from quizapp.db import get_session
        from quizapp.models import Role

        create_user(get_session(), "teach", "a long enough passphrase", Role.TEACHER)
        get_session().commit()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    client.post(
        "/login",
        data={"username": "teach", "password": "a long enough passphrase", "csrf_token": token},
    )
    refused = client.post("/teacher/draft", data={"text": PASTED})
    assert refused.status_code == 400 and "Draft:" not in refused.get_data(as_text=True)
    page = client.get("/teacher/draft").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    accepted = client.post("/teacher/draft", data={"text": PASTED, "csrf_token": token})
    assert "Draft: Why the Suez Canal" in accepted.get_data(as_text=True)
    bank = hidden(accepted.get_data(as_text=True), "bank")
    assert (
        client.post("/teacher/draft/download", data={"bank": bank, "name": "a.yaml"}).status_code
        == 400
    )
