"""Every route that takes an id or a form field, sent the values that used to crash it or slip
through: each one is a 400 or a 404 that says what was wrong, and nothing stored changes."""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from quizapp.flashcards import fronts
from quizapp.models import (
    Attempt,
    AttemptSlot,
    Base,
    Card,
    Deck,
    ImportBatch,
    Question,
    Quiz,
    Review,
    SchoolClass,
    User,
)
from tests.conftest import DATA, PASSWORD, import_bank

NUL = "a\x00b"
# Too big for PostgreSQL's INTEGER, for SQLite's INTEGER, for Python's int() at all; Unicode
# digits that str.isdigit() accepts; signs, spaces, decimals, nothing.
HUGE = [str(2**31), str(2**63), "9" * 4300]
UNICODE_DIGITS = ["²", "٣"]
MALFORMED = ["-1", "+1", " 1", "1.0", "1e3", "x"]
NUMBERS = [*HUGE, *UNICODE_DIGITS, *MALFORMED, "", NUL]
# In a URL an empty segment or a sign simply matches no route.
URL_NUMBERS = [*HUGE, *UNICODE_DIGITS, *MALFORMED, "%00"]


@dataclass
class World:
    """What the routes act on: one teacher's quiz, attempt, card, class and pending import."""

    quiz: int
    attempt: int
    slots: dict[str, int]
    question: int
    card_version: int
    review: int
    school_class: int
    student: int
    batch: int
    # The name the page gives the cloze question's first blank.
    first_blank: str
    # What the card's front gives its reveal form, to open the back.
    ticket: str
    deck: int


@pytest.fixture
def world(app, client, auth, db) -> World:  # type: ignore[no-untyped-def]
    import_bank(app, DATA / "mini-bank.yaml")
    auth.create("student2")
    auth.create("teach", role="teacher")
    auth.login("teach")
    teacher = db.scalars(select(User).where(User.username == "teach")).one()
    student = db.scalars(select(User).where(User.username == "student2")).one()
    # A practice quiz: an assigned one under way would hide the backs of its cards.
    practice = _quiz(db, teacher.id, "Bad values", kind="practice")
    attempt_id = _start(client, practice.id)
    quiz = _quiz(db, teacher.id, "Assigned")
    db.rollback()
    slots = {
        slot.snapshot["type"]: slot.id
        for slot in db.scalars(select(AttemptSlot).where(AttemptSlot.attempt_id == attempt_id))
    }
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    first_blank = re.search(rf'name="(q{slots["cloze"]}-blank-[^"]+)"', page).group(1)
    question = db.scalars(select(Question).where(Question.key == "tf-1")).one()
    ticket = fronts.ticket(app.secret_key, teacher.id, question.id)
    back = client.get(f"/decks/mini/study/back/{question.id}", query_string={"ticket": ticket})
    assert back.status_code == 200
    rated = client.post(
        "/decks/mini/study/rate", data={"question": question.id, "v": "0", "rating": "3"}
    )
    assert rated.status_code == 302
    db.rollback()
    card = db.scalars(select(Card).where(Card.question_id == question.id)).one()
    review = db.scalars(select(Review).where(Review.card_id == card.id)).one()
    created = client.post("/teacher/classes", data={"name": "Class A"})
    assert created.status_code == 302
    db.rollback()
    school_class = db.scalars(select(SchoolClass)).one()
    batch = ImportBatch(user_id=teacher.id, files=[{"name": "mini.yaml", "text": "format: 1"}])
    db.add(batch)
    db.commit()
    return World(
        quiz=quiz.id,
        attempt=attempt_id,
        slots=slots,
        question=question.id,
        card_version=card.version,
        review=review.id,
        school_class=school_class.id,
        student=student.id,
        batch=batch.id,
        first_blank=first_blank,
        ticket=ticket,
        deck=question.deck_id,
    )


def _quiz(db, owner_id: int, title: str, kind: str = "assigned") -> Quiz:  # type: ignore[no-untyped-def]
    deck = db.scalars(select(Deck).where(Deck.slug == "mini")).one()
    quiz = Quiz(
        deck_id=deck.id,
        owner_id=owner_id,
        kind=kind,
        title=title,
        question_count=7,
        feedback="immediate",
        pass_percent=60,
        shuffle_questions=False,
        shuffle_options=False,
        one_per_page=False,
    )
    db.add(quiz)
    db.commit()
    return quiz


def _start(client, quiz_id: int) -> int:  # type: ignore[no-untyped-def]
    response = client.post(f"/quizzes/{quiz_id}/start")
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[-1])


def stored(db) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Every row of every table, to compare before and after."""
    db.rollback()
    return {
        table.name: sorted(repr(tuple(row)) for row in db.execute(select(table)))
        for table in Base.metadata.sorted_tables
    }


@dataclass
class Case:
    """A request that works with `valid`; each of `bad` in `field` must be refused."""

    method: str
    path: str
    valid: dict[str, Any]
    field: str
    bad: list[str]
    duplicate: list[str] | None = None


def form_cases(w: World) -> dict[str, list[Case]]:
    attempt = f"/attempts/{w.attempt}"
    choice = w.slots["single_choice"]
    check = {"revision": "0", "action": "check"}

    def answer(kind: str, name: str, value: Any) -> dict[str, Any]:
        return {**check, "slot": str(w.slots[kind]), f"q{w.slots[kind]}-{name}": value}

    single = answer("single_choice", "choice", "0")
    back = f"/decks/mini/study/back/{w.question}"
    rate = {"question": str(w.question), "v": str(w.card_version), "rating": "3"}
    setup = {
        "title": "A quiz",
        "question_count": "5",
        "time_limit_minutes": "10",
        "max_attempts": "2",
        "feedback": "end",
        "pass_percent": "50",
    }
    retention = {"deck": str(w.deck), "retention": "0.9", "next": "decide"}
    settings = {
        "desired_retention": "0.9",
        "new_per_day": "20",
        "reviews_per_day": "200",
        "day_starts_at": "4",
        "timezone": "UTC",
        "leech_threshold": "8",
    }
    cases = {
        "save": [
            Case("POST", f"{attempt}/save", single, "revision", NUMBERS, ["0", "0"]),
            Case("POST", f"{attempt}/save", single, "slot", NUMBERS, [str(choice)] * 2),
            Case("POST", f"{attempt}/save", single, "action", ["delete", NUL, "-1"]),
        ],
        "answers": [
            Case(
                "POST",
                f"{attempt}/save",
                single,
                f"q{choice}-choice",
                ["99", "4", *[n for n in NUMBERS if n != "0"]],
                ["0", "1"],
            ),
            Case(
                "POST",
                f"{attempt}/save",
                answer("multiple_choice", "choices", ["0"]),
                f"q{w.slots['multiple_choice']}-choices",
                ["9", *NUMBERS],
                ["1", "1"],
            ),
            Case(
                "POST",
                f"{attempt}/save",
                answer("true_false", "answer", "true"),
                f"q{w.slots['true_false']}-answer",
                ["yes", "1", "", NUL],
                ["true", "false"],
            ),
            Case(
                "POST",
                f"{attempt}/save",
                answer("short_answer", "text", "Tehran"),
                f"q{w.slots['short_answer']}-text",
                [NUL, "x" * 301],
                ["Tehran", "Teheran"],
            ),
            Case(
                "POST",
                f"{attempt}/save",
                {**check, "slot": str(w.slots["cloze"]), w.first_blank: "Sun"},
                w.first_blank,
                [NUL, "x" * 301],
                ["Sun", "Moon"],
            ),
            Case(
                "POST",
                f"{attempt}/save",
                answer("ordering", "position-0", "1"),
                f"q{w.slots['ordering']}-position-0",
                ["0", "5", *[n for n in NUMBERS if n != ""]],
                ["1", "2"],
            ),
            Case(
                "POST",
                f"{attempt}/save",
                answer("matching", "match-0", "0"),
                f"q{w.slots['matching']}-match-0",
                ["4", *[n for n in NUMBERS if n != ""]],
                ["0", "1"],
            ),
        ],
        "finish": [Case("POST", f"{attempt}/finish", {"revision": "0"}, "revision", NUMBERS)],
        "practice": [
            Case("POST", "/decks/mini/practice", {"count": "3"}, "count", ["0", "101", *NUMBERS]),
            Case("POST", "/decks/mini/practice", {"count": "3"}, "topics", ["nope", NUL]),
        ],
        "setup": [
            Case("POST", "/teacher/decks/mini/quizzes/new", setup, name, bad, [setup[name], "3"])
            for name, bad in [
                ("question_count", ["0", "201", *NUMBERS]),
                ("time_limit_minutes", ["0", "601", *[n for n in NUMBERS if n != ""]]),
                ("max_attempts", ["0", "101", *[n for n in NUMBERS if n != ""]]),
                ("pass_percent", ["101", *NUMBERS]),
                ("title", ["", NUL]),
                ("feedback", ["never", NUL]),
            ]
        ],
        "edit": [
            Case("POST", f"/teacher/quizzes/{w.quiz}/edit", setup, "pass_percent", NUMBERS),
            Case("POST", f"/teacher/quizzes/{w.quiz}/edit", setup, "title", [NUL], ["A", "B"]),
        ],
        "rate": [
            Case(
                "POST", "/decks/mini/study/rate", rate, "question", NUMBERS, [rate["question"]] * 2
            ),
            Case("POST", "/decks/mini/study/rate", rate, "v", NUMBERS, [rate["v"], "9"]),
            Case("POST", "/decks/mini/study/rate", rate, "rating", ["0", "5", "12", *NUMBERS]),
            Case("POST", "/decks/mini/study/rate", rate, "rating", [], ["1", "3"]),
            Case(
                "POST",
                "/decks/mini/study/rate",
                rate,
                "shown",
                [n for n in NUMBERS if n not in ("", str(2**31))],
                ["1", "2"],
            ),
        ],
        "undo": [
            Case("POST", "/decks/mini/study/undo", {"review": str(w.review)}, "review", NUMBERS)
        ],
        "card actions": [
            Case(
                "POST",
                f"/decks/mini/study/{action}",
                {"question": str(w.question)},
                "question",
                NUMBERS,
                [str(w.question)] * 2,
            )
            for action in ("suspend", "bury")
        ]
        + [
            Case(
                "POST",
                "/decks/mini/study/suspend",
                {"question": str(w.question), "next": "leeches"},
                "next",
                ["elsewhere", NUL],
            )
        ],
        "settings": [
            Case("POST", "/study/settings", settings, name, bad, [settings[name], settings[name]])
            for name, bad in [
                ("desired_retention", ["0.5", "1", "1e-1", "NaN", "Infinity", *NUMBERS]),
                ("new_per_day", ["501", *NUMBERS]),
                ("reviews_per_day", ["10000", *NUMBERS]),
                ("day_starts_at", ["24", *NUMBERS]),
                ("leech_threshold", ["1", "100", *NUMBERS]),
                ("timezone", ["Mars/Olympus", NUL]),
            ]
        ],
        "deck retention": [
            Case(
                "POST",
                "/study/settings/deck-retention",
                retention,
                name,
                bad,
                [retention[name]] * 2,
            )
            for name, bad in [
                ("deck", NUMBERS),
                ("retention", ["0.5", "1.5", "1e-1", "NaN", *[n for n in NUMBERS if n != ""]]),
                ("next", ["elsewhere", NUL]),
            ]
        ],
        "classes": [
            Case("POST", "/classes", {"code": "NOPE"}, "code", [NUL], ["A", "B"]),
            Case("POST", "/teacher/classes", {"name": "B"}, "name", [NUL, ""], ["B", "C"]),
            Case(
                "POST",
                f"/teacher/classes/{w.school_class}/quizzes",
                {"quiz": str(w.quiz)},
                "quiz",
                NUMBERS,
                [str(w.quiz)] * 2,
            ),
        ],
        "queries": [
            Case("GET", back, {"ticket": w.ticket}, name, bad, ["1", "2"])
            for name, bad in [
                ("v", [n for n in NUMBERS if n != ""]),
                ("n", [n for n in NUMBERS if n != ""]),
                ("shown", [n for n in NUMBERS if n not in ("", str(2**31))]),
            ]
        ]
        + [
            Case("GET", back, {"ticket": w.ticket}, "typed", [NUL]),
            Case("GET", back, {"ticket": w.ticket}, "ticket", [NUL], [w.ticket, w.ticket]),
            Case("GET", "/decks/mini/cram", {}, "n", [n for n in NUMBERS if n != ""], ["1", "2"]),
            Case("GET", "/decks/mini/study", {}, "topics", [NUL]),
            Case("GET", "/teacher/decks/mini/questions", {}, "q", [NUL], ["a", "b"]),
            Case("GET", f"/teacher/classes/{w.school_class}", {}, "deck", [NUL], ["mini", "x"]),
        ],
        "accounts": [
            Case("POST", f"/accounts/{w.student}/role", {"role": "teacher"}, "role", ["king", NUL]),
            Case(
                "POST",
                f"/accounts/{w.student}/role",
                {"role": "teacher"},
                "role",
                [],
                [
                    "teacher",
                    "student",
                ],
            ),
        ],
    }
    return cases


GROUPS = [
    "save",
    "answers",
    "finish",
    "practice",
    "setup",
    "edit",
    "rate",
    "undo",
    "card actions",
    "settings",
    "deck retention",
    "classes",
    "queries",
    "accounts",
]


def send(client, case: Case, data: dict[str, Any]) -> Any:  # type: ignore[no-untyped-def]
    if case.method == "GET":
        return client.get(case.path, query_string=data)
    return client.post(case.path, data=data)


@pytest.mark.parametrize("group", GROUPS)
def test_bad_form_and_query_values_are_refused_and_change_nothing(group, client, world, db):
    before = stored(db)
    for case in form_cases(world)[group]:
        values: list[Any] = list(case.bad)
        if case.duplicate:
            values.append(case.duplicate)
        for value in values:
            response = send(client, case, {**case.valid, case.field: value})
            shown = f"{case.method} {case.path} {case.field}={value!r:.40}"
            page = html.unescape(response.get_data(as_text=True))
            if response.status_code == 404:
                # An id too large for any row: there is no such thing, as for any unknown id.
                assert value in HUGE and "There is no such" in page, shown
            else:
                assert response.status_code == 400, (shown, response.status_code)
                assert "Nothing was" in page or 'class="error"' in page, shown
            assert stored(db) == before, shown
    # The same requests with their valid values are accepted: the refusals above were the
    # bad values' doing. (Once the first has changed something, a later one may meet a
    # refusal of another kind, such as a stale revision, but never a 400 or 404.)
    for case in form_cases(world)[group]:
        response = send(client, case, case.valid)
        assert response.status_code in (200, 302), (case.path, case.valid, response.status_code)


def url_cases(app, w: World) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Every route of the app with an id in it, each id in turn replaced by a placeholder."""
    valid = {
        "attempt_id": w.attempt,
        "number": 1,
        "quiz_id": w.quiz,
        "question_id": w.question,
        "batch_id": w.batch,
        "class_id": w.school_class,
        "user_id": w.student,
        "slug": "mini",
        "action": "suspend",
        "key": "tf-1",
    }
    cases = []
    for rule in app.url_map.iter_rules():
        for name in re.findall(r"<int:(\w+)>", rule.rule):
            path = rule.rule.replace(f"<int:{name}>", "{}")
            for other, value in valid.items():
                path = re.sub(rf"<(int:)?{other}>", str(value), path)
            cases += [(method, path) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return cases


def test_ids_in_urls_that_no_row_can_have_are_not_found(app, client, world, db):
    before = stored(db)
    cases = url_cases(app, world)
    assert ("POST", f"/attempts/{world.attempt}/q/{{}}") not in cases  # a GET-only route
    assert ("GET", f"/attempts/{world.attempt}/q/{{}}") in cases
    assert ("POST", "/teacher/quizzes/{}/edit") in cases and len(cases) >= 23
    for method, path in cases:
        for value in URL_NUMBERS:
            url = path.format(value)
            response = client.open(url, method=method, data={"revision": "0", "role": "teacher"})
            assert response.status_code == 404, (method, url[:80], response.status_code)
            assert "Page not found" in response.get_data(as_text=True)
            assert stored(db) == before, url[:80]


def test_a_nul_byte_in_a_url_or_login_form_is_a_400_not_a_database_error(client, world, db):
    before = stored(db)
    assert client.get("/decks/a%00b/study").status_code == 400
    assert client.get("/teacher/decks/mini/questions/a%00b").status_code == 400
    upload = client.post(
        "/teacher/import", data={"files": (io.BytesIO(b"format: 1\n"), "mini\x00.yaml")}
    )
    assert upload.status_code == 400
    assert "'files' contains a control character" in html.unescape(upload.get_data(as_text=True))
    assert stored(db) == before
    client.post("/logout")
    before = stored(db)
    for path in ("/login", "/register"):
        response = client.post(
            path, data={"username": NUL, "password": PASSWORD, "confirm": PASSWORD}
        )
        assert response.status_code == 400
        assert "control character" in response.get_data(as_text=True)
    assert stored(db) == before


def test_check_answer_with_an_option_the_question_lacks_leaves_it_open(client, world, db):
    """The issue's case: option 99 used to lock the question as unanswered."""
    slot_id = world.slots["single_choice"]
    response = client.post(
        f"/attempts/{world.attempt}/save",
        data={"revision": "0", "slot": str(slot_id), "action": "check", f"q{slot_id}-choice": "99"},
    )
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "Question 1: '99' is not one of the 4 choices" in page
    db.rollback()
    slot = db.get(AttemptSlot, slot_id)
    assert slot.response is None and not slot.is_final
    assert db.get(Attempt, world.attempt).revision == 0


def test_save_with_minus_one_keeps_the_saved_answer(client, world, db):
    """The issue's other case: "Save" with -1 used to erase the saved answer."""
    slot_id = world.slots["single_choice"]
    base = {"slot": str(slot_id), "action": "save"}
    saved = client.post(
        f"/attempts/{world.attempt}/save", data={**base, "revision": "0", f"q{slot_id}-choice": "2"}
    )
    assert saved.status_code == 302
    db.rollback()
    kept = db.get(AttemptSlot, slot_id).response
    assert kept is not None
    refused = client.post(
        f"/attempts/{world.attempt}/save",
        data={**base, "revision": "1", f"q{slot_id}-choice": "-1"},
    )
    assert refused.status_code == 400
    db.rollback()
    assert db.get(AttemptSlot, slot_id).response == kept
