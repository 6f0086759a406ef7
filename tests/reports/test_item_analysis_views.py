"""Item analysis of a quiz in the browser's way, and as CSV; only for the quiz's teacher."""

from __future__ import annotations

import csv
import io
import random
import re
import statistics
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.auth.accounts import find_user
from quizapp.demo import right_response, wrong_response
from quizapp.models import Attempt, AttemptSlot, Deck, Quiz, utcnow
from quizapp.quiz import service as quizzes
from quizapp.reports import service

Answering = Callable[[int, str, str, dict[str, Any]], dict[str, Any] | None]


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def make_quiz(db: Session, teacher: str, keys: list[str], count: int) -> Quiz:
    owner = find_user(db, teacher)
    deck = db.scalars(select(Deck).where(Deck.slug == "mini")).one()
    assert owner is not None
    quiz = Quiz(
        deck_id=deck.id,
        owner_id=owner.id,
        kind="assigned",
        title="Drawn quiz",
        question_keys=keys,
        question_count=count,
        feedback="end",
        pass_percent=50,
    )
    db.add(quiz)
    db.commit()
    return quiz


def sit(db: Session, auth: Any, quiz: Quiz, students: range, answer: Answering) -> None:
    """Each student takes the quiz once through the quiz service, answering as told."""
    for number in students:
        auth.create(f"student{number}")
        user = find_user(db, f"student{number}")
        assert user is not None
        started = utcnow() - timedelta(hours=number)
        attempt = quizzes.start_attempt(db, quiz, user, started, random.Random(number))
        for slot in attempt.slots:
            snap = slot.snapshot
            slot.response = answer(number, snap["key"], snap["type"], snap["body"])
        quizzes.finish_attempt(db, attempt, attempt.revision, started + timedelta(minutes=5))
        db.commit()


def by_pattern(number: int, key: str, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    """Right or wrong by a fixed pattern of student and question, so the marks vary."""
    if (number * 7 + len(key) * 3) % 5 < 3 - (number % 2):
        return right_response(kind, body)
    return wrong_response(kind, body, random.Random(number))


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
    # The demo quiz draws all 7 questions of the mini deck in a shuffled order: 7 slots, each
    # holding several questions, and every question listed beneath them.
    assert len(re.findall(r'<tr><th scope="row">\d+', page)) == 7
    assert "Questions drawn at random into slots 1–7" in page
    assert page.count("<code>") >= 7
    assert "(right): " in page  # option counts of choice questions
    # Rows carry short flag names; what each one means is said once, above the tables.
    in_rows = re.findall(
        r'<th scope="row">[^<]*(?:<a [^>]*><code>[^<]*</code></a>)?<ul>(.*?)</ul>', page
    )
    names = {name for row in in_rows for name in re.findall(r"<li>(.*?)</li>", row)}
    # Which flags come up depends on the simulated answers, which depend on the database's
    # row order; with none, there is no legend.
    after = page.split("flag-legend", 1)[1] if "flag-legend" in page else ""
    legend = re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", after)
    assert names == {name for name, _ in legend}
    assert bool(names) == ("flag-legend" in page)
    assert len(legend) == len(names) and all(page.count(meaning) == 1 for _, meaning in legend)

    response = client.get(f"/teacher/quizzes/{quiz_id}/analysis.csv")
    assert response.mimetype == "text/csv"
    rows = read_csv(response.get_data(as_text=True))
    assert list(rows[0])[:4] == ["row", "slot", "question", "prompt"]
    assert [row["row"] for row in rows] == ["quiz"] * 8 + ["slot"] * 7 + ["drawn question"] * 7
    figures = [row for row in rows if row["row"] != "quiz"]
    assert all(0 <= float(row["facility %"]) <= 100 for row in figures)
    for row in figures:  # a blank figure says why
        assert (row["discrimination index"] == "") == ("is not defined" in row["note"])
    drawn = [row for row in figures if row["row"] == "drawn question"]
    assert all("against the attempt's whole total" in row["note"] for row in drawn)
    alpha = next(row for row in rows if row["question"] == "Cronbach's alpha %")
    assert alpha["value"] and float(alpha["value"]) <= 100 and not alpha["note"]


def test_random_draws_give_the_slot_figures_worked_out_by_hand(client, auth, mini_deck, db):
    auth.create("teach", role="teacher")
    keys = ["single-1", "tf-1", "short-1", "multi-1"]
    quiz = make_quiz(db, "teach", keys, 2)  # 2 of these 4, in a random order
    sit(db, auth, quiz, range(1, 13), by_pattern)

    # By hand, from the stored slots: slot = position in the attempt.
    marks: dict[int, dict[int, float]] = defaultdict(dict)
    seen: dict[int, set[int]] = defaultdict(set)
    for attempt_id, position, question_id, score in db.execute(
        select(
            AttemptSlot.attempt_id, AttemptSlot.position, AttemptSlot.question_id, AttemptSlot.score
        )
        .join(Attempt)
        .where(Attempt.quiz_id == quiz.id, Attempt.status == "finished")
    ):
        marks[attempt_id][position] = score
        seen[position].add(question_id)
    assert len(marks) == 12 and all(len(slots) > 1 for slots in seen.values())
    slot_marks = [[row[position] for row in marks.values()] for position in (0, 1)]
    totals = [sum(row.values()) for row in marks.values()]
    k = 2
    alpha = (
        k / (k - 1) * (1 - sum(map(statistics.variance, slot_marks)) / statistics.variance(totals))
    )
    facility = [statistics.fmean(column) for column in slot_marks]

    auth.login("teach")
    page = client.get(f"/teacher/quizzes/{quiz.id}/analysis").get_data(as_text=True)
    assert f"Cronbach's alpha</dt><dd>{100 * alpha:.1f}%</dd>" in page
    assert f"Mean (out of 2)</dt><dd>{statistics.fmean(totals):.2f}</dd>" in page
    shown = re.findall(
        r'<tr><th scope="row">(\d)(?:<ul>.*?</ul>)?</th><td>(\d) drawn at random</td><td>12</td>'
        r"<td>([\d.]+)%</td>",
        page,
    )
    assert shown == [
        (str(slot + 1), str(len(seen[slot])), f"{100 * facility[slot]:.1f}") for slot in (0, 1)
    ]
    assert "Questions drawn at random into slots 1, 2" in page
    rows = read_csv(client.get(f"/teacher/quizzes/{quiz.id}/analysis.csv").get_data(as_text=True))
    quiz_rows = {row["question"]: row for row in rows if row["row"] == "quiz"}
    assert float(quiz_rows["Cronbach's alpha %"]["value"]) == round(100 * alpha, 2)
    slots = [row for row in rows if row["row"] == "slot"]
    assert [float(row["facility %"]) for row in slots] == [round(100 * f, 2) for f in facility]
    assert [row["intended weight %"] for row in slots] == ["50", "50"]
    drawn = [row for row in rows if row["row"] == "drawn question"]
    assert sorted(row["question"] for row in drawn) == sorted(keys)
    assert sum(int(row["attempts"]) for row in drawn) == 12 * 2

    # The service gives the same figures unrounded.
    analysis = service.item_analysis(db, quiz).analysis
    assert analysis.test.cronbach_alpha is not None
    assert abs(analysis.test.cronbach_alpha - alpha) < 1e-9
    assert abs(analysis.test.mean - statistics.fmean(totals)) < 1e-9
    for item, expected in zip(analysis.slots, facility, strict=True):
        assert item.facility is not None and abs(item.facility - expected) < 1e-9


def test_attempts_of_different_lengths_get_no_alpha_and_the_page_says_why(
    client, auth, mini_deck, db
):
    auth.create("teach", role="teacher")
    quiz = make_quiz(db, "teach", ["single-1", "tf-1", "short-1", "multi-1"], 2)
    sit(db, auth, quiz, range(1, 5), by_pattern)
    quiz.question_count = 3  # the teacher changes the quiz between attempts
    db.commit()
    sit(db, auth, quiz, range(5, 9), by_pattern)
    auth.login("teach")
    page = client.get(f"/teacher/quizzes/{quiz.id}/analysis").get_data(as_text=True)
    assert "Cronbach's alpha</dt><dd>—</dd>" in page
    assert "Error ratio</dt><dd>—</dd>" in page
    assert "Mean (out of 2–3)" in page
    assert (
        "Cronbach&#39;s alpha: not given. Attempts had different numbers of questions (2 to 3)"
        in page
    )
    rows = read_csv(client.get(f"/teacher/quizzes/{quiz.id}/analysis.csv").get_data(as_text=True))
    alpha = next(row for row in rows if row["question"] == "Cronbach's alpha %")
    assert alpha["value"] == "" and "different numbers of questions (2 to 3)" in alpha["note"]
    assert [row["attempts"] for row in rows if row["row"] == "slot"] == ["8", "8", "4"]


def answered(number: int, key: str, kind: str, body: dict[str, Any]) -> dict[str, Any] | None:
    """Student 1 answers all right; 2 and 3 give the answers the test below counts."""
    if number == 1:
        return right_response(kind, body)
    wrong = {
        2: {
            "single-1": {"choice": 1},
            "short-1": {"text": "  TEHERAN! "},
            "cloze-1": {"blanks": {"star": "Moon", "count": "8"}},
            "order-1": {"positions": {"0": 4, "1": 3, "2": 2, "3": 1}},
            "match-1": {"matches": {"0": 0, "1": 3, "2": 2}},
            "tf-1": {"answer": False},
        },
        3: {
            "single-1": None,
            "short-1": {"text": "Isfahan"},
            "cloze-1": {"blanks": {"star": "moon", "count": ""}},
            "multi-1": {"choices": [0, 2]},
        },
    }[number]
    return wrong[key] if key in wrong else right_response(kind, body)


def test_response_analysis_on_the_page_and_in_the_csv(client, auth, mini_deck, db):
    auth.create("teach", role="teacher")
    keys = ["single-1", "multi-1", "tf-1", "short-1", "cloze-1", "order-1", "match-1"]
    quiz = make_quiz(db, "teach", keys, 7)
    sit(db, auth, quiz, range(1, 4), answered)
    auth.login("teach")
    page = client.get(f"/teacher/quizzes/{quiz.id}/analysis").get_data(as_text=True)

    def cell(key: str) -> str:
        found = re.search(rf"<code>{key}</code>.*?<td><ul>(.*?)</ul></td></tr>", page)
        assert found, key
        return found.group(1)

    assert cell("single-1") == (
        "<li>Blue (right): 1</li><li>Green: 1</li><li>Red: 0</li><li>Black: 0</li>"
        "<li>No answer: 1</li>"
    )
    assert cell("multi-1") == (
        "<li>2 (right): 3</li><li>3 (right): 2</li><li>4: 1</li><li>9: 0</li>"
    )
    assert cell("tf-1") == "<li>True (right): 2</li><li>False: 1</li>"
    assert cell("short-1") == (
        "<li><q>isfahan</q>: 1</li><li><q>teheran</q> (accepted): 1</li>"
        "<li><q>tehran</q> (accepted): 1</li>"
    )
    assert cell("cloze-1") == (
        "<li>star: <q>moon</q>: 2</li><li>star: <q>sun</q> (accepted): 1</li>"
        "<li>count: <q>8</q> (accepted): 1</li><li>count: <q>eight</q> (accepted): 1</li>"
        "<li>count: blank: 1</li>"
    )
    assert cell("order-1") == (
        "<li><code>1-2-3-4</code> (right): 2</li><li><code>4-3-2-1</code>: 1</li>"
    )
    assert cell("match-1") == (
        "<li><code>1A 2B 3C</code> (right): 2</li><li><code>1A 2D 3C</code>: 1</li>"
    )

    response = client.get(f"/teacher/quizzes/{quiz.id}/responses.csv")
    assert response.mimetype == "text/csv"
    assert 'filename="responses-' in response.headers["Content-Disposition"]
    rows = read_csv(response.get_data(as_text=True))
    assert list(rows[0]) == [
        "question",
        "prompt",
        "type",
        "blank",
        "answer",
        "code",
        "right or accepted",
        "times given",
        "% of responses",
    ]
    single = [row for row in rows if row["question"] == "single-1"]
    assert [
        (r["answer"], r["right or accepted"], r["times given"], r["% of responses"]) for r in single
    ] == [
        ("Blue", "yes", "1", "33.33"),
        ("Green", "no", "1", "33.33"),
        ("Red", "no", "0", "0"),
        ("Black", "no", "0", "0"),
        ("(no answer)", "no", "1", "33.33"),
    ]
    match = next(row for row in rows if row["question"] == "match-1" and row["code"] == "1A 2D 3C")
    assert match["answer"] == "France → Paris; Japan → Madrid; Peru → Lima"
    cloze = [
        (r["blank"], r["answer"], r["times given"]) for r in rows if r["question"] == "cloze-1"
    ]
    assert cloze == [
        ("star", "moon", "2"),
        ("star", "sun", "1"),
        ("count", "8", "1"),
        ("count", "eight", "1"),
        ("count", "(blank)", "1"),
    ]


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
    empty = read_csv(client.get(f"/teacher/quizzes/{quiz_id}/analysis.csv").get_data(as_text=True))
    assert [(row["row"], row["value"], row["note"]) for row in empty] == [
        ("quiz", "", "No finished attempt yet.")
    ] * 8
    assert client.get(f"/teacher/quizzes/{quiz_id}/responses.csv").status_code == 200
    auth.logout()
    auth.login("other")
    assert client.get(f"/teacher/quizzes/{quiz_id}/analysis").status_code == 404
    assert client.get(f"/teacher/quizzes/{quiz_id}/analysis.csv").status_code == 404
    assert client.get(f"/teacher/quizzes/{quiz_id}/responses.csv").status_code == 404
    assert client.get(f"/teacher/quizzes/{quiz_id + 99}/analysis").status_code == 404


def test_the_analysis_pauses_the_cycle_collector_only_while_it_runs(auth, mini_deck, db):
    import gc

    auth.create("teach", role="teacher")
    quiz = make_quiz(db, "teach", ["single-1", "tf-1"], 2)
    sit(db, auth, quiz, range(1, 3), by_pattern)
    assert gc.isenabled()
    assert service.item_analysis(db, quiz).analysis.test.attempts == 2
    assert gc.isenabled()
    gc.disable()
    try:
        service.item_analysis(db, quiz)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_quiz_that_draws_nothing_at_random_shows_each_slots_question(client, auth, mini_deck, db):
    auth.create("teach", role="teacher")
    quiz = make_quiz(db, "teach", ["single-1", "tf-1"], 2)
    quiz.shuffle_questions = False
    db.commit()
    sit(db, auth, quiz, range(1, 5), by_pattern)
    auth.login("teach")
    page = client.get(f"/teacher/quizzes/{quiz.id}/analysis").get_data(as_text=True)
    assert "Questions drawn at random" not in page and "drawn at random</td>" not in page
    slots = re.findall(
        r'<tr><th scope="row">(\d)(?:<ul>.*?</ul>)?</th><td><a [^>]*><code>([^<]*)</code>', page
    )
    assert slots == [("1", "single-1"), ("2", "tf-1")]
    assert "<li>True (right): " in page and "Responses: typed answers" in page
    rows = read_csv(client.get(f"/teacher/quizzes/{quiz.id}/analysis.csv").get_data(as_text=True))
    assert [row["question"] for row in rows if row["row"] == "slot"] == ["single-1", "tf-1"]
    assert not [row for row in rows if row["row"] == "drawn question"]
