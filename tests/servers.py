"""`quizapp serve` in a subprocess on a loopback port, and a browser-less client for it."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.test_cli import free_port, wait_for


@dataclass
class Served:
    url: str
    process: subprocess.Popen[str]


@contextmanager
def serve(instance: Path, database_url: str, *, workers: int, **settings: str) -> Iterator[Served]:
    """A running `quizapp serve` on a migrated database; stopped when the block ends."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_")}
    env.update(
        QUIZAPP_INSTANCE_PATH=str(instance),
        QUIZAPP_DATABASE_URL=database_url,
        QUIZAPP_LOAD_BUNDLED_BANK="false",
        **{f"QUIZAPP_{name}": value for name, value in settings.items()},
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "quizapp", "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_for(url + "/healthz", seconds=60)
        except OSError:
            process.kill()
            output = process.communicate()[0]
            raise AssertionError("quizapp serve did not start:\n" + output) from None
        yield Served(url, process)
    finally:
        if process.poll() is None:
            process.terminate()
            process.communicate(timeout=30)


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str


class Browserless:
    """One visitor: its own cookies, and the CSRF token of the last page it read."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()
        )
        self.token = ""

    def get(self, path: str) -> Reply:
        return self._send(urllib.request.Request(self.base_url + path))

    def post(self, path: str, data: dict[str, str]) -> Reply:
        body = urllib.parse.urlencode({"csrf_token": self.token, **data}).encode()
        return self._send(urllib.request.Request(self.base_url + path, data=body))

    def _send(self, request: urllib.request.Request) -> Reply:
        try:
            with self.opener.open(request, timeout=60) as response:
                reply = Reply(response.status, dict(response.headers), response.read().decode())
        except urllib.error.HTTPError as error:
            reply = Reply(error.code, dict(error.headers), error.read().decode())
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', reply.body)
        if match:
            self.token = match.group(1)
        return reply


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None
