"""Load test (issue 15 item 3): the department at work against a generated company.

Run by `python bench/load.py` (it starts gunicorn and locust headless); by hand:
`locust -f bench/locustfile.py --host http://127.0.0.1:8123 --headless -u 100 -r 10 -t 2m`.

Who (weights out of 100 users): salespeople browsing their trips and customers, planning a
trip (the live estimate, then a draft through the API) and opening their claims (70);
department heads reading and approving their inbox (15); finance paying advances and
reading what to pay (5); the GM's dashboards (5); and anonymous visitors of the login page,
the cheapest page, whose figure is the machine's ceiling in the same run (5).
Each user waits between clicks (LOAD_THINK seconds, "5-15" by default: a person reads a page
before the next click; "1-3" is a stress run), the login page's visitors too, so that they
measure the cheapest answer under the same load instead of adding a load of their own.
Logins: the demo users and the generated ones (s0001…, head2…), password demo-pass-2026.

The server runs with DEBUG off, so its cookies are Secure and an http client would not send
them back: each user sends its session and CSRF cookies itself, in a Cookie header.
"""

from __future__ import annotations

import itertools
import os
import random
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "demo-pass-2026")
SALESPEOPLE = int(os.environ.get("LOAD_SALESPEOPLE", "4"))  # s0001 .. s(N-2) exist, plus sales1/2
DEPARTMENTS = int(os.environ.get("LOAD_DEPARTMENTS", "2"))  # head, head2 .. headN
THINK = [float(s) for s in os.environ.get("LOAD_THINK", "5-15").split("-", 1)]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DETAIL = {
    "trip": re.compile(r'href="(/trips/\d+/)"'),
    "customer": re.compile(r'href="(/crm/customers/\d+/)"'),
    "claim": re.compile(r'href="(/claims/\d+/)"'),
}
# Drafts are planned a day apart within the year ahead (P1: no later than a year out), 40 to 359
# days from today; bench/load.py deletes the load test's drafts before and after each run, so a
# traveller's trips never overlap.
_plans = itertools.count()


def _next_day() -> int:
    return 40 + next(_plans) % 320


def salesperson_names() -> list[str]:
    return ["sales1", "sales2"] + [f"s{i:04d}" for i in range(1, max(1, SALESPEOPLE - 1))]


class Member(HttpUser):
    abstract = True
    wait_time = between(THINK[0], THINK[-1])
    username = ""

    def on_start(self) -> None:
        self.username = self.pick_username()
        page = self.client.get("/login/", name="/login/ (to sign in)")
        token = CSRF_INPUT.search(page.text)
        self.cookies = {"csrftoken": page.cookies.get("csrftoken", "")}
        answer = self.client.post(
            "/login/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers=self.headers(),
            allow_redirects=False,
            name="/login/ (sign in)",
        )
        self.cookies.update(answer.cookies.items())
        if "sessionid" not in self.cookies:
            raise RuntimeError(f"{self.username} could not sign in ({answer.status_code})")
        self.client.cookies.clear()

    def pick_username(self) -> str:
        raise NotImplementedError

    def headers(self, **more: str) -> dict[str, str]:
        cookies = "; ".join(f"{k}={v}" for k, v in getattr(self, "cookies", {}).items())
        base = {"Cookie": cookies, "X-CSRFToken": self.cookies.get("csrftoken", "")}
        base["Referer"] = self.host + "/"
        return base | more

    def get(self, url: str, name: str | None = None):
        return self.client.get(url, headers=self.headers(), name=name or url)

    def post_json(self, url: str, body: dict, name: str, ok=(200, 201)):
        with self.client.post(
            url, json=body, headers=self.headers(), name=name, catch_response=True
        ) as response:
            if response.status_code in ok:
                response.success()
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")
            return response

    def open_first(self, listing: str, kind: str, name: str) -> None:
        page = self.get(listing)
        found = DETAIL[kind].findall(page.text or "")
        if found:
            self.get(random.choice(found[:5]), name=name)


class Salesperson(Member):
    weight = 70

    def pick_username(self) -> str:
        return random.choice(salesperson_names())

    @task(4)
    def trips(self) -> None:
        self.open_first("/trips/", "trip", "/trips/<id>/")

    @task(4)
    def customers(self) -> None:
        self.open_first("/crm/", "customer", "/crm/customers/<id>/")

    @task(2)
    def home(self) -> None:
        self.get("/")

    @task(1)
    def revisits_and_pipeline(self) -> None:
        self.get("/crm/revisits/")
        self.get("/crm/pipeline/")

    @task(2)
    def plan_a_trip(self) -> None:
        self.get("/trips/new/")
        self.get("/api/customers/?page_size=10", name="/api/customers/ (picker)")
        today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
        day = (today + timedelta(days=_next_day())).isoformat()
        self.post_json(
            "/api/trips/",
            {
                "purpose": "customer_visit",
                "destinations": [{"province": "浙江", "city": "杭州"}],
                "depart": day,
                "return": day,
                "note": "负载测试",
            },
            name="/api/trips/ (plan a draft)",
        )

    @task(2)
    def claims(self) -> None:
        self.open_first("/claims/", "claim", "/claims/<id>/")
        self.get("/api/claims/")


class Head(Member):
    weight = 15

    def pick_username(self) -> str:
        return random.choice(["head"] + [f"head{i}" for i in range(2, DEPARTMENTS + 1)])

    @task(3)
    def approve(self) -> None:
        self.get("/approvals/")
        inbox = self.get("/api/approvals/inbox/")
        rows = (inbox.json() or {}).get("results", []) if inbox.ok else []
        if rows:
            row = random.choice(rows[:5])
            # Another head may approve the same document first: the answer lists it under
            # "already" or "failed", still a 200.
            self.post_json(
                "/api/approvals/approve/",
                {"items": [{"kind": row["kind"], "id": row["id"]}], "comment": "同意"},
                name="/api/approvals/approve/",
            )

    @task(2)
    def team(self) -> None:
        self.get("/trips/?scope=visible")
        self.get("/crm/")

    @task(1)
    def dashboard(self) -> None:
        self.get("/dashboard/")


class Finance(Member):
    weight = 5

    def pick_username(self) -> str:
        return "finance"

    @task(3)
    def pay(self) -> None:
        self.get("/finance/to-pay/")
        advances = self.get("/api/advances/?status=approved", name="/api/advances/?status=")
        rows = (advances.json() or {}).get("results", []) if advances.ok else []
        if rows:
            # Two finance users may pay the same advance: the second gets a 409, as it should.
            self.post_json(
                f"/api/advances/{random.choice(rows[:5])['id']}/pay/",
                {},
                name="/api/advances/<id>/pay/",
                ok=(200, 409),
            )

    @task(1)
    def claims(self) -> None:
        self.get("/claims/?scope=visible")


class Manager(Member):
    weight = 5

    def pick_username(self) -> str:
        return "gm"

    @task
    def dashboards(self) -> None:
        self.get("/dashboard/")
        self.get("/")
        self.get("/sales/collection-rate/")


class LoginPage(HttpUser):
    """The machine's ceiling: the cheapest page, no login, under the same load."""

    weight = 5
    wait_time = between(THINK[0], THINK[-1])

    @task
    def login_page(self) -> None:
        self.client.get("/login/", name="/login/ (ceiling)")
