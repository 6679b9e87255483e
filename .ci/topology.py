"""Two app processes on one PostgreSQL and one Redis (issue 15 item 4), checked over plain HTTP.

Starts two gunicorn servers (2 workers each, DEBUG=0, the production settings with REDIS_URL)
on a fresh copy of a filled company, then checks that:
- `fieldsales check --deploy` is clean with the production environment;
- /healthz and /readyz answer 200 on both, readyz with database, migrations, media, Redis ok;
- a session made by logging in on A is honoured by B (the same user shown), and lives in Redis;
- the cache is shared: the per-user rate limit of the duplicate check (core/ratelimit.py),
  spent on A, refuses on B (with local-memory caches each process would count on its own);
- a lock taken by one process is respected by the other: finance settles the same approved
  claim through A and B at the same moment, and exactly one gets 200, the other 409;
- both write JSON log lines carrying a request id.
Exits 1 on the first failure. Run alone: `.venv/bin/python .ci/topology.py` (needs
PostgreSQL at 127.0.0.1:5432 and Redis at 127.0.0.1:6379, database 5).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

from redis import Redis  # celery[redis] installs the client

sys.path.insert(0, str(Path(__file__).resolve().parent))
import drillkit  # noqa: E402
from drillkit import Checks  # noqa: E402

FINANCE, SALESPERSON, PASSWORD = "finance", "sales1", "demo-pass-2026"
WORKERS = 2
DUPLICATE_CHECKS = 5  # the servers' CRM_DUPLICATE_CHECKS_PER_MINUTE
BUDGET_SECONDS = int(os.environ.get("DRILL_BUDGET_SECONDS", 90))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


class Client:
    """Plain HTTP with a cookie jar of its own that sends Secure cookies over http too (the
    production settings mark them Secure; TLS is the proxy's job, absent here)."""

    def __init__(self, cookies: dict[str, str] | None = None) -> None:
        self.cookies = dict(cookies or {})

    def request(
        self,
        base: str,
        path: str,
        *,
        data: dict | None = None,
        json_body: object = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], str]:
        body, head = None, {"Host": "127.0.0.1", **(headers or {})}
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            head["Content-Type"] = "application/x-www-form-urlencoded"
        elif json_body is not None:
            body = json.dumps(json_body).encode()
            head["Content-Type"] = "application/json"
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        request = urllib.request.Request(base + path, data=body, headers=head)
        try:
            response = OPENER.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        text = response.read().decode("utf-8", "replace")
        for line in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                self.cookies[name] = morsel.value
        return response.status, dict(response.headers), text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [drillkit.PYTHON, "-m", "gunicorn", "fieldsales.wsgi", "--workers", str(WORKERS)]
        + ["--bind", f"127.0.0.1:{port}", "--timeout", "60", "--graceful-timeout", "5"],
        env=env,
        cwd=drillkit.ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


def wait_healthy(base: str, server: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn at {base} exited:\n{log.read_text()[-3000:]}")
        try:
            if Client().request(base, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn at {base} did not answer /healthz in {seconds:.0f} s")


def log_in(checks: Checks, base: str, username: str) -> Client:
    """Through the login page, as a browser does: its CSRF token, then the form."""
    client = Client()
    status, _, page = client.request(base, "/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    checks.ok(status == 200 and token, "login page on A")
    status, headers, _ = client.request(
        base,
        "/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
    )
    checks.ok(
        status == 302 and "sessionid" in client.cookies,
        f"{username} logs in on A",
        f"{status} → {headers.get('Location')}",
    )
    return client


def shown_user(page: str) -> str:
    found = re.search(r'class="userchip-name">([^<]+)<', page)
    return found.group(1).strip() if found else ""


def drill(template: str, template_dir: Path, work: Path) -> None:
    checks = Checks("topology")
    database = f"{template}_topology"
    data_dir = work / "data"
    drillkit.copy_company(template, template_dir, database, data_dir)
    checks.ok(True, f"a fresh copy of the company: database {database}, media in {data_dir}")
    env = drillkit.production_env(
        database,
        data_dir,
        SECURE_SSL_REDIRECT="0",
        CRM_DUPLICATE_CHECKS_PER_MINUTE=str(DUPLICATE_CHECKS),
    )
    redis = Redis.from_url(drillkit.REDIS_URL)
    redis.flushdb()
    servers: list[subprocess.Popen] = []
    try:
        ports = [free_port(), free_port()]
        logs = [work / f"gunicorn-{name}.log" for name in "AB"]
        for port, log in zip(ports, logs, strict=True):
            servers.append(start_server(port, env, log))
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        # While they start: the production environment as deployed (HTTPS redirect on).
        deploy_env = drillkit.production_env(database, data_dir, ALLOWED_HOSTS="sales.example.com")
        done = drillkit.manage(
            "check", "--deploy", "--fail-level", "WARNING", env=deploy_env, check=False
        )
        checks.ok(
            done.returncode == 0 and "no issues" in done.stdout,
            "fieldsales check --deploy is clean",
            (done.stdout + done.stderr).strip(),
        )

        for base, server, log in zip((a, b), servers, logs, strict=True):
            wait_healthy(base, server, log)
        checks.ok(True, f"two gunicorn servers up, {WORKERS} workers each: A {a}, B {b}")

        for name, base in (("A", a), ("B", b)):
            status, _, body = Client().request(base, "/healthz")
            checks.ok(status == 200, f"/healthz on {name}: 200")
            status, _, body = Client().request(base, "/readyz")
            ready = json.loads(body)
            checks.ok(
                status == 200 and set(ready["checks"].values()) == {"ok"},
                f"/readyz on {name}: 200, every check ok",
                ready["checks"],
            )

        # A session made on A is honoured by B.
        finance = log_in(checks, a, FINANCE)
        _, _, on_a = finance.request(a, "/")
        status, _, on_b = finance.request(b, "/")
        checks.ok(shown_user(on_a), "A shows the logged-in user", shown_user(on_a))
        checks.ok(
            status == 200 and shown_user(on_b) == shown_user(on_a),
            "B shows the same user with A's session cookie",
            shown_user(on_b),
        )
        status, headers, _ = Client().request(b, "/")
        checks.ok(
            status == 302 and "/login/" in headers.get("Location", ""),
            "B without the cookie sends to the login page",
        )
        key = f"fieldsales:1:django.contrib.sessions.cached_db{finance.cookies['sessionid']}"
        checks.ok(redis.exists(key), "the session is in Redis (cached_db)", key[:60] + "...")

        # The cache is shared: the duplicate check's per-user budget spent on A refuses on B.
        # CRM_DUPLICATE_CHECKS_PER_MINUTE is 5 for the servers (env below): a short sequence.
        salesperson = log_in(checks, a, SALESPERSON)  # finance sees no customers (404)
        path = "/crm/customers/duplicates/?name=" + urllib.parse.quote("上海测试贸易有限公司")
        for _attempt in range(2):
            if time.time() % 60 > 50:  # the budget is per clock minute: not across its end
                time.sleep(61 - time.time() % 60)
            minute = int(time.time() // 60)
            redis.delete(*redis.keys("fieldsales:1:ratelimit:*") or ["-"])
            answers = [salesperson.request(a, path)[0] for _ in range(DUPLICATE_CHECKS)]
            status, headers, _ = salesperson.request(b, path)
            if int(time.time() // 60) == minute:
                break
        checks.ok(
            answers == [200] * DUPLICATE_CHECKS,
            f"{DUPLICATE_CHECKS} duplicate checks on A (the per-minute budget): all 200",
            answers,
        )
        checks.ok(
            status == 429 and headers.get("Retry-After"),
            "the next one on B: 429 (A's count read from the shared cache)",
            status,
        )
        budget = DUPLICATE_CHECKS
        counters = [k.decode() for k in redis.keys("fieldsales:1:ratelimit:duplicates:*")]
        checks.ok(
            len(counters) == 1 and int(redis.get(counters[0])) == budget + 1,
            "one counter in Redis for both processes",
            f"{counters} = {budget + 1}",
        )

        # A lock taken by one process is respected by the other.
        csrf = {"X-CSRFToken": finance.cookies["csrftoken"], "Referer": f"{a}/"}
        status, _, body = finance.request(a, "/api/claims/?status=approved", headers=csrf)
        claims = [
            c
            for c in json.loads(body)["results"]
            if c["status"] == "approved" and not c.get("settled_at")
        ]
        checks.ok(
            status == 200 and claims,
            "an approved, unsettled claim to settle",
            claims and claims[0].get("number", claims[0]["id"]),
        )
        claim = claims[0]["id"]
        barrier, answers = threading.Barrier(2), {}

        def settle(name: str, base: str) -> None:
            client = Client(finance.cookies)
            barrier.wait()
            answers[name] = client.request(
                base, f"/api/claims/{claim}/settle/", json_body={}, headers=csrf
            )

        threads = [threading.Thread(target=settle, args=p) for p in (("A", a), ("B", b))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        statuses = {name: answer[0] for name, answer in answers.items()}
        checks.ok(
            sorted(statuses.values()) == [200, 409],
            "settling the same claim on A and B at once: one 200, one 409",
            statuses,
        )
        loser = next(answer for answer in answers.values() if answer[0] == 409)
        checks.ok(
            "detail" in json.loads(loser[2]), "the 409 says why", json.loads(loser[2]).get("detail")
        )
        status, _, body = finance.request(b, f"/api/claims/{claim}/", headers=csrf)
        checks.ok(
            status == 200 and json.loads(body).get("settled_at"), "B reads the claim settled once"
        )

        # JSON logs with a request id, one line per request, from both processes.
        for name, log in zip("AB", logs, strict=True):
            lines = [
                json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")
            ]
            settles = [ln for ln in lines if ln.get("path", "").endswith("/settle/")]
            checks.ok(
                settles and all(ln.get("request_id") for ln in settles),
                f"{name} logged its settle as JSON with a request id",
                settles and {k: settles[0].get(k) for k in ("status", "request_id")},
            )
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
        redis.flushdb()
        drillkit.drop_database(database)
    took = time.monotonic() - checks.started
    checks.ok(took < BUDGET_SECONDS, f"within {BUDGET_SECONDS} s", f"{took:.0f} s")
    checks.done()


def main() -> None:
    drillkit.run_drill(__doc__, "fieldsales-topology-", drill)


if __name__ == "__main__":
    main()
