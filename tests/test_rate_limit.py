"""The log-in limit holds across gunicorn workers and app servers: one count, in the database."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest
from sqlalchemy import select

from quizapp.db import EXTENSION_KEY
from quizapp.errors.handlers import wait_in_words
from quizapp.models import RateLimitCounter
from tests.servers import Browserless, serve

LIMIT = 10
WRONG = {"username": "nobody", "password": "not the password"}


def wrong_login(base_url: str) -> int:
    visitor = Browserless(base_url)
    assert visitor.get("/login").status == 200
    return visitor.post("/login", WRONG).status


@pytest.mark.parametrize(("servers", "workers"), [(1, 4), (2, 2)])
def test_the_login_limit_holds_across_workers_and_servers(databases, tmp_path, servers, workers):
    database_url = databases.new_url()
    with ExitStack() as stack:
        urls = [
            stack.enter_context(
                serve(
                    tmp_path / "instance",
                    database_url,
                    workers=workers,
                    LOGIN_RATE_LIMIT=f"{LIMIT} per minute",
                )
            ).url
            for _ in range(servers)
        ]
        targets = [urls[i % servers] for i in range(30)]
        with ThreadPoolExecutor(max_workers=30) as pool:
            at_once = list(pool.map(wrong_login, targets))
        one_by_one = [wrong_login(url) for url in urls * 5]

    assert sorted(set(at_once)) == [200, 429], at_once
    assert at_once.count(200) == LIMIT, at_once
    assert one_by_one == [429] * len(one_by_one)


def test_a_refused_login_says_when_to_try_again(databases, tmp_path):
    with serve(
        tmp_path / "instance", databases.new_url(), workers=2, LOGIN_RATE_LIMIT="2 per minute"
    ) as server:
        visitor = Browserless(server.url)
        visitor.get("/login")
        codes = [visitor.post("/login", WRONG).status for _ in range(2)]
        refused = visitor.post("/login", WRONG)
    assert codes == [200, 200]
    assert refused.status == 429
    wait = int(refused.headers["Retry-After"])
    assert 0 < wait <= 60
    words = re.search(r"Try again in (\d+ seconds?|about a minute)\.", refused.body)
    assert words, refused.body
    # The page is written a moment before the header: the two may differ by that second.
    if words.group(1) == "about a minute":
        assert wait >= 59
    else:
        assert int(words.group(1).split()[0]) - wait in (0, 1)
    assert "Too many attempts" in refused.body
    assert refused.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_a_window_that_is_over_counts_again_from_one(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per 2 seconds")
    client = app.test_client()
    codes = [client.post("/login", data=WRONG).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    window_ends = int(client.post("/login", data=WRONG).headers["X-RateLimit-Reset"])
    time.sleep(max(0.0, window_ends - time.time()) + 0.1)
    assert client.post("/login", data=WRONG).status_code == 200
    with app.extensions[EXTENSION_KEY]() as session:
        assert session.scalars(select(RateLimitCounter.hits)).all() == [1]


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1 second"),
        (59, "59 seconds"),
        (60, "about a minute"),
        (61, "about a minute"),
        (150, "about 2 minutes"),
        (3599, "about an hour"),
        (3 * 3600, "about 3 hours"),
    ],
)
def test_the_wait_in_words(seconds, words):
    assert wait_in_words(seconds) == words
