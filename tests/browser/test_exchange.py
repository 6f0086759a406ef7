"""A teacher brings a Moodle GIFT file: the upload page converts it and shows the converted
deck and what did not come across before anything is imported; then the deck's export page."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_quiz import log_in
from tests.conftest import DATA, PASSWORD

pytestmark = pytest.mark.browser

GIFT = DATA / "exchange" / "every-feature.gift"


def test_a_teacher_uploads_a_gift_file_and_sees_the_converted_preview(
    page: Page, live_server, tmp_path: Path
):
    teacher = f"tea{uuid.uuid4().hex[:6]}"
    live_server.create_user(teacher, PASSWORD, role="teacher")
    log_in(page, teacher)
    page.goto("/teacher/import")
    page.get_by_label("Question bank files (.yaml)").set_input_files(str(GIFT))
    page.get_by_role("button", name="Check files").click()

    expect(page.get_by_role("heading", name="Check what will change")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Converted from GIFT"))).to_be_visible()
    expect(page.get_by_text("every-feature.gift:105: question broken: left out")).to_be_visible()
    page.locator("summary", has_text="The converted file").click()
    expect(page.locator("pre.converted-yaml")).to_contain_text("id: suez-q12")
    # The page as the teacher first sees it (docs/screenshot-gift-upload.png is this one).
    page.set_viewport_size({"width": 1100, "height": 1500})
    page.evaluate("window.scrollTo(0, 0)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "gift-upload.png"))

    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text(re.compile(r"Deck Straits and canals: \d+ added"))).to_be_visible()
    page.goto("/teacher/decks/every-feature/export")
    expect(page.get_by_role("heading", name="Moodle XML")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download every-feature-moodle.xml").click()
    assert download.value.suggested_filename == "every-feature-moodle.xml"
