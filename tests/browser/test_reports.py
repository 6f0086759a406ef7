"""A learner reads their progress page; a teacher reads a class report and a student's page."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.test_quiz import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_learners_progress_page_after_some_study(page: Page, live_server):
    learner = f"pro{uuid.uuid4().hex[:6]}"
    live_server.create_user(learner, PASSWORD)
    log_in(page, learner)
    page.goto("/decks/russia-iran/study")
    for rating in ["3", "1", "3", "4", "3"]:
        expect(page.get_by_role("article", name="Card front")).to_be_visible()
        page.get_by_role("button", name=re.compile("Show answer")).click()
        page.get_by_role("button", name=re.compile(rf"^\S+ \S+ {rating}$")).click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    expect(page.get_by_role("heading", name="Mastery by topic")).to_be_visible()
    expect(page.locator(".stat", has_text="Streak")).to_contain_text("1 day")
    expect(page.locator(".stat", has_text="Reviews")).to_contain_text("5")
    expect(page.locator("svg.chart")).to_have_count(2)
    expect(page.get_by_text("Weakest topic:")).to_be_visible()
    screenshot(page, "progress")
    page.emulate_media(color_scheme="dark")
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "progress-dark-360px")


def test_a_teacher_reads_the_class_report_of_a_demo_class(page: Page, live_server):
    teacher = f"rep{uuid.uuid4().hex[:6]}"
    live_server.create_user(teacher, PASSWORD, role="teacher")
    printed = live_server.command("demo-data", "--teacher", teacher, "--students", "8")
    assert "with 8 simulated students" in printed
    log_in(page, teacher)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My classes").click()
    page.get_by_role("link", name="Demo class").last.click()
    expect(page.get_by_role("heading", name="Demo class")).to_be_visible()
    rows = page.locator("table.class-table tbody tr")
    expect(rows).to_have_count(8)
    expect(page.get_by_role("columnheader", name="Sanctions and Western pressure")).to_be_visible()
    screenshot(page, "class-report")
    page.get_by_role("link", name="item analysis").click()
    expect(page.get_by_role("heading", name=re.compile("Item analysis"))).to_be_visible()
    expect(page.locator(".stat", has_text="Cronbach")).to_contain_text("%")
    screenshot(page, "item-analysis")
    page.go_back()
    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Mastery by topic")).to_be_visible()
    expect(page.locator(".stat", has_text="Quizzes finished")).not_to_contain_text(">0<")
    screenshot(page, "class-student")
