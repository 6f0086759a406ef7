"""A learner with a long review log optimises their parameters, then asks the simulator which
desired retention to give a deck, and sets it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from quizapp.db import make_engine
from tests.browser.conftest import screenshot
from tests.browser.test_quiz import log_in
from tests.flashcards.test_optimize import simulated_learner

pytestmark = pytest.mark.browser


def test_optimise_then_help_me_decide(page: Page, live_server):
    from sqlalchemy.orm import Session

    url = live_server._database_url or f"sqlite:///{live_server.instance}/quizapp.sqlite3"
    engine = make_engine(url)
    with Session(engine) as db:
        simulated_learner(db, cards=140, reviews_per_card=6, name="memo")
    engine.dispose()

    log_in(page, "memo")
    page.goto("/study/settings")
    expect(page.get_by_text("you have 700.")).to_be_visible()
    page.get_by_role("button", name="Optimise my parameters").click()
    expect(page.get_by_text("Your parameters now fit your 700 reviews")).to_be_visible()
    fit = page.get_by_role("table").filter(has_text="Log loss")
    expect(fit).to_contain_text("RMSE (bins)")
    expect(page.get_by_text("The new parameters predict your reviews better")).to_be_visible()
    screenshot(page, "settings-optimised")

    page.get_by_role("row", name="Sim").get_by_role("link", name="Help me decide").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Help me decide: Sim")
    expect(page.get_by_role("img", name="Reviews per day over the next year")).to_be_visible()
    expect(page.get_by_role("img", name="Cards remembered over the next year")).to_be_visible()
    screenshot(page, "help-me-decide")
    page.get_by_label("Desired retention for this deck").fill("0.85")
    page.get_by_role("button", name="Use this retention for Sim").click()
    expect(page.get_by_text("Sim: desired retention 0.85;")).to_be_visible()
    expect(page.get_by_text("This deck's desired retention now: 0.85")).to_be_visible()
