"""Benchmarks 1 and 2: throughput and latency of the app under load, against a bare baseline.

Serves the app as `quizapp serve` does (gunicorn, the README's worker count) on loopback with a
seeded SQLite database, drives it with locust from its own process at several concurrencies,
then measures rate-card and study-page throughput against bench/load/baseline.py, alternately.
Finally it checks that every accepted rating is in the database exactly once, and reads the
workers' resident memory.

At each level there are two runs. Zero think time (throughput): every virtual learner logs in,
then `--seconds` are measured; log-ins are left out because scrypt makes each one cost about
0.1 CPU-second by design, and a storm of them would hide the work being measured.
Realistic think time (latency): the learners arrive over a minute, as a class does, pause 2-8 s
between actions, and the whole run (`--think-seconds`, arrival and log-ins included) counts.
The baseline rounds are throughput runs of both servers, one after the other.

    python bench/run_load.py [--users 16,64,256] [--seconds 20] [--workers 5]
    python bench/run_load.py --smoke      # a few seconds at tiny sizes, no timing claims
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARRIVAL_SECONDS = 60  # realistic runs: the virtual learners arrive over this long
LOCUSTFILE = ROOT / "bench" / "load" / "locustfile.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()  # noqa: S310
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def locust(
    host: str, user_class: str, users: int, seconds: int, work: Path, *, think: bool = False
) -> dict[str, dict]:
    """One locust run. Zero think time: every user logs in first, then `seconds` are measured.
    Realistic think time: the users arrive over a minute (a class coming in), and the whole
    `seconds`, log-ins included, is measured."""
    prefix = work / f"{user_class}-{users}-{time.monotonic_ns()}"
    spawn_rate = users / ARRIVAL_SECONDS if think else max(1, users // 2)
    # A throughput run ends itself `seconds` after the last log-in; -t only bounds it.
    limit = seconds if think else seconds + 600
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
            user_class,
            "--headless",
            "-u",
            str(users),
            "-r",
            f"{spawn_rate:g}",
            "-t",
            f"{limit}s",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            "10",
        ],
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "BENCH_THINK": "realistic" if think else "0",
            "BENCH_MEASURE_SECONDS": "0" if think else str(seconds),
        },
    )
    with open(f"{prefix}_failures.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            print(f"  failure ({user_class}, {users} users): {row['Name']}: {row['Error']}")
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def rss_mb(parent: int) -> list[float]:
    """Resident memory of the server's worker processes, in MB."""
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(parent):
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sizes


def row_text(name: str, row: dict) -> str:
    return (
        f"| {name} | {float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} "
        f"| {row['Failure Count']} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", default="16,64,256")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument(
        "--think-seconds", type=int, default=120, help="length of latency runs, arrival included"
    )
    parser.add_argument("--rounds", type=int, default=2, help="alternations against the baseline")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    levels = [4] if args.smoke else [int(n) for n in args.users.split(",")]
    seconds = 5 if args.smoke else args.seconds
    think_seconds = 5 if args.smoke else args.think_seconds
    rounds = 1 if args.smoke else args.rounds

    work = Path(tempfile.mkdtemp(prefix="quizapp-load-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_")}
    env.update(
        QUIZAPP_INSTANCE_PATH=str(work / "instance"),
        QUIZAPP_LOGIN_RATE_LIMIT="1000000 per minute",
        PYTHONPATH=str(ROOT),
    )
    subprocess.run(
        [sys.executable, "-c", f"from bench.load.seed import seed; seed({max(levels) + 8})"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    app_port, base_port = free_port(), free_port()
    app = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "quizapp",
            "serve",
            "--port",
            str(app_port),
            "--workers",
            str(args.workers),
        ],
        cwd=work,
        env=env,
        stdout=(work / "access.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    base_env = {**env, "BASELINE_DATABASE": str(work / "baseline.sqlite3")}
    subprocess.run(
        [sys.executable, "-c", "from bench.load.baseline import create; create()"],
        cwd=ROOT,
        env=base_env,
        check=True,
    )
    baseline = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{base_port}",
            "bench.load.baseline:app",
        ],
        cwd=ROOT,
        env=base_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    app_url, base_url = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{base_port}"
    peak, sampling = [0.0], threading.Event()

    def sample() -> None:
        while not sampling.wait(0.5):
            peak[0] = max([peak[0], *rss_mb(app.pid)])

    threading.Thread(target=sample, daemon=True).start()
    try:
        wait_up(app_url + "/healthz")
        wait_up(base_url + "/page")
        print(
            f"# Load run: {args.workers} workers, {seconds} s per step, on {os.cpu_count()} cores\n"
        )
        for users in levels:
            for think, length in [(False, seconds), (True, think_seconds)]:
                stats = locust(app_url, "Learner", users, length, work, think=think)
                kind = (
                    f"realistic think time (2-8 s), arriving over {ARRIVAL_SECONDS} s, "
                    "log-ins counted"
                    if think
                    else "zero think time, measured after every log-in"
                )
                print(f"\n## {users} concurrent learners, {kind}, {length} s\n")
                print("| endpoint | req/s | p50 ms | p95 ms | p99 ms | errors |")
                print("|---|---|---|---|---|---|")
                for name, row in stats.items():
                    if int(row["Request Count"]):  # log-ins fall before a throughput window
                        print(row_text(name, row))

        print("\n## Against the baseline (alternating, 64 users unless smoke)\n")
        ratios: dict[str, list[float]] = {"rate": [], "page": []}
        users = 4 if args.smoke else 64
        for _ in range(rounds):
            app_rate = locust(app_url, "RateOnly", users, seconds, work)
            bare_rate = locust(base_url, "BaselineRate", users, seconds, work)
            app_page = locust(app_url, "StudyPageOnly", users, seconds, work)
            bare_page = locust(base_url, "BaselinePage", users, seconds, work)
            ratios["rate"].append(
                float(app_rate["study: rate"]["Requests/s"])
                / float(bare_rate["baseline: rate"]["Requests/s"])
            )
            ratios["page"].append(
                float(app_page["study: card front"]["Requests/s"])
                / float(bare_page["baseline: page"]["Requests/s"])
            )
            print(row_text("app: study: rate", app_rate["study: rate"]))
            print(row_text("baseline: rate", bare_rate["baseline: rate"]))
            print(row_text("app: study page", app_page["study: card front"]))
            print(row_text("baseline: page", bare_page["baseline: page"]))
        for name, values in ratios.items():
            print(f"\n{name} throughput / baseline: " + ", ".join(f"{v:.0%}" for v in values))

        workers_mb = rss_mb(app.pid)
        sampling.set()
        print(
            f"\nworker resident memory: {max(workers_mb):.0f} MB after the runs, "
            f"{peak[0]:.0f} MB at most while they ran (sampled twice a second; "
            f"{len(workers_mb)} workers)"
        )
    finally:
        app.terminate()
        baseline.terminate()
        app.wait(timeout=30)
        baseline.wait(timeout=30)
    # Every rating the server accepted (the access log's 302s, counted server-side so that a
    # request finishing as locust stops still counts) must be stored exactly once.
    log = (work / "access.log").read_text()
    accepted = log.count('study/rate HTTP/1.1" 302')
    with sqlite3.connect(work / "instance" / "quizapp.sqlite3") as db:
        stored, distinct = db.execute(
            "SELECT count(*), count(DISTINCT card_id || ':' || json_extract(before, '$.reps'))"
            " FROM reviews WHERE origin = 'study'"
        ).fetchone()
    verdict = "OK" if stored == accepted == distinct else "MISMATCH"
    print(
        f"\nratings accepted (302): {accepted}; reviews stored: {stored}; "
        f"distinct card states rated: {distinct} ({verdict})"
    )
    if verdict != "OK":
        raise SystemExit(f"kept {work} for inspection")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
