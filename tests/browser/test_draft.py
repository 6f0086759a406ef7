"""A teacher pastes a text into "New deck from a text", reads the draft, downloads it, and
opens it in the import preview, where the drafts are imported only once confirmed."""

from __future__ import annotations

import re
import uuid

import pytest
import yaml
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.test_quiz import log_in
from tests.conftest import PASSWORD
from tests.draft.conftest import BLOG

pytestmark = pytest.mark.browser


def test_a_teacher_pastes_a_text_previews_downloads_and_imports_the_draft(page: Page, live_server):  # type: ignore[no-untyped-def]
    teacher = f"tea{uuid.uuid4().hex[:6]}"
    live_server.create_user(teacher, PASSWORD, role="teacher")
    log_in(page, teacher)
    page.goto("/teacher/")
    page.get_by_role("link", name="New deck from a text").click()
    page.get_by_label("Or paste the text").fill(BLOG.read_text(encoding="utf-8"))
    page.get_by_label("Deck slug (optional)").fill("suez-draft")
    page.get_by_role("button", name="Draft questions").click()

    expect(
        page.get_by_role("heading", name=re.compile("Draft: Why the Suez Canal"))
    ).to_be_visible()
    expect(page.get_by_text(re.compile(r"6 of 6\s+paragraphs have a question"))).to_be_visible()
    screenshot(page, "draft-preview")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download YAML").click()
    download = download_info.value
    assert download.suggested_filename == "suez-draft.yaml"
    bank = yaml.safe_load(download.path().read_text(encoding="utf-8"))
    assert bank["deck"]["slug"] == "suez-draft" and len(bank["questions"]) >= 6

    page.get_by_role("button", name="Open in the import preview").click()
    expect(page.get_by_role("heading", name="Check what will change")).to_be_visible()
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text(re.compile(r"are drafts: tick the box"))).to_be_visible()
    page.get_by_label(re.compile(r"I have reviewed the \d+ draft questions")).check()
    page.get_by_role("button", name="Import").click()
    expect(
        page.get_by_text(re.compile(r"Deck Why the Suez Canal still matters: \d+ added"))
    ).to_be_visible()
