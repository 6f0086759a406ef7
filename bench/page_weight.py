"""Benchmark 5 (first half): bytes and requests for each page with all its assets, and whether
any request leaves the server. Serves the app as `quizapp serve` does, drives system Chromium.
A class of simulated students (`quizapp demo-data`) fills the teacher's reports, and the
student takes a practice quiz and reveals a card, so those pages are weighed full.

    python bench/page_weight.py [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

PASSWORD = "a long enough passphrase"
LIMIT_BYTES = 60 * 1024
STUDENT_PAGES = [
    "/",
    "/decks",
    "/decks/russia-iran",
    "/decks/russia-iran/study",
    "/progress",
    "/history",
    "/classes",
    "/study/settings",
    "/decks/russia-iran/decide",
]
TEACHER_PAGES = [
    "/teacher/",
    "/teacher/import",
    "/teacher/decks/russia-iran/questions",
    "/teacher/quizzes",
    "/teacher/classes",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def quizapp(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        env=env,
        input=stdin,
        text=True,
        capture_output=True,
        check=True,
    )
    return done.stdout


def student_flow(page: Page) -> list[str]:
    """Reveal a card and take a practice quiz; the pages on the way, to weigh them too."""
    page.goto("/decks/russia-iran/study")
    page.get_by_role("button", name="Show answer").click()
    page.wait_for_load_state("load")
    back = page.url
    page.goto("/decks/russia-iran")
    page.get_by_role("button", name="Start practice quiz").click()
    page.wait_for_load_state("load")
    attempt = page.url.split("/q/")[0].rstrip("/")
    page.goto(attempt + "/review")
    page.get_by_role("button", name="Finish and see my results").click()
    page.wait_for_load_state("load")
    results = page.url
    # A second attempt, left open, for the question page.
    page.goto("/decks/russia-iran")
    page.get_by_role("button", name="Start practice quiz").click()
    page.wait_for_load_state("load")
    return [back, page.url, results]


def measure(chromium: str) -> list[tuple[str, int, int, list[str]]]:
    work = Path(tempfile.mkdtemp())
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_")}
    env["QUIZAPP_INSTANCE_PATH"] = str(work / "instance")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "quizapp", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        quizapp(env, "create-user", "weigh-student", stdin=PASSWORD + "\n")
        quizapp(env, "create-user", "weigh-teacher", "--role", "teacher", stdin=PASSWORD + "\n")
        quizapp(env, "demo-data", "--teacher", "weigh-teacher", "--students", "30")
        with sqlite3.connect(work / "instance" / "quizapp.sqlite3") as db:
            class_id, student_id = db.execute(
                "SELECT class_id, user_id FROM class_members ORDER BY class_id LIMIT 1"
            ).fetchone()
            (quiz_id,) = db.execute(
                "SELECT quiz_id FROM attempts GROUP BY quiz_id ORDER BY count(*) DESC LIMIT 1"
            ).fetchone()
        teacher_pages = [
            *TEACHER_PAGES,
            f"/teacher/classes/{class_id}",
            f"/teacher/classes/{class_id}/students/{student_id}",
            f"/teacher/quizzes/{quiz_id}/analysis",
        ]
        results = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
            )
            for user, pages in [("weigh-student", STUDENT_PAGES), ("weigh-teacher", teacher_pages)]:
                login = browser.new_context(base_url=base)
                page = login.new_page()
                page.goto("/login")
                page.get_by_label("Username").fill(user)
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Log in").click()
                page.wait_for_load_state("load")
                if user == "weigh-student":
                    pages = [*pages, *student_flow(page)]
                state = login.storage_state()
                login.close()
                for path in pages:
                    # A new context per page: an empty cache, so every asset counts.
                    context = browser.new_context(base_url=base, storage_state=state)
                    page = context.new_page()
                    responses: list = []
                    page.on("response", lambda response, got=responses: got.append(response))
                    page.goto(path, wait_until="networkidle")
                    seen = [(r.url, len(r.body()) if r.status < 300 else 0) for r in responses]
                    outside = [url for url, _ in seen if not url.startswith(base)]
                    results.append((path, sum(size for _, size in seen), len(seen), outside))
                    context.close()
            browser.close()
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    rows = measure(args.chromium)
    print(f"{'page':45} {'bytes':>8} {'requests':>8}  other hosts")
    for path, size, count, outside in rows:
        mark = "" if size <= LIMIT_BYTES else "  OVER 60 KB"
        path = "/" + path.split("://", 1)[-1].split("/", 1)[-1].split("?")[0].lstrip("/")
        print(f"{path:45} {size:8d} {count:8d}  {len(outside)}{mark}")
    worst = max(size for _, size, _, _ in rows)
    print(
        f"largest page with assets: {worst} bytes (limit {LIMIT_BYTES});"
        f" requests to other hosts: {sum(len(o) for *_, o in rows)}"
    )


if __name__ == "__main__":
    main()
