"""D3: a working day without a submitted log after its due time is `missing` (computed, never
stored); late and missing counted per person for a period (D6) and the overdue count in a
viewer's scope (D12); /api/work-logs/missing/."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from worklogs_support import at

from fieldsales.core.workdays import working_days
from fieldsales.department.worklogs import selectors, services
from fieldsales.department.worklogs.due import due_at

pytestmark = pytest.mark.django_db
MONDAY, SATURDAY = date(2026, 3, 9), date(2026, 3, 14)


def filed(cast, who, day, when):
    log = services.worklog_create(
        actor=cast[who], day=day, data={"done": "拜访客户", "plan": "整理报价"}
    )
    return services.worklog_submit(log=log, actor=cast[who], now=when)


def test_d3_missing_after_the_due_time_late_is_not_missing(cast):
    sales1 = cast["sales1"].pk
    filed(cast, "sales1", MONDAY, at(date(2026, 3, 10), 9))  # on time
    filed(cast, "sales1", date(2026, 3, 10), at(date(2026, 3, 12), 8))  # late
    gaps = selectors.missing_logs(
        people=[sales1], start=MONDAY, end=SATURDAY, now=at(date(2026, 3, 16), 10, 1)
    )
    assert [g.day.day for g in gaps] == [11, 12, 13, 14]
    before_due = selectors.missing_logs(
        people=[sales1], start=MONDAY, end=SATURDAY, now=at(date(2026, 3, 16), 9, 59)
    )
    assert [g.day.day for g in before_due] == [11, 12, 13]  # Saturday's is due Monday 10:00


def test_d3_a_log_filed_later_was_missing_until_then(cast):
    filed(cast, "sales1", MONDAY, at(date(2026, 3, 20), 9))
    then = selectors.missing_logs(
        people=[cast["sales1"].pk], start=MONDAY, end=MONDAY, now=at(date(2026, 3, 12), 9)
    )
    now = selectors.missing_logs(people=[cast["sales1"].pk], start=MONDAY, end=MONDAY)
    assert ([g.day for g in then], now) == ([MONDAY], [])


def test_d6_late_and_missing_per_person(cast):
    filed(cast, "sales1", MONDAY, at(date(2026, 3, 11), 9))  # late
    filed(cast, "sales1", date(2026, 3, 10), at(date(2026, 3, 11), 9))
    filed(cast, "sales2", MONDAY, at(date(2026, 3, 10), 9))
    counts = selectors.late_and_missing(
        [cast["sales1"], cast["sales2"]], MONDAY, SATURDAY, now=at(date(2026, 4, 1), 12)
    )
    assert counts[cast["sales1"].pk] == selectors.Counts(late=1, missing=4)
    assert counts[cast["sales2"].pk] == selectors.Counts(late=0, missing=5)


def test_d12_overdue_count_in_the_viewers_scope(cast):
    today = timezone.localdate()
    now = timezone.now()
    days = [d for d in working_days(today - timedelta(days=30), today) if due_at(d) < now]
    n = len(days)
    assert n > 0
    assert selectors.overdue_count(cast["sales1"], today) == n
    assert selectors.overdue_count(cast["head"], today) == 2 * n
    assert selectors.overdue_count(cast["gm"], today) == 2 * n
    assert selectors.overdue_count(cast["finance"], today) == 0
    filed(cast, "sales1", days[-1], now)
    assert selectors.overdue_count(cast["sales1"], today) == n - 1
    assert selectors.overdue_count(cast["head"], today) == 2 * n - 1
    assert selectors.overdue_count(cast["sales2"], today) == n


def test_d3_missing_endpoint(api, cast):
    filed(cast, "sales1", MONDAY, at(date(2026, 3, 10), 9))
    answer = api("head").get("/api/work-logs/missing/?start=2026-03-09&end=2026-03-10")
    assert answer.status_code == 200, answer.json()
    rows = [(r["person"]["id"], r["day"]) for r in answer.json()["results"]]
    assert rows == [
        (cast["sales1"].pk, "2026-03-10"),
        (cast["sales2"].pk, "2026-03-10"),
        (cast["sales2"].pk, "2026-03-09"),
    ]
    own = api("sales1").get("/api/work-logs/missing/?start=2026-03-09&end=2026-03-10").json()
    assert [(r["person"]["id"], r["day"]) for r in own["results"]] == [
        (cast["sales1"].pk, "2026-03-10")
    ]
    one = api("gm").get(
        f"/api/work-logs/missing/?start=2026-03-09&end=2026-03-10&person={cast['sales2'].pk}"
    )
    assert one.json()["count"] == 2


def test_d3_missing_endpoint_refusals(api, cast):
    client = api("sales1")
    other = client.get(f"/api/work-logs/missing/?person={cast['sales2'].pk}")
    assert other.status_code == 404
    assert api("finance").get("/api/work-logs/missing/").json()["count"] == 0
    for query, field in [
        ("?start=2026-03-10&end=2026-03-09", "end"),
        ("?start=2024-01-01&end=2026-03-09", "end"),
        ("?start=yesterday", "start"),
    ]:
        answer = client.get(f"/api/work-logs/missing/{query}")
        assert answer.status_code == 400 and field in answer.json(), query


def test_d6_counts_endpoint(api, cast):
    filed(cast, "sales1", MONDAY, at(date(2026, 3, 11), 9))  # late
    answer = api("head").get("/api/work-logs/counts/?start=2026-03-09&end=2026-03-14")
    assert answer.status_code == 200
    rows = {r["person"]["id"]: (r["late"], r["missing"]) for r in answer.json()["people"]}
    assert rows == {cast["sales1"].pk: (1, 5), cast["sales2"].pk: (0, 6)}
    mine = api("sales2").get("/api/work-logs/counts/?start=2026-03-09&end=2026-03-14").json()
    assert [r["person"]["id"] for r in mine["people"]] == [cast["sales2"].pk]
    other_department = api("head").get("/api/work-logs/counts/?department=999999")
    assert other_department.status_code == 404
