"""Virtual learners for bench/run_load.py: log in, study cards, take quizzes, read progress.
Each virtual user has its own account. Think time is zero (the throughput run) unless
BENCH_THINK=realistic, where a learner pauses between actions as a person does: a few
seconds to read a card or a question (the latency run)."""

from __future__ import annotations

import itertools
import os
import random
import re

import gevent
import gevent.event
from locust import HttpUser, between, constant, task

from bench.load.seed import PASSWORD

DECK = "russia-iran"
_accounts = itertools.count()
REALISTIC = os.environ.get("BENCH_THINK") == "realistic"
# Seconds between one action (a card shown, revealed, rated; a quiz answer) and the next.
THINK = between(2, 8) if REALISTIC else constant(0)
TOKEN = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
CARD = re.compile(r'/study/back/(\d+)".*?name="v" value="(\d+)"', re.S)
# The reveal form's proof that the card was shown to this learner: the back needs it.
TICKET = re.compile(r'name="ticket" value="([^"]+)"')


# With BENCH_MEASURE_SECONDS (the throughput runs), statistics start once every virtual user
# is in (logged in: password hashing is costly by design and would crowd out the work being
# measured) and the run stops that many seconds later. Without it, everything counts.
MEASURE_SECONDS = float(os.environ.get("BENCH_MEASURE_SECONDS", "0"))
_arrived = itertools.count(1)
_all_in = gevent.event.Event()


def arrive(user: HttpUser) -> None:
    """Wait until every virtual user is ready; the last one starts the measured window."""
    if not MEASURE_SECONDS:
        return
    runner = user.environment.runner
    assert runner is not None
    if next(_arrived) >= runner.target_user_count:
        runner.stats.reset_all()
        gevent.spawn_later(MEASURE_SECONDS, runner.quit)
        _all_in.set()
    _all_in.wait()


def token(html: str) -> str:
    found = TOKEN.search(html)
    return found.group(1) if found else ""


class Account(HttpUser):
    """A logged-in virtual learner with an account of its own; the tasks come in subclasses."""

    abstract = True
    wait_time = THINK

    def on_start(self) -> None:
        self.username = f"load{next(_accounts):04d}"
        page = self.client.get("/login", name="GET /login").text
        self.client.post(
            "/login",
            data={"username": self.username, "password": PASSWORD, "csrf_token": token(page)},
            name="POST /login",
        )
        arrive(self)

    def think(self) -> None:
        """A person's pause inside a task (reading the card before revealing it...)."""
        if REALISTIC:
            gevent.sleep(self.wait_time())

    def study_one(self) -> None:
        """Show a card, reveal it, rate it: the flashcard loop."""
        front = self.client.get(f"/decks/{DECK}/study", name="study: card front")
        found = CARD.search(front.text)
        if not found:
            return
        question, version = found.groups()
        self.think()
        ticket = TICKET.search(front.text)
        back = self.client.get(
            f"/decks/{DECK}/study/back/{question}",
            params={"v": version, "ticket": ticket.group(1) if ticket else ""},
            name="study: reveal",
        )
        self.think()
        with self.client.post(
            f"/decks/{DECK}/study/rate",
            data={
                "question": question,
                "v": version,
                "rating": random.choice("234"),  # noqa: S311
                "shown": "0",
                "csrf_token": token(back.text),
            },
            name="study: rate",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"rate answered {response.status_code}")


class Learner(Account):
    """The mixed load: mostly flashcards, some quiz answering, now and then the progress page."""

    @task(6)
    def study(self) -> None:
        self.study_one()

    @task(2)
    def quiz(self) -> None:
        deck = self.client.get(f"/decks/{DECK}", name="quiz: deck page")
        started = self.client.post(
            f"/decks/{DECK}/practice",
            data={"count": "3", "csrf_token": token(deck.text)},
            name="quiz: start",
        )
        page, url = started.text, started.url
        for _ in range(3):
            self.think()
            slot = re.search(r'name="slot" value="(\d+)"', page)
            revision = re.search(r'name="revision" value="(\d+)"', page)
            if not slot or not revision:
                break
            number = slot.group(1)
            answered = self.client.post(
                url.split("/q/")[0] + "/save",
                data={
                    "slot": number,
                    "revision": revision.group(1),
                    "action": "next",
                    f"q{number}-choice": "0",
                    f"q{number}-answer": "true",
                    f"q{number}-text": "Ukraine",
                    "csrf_token": token(page),
                },
                name="quiz: answer",
            )
            page, url = answered.text, answered.url
        revision = re.search(r'name="revision" value="(\d+)"', page)
        if "/review" in url and revision:
            self.client.post(
                url.replace("/review", "/finish"),
                data={"revision": revision.group(1), "csrf_token": token(page)},
                name="quiz: finish",
            )

    @task(1)
    def progress(self) -> None:
        self.client.get("/progress", name="progress page")


class RateOnly(Account):
    """Only the rate request, for its throughput against the baseline's: the virtual learner
    opens one card, then rates it again and again (each rating moves the card's version on by
    one, so each request is a fresh, accepted rating, as reviewing a card ahead of time is)."""

    wait_time = constant(0)

    def on_start(self) -> None:
        super().on_start()
        self.card: tuple[str, int, str] | None = None

    @task
    def rate(self) -> None:
        if self.card is None:
            front = self.client.get(f"/decks/{DECK}/study", name="rate-only: open a card")
            found = CARD.search(front.text)
            if not found:
                return
            self.card = (found.group(1), int(found.group(2)), token(front.text))
        question, version, csrf = self.card
        with self.client.post(
            f"/decks/{DECK}/study/rate",
            data={
                "question": question,
                "v": str(version),
                "rating": random.choice("234"),  # noqa: S311
                "shown": "0",
                "csrf_token": csrf,
            },
            name="study: rate",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
                self.card = (question, version + 1, csrf)
            else:
                response.failure(f"rate answered {response.status_code}")
                self.card = None


class StudyPageOnly(Account):
    """Only the study page, for its throughput against the template baseline."""

    wait_time = constant(0)

    @task
    def front(self) -> None:
        self.client.get(f"/decks/{DECK}/study", name="study: card front")


class BaselineRate(HttpUser):
    """The bare rate view of bench/load/baseline.py."""

    wait_time = constant(0)

    def on_start(self) -> None:
        arrive(self)

    @task
    def rate(self) -> None:
        self.client.post("/rate", name="baseline: rate")


class BaselinePage(HttpUser):
    """The bare template view of bench/load/baseline.py."""

    wait_time = constant(0)

    def on_start(self) -> None:
        arrive(self)

    @task
    def page(self) -> None:
        self.client.get("/page", name="baseline: page")
