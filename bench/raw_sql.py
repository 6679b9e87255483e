"""Hand-written SQL that yields the rows a heavy page shows, to time the page against.

The benchmark's "×raw" column is page median / SQL median: the SQL is what a page would cost
if it were nothing but its rows (the visible rows of the page, their count, the names shown
next to them), run with a cursor on the same database. The role's visibility (the people
and departments it sees) is looked up beforehand with the selectors' own helpers, as a
page does once per request; only the SQL is timed. Keyed by the page (its path), for
whichever role the page is among the five heaviest.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from raw_sql_ledgers import RAW as LEDGERS  # bench/ is on the path, as for bench_scale
from raw_sql_reports import RAW as REPORTS

from fieldsales.org.access import department_ids, visible_people

Query = tuple[str, list[Any]]


def _in(column: str, ids: list[int] | None) -> Query:
    """`column IN (...)`, or no condition when the role sees everyone."""
    if ids is None:
        return "1 = 1", []
    if not ids:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _people_or_departments(user: Any, person_col: str, dept_col: str) -> Query:
    people = visible_people(user)
    if people is None:
        return "1 = 1", []
    who, params = _in(person_col, people)
    departments = department_ids(user)
    if departments:
        where, more = _in(dept_col, departments)
        return f"({who} OR {where})", params + more
    return who, params


def trips(user: Any) -> list[Query]:
    """/trips/ and /api/trips/: a page of 20 visible trips, newest first, and their count."""
    people = visible_people(user)
    if people is None:
        where, params = "1 = 1", []
    else:
        who, params = _in("t.traveller_id", people)
        companion, more = _in("c.user_id", people)
        where = f"({who} OR t.id IN (SELECT c.trip_id FROM trips_tripcompanion c WHERE {companion})"
        params += more
        departments = department_ids(user)
        if departments:
            dept, more = _in("t.department_id", departments)
            where += f" OR {dept}"
            params += more
        where += ")"
    rows = (
        "SELECT t.id, t.status, t.depart, t.return_date, t.purpose, u.first_name, d.name "
        "FROM trips_trip t JOIN auth_user u ON u.id = t.traveller_id "
        "LEFT JOIN org_department d ON d.id = t.department_id "
        f"WHERE {where} ORDER BY t.created_at DESC, t.id DESC LIMIT 20"
    )
    return [(rows, params), (f"SELECT COUNT(*) FROM trips_trip t WHERE {where}", params)]


def claims(user: Any) -> list[Query]:
    """/claims/: a page of 20 visible claims, newest first, and their count."""
    where, params = _people_or_departments(user, "k.claimant_id", "t.department_id")
    where = f"({where} OR k.pending_user_id = %s)"
    params = params + [user.pk]
    base = "FROM trips_claim k JOIN trips_trip t ON t.id = k.trip_id "
    rows = (
        "SELECT k.id, k.status, k.claimed_total, k.reimbursed_total, u.first_name, t.depart "
        + base
        + f"JOIN auth_user u ON u.id = k.claimant_id WHERE {where} "
        "ORDER BY k.created_at DESC, k.id DESC LIMIT 20"
    )
    return [(rows, params), (f"SELECT COUNT(*) {base} WHERE {where}", params)]


def customers(user: Any, limit: int = 20) -> list[Query]:
    """/crm/: a page of 20 visible customers by code (own, the department's, the pool)."""
    people = visible_people(user)
    owned, params = _in("c.owner_id", people)
    where = f"({owned} OR c.status = 'pool')" if people is not None else "1 = 1"
    rows = (
        "SELECT c.id, c.code, c.name, c.kind, c.grade, c.city, c.status, u.first_name "
        "FROM crm_customer c LEFT JOIN auth_user u ON u.id = c.owner_id "
        f"WHERE {where} ORDER BY c.code LIMIT {limit}"
    )
    return [(rows, params), (f"SELECT COUNT(*) FROM crm_customer c WHERE {where}", params)]


def customer_sheet(user: Any) -> list[Query]:
    """/crm/customers/sheet.xlsx: every visible customer (the sheet stops at 5,000)."""
    return customers(user, limit=5000)[:1]


def pipeline(user: Any) -> list[Query]:
    """/crm/pipeline/: five columns of 30 open opportunities, and each column's count and sum."""
    owned, params = _in("o.owner_id", visible_people(user))
    stages = ["lead_found", "contacted", "needs_understood", "contract_signed", "in_execution"]
    queries = [
        (
            f"SELECT o.stage, COUNT(*), SUM(o.amount) FROM crm_opportunity o WHERE {owned} "
            "AND o.stage IN (%s, %s, %s, %s, %s) GROUP BY o.stage",
            params + stages,
        )
    ]
    for stage in stages:
        queries.append(
            (
                "SELECT o.id, o.title, o.amount, o.next_follow_up, c.name, u.first_name "
                "FROM crm_opportunity o JOIN crm_customer c ON c.id = o.customer_id "
                "JOIN auth_user u ON u.id = o.owner_id "
                f"WHERE {owned} AND o.stage = %s ORDER BY o.next_follow_up, o.id DESC LIMIT 30",
                params + [stage],
            )
        )
    return queries


def orders(user: Any) -> list[Query]:
    """/sales/orders/ and /api/orders/: a page of visible orders, newest first, and the count."""
    where, params = _people_or_departments(user, "o.salesperson_id", "o.department_id")
    rows = (
        "SELECT o.id, o.year, o.seq, o.status, o.total, o.signed_on, c.name, u.first_name "
        "FROM sales_order o JOIN crm_customer c ON c.id = o.customer_id "
        "JOIN auth_user u ON u.id = o.salesperson_id "
        f"WHERE {where} ORDER BY o.created_at DESC, o.id DESC LIMIT 25"
    )
    return [(rows, params), (f"SELECT COUNT(*) FROM sales_order o WHERE {where}", params)]


def customer_page(user: Any, url: str) -> list[Query]:
    """/crm/customers/<id>/: the customer, its contacts, opportunities, transfers, and the
    timeline's first 15 entries of each source (visits, trips, service requests, surveys)."""
    pk = int(url.rstrip("/").rsplit("/", 1)[1])
    one = [pk]
    return [
        (
            "SELECT c.*, u.first_name FROM crm_customer c "
            "LEFT JOIN auth_user u ON u.id = c.owner_id WHERE c.id = %s",
            one,
        ),
        ("SELECT * FROM crm_contact WHERE customer_id = %s ORDER BY is_primary DESC, id", one),
        (
            "SELECT o.*, u.first_name FROM crm_opportunity o JOIN auth_user u ON u.id = o.owner_id "
            "WHERE o.customer_id = %s ORDER BY o.created_at DESC",
            one,
        ),
        ("SELECT * FROM crm_customertransfer WHERE customer_id = %s ORDER BY at, id", one),
        (
            "SELECT v.id, v.date, v.status, v.purpose, u.first_name FROM crm_visit v "
            "JOIN auth_user u ON u.id = v.salesperson_id WHERE v.customer_id = %s "
            "ORDER BY v.date DESC, v.id DESC LIMIT 15",
            one,
        ),
        (
            "SELECT t.id, t.depart, t.status, u.first_name FROM trips_trip t "
            "JOIN trips_trip_customers tc ON tc.trip_id = t.id "
            "JOIN auth_user u ON u.id = t.traveller_id WHERE tc.customer_id = %s "
            "ORDER BY t.depart DESC LIMIT 15",
            one,
        ),
        (
            "SELECT id, kind, status, title, created_at FROM crm_servicerequest "
            "WHERE customer_id = %s ORDER BY created_at DESC LIMIT 15",
            one,
        ),
        (
            "SELECT id, kind, score, recorded_at FROM crm_satisfactionsurvey "
            "WHERE customer_id = %s ORDER BY recorded_at DESC LIMIT 15",
            one,
        ),
    ]


RAW: dict[str, Callable[..., list[Query]]] = {
    "/trips/": trips,
    "/trips/?scope=visible": trips,
    "/api/trips/": trips,
    "/claims/": claims,
    "/claims/?scope=visible": claims,
    "/crm/": customers,
    "/crm/?scope=team": customers,
    "/api/customers/": customers,
    "/crm/customers/sheet.xlsx": customer_sheet,
    "/crm/pipeline/": pipeline,
    "/crm/pipeline/?scope=team": pipeline,
    "/sales/orders/": orders,
    "/api/orders/": orders,
    "crm:customer_detail": customer_page,  # called with the page's URL too
}
NEEDS_URL = {"crm:customer_detail"}
RAW.update(REPORTS)  # the report pages: bench/raw_sql_reports.py
RAW.update(LEDGERS)  # attendance and receivables: bench/raw_sql_ledgers.py


def time_raw(role: str, page: str, *, url: str, runs: int) -> float:
    """The median ms of the page's SQL (fetching every row) as `role`."""
    user = get_user_model().objects.get(username=role)
    queries = RAW[page](user, url) if page in NEEDS_URL else RAW[page](user)
    times = []
    for _ in range(max(runs, 1)):
        began = time.perf_counter()
        with connection.cursor() as cursor:
            for sql, params in queries:
                cursor.execute(sql, params)
                cursor.fetchall()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)
