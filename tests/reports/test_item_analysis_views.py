"""Item analysis of a quiz in the browser's way, and as CSV; only for the quiz's teacher."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import select

from quizapp.models import Quiz


def test_item_analysis_of_a_demo_class_quiz(client, runner, auth, mini_deck, db):
    auth.create("teach", role="teacher")
    result = runner.invoke(
        args=["demo-data", "--teacher", "teach", "--deck", "mini", "--students", "12"]
    )
    assert result.exit_code == 0, result.output
    quiz_id = db.scalars(select(Quiz.id).where(Quiz.kind == "assigned")).one()
    auth.login("teach")
    page = client.get(f"/teacher/quizzes/{quiz_id}/analysis").get_data(as_text=True)
    assert "Cronbach" in page and "Skewness" in page
    assert re.search(r"Finished attempts</dt><dd>(\d+)<", page)
    assert page.count("<code>") >= 7  # every question of the mini deck was asked
    assert "(right): " in page  # option counts of choice questions
    # Rows carry short flag names; what each one means is said once, above the table.
    in_rows = re.findall(r'<ul class="flag-list">(.*?)</ul>', page)
    names = {name for row in in_rows for name in re.findall(r"<li>(.*?)</li>", row)}
    legend = re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", page.split("flag-legend", 1)[1])
    assert names and names == {name for name, _ in legend}
    assert len(legend) == len(names) and all(page.count(meaning) == 1 for _, meaning in legend)

    response = client.get(f"/teacher/quizzes/{quiz_id}/analysis.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:4] == ["question", "prompt", "attempts", "facility %"]
    assert len(rows) == 8
    assert all(0 <= float(row[3]) <= 100 for row in rows[1:])


def test_item_analysis_is_only_for_the_quizs_teacher(client, auth, mini_deck, db):
    auth.create("teach", role="teacher")
    auth.create("other", role="teacher")
    auth.login("teach")
    client.post(
        "/teacher/decks/mini/quizzes/new",
        data={"title": "Mine", "question_count": "2", "feedback": "end", "pass_percent": "50"},
    )
    quiz_id = db.scalars(select(Quiz.id)).one()
    assert client.get(f"/teacher/quizzes/{quiz_id}/analysis").status_code == 200
    assert "No finished attempt yet" in client.get(f"/teacher/quizzes/{quiz_id}/analysis").get_data(
        as_text=True
    )
    auth.logout()
    auth.login("other")
    assert client.get(f"/teacher/quizzes/{quiz_id}/analysis").status_code == 404
    assert client.get(f"/teacher/quizzes/{quiz_id}/analysis.csv").status_code == 404
    assert client.get(f"/teacher/quizzes/{quiz_id + 99}/analysis").status_code == 404
