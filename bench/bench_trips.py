"""Issue 15: the trips API lists and the claim page on a company with thousands of trips.

    DATABASE_URL=postgres://... python bench/bench_trips.py fill 5000   # once: migrate, demo, bulk
    DATABASE_URL=postgres://... python bench/bench_trips.py time        # queries and median ms

`fill` loads the demo company, prices one real trip and claim through the services, then
bulk-creates N copies (trips with destinations, customers, a companion on every third, an
approved claim each with its ClaimItemKey rows) spread over 60 salespeople in two departments.
`time` can be run from another checkout (PYTHONPATH) against the same database to compare.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, os.environ.get("BENCH_CODE", str(Path(__file__).resolve().parents[1])))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fieldsales.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PAGES = [
    ("gm", "/api/trips/"),
    ("head", "/api/trips/"),
    ("sales1", "/api/trips/"),
    ("head", "/api/advances/"),
    ("head", "/api/claims/"),
    ("head", "/trips/?scope=visible"),
    ("head", "/approvals/"),
    ("sales1", "/claims/{claim}/"),
]


def fill(n: int) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from fieldsales.crm.models import Customer
    from fieldsales.org.models import Employee, Role
    from fieldsales.trips import services
    from fieldsales.trips.models import (
        Claim,
        ClaimItemKey,
        Trip,
        TripCompanion,
        TripDestination,
    )
    from fieldsales.trips.receipt_keys import item_keys

    call_command("migrate", verbosity=0)
    call_command("demo", "--without-selling-documents", verbosity=0)
    users = {u.username: u for u in get_user_model().objects.all()}
    sales1 = users["sales1"]
    today = timezone.localdate()
    model = services.trip_create(
        traveller=sales1,
        data={
            "purpose": "customer_visit",
            "destinations": [{"province": "浙江", "city": "杭州"}],
            "depart": today + timedelta(days=1),
            "return_date": today + timedelta(days=2),
        },
    )
    services.trip_submit(trip=model, actor=sales1)
    model = Trip.objects.get(pk=model.pk)
    ticket = {"id": "t1", "kind": "train", "amount": "73.50", "hours": 1.2}
    ticket |= {"seat": "second_class", "invoice": True, "date": model.depart.isoformat()}
    claim = Claim(trip=model, claimant=sales1, items=[ticket])
    from fieldsales.trips.services.evaluation import evaluate_claim, store_evaluation

    store_evaluation(claim, evaluate_claim(claim, [ticket]))
    evaluation = claim.evaluation
    dest = model.destinations.first()
    department = sales1.employee.department
    User = get_user_model()
    made = User.objects.bulk_create(
        User(username=f"bench{i}", first_name=f"员工{i}", last_name="测") for i in range(60)
    )
    other = Employee.objects.exclude(department=department).exclude(department=None).first()
    Employee.objects.bulk_create(
        Employee(
            user=u,
            role=Role.SALESPERSON,
            department=department if i % 2 else (other.department if other else department),
        )
        for i, u in enumerate(made)
    )
    travellers = [sales1, users["sales2"], *made]
    departments = dict(Employee.objects.values_list("user_id", "department_id"))
    customers = list(Customer.objects.values_list("pk", flat=True))
    now = timezone.now()
    trips = Trip.objects.bulk_create(
        Trip(
            traveller=travellers[i % len(travellers)],
            department_id=departments.get(travellers[i % len(travellers)].pk),
            purpose="customer_visit",
            depart=today - timedelta(days=3 * (i // len(travellers)) + 5),
            return_date=today - timedelta(days=3 * (i // len(travellers)) + 4),
            status="settled",
            chain=model.chain,
            step=len(model.chain),
            submitted_at=now,
            approved_at=now,
        )
        for i in range(n)
    )
    TripDestination.objects.bulk_create(
        TripDestination(
            trip=t,
            seq=0,
            province=dest.province,
            city=dest.city,
            province_code=dest.province_code,
            city_code=dest.city_code,
        )
        for t in trips
    )
    through = Trip.customers.through
    through.objects.bulk_create(
        through(trip_id=t.pk, customer_id=customers[i % len(customers)])
        for i, t in enumerate(trips)
    )
    TripCompanion.objects.bulk_create(
        TripCompanion(trip=t, user=travellers[(i + 1) % len(travellers)])
        for i, t in enumerate(trips)
        if i % 3 == 0
    )
    claims = Claim.objects.bulk_create(
        Claim(
            trip=t,
            claimant_id=t.traveller_id,
            items=[ticket | {"date": t.depart.isoformat()}],
            evaluation=evaluation,
            status="approved",
            chain=model.chain,
            step=len(model.chain),
            submitted_at=now,
            approved_at=now,
        )
        for t in trips
    )
    ClaimItemKey.objects.bulk_create(
        ClaimItemKey(claim=c, claimant_id=c.claimant_id, item=k, kind=kind, amount=a, date=d)
        for c in claims
        for k, kind, a, d in item_keys(c.items)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"filled {n} trips and claims")


def measure(repeat: int = 7) -> None:
    from fieldsales.trips.models import Claim

    users = {u.username: u for u in get_user_model().objects.all()}
    claim = Claim.objects.filter(claimant=users["sales1"]).order_by("-pk").first()
    print(f"{'user':8} {'page':28} {'queries':>7} {'median ms':>9}")
    for username, url in PAGES:
        url = url.format(claim=claim.pk)
        client = Client()
        client.force_login(users[username])
        client.get(url)
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{username:8} {url:28} {len(queries.captured_queries):7d}"
            f" {statistics.median(times):9.1f}"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["fill"]:
        fill(int(sys.argv[2]) if len(sys.argv) > 2 else 5000)
    else:
        measure()
