"""A student runs out of time in Chromium: the page says so plainly, both when an automatic save
comes too late and when the countdown reaches zero, and the results say which answers counted."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.db import make_engine
from quizapp.models import Attempt, Deck, Quiz, User
from tests.browser.test_quiz import BANK, log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

SINGLE_CHOICE = [q["id"] for q in BANK["questions"] if q["type"] == "single_choice"][:3]


def timed_quiz(live_server, teacher: str) -> str:  # type: ignore[no-untyped-def]
    """A three-question quiz with the shortest time limit the setup page allows (1 minute)."""
    engine = make_engine(live_server.database_url)
    title = f"Timed {teacher}"
    with Session(engine) as db:
        deck = db.scalars(select(Deck).where(Deck.slug == "russia-iran")).one()
        owner = db.scalars(select(User).where(User.username == teacher)).one()
        db.add(
            Quiz(
                deck_id=deck.id,
                owner_id=owner.id,
                kind="assigned",
                title=title,
                question_keys=SINGLE_CHOICE,
                question_count=3,
                time_limit_minutes=1,
                feedback="end",
                pass_percent=60,
                shuffle_questions=False,
                shuffle_options=False,
                one_per_page=True,
            )
        )
        db.commit()
    engine.dispose()
    return title


def move_deadline(live_server, student: str, seconds_from_now: float) -> None:  # type: ignore[no-untyped-def]
    """What a minute of waiting would do, without the wait: the attempt's time runs out."""
    engine = make_engine(live_server.database_url)
    with Session(engine) as db:
        attempt = db.scalars(
            select(Attempt)
            .join(User)
            .where(User.username == student, Attempt.status == "in_progress")
        ).one()
        attempt.deadline_at = datetime.now(UTC) + timedelta(seconds=seconds_from_now)
        attempt.started_at = attempt.deadline_at - timedelta(minutes=1)
        db.commit()
    engine.dispose()


def test_running_out_of_time_is_said_plainly_with_javascript(page: Page, live_server):
    teacher = f"tea{uuid.uuid4().hex[:6]}"
    student = f"stu{uuid.uuid4().hex[:6]}"
    live_server.create_user(teacher, PASSWORD, role="teacher")
    live_server.create_user(student, PASSWORD)
    title = timed_quiz(live_server, teacher)

    log_in(page, student)
    page.goto("/decks/russia-iran")
    page.locator(".quiz-list li", has_text=title).get_by_role("button", name="Start").click()
    expect(page.locator(".timer")).to_contain_text("Time left")
    page.locator(".question-panel .choice").first.click()
    page.get_by_role("button", name="Save and next →").click()
    expect(page.locator(".progress-label").first).to_have_text("Question 2 of 3")

    # The time runs out while the page is open; the next automatic save comes too late.
    move_deadline(live_server, student, -30)
    page.locator(".question-panel .choice").first.click()
    notice = page.get_by_role("alert")
    expect(notice).to_contain_text("Time is up: the time limit ended at")
    expect(notice).to_contain_text("Your answers to question 1 were saved in time")
    expect(notice).to_contain_text("No answer to questions 2 and 3 was saved in time")
    expect(page.get_by_text("the last automatic save failed")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/attempts/\d+/results$"))
    expect(page.locator(".time-up")).to_contain_text(
        "Your answers to question 1 were saved in time"
    )
    expect(page.get_by_text("This attempt is finished")).to_have_count(0)

    # A second attempt: this time the countdown reaches zero with the page open.
    page.get_by_role("button", name="Retake").click()
    expect(page.locator(".progress-label").first).to_have_text("Question 1 of 3")
    move_deadline(live_server, student, 3)
    page.reload()
    page.locator(".question-panel .choice").first.click()
    expect(page.locator(".timer")).to_have_text("Time is up", timeout=8_000)
    expect(page.get_by_role("alert")).to_contain_text("Time is up")
    expect(page).to_have_url(re.compile(r"/attempts/\d+/results$"))
    expect(page.locator(".time-up")).to_contain_text(
        "Your answers to question 1 were saved in time"
    )
    expect(page.locator(".time-up")).to_contain_text("No answer to questions 2 and 3")
