"""Load test runner (issue 15 item 3): gunicorn on a generated company, locust headless.

    python bench/load.py [--size tiny|small|full] [--users 100] [--time 2m] [--workers 4]
                         [--threads 4] [--redis URL] [--think 5-15] [--spawn-rate 2]

Builds (or reuses) the PostgreSQL database `fieldsales_bench_<size>` as bench/bench_scale.py
does, collects the static files, starts gunicorn as the README deploys it (`--workers` ×
`--threads`, the cache and sessions in Redis at `--redis`, emptied first; DEBUG off; on
127.0.0.1:8123),
runs bench/locustfile.py headless for `--time` with `--users` users, stops gunicorn, and
prints per request and in total: requests, requests/s, p50/p95/p99 ms and errors (from
locust's --csv files, kept in /tmp/fieldsales-bench/load-<size>/), and writes the table to
bench/load-<date>-<size>.md (-think<a-b> added for another think time than 5-15 s, such as
the 1-3 s stress run). The login page's line is the ceiling.
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import ROOT, env_for, prepare  # noqa: E402

BIN = Path(sys.executable).parent


def forget_drafts(env: dict[str, str]) -> None:
    """Delete the drafts earlier load runs planned (note 负载测试, never submitted)."""
    code = (
        "from fieldsales.trips.models import Trip; "
        "Trip.objects.filter(note='负载测试', status='draft').delete()"
    )
    subprocess.run([str(BIN / "fieldsales"), "shell", "-c", code], env=env, check=True)


def counts(size: str) -> tuple[int, int]:
    """(salespeople, departments) the generator makes at this size."""
    sys.path.insert(0, str(ROOT))
    from fieldsales.demo.generate import FULL, MINIMUM, SCALE

    def count(name: str) -> int:
        return max(MINIMUM.get(name, 1), round(FULL[name] * SCALE[size]))

    return count("salespeople"), count("departments")


def wait_until_up(url: str, seconds: int = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 (our own server)
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url} within {seconds} s")


def warm_up(url: str, workers: int) -> None:
    """Each worker's first page imports the URL conf, views and templates: not the load's cost."""
    from concurrent.futures import ThreadPoolExecutor

    def get(_: int) -> None:
        with urllib.request.urlopen(url, timeout=300) as answer:  # noqa: S310 (our own server)
            answer.read()

    with ThreadPoolExecutor(workers * 2) as pool:
        list(pool.map(get, range(workers * 6)))


def summary(stats_csv: Path) -> list[str]:
    """The locust stats as a Markdown table: one line per request name, then the total."""
    head = "| request | n | req/s | p50 ms | p95 ms | p99 ms | errors |"
    lines = [head, "|---|---|---|---|---|---|---|"]
    with stats_csv.open() as f:
        for row in csv.DictReader(f):
            name = row["Name"] if row["Type"] else "**total**"
            if row["Name"] == "Aggregated":
                name = "**total**"
            lines.append(
                f"| {row['Type']} {name} | {row['Request Count']} | "
                f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} | "
                f"{row['Failure Count']} |"
            )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="tiny")
    parser.add_argument("--users", type=int, default=100)
    # Users arrive two a second (100 in 50 s), each signing in once (an Argon2id hash, about
    # 25 ms of CPU): all at once would queue the first pages behind the sign-ins.
    parser.add_argument("--spawn-rate", type=float, default=2)
    parser.add_argument("--time", default="2m")
    # The deployment the README describes: 4 sync workers, sessions and the cache in Redis
    # (cached_db). On these 2 cores threads made the tail worse: p95 320 ms at 4 × 1, 440 ms at
    # 4 × 2, 400 ms at 4 × 4 (the GIL shares a process among its threads' pages).
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument(
        "--think", default="5-15", help="seconds a user waits between clicks (1-3: stress)"
    )
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()

    from machine import speed_line

    url, data_dir, _built = prepare(args.size, sqlite=False, fresh=args.fresh)
    env = env_for(url, data_dir) | {
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CONN_MAX_AGE": "60",
        "REDIS_URL": args.redis,
    }
    if args.redis:  # a cache and sessions of an earlier run are not this run's
        import redis

        redis.Redis.from_url(args.redis).flushdb()
    if not (data_dir / "static" / "staticfiles.json").exists():  # minutes: it compresses
        subprocess.run(
            [sys.executable, "-m", "fieldsales", "collectstatic", "--noinput", "-v0"],
            env=env,
            cwd=ROOT,
            check=True,
        )
    out = data_dir.parent / f"load-{args.size}"
    out.mkdir(exist_ok=True)
    log = (out / "gunicorn.log").open("w")
    host = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "fieldsales.wsgi",
            "--preload",  # Django set up once, before the workers fork
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--bind",
            f"127.0.0.1:{args.port}",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(f"{host}/healthz")
        warm_up(f"{host}/login/", args.workers)
        salespeople, departments = counts(args.size)
        # The drafts a run plans (a day apart, within the year ahead) are deleted before and
        # after it, so that no traveller's trips overlap an earlier run's.
        forget_drafts(env)
        load_env = dict(os.environ) | {
            "LOAD_SALESPEOPLE": str(salespeople),
            "LOAD_DEPARTMENTS": str(departments),
            "LOAD_THINK": args.think,
        }
        speed = speed_line()  # with the server up and idle, just before the users arrive
        started = datetime.now(UTC)
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                args.time,
                "--host",
                host,
                "--csv",
                str(out / "locust"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env=load_env,
            cwd=ROOT,
            check=False,  # locust exits 1 when any request failed; the table says which
        )
        forget_drafts(env)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=120)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    lines = [
        f"# Load: {args.size}, {args.users} users arriving {args.spawn_rate:g}/s, thinking "
        f"{args.think} s, {args.time}, "
        f"gunicorn {args.workers} workers × {args.threads} threads, PostgreSQL"
        f"{', Redis' if args.redis else ''}, {started:%Y-%m-%d %H:%M} UTC",
        "",
        speed,
        "",
        *summary(out / "locust_stats.csv"),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    think = "" if args.think == "5-15" else f"-think{args.think}"
    target = ROOT / "bench" / f"load-{started:%Y-%m-%d}-{args.size}{think}.md"
    target.write_text(text)
    print(f"written to {target}; locust's CSV files and gunicorn's log in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
