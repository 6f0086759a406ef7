"""A learner studies ten flashcards with the keyboard alone, undoes one, reads the summary."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.test_quiz import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def settled(page: Page, article: str) -> None:
    """Wait for the card and for the page's scripts: keys pressed before they run do nothing."""
    expect(page.get_by_role("article", name=article)).to_be_visible()
    page.wait_for_load_state("load")


def test_ten_cards_by_keyboard_with_an_undo_and_a_summary(page: Page, live_server):
    learner = f"lea{uuid.uuid4().hex[:6]}"
    live_server.create_user(learner, PASSWORD)
    log_in(page, learner)
    page.goto("/decks/russia-iran")
    page.get_by_role("button", name="Study flashcards").click()
    expect(page.get_by_text("20 new")).to_be_visible()

    prompts = []
    for number in range(10):
        settled(page, "Card front")
        prompts.append(page.locator(".card-prompt").inner_text())
        if number == 0:
            screenshot(page, "study-front")
        page.keyboard.press("Enter")
        settled(page, "Card back")
        expect(page.get_by_role("group", name="How well did you remember?")).to_be_visible()
        if number == 0:
            screenshot(page, "study-back")
        page.keyboard.press("4" if number % 2 else "3")

    expect(page.get_by_text(re.compile(r"^10 new$"))).to_be_visible()
    settled(page, "Card front")
    page.keyboard.press("u")
    expect(page.get_by_text("Your last rating was undone")).to_be_visible()
    # The undone card is the next one again, and one more new card is left for today.
    expect(page.locator(".card-prompt")).to_have_text(prompts[-1])
    expect(page.get_by_text(re.compile(r"^11 new$"))).to_be_visible()

    page.get_by_role("link", name="Session summary").click()
    counts = page.locator(".summary-counts")
    expect(counts.locator("div", has_text="Cards reviewed").locator("dd")).to_have_text("9")
    expect(counts.locator("div", has_text="Right").locator("dd")).to_have_text("9")


def test_typing_an_answer_shows_a_character_diff_at_360px(page: Page, live_server):
    learner = f"typ{uuid.uuid4().hex[:6]}"
    live_server.create_user(learner, PASSWORD)
    page.set_viewport_size({"width": 360, "height": 780})
    log_in(page, learner)
    page.goto("/decks/russia-iran/study")
    for _ in range(30):
        settled(page, "Card front")
        if page.get_by_label("Type your answer (optional)").count():
            break
        page.keyboard.press("Enter")
        settled(page, "Card back")
        page.keyboard.press("3")
    field = page.get_by_label("Type your answer (optional)")
    # The field has the keyboard, where Space types a space: the button's hint says Enter.
    expect(page.locator(".reveal-button kbd")).to_have_text("Enter")
    field.press("Space")
    expect(page.get_by_role("article", name="Card front")).to_be_visible()
    field.fill("zzzz")
    field.press("Enter")
    expect(page.locator(".typed-result")).to_contain_text("Not quite")
    expect(page.locator(".diff-extra").first).to_have_text("zzzz")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    screenshot(page, "study-typed-360px")
