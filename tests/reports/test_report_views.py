"""Progress pages, classes and class reports through the web client; who may see what."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from quizapp.models import ClassMember, SchoolClass, User
from tests.conftest import PASSWORD


def user_id(db, name: str) -> int:  # type: ignore[no-untyped-def]
    db.rollback()
    return db.scalars(select(User.id).where(User.username == name)).one()


def make_class(client, name: str = "Year 9") -> tuple[int, str]:  # type: ignore[no-untyped-def]
    response = client.post("/teacher/classes", data={"name": name})
    class_id = int(re.search(r"/teacher/classes/(\d+)", response.headers["Location"]).group(1))
    page = client.get(f"/teacher/classes/{class_id}").get_data(as_text=True)
    code = re.search(r"Join code <code>([A-Z0-9]+)</code>", page).group(1)
    return class_id, code


@pytest.fixture
def classroom(client, auth, mini_deck, db):  # type: ignore[no-untyped-def]
    """teach has a class with s1 and s2 in it; other-teach has none; s3 is in no class."""
    auth.create("teach", role="teacher")
    auth.create("other-teach", role="teacher")
    for name in ("st1", "st2", "st3"):
        auth.create(name)
    auth.login("teach")
    class_id, code = make_class(client)
    auth.logout()
    for name in ("st1", "st2"):
        auth.login(name)
        client.post("/classes", data={"code": code.lower()})
        auth.logout()
    return class_id


def test_students_join_with_the_code_and_a_wrong_code_is_explained(client, classroom, auth, db):
    assert db.scalar(select(ClassMember).where(ClassMember.class_id == classroom)) is not None
    auth.login("st3")
    page = client.post("/classes", data={"code": "NOPE"}, follow_redirects=True)
    assert "No class has that code" in page.get_data(as_text=True)
    db.rollback()
    assert len(db.get(SchoolClass, classroom).members) == 2


def test_the_progress_page_shows_mastery_charts_and_a_next_step(client, auth, mini_deck, db):
    auth.create("st1")
    auth.login("st1")
    for _ in range(3):
        page = client.get("/decks/mini/study").get_data(as_text=True)
        qid, version = re.search(
            r'/study/back/(\d+)".*?name="v" value="(\d+)"', page, re.S
        ).groups()
        client.post("/decks/mini/study/rate", data={"question": qid, "v": version, "rating": "3"})
    started = client.post("/decks/mini/practice", data={"count": "3"}).headers["Location"]
    review = client.get(f"{started}/review").get_data(as_text=True)
    revision = re.search(r'name="revision" value="(\d+)"', review).group(1)
    client.post(f"{started}/finish", data={"revision": revision})
    page = client.get("/progress").get_data(as_text=True)
    assert "Mastery by topic" in page and "Alpha" in page and "Beta" in page
    assert page.count("<svg") == 3 and "As a table" in page
    assert "Weakest topic" in page and "Start a review quiz on your weak points" in page
    assert "<td>0%</td>" in page  # the unanswered practice quiz, in the chart's table
    assert "Streak" in page and ">1 day<" in page


def test_a_teacher_sees_their_class_and_each_student(client, classroom, auth, db):
    auth.login("teach")
    page = client.get(f"/teacher/classes/{classroom}").get_data(as_text=True)
    assert "st1" in page and "st2" in page and "st3<" not in page
    assert "no activity for a week" in page
    s1 = user_id(db, "st1")
    student = client.get(f"/teacher/classes/{classroom}/students/{s1}")
    assert student.status_code == 200 and "Mastery by topic" in student.get_data(as_text=True)


def test_report_urls_refuse_everyone_else_however_the_ids_change(client, classroom, auth, db):
    s1, s3 = user_id(db, "st1"), user_id(db, "st3")
    auth.login("other-teach")
    for path in [
        f"/teacher/classes/{classroom}",
        f"/teacher/classes/{classroom}/students/{s1}",
        f"/teacher/classes/{classroom}/gradebook.csv",
        f"/teacher/classes/{classroom + 1}",
    ]:
        assert client.get(path).status_code == 404, path
    assert (
        client.post(f"/teacher/classes/{classroom}/quizzes", data={"quiz": "1"}).status_code == 404
    )
    auth.logout()
    auth.login("teach")
    assert client.get(f"/teacher/classes/{classroom}/students/{s3}").status_code == 404
    auth.logout()
    auth.login("st1")
    for path in [
        f"/teacher/classes/{classroom}",
        f"/teacher/classes/{classroom}/students/{s1}",
        "/teacher/classes",
        "/teacher/quizzes/1/analysis",
    ]:
        assert client.get(path).status_code == 403, path


def test_the_gradebook_is_safe_csv_with_one_header_row(client, classroom, auth, db):
    auth.login("teach")
    client.post("/teacher/classes", data={"name": "=cmd|' /C calc'!A0"})
    response = client.get(f"/teacher/classes/{classroom}/gradebook.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][0] == "username" and "mastery alpha %" in rows[0]
    assert sorted(r[0] for r in rows[1:]) == ["st1", "st2"]


def test_a_quiz_assigned_to_a_class_is_only_for_its_members(client, classroom, auth, db):
    auth.login("teach")
    client.post(
        "/teacher/decks/mini/quizzes/new",
        data={
            "title": "Class only",
            "question_count": "2",
            "feedback": "end",
            "pass_percent": "50",
        },
    )
    quiz_id = int(
        re.search(
            r'name="quiz">\s*<option value="(\d+)"',
            client.get(f"/teacher/classes/{classroom}").get_data(as_text=True),
        ).group(1)
    )
    client.post(f"/teacher/classes/{classroom}/quizzes", data={"quiz": quiz_id})
    auth.logout()
    auth.login("st3")
    assert "Class only" not in client.get("/decks/mini").get_data(as_text=True)
    assert client.post(f"/quizzes/{quiz_id}/start").status_code == 404
    auth.logout()
    auth.login("st1")
    assert "Class only" in client.get("/decks/mini").get_data(as_text=True)
    assert client.post(f"/quizzes/{quiz_id}/start").status_code == 302


def test_demo_data_fills_a_class_with_simulated_students(app, runner, auth, db):
    from tests.conftest import DATA, import_bank

    import_bank(app, DATA / "mini-bank.yaml")
    auth.create("teach", role="teacher")
    assert runner.invoke(args=["demo-data", "--teacher", "nobody"]).exit_code == 1
    result = runner.invoke(
        args=["demo-data", "--teacher", "teach", "--deck", "mini", "--students", "6"]
    )
    assert result.exit_code == 0, result.output
    assert "with 6 simulated students" in result.output
    db.rollback()
    school_class = db.scalars(select(SchoolClass)).one()
    assert len(school_class.members) == 6 and len(school_class.quizzes) == 1
    demo = db.scalars(select(User).where(User.username == "demo-student-01")).one()
    from quizapp.auth.accounts import authenticate

    assert authenticate(db, "demo-student-01", PASSWORD) is None and demo.role == "student"
