"""Browser tests: the real app served by `quizapp serve`, driven in the system's Chromium.

Chromium comes from the operating system (Debian's `chromium` package at /usr/bin/chromium),
not from Playwright's download, which cannot run here. A missing browser fails the run with the
command that installs it; these tests never skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.test_cli import free_port

CHROMIUM = os.environ.get("QUIZAPP_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(
    os.environ.get("QUIZAPP_TEST_ARTIFACTS", Path(__file__).parents[2] / "test-artifacts")
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class LiveServer:
    url: str
    instance: Path

    def create_user(self, name: str, password: str, role: str = "student") -> None:
        self.command("create-user", name, "--role", role, input=password + "\n")

    def command(self, *args: str, input: str | None = None) -> str:
        """Run a `quizapp` command against the served database; returns what it printed."""
        done = subprocess.run(
            [sys.executable, "-m", "quizapp", *args],
            input=input,
            text=True,
            check=True,
            capture_output=True,
            env=_server_env(self.instance, self._database_url),
        )
        return done.stdout

    _database_url: str = ""

    @property
    def database_url(self) -> str:
        """The served database, for a test that must change what a page cannot (a deadline)."""
        return self._database_url or f"sqlite:///{self.instance / 'quizapp.sqlite3'}"


def _server_env(instance: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_")}
    env["QUIZAPP_INSTANCE_PATH"] = str(instance)
    # Many logins from one loopback address: keep the limiter on, but out of the tests' way.
    env["QUIZAPP_LOGIN_RATE_LIMIT"] = "1000 per minute"
    env["QUIZAPP_REGISTER_RATE_LIMIT"] = "1000 per minute"
    if database_url:
        env["QUIZAPP_DATABASE_URL"] = database_url
    return env


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, databases) -> Iterator[LiveServer]:  # type: ignore[no-untyped-def]
    instance = tmp_path_factory.mktemp("live") / "instance"
    database_url = databases.empty_url() if databases.is_postgres else ""
    port = free_port()
    # The server's log goes to a file: a pipe nobody reads fills up after some hundred
    # requests' access-log lines, and the server then hangs writing the next one.
    log = instance.with_name("server.log")
    log_file = log.open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "quizapp", "serve", "--port", str(port), "--workers", "2"],
        env=_server_env(instance, database_url),
        stdout=log_file,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2).read()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                server.wait()
                log_file.close()
                pytest.fail("quizapp serve did not start:\n" + log.read_text())
            time.sleep(0.2)
    live = LiveServer(url=url, instance=instance)
    live._database_url = database_url
    yield live
    server.terminate()
    server.wait(timeout=20)
    log_file.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.fail(
            f"Chromium was not found at {CHROMIUM}. Install it with "
            "`apt-get install -y chromium` (scripts/test does this when run as root), "
            "or point QUIZAPP_CHROMIUM at a Chromium binary."
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1100, "height": 800})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    outside: list[str] = []
    tab.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:"))
            else outside.append(request.url)
        ),
    )
    yield tab
    context.close()
    assert outside == [], f"the page requested other hosts: {outside}"


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
