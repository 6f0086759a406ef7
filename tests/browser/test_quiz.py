"""A student takes a whole quiz with every question type in Chromium, reloads and resumes, and
reads the results; a teacher imports a bank after fixing the error the app pointed at."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from quizapp.paths import resource_dir
from tests.browser.conftest import screenshot
from tests.conftest import DATA, PASSWORD

pytestmark = pytest.mark.browser

BANK = yaml.safe_load((resource_dir("question_bank") / "russia-iran.yaml").read_text())
QUESTIONS = {q["id"]: q for q in BANK["questions"]}


def plain(text: str) -> str:
    """Markdown source as the page shows it: emphasis markers gone, spaces collapsed."""
    return " ".join(re.sub(r"[*_`]", "", text).split())


def one_of_each_type() -> list[str]:
    chosen: dict[str, str] = {}
    for question in BANK["questions"]:
        chosen.setdefault(question["type"], question["id"])
    assert len(chosen) == 8
    return list(chosen.values())


def log_in(page: Page, name: str) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome back")


def current_question(page: Page) -> dict:
    prompt = plain(page.locator(".question-prompt p").first.inner_text())
    matches = [q for q in BANK["questions"] if plain(q["prompt"]) == prompt]
    assert len(matches) == 1, prompt
    return matches[0]


def answer_rightly(page: Page, question: dict) -> None:
    """Answer as a student who knows the essay: by the visible labels, never by values."""
    kind = question["type"]
    panel = page.locator(".question-panel")
    if kind in ("single_choice", "multiple_choice"):
        for option in question["options"]:
            if option.get("correct"):
                panel.locator(".choice", has_text=plain(option["text"])).first.click()
    elif kind == "true_false":
        panel.get_by_label("True" if question["answer"] else "False", exact=True).check()
    elif kind == "short_answer":
        panel.get_by_label("Your answer").fill(question["answers"][0].upper())
    elif kind == "cloze":
        blanks = re.findall(r"\{\{([a-z0-9_]+)\}\}", question["text"])
        for number, name in enumerate(blanks, start=1):
            panel.get_by_label(f"Blank {number}", exact=True).fill(question["blanks"][name][0])
    elif kind == "ordering":
        for place, item in enumerate(question["items"], start=1):
            panel.locator(".ordering-item", has_text=plain(item)).locator("select").select_option(
                str(place)
            )
    elif kind == "matching":
        for pair in question["pairs"]:
            row = panel.locator(".matching-row", has_text=plain(pair["left"]))
            row.locator("select").select_option(label=plain(pair["right"]))
    elif kind == "numerical":
        # Typed as many people write a year or a figure: with a thousands separator.
        number = question["answer"] if "answer" in question else question["answers"][0]["min"]
        panel.get_by_label("Your answer (a number)").fill(f"{number:,}")
    else:
        raise AssertionError(kind)


def test_a_student_takes_a_quiz_with_every_type_reloads_resumes_and_passes(page: Page, live_server):
    teacher = f"tea{uuid.uuid4().hex[:6]}"
    student = f"stu{uuid.uuid4().hex[:6]}"
    live_server.create_user(teacher, PASSWORD, role="teacher")
    live_server.create_user(student, PASSWORD)
    keys = one_of_each_type()

    log_in(page, teacher)
    page.goto("/teacher/quizzes")
    page.get_by_role("link", name=re.compile("New quiz on")).first.click()
    page.get_by_label("Title").fill("Every type")
    page.get_by_label(re.compile("Only these question ids")).fill(" ".join(keys))
    page.get_by_label("Questions drawn per attempt").fill("8")
    page.get_by_label("Pass mark (%)").fill("80")
    page.get_by_role("button", name="Save quiz").click()
    expect(page.get_by_text("Quiz “Every type” saved.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    log_in(page, student)
    page.get_by_role("link", name=re.compile("Russia and Iran")).first.click()
    quiz_row = page.locator(".quiz-list li", has_text="Every type")
    quiz_row.get_by_role("button", name="Start").click()
    expect(page.locator(".progress-label").first).to_have_text("Question 1 of 8")
    screenshot(page, "quiz-question")

    seen: list[str] = []
    for number in range(1, 9):
        expect(page.locator(".progress-label").first).to_have_text(f"Question {number} of 8")
        question = current_question(page)
        seen.append(question["id"])
        answer_rightly(page, question)
        if number == 3:
            # Move on, reload, come back: the answer to question 3 was saved on the server.
            page.get_by_role("button", name="Save and next →").click()
            expect(page.locator(".progress-label").first).to_have_text("Question 4 of 8")
            page.wait_for_load_state("load")
            page.reload()
            page.get_by_role("navigation", name="Questions").get_by_role("link", name="3").click()
            expect(page.locator(".progress-label").first).to_have_text("Question 3 of 8")
            expect(page.get_by_text("3 of 8 answered")).to_be_visible()
            # Close the tab and come back through the deck page: the same attempt resumes.
            url = page.url
            page.goto("/decks")
            page.get_by_role("link", name=re.compile("Russia and Iran")).first.click()
            page.locator(".quiz-list li", has_text="Every type").get_by_role(
                "button", name="Start"
            ).click()
            expect(page).to_have_url(re.compile(r"/attempts/\d+/q/4$"))
            assert url.rsplit("/q/", 1)[0] == page.url.rsplit("/q/", 1)[0]
            continue
        button = "Save and next →" if number < 8 else "Save and review"
        page.get_by_role("button", name=button).click()

    assert sorted(seen) == sorted(keys)
    expect(page.get_by_role("heading", name="Ready to finish?")).to_be_visible()
    expect(page.get_by_text("You answered 8 of 8 questions.")).to_be_visible()
    page.get_by_role("button", name="Finish and see my results").click()

    expect(page.locator(".score")).to_have_text("8 / 8")
    expect(page.locator(".percent")).to_have_text("100%")
    expect(page.locator(".verdict-badge")).to_contain_text("Passed")
    expect(page.locator(".feedback-block")).to_have_count(8)
    expect(page.get_by_role("heading", name="Why")).to_have_count(8)
    screenshot(page, "quiz-results")

    page.goto("/history")
    expect(page.get_by_role("row", name=re.compile("Every type"))).to_contain_text("Passed")


def test_a_teacher_fixes_the_line_the_importer_pointed_at_and_imports(
    page: Page, live_server, tmp_path: Path
):
    teacher = f"tea{uuid.uuid4().hex[:6]}"
    live_server.create_user(teacher, PASSWORD, role="teacher")
    good = (DATA / "mini-bank.yaml").read_text().replace("slug: mini", f"slug: mini-{teacher}")
    broken = good.replace("    answer: true\n", "    answer: yes please\n")
    line = broken.splitlines().index("    answer: yes please") + 1
    path = tmp_path / "my-deck.yaml"
    path.write_text(broken)

    log_in(page, teacher)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Bank").click()
    page.get_by_role("link", name="Import YAML files").click()
    page.get_by_label("Question bank files (.yaml)").set_input_files(str(path))
    page.get_by_role("button", name="Check files").click()
    problem = page.locator(".problem-list li").first
    expect(problem).to_contain_text(f"my-deck.yaml:{line}:")
    expect(problem).to_contain_text("question tf-1")
    screenshot(page, "import-problem")

    path.write_text(good)
    page.get_by_label("Question bank files (.yaml)").set_input_files(str(path))
    page.get_by_role("button", name="Check files").click()
    expect(page.get_by_role("heading", name="Check what will change")).to_be_visible()
    expect(page.get_by_text("new deck")).to_be_visible()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("Deck Mini deck: 7 added")).to_be_visible()
    page.get_by_role("link", name="Mini deck").first.click()
    expect(page.get_by_text("7 questions")).to_be_visible()
