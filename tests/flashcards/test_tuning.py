"""The memory model in the app: per-deck retention, rescheduling from history, balancing at
rating time, the simulator, and the settings and "Help me decide" pages."""

from __future__ import annotations

import re
from datetime import timedelta

from fsrs import Rating, State
from sqlalchemy import func, select

from quizapp.db import EXTENSION_KEY
from quizapp.flashcards import service, simulate, tuning
from quizapp.flashcards.balance import fuzz_range
from quizapp.flashcards.scheduling import DEFAULT_PARAMETERS, format_interval, previews
from quizapp.models import (
    Card,
    Deck,
    DeckRetention,
    LearnerSettings,
    Question,
    Reschedule,
    Review,
    utcnow,
)
from tests.conftest import PASSWORD
from tests.flashcards.test_optimize import simulated_learner
from tests.flashcards.test_study_views import reveal_url


def dues(db, user_id: int) -> dict[int, object]:  # type: ignore[no-untyped-def]
    db.rollback()
    return dict(db.execute(select(Card.id, Card.due).where(Card.user_id == user_id)).all())


# The simulator


def test_higher_retention_costs_more_reviews_and_keeps_more_cards_remembered():
    low, high = simulate.workloads(DEFAULT_PARAMETERS, 500, 20, 9999, retentions=(0.7, 0.97))
    assert len(low.reviews_per_day) == len(high.reviews_per_day) == simulate.DAYS
    assert high.average_reviews > 2 * low.average_reviews
    assert high.remembered_at_end > low.remembered_at_end
    assert low.remembered_at_end <= 500
    assert simulate.RETENTIONS[0] == 0.7 and simulate.RETENTIONS[-1] == 0.97
    assert len(simulate.RETENTIONS) == 10


def test_the_daily_limits_bound_the_simulated_days():
    (run,) = simulate.workloads(DEFAULT_PARAMETERS, 2000, 10, 30, retentions=(0.9,), days=60)
    assert max(run.reviews_per_day) <= 30
    assert run.remembered_at_end <= 10 * 60


def mature_cards(count: int, spread: int) -> list[simulate.ExistingCard]:
    """Cards learned a while ago (stability 40 days), due evenly over the next `spread` days."""
    return [
        simulate.ExistingCard(40.0, 5.0, due_in=n % spread, last_review_ago=40 - n % spread)
        for n in range(count)
    ]


def test_the_learners_mature_cards_are_reviewed_from_the_first_day():
    runs = simulate.workloads(DEFAULT_PARAMETERS, 0, 20, 9999, existing=mature_cards(200, 20))
    for run in runs:
        assert run.reviews_per_day[0] == 10  # the cards due today, not zero
        assert min(run.reviews_per_day[:20]) >= 10
        assert 150 < run.remembered_per_day[0] <= 200


def test_higher_retention_costs_more_reviews_at_every_step_of_the_range():
    runs = simulate.workloads(DEFAULT_PARAMETERS, 1000, 10, 9999, existing=mature_cards(500, 40))
    averages = [run.average_reviews for run in runs]
    remembered = [run.remembered_at_end for run in runs]
    assert averages == sorted(averages) and len(set(averages)) == len(averages)
    assert remembered == sorted(remembered) and len(set(remembered)) == len(remembered)


def test_help_me_decide_starts_from_the_learners_own_cards(app, db):
    user_id = simulated_learner(db, cards=30, reviews_per_card=4)
    deck = db.scalars(select(Deck).where(Deck.slug == "sim-memo")).one()
    now = db.scalar(select(func.max(Card.last_review))) + timedelta(days=1)
    due_now = db.scalar(select(func.count()).where(Card.user_id == user_id, Card.due <= now))
    assert 0 < due_now < 30
    runs = tuning.deck_workloads(db, user_id, deck, now)
    assert [run.reviews_per_day[0] for run in runs] == [due_now] * len(runs)
    # Every question of the deck is already a card: nothing new comes in, so at most the 30
    # cards are remembered.
    assert all(run.remembered_at_end <= 30 for run in runs)


def test_rating_habits_come_from_the_log_once_there_are_enough():
    habits = simulate.habits_from([1] * 25 + [3] * 75, [1] * 50 + [2] * 10 + [3] * 80 + [4] * 10)
    assert habits.first_ratings == (0.25, 0.0, 0.75, 0.0)
    assert habits.review_ratings == (0.1, 0.8, 0.1)
    assert simulate.habits_from([3] * 99, [3] * 99) == simulate.Habits()


# Per-deck retention and rescheduling


def test_a_deck_at_higher_retention_gives_shorter_intervals(app, db, mini_deck):
    from quizapp.auth.accounts import create_user

    strict, relaxed = create_user(db, "strict", PASSWORD), create_user(db, "relaxed", PASSWORD)
    deck = db.scalars(select(Deck).where(Deck.slug == "mini")).one()
    db.add_all(
        [
            DeckRetention(user_id=strict.id, deck_id=deck.id, desired_retention=0.97),
            DeckRetention(user_id=relaxed.id, deck_id=deck.id, desired_retention=0.8),
        ]
    )
    db.commit()
    question = db.scalars(select(Question).where(Question.deck_id == deck.id)).first()
    now = utcnow()
    intervals = {}
    for user in (strict, relaxed):
        service.rate(db, user.id, question.id, 0, Rating.Good, now)
        entry = service.rate(db, user.id, question.id, 1, Rating.Good, now + timedelta(minutes=10))
        assert entry.state_after == int(State.Review)
        intervals[user.username] = entry.scheduled_days
    db.commit()
    assert intervals["strict"] < intervals["relaxed"]


def test_a_quiz_answer_is_a_review_at_its_decks_retention(app, db, mini_deck):
    """One memory model: a right quiz answer reviews the card as Good, with the origin 'quiz',
    through the same scheduler as studying, deck retention included."""
    from quizapp.auth.accounts import create_user

    strict, plain = create_user(db, "strict", PASSWORD), create_user(db, "plain", PASSWORD)
    deck = db.scalars(select(Deck).where(Deck.slug == "mini")).one()
    db.add(DeckRetention(user_id=strict.id, deck_id=deck.id, desired_retention=0.97))
    db.commit()
    question = db.scalars(select(Question).where(Question.deck_id == deck.id)).first()
    now = utcnow()
    days = {}
    for user in (strict, plain):
        service.record_quiz_answer(db, user.id, question.id, True, now)
        entry = service.record_quiz_answer(db, user.id, question.id, True, now + timedelta(days=1))
        assert entry is not None and entry.origin == "quiz"
        days[user.username] = entry.scheduled_days
    db.commit()
    assert days["strict"] < days["plain"]
    log = tuning.review_log(db, strict.id)
    assert [entry.origin for entry in log] == ["quiz", "quiz"]


def test_changing_a_decks_retention_reschedules_its_cards_from_their_history(app, db):
    user_id = simulated_learner(db, cards=30, reviews_per_card=4)
    deck = db.scalars(select(Deck)).one()
    original = dues(db, user_id)
    reviews_before = db.scalar(select(func.count()).select_from(Review))

    moved = tuning.set_deck_retention(db, user_id, deck.id, 0.97, utcnow())
    db.commit()
    stricter = dues(db, user_id)
    assert moved > 0
    assert all(stricter[card] <= original[card] for card in original)
    assert sum(stricter[card] < original[card] for card in original) == moved
    logged = db.scalars(select(Reschedule)).all()
    assert len(logged) == moved and {entry.reason for entry in logged} == {"retention"}
    assert all(entry.due_after < entry.due_before for entry in logged)
    # A reschedule is no review: the log the optimiser and the daily limits read is unchanged.
    assert db.scalar(select(func.count()).select_from(Review)) == reviews_before

    tuning.set_deck_retention(db, user_id, deck.id, None, utcnow())
    db.commit()
    assert dues(db, user_id) == original  # the general 0.9 again, replayed exactly
    assert db.get(DeckRetention, (user_id, deck.id)) is None


def test_optimising_reschedules_with_the_new_parameters(app, db):
    user_id = simulated_learner(db, cards=140, reviews_per_card=6)
    original = dues(db, user_id)
    outcome = tuning.optimise(db, user_id, utcnow())
    db.commit()
    assert outcome.fit is not None and outcome.fit.improved
    changed = dues(db, user_id)
    assert outcome.rescheduled == sum(changed[c] != original[c] for c in original) > 0
    # This learner forgets faster than the defaults assume: their cards come back sooner.
    assert sum(changed[c] < original[c] for c in original) > len(original) / 2


# Balancing at rating time


def test_a_rating_goes_to_the_least_busy_day_the_back_page_showed(client, auth, app, db):
    """A review card whose interval is 20 days; every day of its fuzz range but one already
    has 30 reviews due: the rating lands on that one, as its button said."""
    user_id = simulated_learner(db, cards=60, reviews_per_card=1)
    now = utcnow()
    cards = db.scalars(select(Card).where(Card.user_id == user_id).order_by(Card.id)).all()
    subject, others = cards[0], cards[1:]
    subject.state, subject.stability, subject.difficulty = int(State.Review), 12.0, 5.0
    subject.last_review, subject.due, subject.step = now - timedelta(days=12), now, None
    subject.reps = 3
    settings = service.default_settings(user_id)
    probe = service.button_intervals(db, settings, subject, subject.question_id, now)
    exact = round(probe[Rating.Good] / timedelta(days=1))
    low, high = fuzz_range(exact)
    quiet = high if high != exact else low
    for index, card in enumerate(others):
        day = low + index % (high - low + 1)
        if day == quiet:
            day = exact
        card.state, card.due = int(State.Review), now + timedelta(days=day, hours=1)
    db.commit()
    auth.login("memo")
    url = reveal_url(client.get("/decks/sim-memo/study").get_data(as_text=True))
    assert f"/back/{subject.question_id}?" in url
    page = client.get(url)
    assert f">{format_interval(timedelta(days=quiet))}<" in page.get_data(as_text=True)
    rated = client.post(
        "/decks/sim-memo/study/rate",
        data={"question": subject.question_id, "v": subject.version, "rating": 3},
        follow_redirects=True,
    )
    assert "All done for now" in rated.get_data(as_text=True)
    with app.extensions[EXTENSION_KEY]() as fresh:
        stored = fresh.get(Card, subject.id)
        assert round((stored.due - stored.last_review) / timedelta(days=1)) == quiet
    assert low <= quiet <= high


def test_without_balancing_the_rating_keeps_the_fsrs_interval(app, db):
    user_id = simulated_learner(db, cards=5, reviews_per_card=1)
    settings = service.default_settings(user_id)
    settings.load_balancing = False
    card = db.scalars(select(Card).where(Card.user_id == user_id)).first()
    now = utcnow()
    card.state, card.stability, card.difficulty, card.step = int(State.Review), 12.0, 5.0, None
    card.last_review, card.reps = now - timedelta(days=12), 3
    shown = service.button_intervals(db, settings, card, card.question_id, now)
    scheduler = service.scheduler_for(settings)
    assert shown == previews(scheduler, service.memory_of(card), now)
    assert shown[Rating.Good] > timedelta(days=3)  # a review interval balancing would move


# The pages


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def test_settings_offer_optimising_only_with_enough_reviews(client, auth, app, db):
    simulated_learner(db, cards=10, reviews_per_card=3)
    auth.login("memo")
    page = client.get("/study/settings").get_data(as_text=True)
    assert "It needs 400 reviews on a later day than the card's" in page
    assert "you have 20." in page
    assert "Optimise my parameters</button>" not in page
    response = client.post("/study/settings/optimise", follow_redirects=True)
    assert "Optimising needs 400 reviews" in response.get_data(as_text=True)


def test_optimising_from_the_settings_page_shows_the_fit_before_and_after(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.extensions[EXTENSION_KEY]() as db:
        user_id = simulated_learner(db, cards=140, reviews_per_card=6)
    client = app.test_client()
    login = client.get("/login").get_data(as_text=True)
    client.post(
        "/login", data={"username": "memo", "password": PASSWORD, "csrf_token": csrf_token(login)}
    )
    page = client.get("/study/settings").get_data(as_text=True)
    assert "Optimise my parameters</button>" in page and "you have 700." in page
    assert client.post("/study/settings/optimise").status_code == 400  # no token: refused
    token = csrf_token(page)
    done = client.post(
        "/study/settings/optimise", data={"csrf_token": token}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Your parameters now fit your 700 reviews" in done
    with app.extensions[EXTENSION_KEY]() as db:
        fit = db.get(LearnerSettings, user_id).last_fit
    assert f"{fit['before']['log_loss']:.4f}" in done
    assert f"{fit['candidate']['log_loss']:.4f}" in done
    assert f"{100 * fit['candidate']['rmse_bins']:.2f}%" in done
    assert "The new parameters predict your reviews better and are in use." in done
    again = client.post(
        "/study/settings/optimise", data={"csrf_token": token}, follow_redirects=True
    ).get_data(as_text=True)
    assert "The new fit predicts your reviews no better: your parameters stay." in again


def test_a_deck_retention_set_on_the_settings_page_reschedules(client, auth, app, db):
    user_id = simulated_learner(db, cards=30, reviews_per_card=4)
    deck = db.scalars(select(Deck)).one()
    auth.login("memo")
    page = client.get("/study/settings").get_data(as_text=True)
    assert f'href="/decks/{deck.slug}/decide"' in page
    response = client.post(
        "/study/settings/deck-retention",
        data={"deck": deck.id, "retention": "0.95"},
        follow_redirects=True,
    )
    assert "Sim: desired retention 0.95;" in response.get_data(as_text=True)
    db.rollback()
    assert db.get(DeckRetention, (user_id, deck.id)).desired_retention == 0.95
    assert db.scalar(select(func.count()).select_from(Reschedule)) > 0
    refused = client.post(
        "/study/settings/deck-retention", data={"deck": deck.id, "retention": "1.5"}
    )
    assert refused.status_code == 400
    assert (
        "Desired retention for this deck: Enter a number from 0.70 to 0.99, such as 0.9. "
        "Nothing was changed."
    ) in refused.get_data(as_text=True)
    db.rollback()
    assert db.get(DeckRetention, (user_id, deck.id)).desired_retention == 0.95


def test_changing_the_general_retention_reschedules(client, auth, app, db):
    simulated_learner(db, cards=30, reviews_per_card=4)
    auth.login("memo")
    form = {
        "desired_retention": "0.80",
        "new_per_day": 20,
        "reviews_per_day": 200,
        "day_starts_at": 4,
        "timezone": "UTC",
        "leech_threshold": 8,
        "easy_days": [5, 6],
    }
    page = client.post("/study/settings", data=form, follow_redirects=True)
    assert "cards rescheduled for the new retention" in page.get_data(as_text=True)
    db.rollback()
    saved = db.scalars(select(LearnerSettings)).one()
    assert saved.easy_days == [5, 6] and saved.load_balancing is False  # unticked box
    assert {r.reason for r in db.scalars(select(Reschedule))} == {"retention"}


def test_help_me_decide_draws_a_year_at_ten_retentions(client, auth, app, db):
    simulated_learner(db, cards=30, reviews_per_card=4)
    auth.login("memo")
    page = client.get("/decks/sim-memo/decide").get_data(as_text=True)
    assert page.count('<svg class="chart"') == 2
    assert page.count('<polyline class="chart-series chart-series-') == 20
    for retention in ("0.70", "0.85", "0.97"):
        assert f"<td>{retention}</td>" in page or f'class="current">{retention}<' in page
    assert 'class="current">0.91<' not in page
    assert "Use this retention for Sim" in page


def test_help_me_decide_needs_a_login(client, mini_deck):
    assert client.get("/decks/mini/decide").status_code == 302


def test_a_long_log_is_optimised_in_a_background_job(client, auth, app, db, monkeypatch):
    from quizapp.flashcards import jobs, routes

    user_id = simulated_learner(db, cards=140, reviews_per_card=6)
    monkeypatch.setattr(routes, "IN_REQUEST_REVIEWS", 500)  # this log has 840 reviews
    auth.login("memo")
    response = client.post("/study/settings/optimise", follow_redirects=True)
    assert "optimised in the background" in response.get_data(as_text=True)
    jobs.wait(user_id, timeout=60)
    assert not jobs.running(user_id)
    db.rollback()
    settings = db.get(LearnerSettings, user_id)
    assert settings.last_fit["kept_new"] is True and settings.fsrs_parameters
    page = client.get("/study/settings").get_data(as_text=True)
    assert "The new parameters predict your reviews better and are in use." in page
