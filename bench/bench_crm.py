"""Time the CRM's heavy pages and lists on a large company (issue 15, item 2).

Run against an empty PostgreSQL database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fs_bench python bench/bench_crm.py [--customers N]

It migrates, loads the demo company, adds departments of salespeople, N customers (20,000 by
default) with five visits each, an opportunity per two customers, a service request per ten
and a quarterly survey per customer (bulk inserts), runs
VACUUM ANALYZE, and prints per page and user: queries, median ms of five requests; then EXPLAIN
ANALYZE of the overdue-revisit query for the GM.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fieldsales.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

PAGES = [
    ("gm", "/crm/revisits/"),
    ("head", "/crm/revisits/"),
    ("sales1", "/crm/revisits/"),
    ("gm", "/api/customers/overdue-revisits/"),
    ("gm", "/"),
    ("gm", "/crm/pipeline/"),
    ("head", "/crm/pipeline/"),
    ("gm", "/crm/customers/sheet.xlsx"),
    ("head", "/crm/customers/sheet.xlsx?scope=team"),
    ("head", "/crm/service/"),
    ("head", "/crm/surveys/"),
    ("head", "/api/surveys/"),
    ("head", "/api/service-requests/"),
    ("head", "/api/contacts/"),
]


def populate(customers: int) -> None:
    from fieldsales.crm.customers.models import Contact, Customer
    from fieldsales.crm.pipeline.models import BOARD_STAGES, Opportunity
    from fieldsales.crm.visits.models import Visit
    from fieldsales.org.models import Company, Department, Employee

    rng = random.Random(15)
    users = get_user_model()
    company = Company.objects.first()
    made = []
    for d in range(5):
        department = Department.objects.create(company=company, name=f"销售{d + 2}部")
        for n in range(20):
            user = users.objects.create_user(f"bench{d}_{n}", password="x")
            Employee.objects.create(user=user, role="salesperson", department=department)
            made.append(user)
    owners = made + list(users.objects.filter(username__in=["sales1", "sales2"]))
    creator = owners[0]
    now = timezone.now()
    rows = []
    for i in range(customers):
        owner = rng.choice(owners)
        rows.append(
            Customer(
                code=f"B-{i:06d}",
                name=f"测试客户{i}有限公司",
                kind=rng.choice(["end_customer", "distributor"]),
                province_code="330000",
                city_code="330100",
                province="浙江省",
                city="杭州市",
                address=f"文三路{i}号",
                contact_name="王经理",
                contact_phone=f"139{i:08d}",
                status="pool" if i % 20 == 0 else "active",
                owner=None if i % 20 == 0 else owner,
                grade=rng.choice("ABC"),
                created_by=creator,
            )
        )
    Customer.objects.bulk_create(rows, batch_size=2000)
    back = now - timedelta(days=400)
    Customer.objects.filter(code__startswith="B-").update(created_at=back)
    kept = list(Customer.objects.filter(code__startswith="B-").values_list("pk", "owner_id"))
    Contact.objects.bulk_create(
        [Contact(customer_id=pk, name="王经理", phone="13900000000") for pk, _o in kept],
        batch_size=5000,
    )
    visits = []
    for pk, owner_id in kept:
        for _n in range(5):
            at = now - timedelta(days=rng.randint(0, 200), hours=rng.randint(0, 9))
            visits.append(
                Visit(
                    customer_id=pk,
                    salesperson_id=owner_id or creator.pk,
                    status="checked_out",
                    date=timezone.localdate(at),
                    purpose="回访",
                    check_in_at=at,
                    check_out_at=at + timedelta(hours=1),
                )
            )
    Visit.objects.bulk_create(visits, batch_size=5000)
    opportunities = [
        Opportunity(
            customer_id=pk,
            owner_id=owner_id or creator.pk,
            title=f"商机{pk}",
            stage=rng.choice(BOARD_STAGES),
            amount=rng.randint(1, 500) * 1000,
            next_follow_up=timezone.localdate() + timedelta(days=rng.randint(-30, 60)),
        )
        for pk, owner_id in kept[::2]
    ]
    Opportunity.objects.bulk_create(opportunities, batch_size=5000)
    populate_service(kept, creator)
    with connection.cursor() as cursor:  # autocommit: VACUUM may run here
        cursor.execute("VACUUM ANALYZE")


def populate_service(kept: list[tuple[int, int | None]], creator: object) -> None:
    """A service request per ten customers (opened by the GM's office for every fifth), a
    quarterly survey per customer."""
    from fieldsales.crm.service.models import ServiceRequest
    from fieldsales.crm.surveys.models import SatisfactionSurvey

    today = timezone.localdate()
    ServiceRequest.objects.bulk_create(
        [
            ServiceRequest(
                customer_id=pk,
                kind="service",
                title="设备维护",
                description="逆变器报警",
                owner_id=owner_id or creator.pk,
                opened_by_id=creator.pk if n % 5 == 0 else (owner_id or creator.pk),
                deadline=today + timedelta(days=n % 30 - 10),
            )
            for n, (pk, owner_id) in enumerate(kept[::10])
        ],
        batch_size=5000,
    )
    SatisfactionSurvey.objects.bulk_create(
        [
            SatisfactionSurvey(
                customer_id=pk,
                kind="quarterly",
                quarter="2026Q3",
                score=1 + pk % 4,
                salesperson_id=owner_id,
                recorded_by_id=creator.pk,
            )
            for pk, owner_id in kept
        ],
        batch_size=5000,
    )


def time_pages(only: str = "") -> None:
    users = {u.username: u for u in get_user_model().objects.all()}
    print(f"{'user':8} {'page':45} {'queries':>7} {'median ms':>10}")
    for who, path in PAGES:
        if only not in path:
            continue
        client = Client()
        client.force_login(users[who])
        client.get(path)  # warm
        timings = []
        for _n in range(5):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        print(f"{who:8} {path:45} {len(ctx.captured_queries):7} {statistics.median(timings):10.0f}")


def explain_revisits() -> None:
    from fieldsales.crm.visits import selectors

    gm = get_user_model().objects.get(username="gm")
    customers = selectors.overdue_revisit_customers(user=gm, today=timezone.localdate())
    print("EXPLAIN ANALYZE, the GM's first page of revisits due:")
    print(customers[:20].explain(analyze=True))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--reuse", action="store_true", help="the data is there: only time")
    parser.add_argument("--explain", action="store_true", help="only the query plans")
    parser.add_argument("--only", default="", help="only the pages whose path contains this")
    args = parser.parse_args()
    if args.explain:
        explain_revisits()
        return
    if not args.reuse:
        call_command("migrate", verbosity=0)
        call_command("demo", "--without-selling-documents", stdout=open(os.devnull, "w"))  # noqa: SIM115
        started = time.perf_counter()
        populate(args.customers)
        print(f"populated in {time.perf_counter() - started:.0f} s")
    time_pages(args.only)
    explain_revisits()


if __name__ == "__main__":
    main()
