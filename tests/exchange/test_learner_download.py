"""A learner downloads a deck for Anki with their own progress, from the deck page: theirs
only, and never the answers of a quiz they have open."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.exchange.ankitools import fresh_collection, import_package
from tests.flashcards.test_study_views import front, rate
from tests.quiz.test_attempts import make_quiz, start


@pytest.fixture
def student(auth, mini_deck):  # type: ignore[no-untyped-def]
    auth.create("student1")
    auth.login("student1")
    return "student1"


def download(client) -> bytes:  # type: ignore[no-untyped-def]
    response = client.get("/decks/mini/anki.apkg")
    assert response.status_code == 200
    assert response.mimetype == "application/apkg"
    assert 'filename="mini-progress.apkg"' in response.headers["Content-Disposition"]
    return response.data


def test_the_deck_page_links_to_the_download_with_my_progress(client, student, tmp_path: Path):  # type: ignore[no-untyped-def]
    page = client.get("/decks/mini").get_data(as_text=True)
    assert 'href="/decks/mini/anki.apkg"' in page and "with my progress" in page
    question_id, version = front(client)
    assert rate(client, question_id, version, 3).status_code == 302
    with fresh_collection(tmp_path / "anki") as collection:
        import_package(collection, download(client), tmp_path, with_progress=True)
        assert collection.note_count() == 7
        assert collection.db.scalar("SELECT count() FROM revlog") == 1
        assert collection.db.scalar("SELECT count() FROM cards WHERE type != 0") == 1


def test_no_one_elses_progress_comes_along(client, auth, student, tmp_path: Path):  # type: ignore[no-untyped-def]
    question_id, version = front(client)
    rate(client, question_id, version, 3)
    auth.logout()
    auth.create("student2")
    auth.login("student2")
    with fresh_collection(tmp_path / "anki") as collection:
        import_package(collection, download(client), tmp_path, with_progress=True)
        assert collection.db.scalar("SELECT count() FROM revlog") == 0


def test_the_questions_of_my_open_quiz_are_left_out(client, student, db, tmp_path: Path):  # type: ignore[no-untyped-def]
    start(client, make_quiz(db, question_count=3).id)
    with fresh_collection(tmp_path / "anki") as collection:
        import_package(collection, download(client), tmp_path)
        assert collection.note_count() == 4


def test_closed_study_refuses_the_download(client, student, db):  # type: ignore[no-untyped-def]
    make_quiz(db, title="Exam", closes_study=True, closes_at=datetime.now(UTC) + timedelta(hours=1))
    response = client.get("/decks/mini/anki.apkg")
    assert response.status_code == 403
    assert "Your teacher closed flashcard study" in response.get_data(as_text=True)


def test_a_visitor_must_log_in_and_an_unknown_deck_is_not_found(client, auth, mini_deck):  # type: ignore[no-untyped-def]
    assert client.get("/decks/mini/anki.apkg").status_code == 302
    auth.create("student1")
    auth.login("student1")
    assert client.get("/decks/nope/anki.apkg").status_code == 404
