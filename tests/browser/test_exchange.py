"""A teacher brings a Moodle GIFT file: the upload page converts it and shows the converted
deck and what did not come across before anything is imported; then the deck's export page."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from quizapp.questions import bank
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_quiz import log_in
from tests.conftest import DATA, PASSWORD
from tests.exchange.ankitools import fresh_collection, import_package

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


def test_a_teacher_downloads_the_deck_for_anki_as_a_spreadsheet_and_for_quizlet(
    page: Page, live_server
):
    teacher = f"tea{uuid.uuid4().hex[:6]}"
    live_server.create_user(teacher, PASSWORD, role="teacher")
    log_in(page, teacher)
    page.goto("/teacher/decks/russia-iran/export")
    expect(page.get_by_role("heading", name="Anki package (.apkg)")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download russia-iran.apkg").click()
    packaged = Path(download.value.path())
    with fresh_collection(packaged.parent / "anki-teacher") as collection:
        import_package(collection, packaged.read_bytes(), packaged.parent / "imports-teacher")
        served = live_server.command("export", "russia-iran", "--format", "yaml")
        (deck,), _ = bank.load_bank_texts([("served.yaml", served.encode())])
        assert collection.note_count() == len(deck.questions)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download russia-iran.csv").click()
    rows = Path(download.value.path()).read_text(encoding="utf-8")
    assert rows.startswith("id,type,prompt,options,answer,feedback")
    expect(page.get_by_text(re.compile(r"What Quizlet set .* cannot hold: \d+"))).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download russia-iran-quizlet.txt").click()
    cards = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert cards and all(card.count("\t") == 1 for card in cards)


def test_a_learner_takes_a_deck_to_anki_with_the_card_they_studied(page: Page, live_server):
    learner = f"lea{uuid.uuid4().hex[:6]}"
    live_server.create_user(learner, PASSWORD)
    log_in(page, learner)
    page.goto("/decks/russia-iran")
    page.get_by_role("button", name="Study flashcards").click()
    expect(page.get_by_role("article", name="Card front")).to_be_visible()
    page.wait_for_load_state("load")
    page.keyboard.press("Enter")
    expect(page.get_by_role("article", name="Card back")).to_be_visible()
    # The back is a new page: its key handler is there once it has loaded, as on the front.
    page.wait_for_load_state("load")
    page.keyboard.press("3")
    expect(page.get_by_role("article", name="Card front")).to_be_visible()

    page.goto("/decks/russia-iran")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download for Anki with my progress (.apkg)").click()
    assert download.value.suggested_filename == "russia-iran-progress.apkg"
    packaged = Path(download.value.path())
    with fresh_collection(packaged.parent / "anki-learner") as collection:
        import_package(
            collection,
            packaged.read_bytes(),
            packaged.parent / "imports-learner",
            with_progress=True,
        )
        assert collection.db.scalar("SELECT count() FROM revlog") == 1
        assert collection.db.scalar("SELECT count() FROM cards WHERE type != 0") >= 1


def test_a_teacher_uploads_a_quizlet_list_and_an_anki_package(
    page: Page, live_server, tmp_path: Path
):
    teacher = f"tea{uuid.uuid4().hex[:6]}"
    live_server.create_user(teacher, PASSWORD, role="teacher")
    log_in(page, teacher)
    words = tmp_path / f"capitals{uuid.uuid4().hex[:4]}.txt"
    words.write_text("Lima\tCapital of Peru\nQuito\tCapital of Ecuador\n", encoding="utf-8")
    page.goto("/teacher/import")
    page.get_by_label("Question bank files (.yaml)").set_input_files(str(words))
    page.get_by_role("button", name="Check files").click()
    expect(page.get_by_role("heading", name=re.compile("Converted from Quizlet"))).to_be_visible()
    page.locator("summary", has_text="The converted file").click()
    expect(page.locator("pre.converted-yaml")).to_contain_text("Capital of Ecuador")
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text(re.compile(r"2 added"))).to_be_visible()

    package = tmp_path / "mini.apkg"
    shipped_mini = DATA / "mini-bank.yaml"
    live_server.command("export", str(shipped_mini), "--format", "apkg", "-o", str(package))
    page.goto("/teacher/import")
    page.get_by_label("Question bank files (.yaml)").set_input_files(str(package))
    page.get_by_role("button", name="Check files").click()
    expect(page.get_by_role("heading", name=re.compile("Converted from Anki"))).to_be_visible()
    page.locator("summary", has_text="The converted file").click()
    expect(page.locator("pre.converted-yaml")).to_contain_text("type: cloze")
