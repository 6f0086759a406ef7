"""Taking quizzes through the web client, and every way of gaming an attempt being refused."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from quizapp.models import Attempt, AttemptSlot, Deck, Question, Quiz, User

ALL_TYPES = {
    "single_choice",
    "multiple_choice",
    "true_false",
    "short_answer",
    "cloze",
    "ordering",
    "matching",
}


@pytest.fixture
def student(auth, mini_deck):  # type: ignore[no-untyped-def]
    auth.create("student1")
    auth.login("student1")
    return "student1"


def make_quiz(db, **settings) -> Quiz:  # type: ignore[no-untyped-def]
    db.rollback()  # a fresh snapshot, so our write does not collide with the requests' ones
    deck = db.scalars(select(Deck).where(Deck.slug == "mini")).one()
    teacher = db.scalars(select(User).where(User.role == "teacher")).first()
    if teacher is None:
        from quizapp.auth.accounts import create_user
        from tests.conftest import PASSWORD

        teacher = create_user(db, "teach", PASSWORD, "teacher")
    values = {
        "title": "Test quiz",
        "question_count": 7,
        "feedback": "end",
        "pass_percent": 60,
        "shuffle_questions": True,
        "shuffle_options": True,
        "one_per_page": True,
        **settings,
    }
    quiz = Quiz(deck_id=deck.id, owner_id=teacher.id, kind="assigned", **values)
    db.add(quiz)
    db.commit()
    return quiz


def start(client, quiz_id: int) -> int:  # type: ignore[no-untyped-def]
    response = client.post(f"/quizzes/{quiz_id}/start")
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/attempts/(\d+)", response.headers["Location"]).group(1))


def slots_of(db, attempt_id: int) -> list[AttemptSlot]:  # type: ignore[no-untyped-def]
    db.rollback()
    return db.scalars(
        select(AttemptSlot)
        .where(AttemptSlot.attempt_id == attempt_id)
        .order_by(AttemptSlot.position)
    ).all()


def right_answer_form(slot: AttemptSlot) -> dict[str, object]:
    """What a student who knows every answer would send for this slot."""
    prefix = f"q{slot.id}-"
    body, order, kind = slot.snapshot["body"], slot.display_order, slot.snapshot["type"]
    if kind == "single_choice":
        right = next(i for i, o in enumerate(body["options"]) if o.get("correct"))
        return {prefix + "choice": str(order["options"].index(right))}
    if kind == "multiple_choice":
        rights = [i for i, o in enumerate(body["options"]) if o.get("correct")]
        return {prefix + "choices": [str(order["options"].index(r)) for r in rights]}
    if kind == "true_false":
        return {prefix + "answer": "true" if body["answer"] else "false"}
    if kind == "short_answer":
        return {prefix + "text": body["answers"][0].upper() + "  "}
    if kind == "cloze":
        return {
            f"{prefix}blank-{number}": answers[0]
            for number, answers in enumerate(body["blanks"].values(), start=1)
        }
    if kind == "ordering":
        return {
            f"{prefix}position-{shown}": str(canonical + 1)
            for shown, canonical in enumerate(order["items"])
        }
    if kind == "matching":
        return {
            f"{prefix}match-{shown}": str(order["rights"].index(left))
            for shown, left in enumerate(order["lefts"])
        }
    raise AssertionError(kind)


def answer(client, attempt_id, slot, revision, form, action="next"):  # type: ignore[no-untyped-def]
    data = {"revision": str(revision), "slot": str(slot.id), "action": action, **form}
    return client.post(f"/attempts/{attempt_id}/save", data=data)


def revision_of(db, attempt_id: int) -> int:  # type: ignore[no-untyped-def]
    db.rollback()
    return db.get(Attempt, attempt_id).revision


def test_a_whole_quiz_with_every_type_answered_right_scores_full_marks(client, student, db):
    quiz = make_quiz(db)
    attempt_id = start(client, quiz.id)
    slots = slots_of(db, attempt_id)
    assert {s.snapshot["type"] for s in slots} == ALL_TYPES
    for slot in slots:
        response = answer(
            client, attempt_id, slot, revision_of(db, attempt_id), right_answer_form(slot)
        )
        assert response.status_code == 302
    finish = client.post(
        f"/attempts/{attempt_id}/finish", data={"revision": revision_of(db, attempt_id)}
    )
    assert finish.headers["Location"].endswith(f"/attempts/{attempt_id}/results")
    page = client.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    assert "7 / 7" in page.replace("</span>", "") and "100%" in page and "Passed" in page
    db.rollback()
    attempt = db.get(Attempt, attempt_id)
    assert attempt.is_finished and attempt.score == 7.0


def test_wrong_and_partial_answers_are_graded_on_the_server(client, student, db):
    quiz = make_quiz(db, pass_percent=90)
    attempt_id = start(client, quiz.id)
    for slot in slots_of(db, attempt_id):
        form = right_answer_form(slot)
        if slot.snapshot["type"] == "multiple_choice":
            form = {f"q{slot.id}-choices": [form[f"q{slot.id}-choices"][0]]}
        if slot.snapshot["type"] == "short_answer":
            form = {f"q{slot.id}-text": "Baghdad"}
        answer(client, attempt_id, slot, revision_of(db, attempt_id), form)
    client.post(f"/attempts/{attempt_id}/finish", data={"revision": revision_of(db, attempt_id)})
    db.rollback()
    scores = {s.snapshot["type"]: s.score for s in slots_of(db, attempt_id)}
    assert scores["short_answer"] == 0.0
    assert 0 < scores["multiple_choice"] < 1
    assert db.get(Attempt, attempt_id).score == pytest.approx(5 + scores["multiple_choice"])
    page = client.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    assert "Not passed" in page and "Practise the 2 missed" in page


def test_question_pages_never_contain_the_answer_before_it_is_final(client, student, db):
    quiz = make_quiz(db, feedback="immediate")
    attempt_id = start(client, quiz.id)
    secrets = [
        "Yes: scattering",
        "4 is 2 times 2",
        "Tehran",
        "Teheran",
        "Sunlight scatters",
        "It does: at one atmosphere",
        "correct",
        "Smallest first",
    ]
    for number, slot in enumerate(slots_of(db, attempt_id), start=1):
        page = client.get(f"/attempts/{attempt_id}/q/{number}").get_data(as_text=True)
        for secret in secrets:
            assert secret not in page, (slot.snapshot["type"], secret)
        # Option values are display positions 0..n-1, whatever the option's place in the file.
        values = re.findall(r'name="q\d+-(?:choice|choices)" value="(\d+)"', page)
        assert values == [str(i) for i in range(len(values))]
    # Once checked, the feedback for that question is shown.
    first = slots_of(db, attempt_id)[0]
    answer(
        client, attempt_id, first, revision_of(db, attempt_id), right_answer_form(first), "check"
    )
    page = client.get(f"/attempts/{attempt_id}/q/1").get_data(as_text=True)
    assert "The answer" in page and "Right" in page


def test_checking_locks_the_answer_and_a_second_check_is_refused(client, student, db):
    quiz = make_quiz(db, feedback="immediate")
    attempt_id = start(client, quiz.id)
    slot = slots_of(db, attempt_id)[0]
    answer(client, attempt_id, slot, revision_of(db, attempt_id), right_answer_form(slot), "check")
    again = answer(client, attempt_id, slot, revision_of(db, attempt_id), {}, "check")
    assert again.status_code == 302
    follow = client.get(again.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "already final" in follow
    assert slots_of(db, attempt_id)[0].score == 1.0


def test_a_replayed_form_is_refused_and_changes_nothing(client, student, db):
    quiz = make_quiz(db)
    attempt_id = start(client, quiz.id)
    slot = slots_of(db, attempt_id)[0]
    old_revision = revision_of(db, attempt_id)
    answer(client, attempt_id, slot, old_revision, right_answer_form(slot))
    saved = slots_of(db, attempt_id)[0].response
    replay = answer(
        client, attempt_id, slot, old_revision, {f"q{slot.id}-text": "x", f"q{slot.id}-choice": "3"}
    )
    assert replay.status_code == 302
    assert "out of date" in client.get(replay.headers["Location"], follow_redirects=True).get_data(
        as_text=True
    )
    assert slots_of(db, attempt_id)[0].response == saved
    assert revision_of(db, attempt_id) == old_revision + 1


def test_finishing_twice_changes_nothing_the_second_time(client, student, db):
    quiz = make_quiz(db)
    attempt_id = start(client, quiz.id)
    revision = revision_of(db, attempt_id)
    assert (
        client.post(f"/attempts/{attempt_id}/finish", data={"revision": revision}).status_code
        == 302
    )
    db.rollback()
    finished_at = db.get(Attempt, attempt_id).finished_at
    second = client.post(
        f"/attempts/{attempt_id}/finish", data={"revision": revision}, follow_redirects=True
    )
    assert "already submitted" in second.get_data(as_text=True)
    db.rollback()
    assert db.get(Attempt, attempt_id).finished_at == finished_at
    late = answer(client, attempt_id, slots_of(db, attempt_id)[0], revision + 1, {})
    assert late.status_code == 302 and late.headers["Location"].endswith(f"/attempts/{attempt_id}")


def test_answering_a_question_outside_the_attempt_is_refused(client, student, db):
    quiz = make_quiz(db, question_count=2)
    attempt_id = start(client, quiz.id)
    other = start_other_attempt(client, db)
    foreign = slots_of(db, other)[0]
    response = client.post(
        f"/attempts/{attempt_id}/save",
        data={"revision": revision_of(db, attempt_id), "slot": str(foreign.id), "action": "next"},
    )
    assert response.status_code == 400
    assert slots_of(db, other)[0].response is None


def start_other_attempt(client, db) -> int:  # type: ignore[no-untyped-def]
    return start(client, make_quiz(db, title="Other", question_count=1).id)


def test_another_students_attempt_cannot_be_read_or_changed(client, auth, student, db):
    quiz = make_quiz(db)
    attempt_id = start(client, quiz.id)
    auth.logout()
    auth.create("intruder")
    auth.login("intruder")
    for path in ["", "/q/1", "/review", "/results"]:
        assert client.get(f"/attempts/{attempt_id}{path}").status_code == 404
    slot = slots_of(db, attempt_id)[0]
    assert (
        answer(
            client, attempt_id, slot, revision_of(db, attempt_id), right_answer_form(slot)
        ).status_code
        == 404
    )
    assert client.post(f"/attempts/{attempt_id}/finish", data={"revision": 0}).status_code == 404
    assert slots_of(db, attempt_id)[0].response is None


def test_time_limit_is_enforced_on_the_server(client, student, db):
    quiz = make_quiz(db, time_limit_minutes=5)
    attempt_id = start(client, quiz.id)
    slot = slots_of(db, attempt_id)[0]
    answer(client, attempt_id, slot, revision_of(db, attempt_id), right_answer_form(slot))
    db.rollback()
    attempt = db.get(Attempt, attempt_id)
    attempt.started_at -= timedelta(minutes=10)
    attempt.deadline_at -= timedelta(minutes=10)
    db.commit()
    late = answer(
        client,
        attempt_id,
        slots_of(db, attempt_id)[1],
        revision_of(db, attempt_id),
        right_answer_form(slots_of(db, attempt_id)[1]),
    )
    assert late.status_code == 302
    db.rollback()
    attempt = db.get(Attempt, attempt_id)
    assert attempt.is_finished and attempt.finished_at == attempt.deadline_at
    assert attempt.score == 1.0
    assert slots_of(db, attempt_id)[1].response is None


def test_allowed_attempts_and_the_open_window_are_enforced(client, student, db):
    quiz = make_quiz(db, max_attempts=1, question_count=1)
    attempt_id = start(client, quiz.id)
    client.post(f"/attempts/{attempt_id}/finish", data={"revision": revision_of(db, attempt_id)})
    refused = client.post(f"/quizzes/{quiz.id}/start")
    assert refused.status_code == 403
    assert "used all 1 attempt" in refused.get_data(as_text=True)
    closed = make_quiz(db, title="Closed", closes_at=datetime.now(UTC) - timedelta(hours=1))
    assert client.post(f"/quizzes/{closed.id}/start").status_code == 403
    later = make_quiz(db, title="Later", opens_at=datetime.now(UTC) + timedelta(hours=1))
    assert client.post(f"/quizzes/{later.id}/start").status_code == 403
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Attempt)) == 1


def test_starting_again_resumes_the_attempt_under_way(client, student, db):
    quiz = make_quiz(db)
    first = start(client, quiz.id)
    assert start(client, quiz.id) == first


def test_a_reimport_never_rewrites_a_finished_attempt(app, client, student, db, tmp_path):
    from tests.conftest import DATA, import_bank

    quiz = make_quiz(db, question_count=7)
    attempt_id = start(client, quiz.id)
    for slot in slots_of(db, attempt_id):
        answer(client, attempt_id, slot, revision_of(db, attempt_id), right_answer_form(slot))
    client.post(f"/attempts/{attempt_id}/finish", data={"revision": revision_of(db, attempt_id)})
    edited = (
        (DATA / "mini-bank.yaml")
        .read_text()
        .replace('      - text: "Blue"\n        correct: true', '      - text: "Blue"')
        .replace('      - text: "Green"\n', '      - text: "Green"\n        correct: true\n')
    )
    path = tmp_path / "mini-bank.yaml"
    path.write_text(edited)
    import_bank(app, path)
    db.rollback()
    question = db.scalars(select(Question).where(Question.key == "single-1")).one()
    assert question.version == 2
    assert db.get(Attempt, attempt_id).score == 7.0
    page = client.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    assert "7 / 7" in page.replace("</span>", "")


def test_practice_quiz_from_the_deck_page_and_practising_the_missed(client, student, db):
    page = client.get("/decks/mini").get_data(as_text=True)
    assert "Start practice quiz" in page
    response = client.post("/decks/mini/practice", data={"topics": ["beta"], "count": "10"})
    attempt_id = int(re.search(r"/attempts/(\d+)", response.headers["Location"]).group(1))
    slots = slots_of(db, attempt_id)
    assert len(slots) == 4 and all("beta" in s.snapshot["topics"] for s in slots)
    client.post(f"/attempts/{attempt_id}/finish", data={"revision": revision_of(db, attempt_id)})
    missed = client.post(f"/attempts/{attempt_id}/practice-missed")
    new_id = int(re.search(r"/attempts/(\d+)", missed.headers["Location"]).group(1))
    assert {s.snapshot["key"] for s in slots_of(db, new_id)} == {s.snapshot["key"] for s in slots}
    history = client.get("/history").get_data(as_text=True)
    assert (
        history.count(">Practice: Mini deck<") == 1
        and ">Missed questions: Practice: Mini deck<" in history
    )


def test_bad_practice_settings_are_refused_cleanly(client, student, db):
    response = client.post("/decks/mini/practice", data={"topics": ["nope"], "count": "10"})
    assert response.status_code == 400
    assert "not understood" in response.get_data(as_text=True)
    response = client.post("/decks/mini/practice", data={"count": "0"})
    assert response.status_code == 400
    assert "How many questions: Enter a whole number from 1 to 100." in response.get_data(
        as_text=True
    )
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Attempt)) == 0


def test_answers_survive_a_reload(client, student, db):
    quiz = make_quiz(db, shuffle_questions=False)
    attempt_id = start(client, quiz.id)
    slot = slots_of(db, attempt_id)[3]
    assert slot.snapshot["type"] == "short_answer"
    answer(
        client,
        attempt_id,
        slot,
        revision_of(db, attempt_id),
        {f"q{slot.id}-text": "Tehran"},
        "save",
    )
    page = client.get(f"/attempts/{attempt_id}/q/4").get_data(as_text=True)
    assert 'value="Tehran"' in page
    assert "1 of 7 answered" in page


def test_teacher_sets_up_a_quiz_and_students_see_it(client, auth, mini_deck, db):
    auth.create("teach", role="teacher")
    auth.login("teach")
    response = client.post(
        "/teacher/decks/mini/quizzes/new",
        data={
            "title": "Week 1",
            "topics": ["alpha"],
            "question_count": "3",
            "feedback": "immediate",
            "pass_percent": "50",
            "shuffle_questions": "y",
            "one_per_page": "y",
            "max_attempts": "2",
        },
    )
    assert response.status_code == 302
    bad = client.post(
        "/teacher/decks/mini/quizzes/new",
        data={
            "title": "Bad",
            "question_count": "3",
            "feedback": "end",
            "pass_percent": "50",
            "question_keys": "single-1 nope-9",
        },
    )
    assert "Not in this deck: nope-9" in bad.get_data(as_text=True)
    auth.logout()
    auth.create("student1")
    auth.login("student1")
    page = client.get("/decks/mini").get_data(as_text=True)
    assert "Week 1" in page and "Bad" not in page
    assert client.get("/teacher/quizzes").status_code == 403
    db.rollback()
    quiz = db.scalars(select(Quiz).where(Quiz.title == "Week 1")).one()
    assert (quiz.topics, quiz.question_count, quiz.max_attempts, quiz.shuffle_options) == (
        ["alpha"],
        3,
        2,
        False,
    )


def test_all_questions_on_one_page_saved_together(client, student, db):
    quiz = make_quiz(db, one_per_page=False, shuffle_questions=False)
    attempt_id = start(client, quiz.id)
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert page.count('class="panel question-panel"') == 7
    assert "Question 7 of 7" in page
    slots = slots_of(db, attempt_id)
    form: dict[str, object] = {"revision": str(revision_of(db, attempt_id)), "action": "review"}
    form["slot"] = [str(s.id) for s in slots]
    for slot in slots:
        form.update(right_answer_form(slot))
    response = client.post(f"/attempts/{attempt_id}/save", data=form)
    assert response.headers["Location"].endswith(f"/attempts/{attempt_id}/review")
    assert all(s.response is not None for s in slots_of(db, attempt_id))
    client.post(f"/attempts/{attempt_id}/finish", data={"revision": revision_of(db, attempt_id)})
    db.rollback()
    assert db.get(Attempt, attempt_id).score == 7.0


def test_a_cloze_answer_saved_by_blank_name_reads_back_into_numbered_blanks(client, student, db):
    """Answers are stored by the bank's blank names, as they were before blanks were numbered
    on the page: one saved then shows in its blanks and grades as before."""
    quiz = make_quiz(db, shuffle_questions=False)
    attempt_id = start(client, quiz.id)
    slot = slots_of(db, attempt_id)[4]
    assert slot.snapshot["type"] == "cloze"
    slot.response = {"blanks": {"star": "Sun", "count": "8"}}
    db.commit()
    page = client.get(f"/attempts/{attempt_id}/q/5").get_data(as_text=True)
    assert re.search(rf'name="q{slot.id}-blank-1" aria-label="Blank 1" value="Sun"', page)
    assert re.search(rf'name="q{slot.id}-blank-2" aria-label="Blank 2" value="8"', page)
    client.post(f"/attempts/{attempt_id}/finish", data={"revision": revision_of(db, attempt_id)})
    assert slots_of(db, attempt_id)[4].score == 1.0
    results = client.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    assert 'aria-label="Blank 1" value="Sun"' in results


def _run_out_of_time(db, attempt_id: int, seconds_ago: int = 600) -> Attempt:  # type: ignore[no-untyped-def]
    db.rollback()
    attempt = db.get(Attempt, attempt_id)
    attempt.started_at -= timedelta(minutes=5, seconds=seconds_ago)
    attempt.deadline_at -= timedelta(minutes=5, seconds=seconds_ago)
    db.commit()
    return attempt


def test_a_save_after_the_time_limit_says_time_ran_out_and_which_answers_counted(
    client, student, db
):
    quiz = make_quiz(db, time_limit_minutes=5, shuffle_questions=False)
    attempt_id = start(client, quiz.id)
    slots = slots_of(db, attempt_id)
    answer(client, attempt_id, slots[0], 0, right_answer_form(slots[0]))
    answer(client, attempt_id, slots[2], 1, right_answer_form(slots[2]))
    deadline = _run_out_of_time(db, attempt_id).deadline_at
    late = answer(client, attempt_id, slots[1], 2, right_answer_form(slots[1]))
    assert late.status_code == 302
    assert late.headers["Location"].endswith(f"/attempts/{attempt_id}/results")
    page = client.get(late.headers["Location"]).get_data(as_text=True)
    assert (
        f"Time is up: the time limit ended at {deadline.strftime('%H:%M')} UTC and the attempt "
        "was submitted. Your answers to questions 1 and 3 were saved in time and were marked. "
        "No answer to questions 2, 4, 5, 6 and 7 was saved in time; they score zero."
    ) in page
    assert "This attempt is finished" not in page and "can no longer change" not in page
    assert slots_of(db, attempt_id)[1].response is None


def test_an_autosave_after_the_time_limit_is_told_so_in_json(client, student, db):
    quiz = make_quiz(db, time_limit_minutes=5, shuffle_questions=False)
    attempt_id = start(client, quiz.id)
    slots = slots_of(db, attempt_id)
    answer(client, attempt_id, slots[0], 0, right_answer_form(slots[0]), action="save")
    _run_out_of_time(db, attempt_id)
    refused = client.post(
        f"/attempts/{attempt_id}/save",
        data={"revision": "1", "slot": str(slots[1].id), "action": "save"},
        headers={"Accept": "application/json"},
    )
    assert refused.status_code == 409
    body = refused.get_json()
    assert body["time_up"] is True
    assert body["results"] == f"/attempts/{attempt_id}/results"
    assert "Your answers to question 1 were saved in time" in body["message"]
    # The autosave consumed no notice: the results page says it all the same.
    results = client.get(body["results"]).get_data(as_text=True)
    assert "Time is up: the time limit ended at" in results


def test_finishing_in_the_grace_after_the_deadline_ends_at_the_deadline(client, student, db):
    quiz = make_quiz(db, time_limit_minutes=5, shuffle_questions=False)
    attempt_id = start(client, quiz.id)
    slot = slots_of(db, attempt_id)[0]
    # Two seconds past the deadline: within the grace, as when the countdown submits at zero.
    _run_out_of_time(db, attempt_id, seconds_ago=2)
    done = answer(client, attempt_id, slot, 0, right_answer_form(slot), action="finish")
    assert done.headers["Location"].endswith(f"/attempts/{attempt_id}/results")
    db.rollback()
    attempt = db.get(Attempt, attempt_id)
    assert attempt.score == 1.0 and attempt.finished_at == attempt.deadline_at
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Your answers to question 1 were saved in time" in page
