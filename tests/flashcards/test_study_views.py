"""Studying through the web client: one rating per showing, exact undo, limits, the bridge."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from fsrs import State
from sqlalchemy import func, select

from quizapp.flashcards import service
from quizapp.models import Card, LearnerSettings, Question, Review, User, utcnow


@pytest.fixture
def learner(auth, mini_deck):  # type: ignore[no-untyped-def]
    auth.create("learner")
    auth.login("learner")
    return "learner"


def front(client) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """The question id and version of the card on the study page."""
    page = client.get("/decks/mini/study").get_data(as_text=True)
    match = re.search(r'/decks/mini/study/back/(\d+)".*?name="v" value="(\d+)"', page, re.S)
    assert match, page
    return int(match.group(1)), int(match.group(2))


def reveal_url(page: str) -> str:
    """Where the front's "Show answer" form goes, with its hidden fields (the ticket too)."""
    form = re.search(
        r'<form method="get" action="([^"]+)" class="reveal-form".*?</form>', page, re.S
    )
    assert form, page
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(0))
    return form.group(1) + "?" + urlencode(fields)


def reveal(client) -> str:  # type: ignore[no-untyped-def]
    """The back of the card the study page shows now, opened as its button opens it."""
    return client.get(reveal_url(client.get("/decks/mini/study").get_data(as_text=True))).get_data(
        as_text=True
    )


def rate(client, question_id: int, version: int, rating: int):  # type: ignore[no-untyped-def]
    return client.post(
        "/decks/mini/study/rate",
        data={"question": question_id, "v": version, "rating": rating, "shown": "0"},
    )


def reviews(db) -> list[Review]:  # type: ignore[no-untyped-def]
    db.rollback()
    return db.scalars(select(Review).order_by(Review.id)).all()


def card_row(db, question_id: int) -> Card:  # type: ignore[no-untyped-def]
    db.rollback()
    return db.scalars(select(Card).where(Card.question_id == question_id)).one()


def test_front_hides_the_answer_and_back_shows_it_with_intervals(client, learner, db):
    question_id, version = front(client)
    question = db.get(Question, question_id)
    page = client.get("/decks/mini/study").get_data(as_text=True)
    assert question.explanation not in page
    back = client.get(reveal_url(page)).get_data(as_text=True)
    assert question.explanation in back
    for name in ("Again", "Hard", "Good", "Easy"):
        assert f'<span class="rating-name">{name}</span>' in back
    assert re.search(r'rating-interval">\d+(s|m|h|d)<', back)


def test_a_rating_counts_once_even_if_sent_twice(client, learner, db):
    question_id, version = front(client)
    assert rate(client, question_id, version, 3).status_code == 302
    again = rate(client, question_id, version, 1)
    assert again.status_code == 302
    assert len(reviews(db)) == 1
    assert card_row(db, question_id).reps == 1
    assert "already rated" in client.get(again.headers["Location"]).get_data(as_text=True)


def test_undo_restores_the_exact_previous_state(client, learner, db):
    question_id, version = front(client)
    rate(client, question_id, version, 3)
    before = card_row(db, question_id)
    snapshot = (
        before.state,
        before.step,
        before.stability,
        before.difficulty,
        before.due,
        before.last_review,
        before.reps,
        before.lapses,
    )
    rate(client, question_id, before.version, 1)
    last = reviews(db)[-1]
    assert client.post("/decks/mini/study/undo", data={"review": last.id}).status_code == 302
    after = card_row(db, question_id)
    assert (
        after.state,
        after.step,
        after.stability,
        after.difficulty,
        after.due,
        after.last_review,
        after.reps,
        after.lapses,
    ) == snapshot
    assert len(reviews(db)) == 1


def test_only_your_own_latest_review_can_be_undone(client, auth, learner, db):
    question_id, version = front(client)
    rate(client, question_id, version, 3)
    first = reviews(db)[-1]
    other_id, other_version = front(client)
    rate(client, other_id, other_version, 3)
    stale = client.post("/decks/mini/study/undo", data={"review": first.id})
    assert stale.status_code == 302
    assert len(reviews(db)) == 2
    auth.logout()
    auth.create("someone")
    auth.login("someone")
    mine = reviews(db)[-1]
    client.post("/decks/mini/study/undo", data={"review": mine.id})
    assert len(reviews(db)) == 2


def test_another_learners_cards_are_untouched_and_unreadable(client, auth, learner, db):
    question_id, version = front(client)
    rate(client, question_id, version, 3)
    auth.logout()
    auth.create("someone")
    auth.login("someone")
    their_front = front(client)
    assert their_front == (question_id, 0)
    page = client.get("/decks/mini/study").get_data(as_text=True)
    assert "Undo last rating" not in page
    db.rollback()
    learner_row = db.scalars(select(User).where(User.username == "learner")).one()
    assert db.scalar(select(func.count()).where(Card.user_id == learner_row.id)) == 1


def test_new_cards_stop_at_the_daily_limit(client, learner, db):
    learner_id = db.scalars(select(User.id).where(User.username == "learner")).one()
    db.add(LearnerSettings(user_id=learner_id, new_per_day=2))
    db.commit()
    for _ in range(2):
        question_id, version = front(client)
        rate(client, question_id, version, 4)
    page = client.get("/decks/mini/study").get_data(as_text=True)
    # Easy on a new card schedules it days ahead; nothing else may be introduced today.
    assert "All done for now" in page
    assert "reached today's limit of new cards" in page
    assert "5 new cards wait" in page


def test_learning_cards_come_back_and_the_queue_orders_by_kind(client, learner, db):
    question_id, version = front(client)
    rate(client, question_id, version, 1)
    row = card_row(db, question_id)
    assert row.state == State.Learning and row.due - utcnow() < timedelta(minutes=2)
    row.due = utcnow() - timedelta(seconds=1)
    db.commit()
    assert front(client)[0] == question_id
    page = client.get("/decks/mini/study").get_data(as_text=True)
    assert "count-learning is-current" in page


def test_a_card_forgotten_too_often_becomes_a_suspended_leech(client, learner, db, app):
    learner_id = db.scalars(select(User.id).where(User.username == "learner")).one()
    db.add(LearnerSettings(user_id=learner_id, leech_threshold=2))
    db.commit()
    question_id, version = front(client)
    with app.extensions["quizapp.db"]() as session:
        now = utcnow()
        for _ in range(2):
            for _ in range(3):
                card = service.card_for(session, learner_id, question_id)
                service.rate(
                    session,
                    learner_id,
                    question_id,
                    card.version if card else 0,
                    service.Rating.Good,
                    now,
                )
                now = service.card_for(session, learner_id, question_id).due
            card = service.card_for(session, learner_id, question_id)
            service.rate(session, learner_id, question_id, card.version, service.Rating.Again, now)
        session.commit()
    row = card_row(db, question_id)
    assert (row.lapses, row.is_leech, row.suspended) == (2, True, True)
    page = client.get("/study/leeches").get_data(as_text=True)
    assert "2 lapses" in page
    from tests.conftest import PASSWORD

    with app.extensions["quizapp.db"]() as session:
        from quizapp.auth.accounts import create_user

        create_user(session, "teach", PASSWORD, "teacher")
        session.commit()
    assert client.get("/teacher/decks/mini/leeches").status_code == 403
    client.post("/logout")
    client.post("/login", data={"username": "teach", "password": PASSWORD})
    report = client.get("/teacher/decks/mini/leeches").get_data(as_text=True)
    key = db.get(Question, question_id).key
    assert f"<code>{key}</code>" in report and "<td>1</td>" in report and "<td>2</td>" in report
    client.post("/logout")
    client.post("/login", data={"username": "learner", "password": PASSWORD})
    client.post("/decks/mini/study/unsuspend", data={"question": question_id, "next": "leeches"})
    row = card_row(db, question_id)
    assert (row.is_leech, row.suspended) == (False, False)


def test_suspend_and_bury_take_a_card_out_of_the_queue(client, learner, db):
    question_id, _ = front(client)
    client.post("/decks/mini/study/suspend", data={"question": question_id})
    assert front(client)[0] != question_id
    second, _ = front(client)
    client.post("/decks/mini/study/bury", data={"question": second})
    assert front(client)[0] not in (question_id, second)
    assert card_row(db, second).buried_until > utcnow()


def test_a_quiz_answer_reviews_the_card_good_or_again(client, learner, db):
    def check(answer: str) -> None:
        response = client.post("/decks/mini/practice", data={"count": "1", "types": ["true_false"]})
        attempt = response.headers["Location"].rsplit("/", 1)[-1]
        page = client.get(f"/attempts/{attempt}/q/1").get_data(as_text=True)
        slot = re.search(r'name="slot" value="(\d+)"', page).group(1)
        revision = re.search(r'name="revision" value="(\d+)"', page).group(1)
        client.post(
            f"/attempts/{attempt}/save",
            data={"slot": slot, "revision": revision, "action": "check", f"q{slot}-answer": answer},
        )

    check("false")
    check("true")
    logged = reviews(db)
    assert [(r.origin, r.rating) for r in logged] == [("quiz", 1), ("quiz", 3)]
    card = card_row(db, db.scalars(select(Question.id).where(Question.key == "tf-1")).one())
    assert card.reps == 2


def test_quiz_answers_leave_cards_alone_when_the_learner_says_so(client, learner, db):
    learner_id = db.scalars(select(User.id).where(User.username == "learner")).one()
    db.add(LearnerSettings(user_id=learner_id, quiz_updates_cards=False))
    db.commit()
    response = client.post("/decks/mini/practice", data={"count": "7"})
    attempt = response.headers["Location"].rsplit("/", 1)[-1]
    page = client.get(f"/attempts/{attempt}/review").get_data(as_text=True)
    revision = re.search(r'name="revision" value="(\d+)"', page).group(1)
    client.post(f"/attempts/{attempt}/finish", data={"revision": revision})
    assert reviews(db) == []


def test_extra_practice_never_changes_the_schedule(client, learner, db):
    for _ in range(2):
        question_id, version = front(client)
        rate(client, question_id, version, 3)
    before = [(r.id, r.card_id) for r in reviews(db)]
    page = client.get("/decks/mini/cram").get_data(as_text=True)
    assert "Your schedule does not change" in page and "card 1 of 2" in page
    back = client.get(reveal_url(page)).get_data(as_text=True)
    assert "Next card" in back and "rating-name" not in back
    assert client.get("/decks/mini/cram?n=1").status_code == 200
    assert [(r.id, r.card_id) for r in reviews(db)] == before


def test_extra_practice_offers_only_cards_already_studied(client, learner, db):
    empty = client.get("/decks/mini/cram", follow_redirects=True).get_data(as_text=True)
    assert "cards you have studied already" in empty and "Card front" in empty
    question_id, version = front(client)
    rate(client, question_id, version, 3)
    shown = {
        int(
            re.search(
                r"/study/back/(\d+)", client.get(f"/decks/mini/cram?n={n}").get_data(as_text=True)
            ).group(1)
        )
        for n in range(7)
    }
    assert shown == {question_id}


def test_a_cards_back_opens_only_for_the_learner_who_was_shown_its_front(client, auth, learner, db):
    page = client.get("/decks/mini/study").get_data(as_text=True)
    url = reveal_url(page)
    question_id = int(re.search(r"/study/back/(\d+)", url).group(1))
    others = [q.id for q in db.scalars(select(Question)) if q.id != question_id]
    forged = url.replace(f"/back/{question_id}?", f"/back/{others[0]}?")
    bare = f"/decks/mini/study/back/{others[1]}?v=0"
    for refused in (forged, bare):
        response = client.get(refused)
        assert response.status_code == 403
        text = response.get_data(as_text=True)
        assert "opens from its front" in text and 'href="/decks/mini/study"' in text
        assert db.get(Question, others[0]).explanation not in text
    auth.logout()
    auth.create("other")
    auth.login("other")
    assert client.get(url).status_code == 403
    auth.logout()
    auth.login("learner")
    assert client.get(url).status_code == 200


def test_weak_points_quiz_draws_the_least_retrievable_cards(client, learner, db):
    assert "no reviewed cards" in client.post(
        "/decks/mini/weak-points", follow_redirects=True
    ).get_data(as_text=True)
    for _ in range(3):
        question_id, version = front(client)
        rate(client, question_id, version, 3)
    response = client.post("/decks/mini/weak-points")
    assert "/attempts/" in response.headers["Location"]
    history = client.get("/history").get_data(as_text=True)
    assert "Weak points: Mini deck" in history


def test_the_back_is_refused_while_a_teachers_quiz_with_that_question_is_open(client, learner, db):
    from tests.quiz.test_attempts import make_quiz, revision_of, start

    url = reveal_url(client.get("/decks/mini/study").get_data(as_text=True))
    quiz = make_quiz(db, question_count=7)
    attempt_id = start(client, quiz.id)
    refused = client.get(url)
    assert refused.status_code == 403
    page = refused.get_data(as_text=True)
    assert "in your quiz “Test quiz”, which you have not finished" in page
    assert f'href="/attempts/{attempt_id}"' in page and 'href="/decks/mini"' in page
    assert "rating-name" not in page
    # The queue leaves the quiz's cards out meanwhile, and says so.
    done = client.get("/decks/mini/study").get_data(as_text=True)
    assert "All done for now" in done
    assert "7 cards of your unfinished quiz “Test quiz” wait until you finish it" in done
    client.post(f"/attempts/{attempt_id}/finish", data={"revision": revision_of(db, attempt_id)})
    assert "rating-name" in client.get(url).get_data(as_text=True)


def test_settings_are_validated_and_saved(client, learner, db):
    bad = client.post(
        "/study/settings",
        data={
            "desired_retention": "1.5",
            "new_per_day": "10",
            "reviews_per_day": "100",
            "day_starts_at": "4",
            "timezone": "Nowhere/Land",
            "leech_threshold": "8",
        },
    ).get_data(as_text=True)
    assert "Choose a time zone from the list" in bad
    assert db.scalar(select(func.count()).select_from(LearnerSettings)) == 0
    good = client.post(
        "/study/settings",
        data={
            "desired_retention": "0.85",
            "new_per_day": "5",
            "reviews_per_day": "100",
            "day_starts_at": "6",
            "timezone": "Asia/Tehran",
            "leech_threshold": "6",
            "quiz_updates_cards": "y",
        },
    )
    assert good.status_code == 302
    db.rollback()
    saved = db.scalars(select(LearnerSettings)).one()
    assert (saved.desired_retention, saved.new_per_day, saved.timezone) == (0.85, 5, "Asia/Tehran")


def test_the_session_summary_counts_this_sessions_reviews(client, learner, db):
    for rating in (3, 1):
        question_id, version = front(client)
        rate(client, question_id, version, rating)
    page = client.get("/decks/mini/study/summary").get_data(as_text=True)
    assert re.search(r"Cards reviewed</dt><dd>2<", page)
    assert re.search(r"Right</dt><dd>1<", page)


def test_studying_some_topics_keeps_to_them(client, learner, db):
    seen = set()
    for _ in range(4):
        page = client.get("/decks/mini/study?topics=beta").get_data(as_text=True)
        question_id = int(re.search(r"/study/back/(\d+)", page).group(1))
        seen.add(question_id)
        assert 'name="topics" value="beta"' in page
        client.post(
            "/decks/mini/study/rate?topics=beta",
            data={"question": question_id, "v": 0, "rating": 4, "shown": "0"},
        )
    topics = {tuple(db.get(Question, qid).topics) for qid in seen}
    assert all("beta" in t for t in topics) and len(seen) == 4
    done = client.get("/decks/mini/study?topics=beta").get_data(as_text=True)
    assert "All done for now" in done
    both = client.get("/decks/mini/study?topics=alpha&topics=beta").get_data(as_text=True)
    assert "Card front" in both and 'value="alpha,beta"' in both


def test_only_teachers_get_the_edit_shortcut_to_the_teacher_view(client, auth, learner, db):
    question_id, version = front(client)
    assert 'data-shortcut="edit"' not in reveal(client)
    auth.logout()
    auth.create("teach", role="teacher")
    auth.login("teach")
    key = db.get(Question, question_id).key
    back = reveal(client)
    assert f'href="/teacher/decks/mini/questions/{key}" data-shortcut="edit"' in back


def test_the_session_summary_counts_only_this_decks_and_topics_reviews(
    app, client, learner, db, tmp_path
):
    from tests.conftest import DATA, import_bank

    other = tmp_path / "other.yaml"
    other.write_text((DATA / "mini-bank.yaml").read_text().replace("slug: mini", "slug: other", 1))
    import_bank(app, other)
    for _ in range(3):
        question_id, version = front(client)
        rate(client, question_id, version, 3)
    page = client.get("/decks/other/study").get_data(as_text=True)
    question_id, version = re.search(
        r'/study/back/(\d+)".*?name="v" value="(\d+)"', page, re.S
    ).groups()
    client.post(
        "/decks/other/study/rate", data={"question": question_id, "v": version, "rating": 3}
    )
    mini = client.get("/decks/mini/study/summary").get_data(as_text=True)
    assert re.search(r"Cards reviewed</dt><dd>3<", mini)
    elsewhere = client.get("/decks/other/study/summary").get_data(as_text=True)
    assert re.search(r"Cards reviewed</dt><dd>1<", elsewhere)
    rated = [db.get(Question, db.get(Card, r.card_id).question_id) for r in reviews(db)[:3]]
    beta = sum("beta" in q.topics for q in rated)
    topics = client.get("/decks/mini/study/summary?topics=beta").get_data(as_text=True)
    assert re.search(rf"Cards reviewed</dt><dd>{beta}<", topics)
    assert "Cards of the topics you chose only" in topics


def test_the_reveal_key_hint_matches_what_the_keys_do(client, learner, db):
    hints = {}
    for _ in range(7):
        page = client.get("/decks/mini/study").get_data(as_text=True)
        question_id, version = front(client)
        kind = db.get(Question, question_id).type
        hints[kind] = re.search(r'data-shortcut="reveal">Show answer <kbd>(\w+)</kbd>', page).group(
            1
        )
        rate(client, question_id, version, 4)
    # In a typed answer the field has the keys: Space types a space, Enter sends the form.
    assert hints.pop("short_answer") == "Enter" and hints.pop("cloze") == "Enter"
    assert set(hints.values()) == {"Space"} and len(hints) == 5


def test_card_fronts_are_shuffled_from_the_servers_secret(make_app):
    """The page shows the question id and version; were they the seed, anyone could replay
    the shuffle and read an ordering card's answer off its front."""
    from tests.conftest import DATA, AuthActions, import_bank

    orders = set()
    for number in range(4):
        app = make_app(SECRET_KEY=f"secret-key-for-tests-number-{number}")
        import_bank(app, DATA / "mini-bank.yaml")
        client = app.test_client()
        auth = AuthActions(app, client)
        auth.create("learner")
        auth.login("learner")
        for _ in range(7):
            page = client.get("/decks/mini/study").get_data(as_text=True)
            if "Put in order" in page:
                orders.add(tuple(re.findall(r"<li>(one|two|three|four)</li>", page)))
                break
            question_id, version = re.search(
                r'/study/back/(\d+)".*?name="v" value="(\d+)"', page, re.S
            ).groups()
            client.post(
                "/decks/mini/study/rate", data={"question": question_id, "v": version, "rating": 4}
            )
    # Four secrets, four shuffles of the same card's showing: not all the same order.
    assert len(orders) > 1 and all(len(order) == 4 for order in orders)


def test_typed_cloze_blanks_are_read_by_their_number(client, learner, db):
    for _ in range(7):
        page = client.get("/decks/mini/study").get_data(as_text=True)
        question_id, version = front(client)
        if db.get(Question, question_id).type == "cloze":
            break
        rate(client, question_id, version, 4)
    assert 'name="blank-1"' in page and 'name="blank-2"' in page
    back = client.get(reveal_url(page) + "&blank-1=sun&blank-2=seven").get_data(as_text=True)
    assert re.search(r'class="verdict">Blank 1: Right<', back)
    assert re.search(r'class="verdict">Blank 2: Not quite<', back)
    assert "<li>Blank 1: Sun</li>" in back and "<li>Blank 2: eight or 8</li>" in back
