"""While a graded quiz is open, its answers stay hidden everywhere else, and a teacher can close
study of the deck for the quiz's window."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from quizapp.models import Attempt, AttemptSlot, Quiz
from tests.flashcards.test_study_views import front, rate, reveal_url
from tests.quiz.test_attempts import (
    answer,
    make_quiz,
    revision_of,
    right_answer_form,
    slots_of,
    start,
)


@pytest.fixture
def student(auth, mini_deck):  # type: ignore[no-untyped-def]
    auth.create("student1")
    auth.login("student1")
    return "student1"


def practice_attempt(client) -> int:  # type: ignore[no-untyped-def]
    response = client.post("/decks/mini/practice", data={"count": "7"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/attempts/(\d+)", response.headers["Location"]).group(1))


def test_check_answer_in_practice_is_refused_for_a_question_of_an_open_graded_quiz(
    client, student, db
):
    practice = practice_attempt(client)  # started before the graded quiz
    graded = start(client, make_quiz(db, question_count=7, feedback="end").id)
    slot = slots_of(db, practice)[0]
    page = client.get(f"/attempts/{practice}/q/1").get_data(as_text=True)
    assert "Check answer" not in page
    assert "in your quiz “Test quiz”, which you have not finished" in page
    refused = answer(
        client, practice, slot, revision_of(db, practice), right_answer_form(slot), "check"
    )
    assert refused.status_code == 403
    text = refused.get_data(as_text=True)
    assert "Nothing was checked or saved" in text and "The answer" not in text
    assert f'href="/attempts/{practice}/q/1"' in text and f'href="/attempts/{graded}"' in text
    checked = slots_of(db, practice)[0]
    assert (checked.response, checked.is_final, revision_of(db, practice)) == (None, False, 0)
    # Nor can it be finished: its marks would tell.
    for each in slots_of(db, practice):
        answer(client, practice, each, revision_of(db, practice), right_answer_form(each))
    finish = client.post(
        f"/attempts/{practice}/finish", data={"revision": revision_of(db, practice)}
    )
    assert finish.status_code == 403
    assert "finish that quiz first, then this one" in finish.get_data(as_text=True)
    db.rollback()
    assert db.get(Attempt, practice).status == "in_progress"
    # A new practice quiz leaves the graded quiz's questions out: here, all of them.
    again = client.post("/decks/mini/practice", data={"count": "7"})
    assert again.status_code == 403
    assert "Every question you chose is in your quiz “Test quiz”" in again.get_data(as_text=True)

    client.post(f"/attempts/{graded}/finish", data={"revision": revision_of(db, graded)})
    client.post(f"/attempts/{practice}/finish", data={"revision": revision_of(db, practice)})
    results = client.get(f"/attempts/{practice}/results").get_data(as_text=True)
    assert results.count('class="answer-key"') == 7 and "stays hidden" not in results
    again = practice_attempt(client)
    slot = slots_of(db, again)[0]
    checked = answer(client, again, slot, revision_of(db, again), right_answer_form(slot), "check")
    assert checked.status_code == 302
    assert "The answer" in client.get(checked.headers["Location"]).get_data(as_text=True)


def test_results_finished_before_a_graded_quiz_hide_its_questions_marks_meanwhile(
    client, student, db
):
    practice = practice_attempt(client)
    for each in slots_of(db, practice):
        answer(client, practice, each, revision_of(db, practice), right_answer_form(each))
    client.post(f"/attempts/{practice}/finish", data={"revision": revision_of(db, practice)})
    assert "1 / 1" in client.get(f"/attempts/{practice}/results").get_data(as_text=True)
    graded = start(client, make_quiz(db, question_count=3, feedback="end").id)
    results = client.get(f"/attempts/{practice}/results").get_data(as_text=True)
    assert results.count("stays hidden until you finish it") == 3
    assert results.count('class="answer-key"') == 4 and results.count("· 1 / 1") == 4
    # A practice quiz now draws only the other four questions.
    fresh = practice_attempt(client)
    held = {s.question_id for s in slots_of(db, graded)}
    assert len(slots_of(db, fresh)) == 4
    assert not held & {s.question_id for s in slots_of(db, fresh)}


def test_a_graded_quizs_own_feedback_shows_and_a_final_answer_is_no_longer_held(
    client, student, db
):
    practice = practice_attempt(client)
    quiz = make_quiz(db, question_count=7, feedback="immediate", shuffle_questions=False)
    attempt_id = start(client, quiz.id)
    first = slots_of(db, attempt_id)[0]
    answer(
        client, attempt_id, first, revision_of(db, attempt_id), right_answer_form(first), "check"
    )
    assert "The answer" in client.get(f"/attempts/{attempt_id}/q/1").get_data(as_text=True)
    # The first question's answer is final: the practice quiz may check it; not the others.
    slots = {s.question_id: s for s in slots_of(db, practice)}
    mine = slots[first.question_id]
    ok = answer(client, practice, mine, revision_of(db, practice), right_answer_form(mine), "check")
    assert ok.status_code == 302
    other = next(s for qid, s in slots.items() if qid != first.question_id)
    held = answer(
        client, practice, other, revision_of(db, practice), right_answer_form(other), "check"
    )
    assert held.status_code == 403


def test_an_attempt_past_its_deadline_holds_nothing_back(client, student, db):
    quiz = make_quiz(db, question_count=7, time_limit_minutes=5)
    attempt_id = start(client, quiz.id)
    db.rollback()
    attempt = db.get(Attempt, attempt_id)
    attempt.deadline_at = datetime.now(UTC) - timedelta(minutes=1)
    db.commit()
    assert "Card front" in client.get("/decks/mini/study").get_data(as_text=True)


def closing_quiz_form(**extra: str) -> dict[str, str]:
    return {
        "title": "Exam",
        "question_count": "3",
        "feedback": "end",
        "pass_percent": "50",
        "one_per_page": "y",
        "closes_study": "y",
        **extra,
    }


def test_a_teacher_closes_study_of_the_deck_while_the_quiz_is_open(client, auth, mini_deck, db):
    auth.create("teach", role="teacher")
    auth.login("teach")
    form = client.get("/teacher/decks/mini/quizzes/new").get_data(as_text=True)
    assert "Close flashcard study and practice of this deck" in form
    without_end = client.post("/teacher/decks/mini/quizzes/new", data=closing_quiz_form())
    assert "Set a closing time" in without_end.get_data(as_text=True)
    assert db.scalars(select(Quiz)).first() is None
    opens, closes = (
        (datetime.now(UTC) + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M") for hours in (1, 2)
    )
    saved = client.post(
        "/teacher/decks/mini/quizzes/new", data=closing_quiz_form(opens_at=opens, closes_at=closes)
    )
    assert saved.status_code == 302
    db.rollback()
    quiz = db.scalars(select(Quiz)).one()
    assert quiz.closes_study
    edit = client.get(f"/teacher/quizzes/{quiz.id}/edit").get_data(as_text=True)
    assert re.search(r'<input checked id="closes_study"', edit)

    auth.logout()
    auth.create("student1")
    auth.login("student1")
    # Before the quiz opens, study is open.
    url = reveal_url(client.get("/decks/mini/study").get_data(as_text=True))
    db.rollback()
    quiz.opens_at = None
    db.commit()
    deck = client.get("/decks/mini").get_data(as_text=True)
    assert "Your teacher closed flashcard study and practice of this deck" in deck
    for path in ["/decks/mini/study", "/decks/mini/cram", url]:
        refused = client.get(path)
        assert refused.status_code == 403, path
        text = refused.get_data(as_text=True)
        assert "Your teacher closed flashcard study and practice of this deck" in text
        assert "“Exam” is open (it closes" in text and 'href="/decks/mini"' in text
    for path in ["/decks/mini/practice", "/decks/mini/weak-points"]:
        assert client.post(path, data={"count": "3"}).status_code == 403, path
    db.rollback()
    assert db.scalars(select(Attempt)).first() is None
    # The quiz itself can be taken, and once it closes study opens again.
    attempt_id = start(client, quiz.id)
    assert client.get(f"/attempts/{attempt_id}/q/1").status_code == 200
    client.post(f"/attempts/{attempt_id}/finish", data={"revision": revision_of(db, attempt_id)})
    db.rollback()
    closing = db.get(Quiz, quiz.id)
    closing.closes_at = datetime.now(UTC) - timedelta(minutes=1)
    db.commit()
    assert "Card front" in client.get("/decks/mini/study").get_data(as_text=True)
    assert client.get(url).status_code == 200
    auth.logout()
    auth.login("teach")
    closing.closes_at = datetime.now(UTC) + timedelta(minutes=30)
    db.commit()
    # The teacher is never shut out.
    assert "Card front" in client.get("/decks/mini/study").get_data(as_text=True)


def test_closed_study_also_hides_old_practice_results_of_the_deck(client, auth, student, db):
    practice = practice_attempt(client)
    client.post(f"/attempts/{practice}/finish", data={"revision": revision_of(db, practice)})
    assert "answer-key" in client.get(f"/attempts/{practice}/results").get_data(as_text=True)
    make_quiz(db, title="Exam", closes_study=True, closes_at=datetime.now(UTC) + timedelta(hours=1))
    results = client.get(f"/attempts/{practice}/results").get_data(as_text=True)
    assert "answer-key" not in results and "Your teacher closed flashcard study" in results


def test_extra_practice_says_why_when_all_its_cards_are_in_an_open_quiz(client, student, db):
    question_id, version = front(client)
    rate(client, question_id, version, 3)
    quiz = make_quiz(db, question_count=7)
    start(client, quiz.id)
    db.rollback()
    held = {s.question_id for s in db.scalars(select(AttemptSlot))}
    assert question_id in held
    cram = client.get("/decks/mini/cram")
    assert cram.status_code == 403
    assert "in your quiz “Test quiz”" in cram.get_data(as_text=True)
