"""Benchmark the busiest pages on a company with a growing number of documents.

Run `python bench/bench_pages.py`. It builds a throw-away SQLite database, loads the demo
company, adds trips and claims in two rounds (small, then large), and for each page reports
the median response time and the number of queries. It exits 1 when a page's query count
grows with the data or its median time is over the budget.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["FIELDSALES_DATA_DIR"] = tempfile.mkdtemp(prefix="fieldsales-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fieldsales.settings")
os.environ["DATABASE_URL"] = f"sqlite:///{os.environ['FIELDSALES_DATA_DIR']}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from fieldsales.trips import services  # noqa: E402
from fieldsales.trips.models import Trip  # noqa: E402

BUDGET_MS = 250  # median per page on this 2-core machine, SQLite
PAGES = [
    ("sales1", "/"),
    ("sales1", "/trips/"),
    ("head", "/trips/?scope=visible"),
    ("head", "/approvals/"),
    ("finance", "/claims/?scope=visible"),
]
ROUNDS = (20, 400)


def add_documents(n: int) -> None:
    users = {u.username: u for u in get_user_model().objects.all()}
    for i in range(n):
        traveller = users["sales1" if i % 2 else "sales2"]
        # One-day trips on successive days: a traveller's trips may not overlap.
        day = timezone.localdate() + timedelta(
            days=1 + Trip.objects.filter(traveller=traveller).count()
        )
        trip = services.trip_create(
            traveller=traveller,
            data={
                "purpose": "customer_visit",
                "depart": day,
                "return_date": day,
                "destinations": [{"province": "浙江", "city": "杭州"}],
            },
        )
        services.trip_submit(trip=trip, actor=traveller)
        if i % 3:
            continue
        services.trip_decide(trip=trip, actor=users["head"], action="approve")
        services.trip_decide(trip=trip, actor=users["gm"], action="approve")
        claim = services.claim_create(
            trip=trip,
            actor=traveller,
            items=[
                {
                    "id": "t1",
                    "kind": "train",
                    "amount": "73.50",
                    "seat": "second_class",
                    "hours": 1,
                },
                {"id": "h1", "kind": "lodging", "amount": "180.00"},
            ],
        )
        services.claim_submit(claim=claim, actor=traveller)


def measure(username: str, url: str) -> tuple[float, int]:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    client.get(url)  # warm up
    times = []
    for _ in range(15):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return statistics.median(times), len(ctx.captured_queries)


def main() -> int:
    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    results: dict[tuple[str, str], list[tuple[int, float, int]]] = {}
    total = 0
    for n in ROUNDS:
        add_documents(n - total)
        total = n
        for username, url in PAGES:
            ms, queries = measure(username, url)
            results.setdefault((username, url), []).append((n, ms, queries))
    failed = False
    print(f"{'page':<38}{'trips':>7}{'median ms':>11}{'queries':>9}")
    for (username, url), rows in results.items():
        for n, ms, queries in rows:
            print(f"{username + ' ' + url:<38}{n:>7}{ms:>11.1f}{queries:>9}")
        if len({q for _n, _ms, q in rows}) > 1:
            print(f"  FAIL: queries grow with the data on {url}")
            failed = True
        if rows[-1][1] > BUDGET_MS:
            print(f"  FAIL: median over the budget of {BUDGET_MS} ms on {url}")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
