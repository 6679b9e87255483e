"""D12 pages and API: the period parsed (400 naming `period`), the scope by role (404 for
the others), the page's charts and tables, the Excel workbook (a sheet per chart), the home
block, and a query count that does not grow with the data."""

from __future__ import annotations

import io
from datetime import date

import pytest
from dashboard_support import YEAR, build
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from fieldsales.department.dashboard import periods


def test_d12_periods_parse_month_quarter_year():
    today = date(2026, 12, 4)
    month = periods.parse("2026-11", today=today)
    assert (month.kind, month.start, month.end) == ("month", date(2026, 11, 1), date(2026, 11, 30))
    quarter = periods.parse("2026-Q4", today=today)
    assert (quarter.start, quarter.end, quarter.code) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
        "2026-Q4",
    )
    assert periods.parse("2024-02", today=today).end == date(2024, 2, 29)
    year = periods.parse("2026", today=today)
    assert (year.start, year.end, year.months) == (
        date(2026, 1, 1),
        date(2026, 12, 31),
        list(range(1, 13)),
    )
    assert periods.parse("", today=today).code == "2026-12"
    assert periods.parse(None, today=today).code == "2026-12"


@pytest.mark.parametrize(
    "text",
    [
        "2026-13",
        "2026-00",
        "2026-Q5",
        "2026-Q0",
        "1999",
        "2101",
        "abc",
        "2026-1",
        "２０２６",
        "2026-11-01",
        " ",
    ],
)
def test_d12_a_bad_period_is_a_400_naming_period(api, cast, text):
    with pytest.raises(periods.BadPeriod):
        periods.parse(text, today=date(2026, 12, 4))
    answer = api("gm").get("/api/dashboard/", {"period": text})
    assert answer.status_code == 400
    assert "period" in answer.json()


def test_d12_a_nul_in_the_period_is_a_400(api, cast):
    answer = api("gm").get("/api/dashboard/", {"period": "2026\x00"})
    assert answer.status_code == 400 and "period" in answer.json()


@pytest.mark.parametrize(
    "who,scope",
    [("gm", "company"), ("finance", "company"), ("head", "department"), ("sales1", "own")],
)
def test_d12_scope_by_role(api, cast, who, scope):
    body = api(who).get("/api/dashboard/?period=2026-Q4").json()
    assert body["scope"] == scope
    assert body["period"] == {
        "code": "2026-Q4",
        "kind": "quarter",
        "label": body["period"]["label"],
        "start": "2026-10-01",
        "end": "2026-12-31",
    }


@pytest.mark.parametrize("who", ["admin", "tech", "buyer"])
def test_d12_others_have_no_dashboard(api, cast, client, who):
    assert api(who).get("/api/dashboard/").status_code == 404
    client.force_login(cast[who])
    assert client.get("/dashboard/").status_code == 404
    assert client.get("/dashboard/export/").status_code == 404
    assert 'id="home-dashboard"' not in client.get("/").content.decode()


def test_d12_signed_out_is_sent_to_login(api, client, cast):
    assert client.get("/dashboard/").status_code == 302
    assert api(None).get("/api/dashboard/").status_code in (401, 403)


def test_d12_a_salesperson_sees_only_their_own_numbers(api, cast):
    build(cast)
    mine = api("sales1").get(f"/api/dashboard/?period={YEAR}-03").json()
    head = api("head").get(f"/api/dashboard/?period={YEAR}-03").json()
    gm = api("gm").get(f"/api/dashboard/?period={YEAR}-03").json()
    assert [r["id"] for r in mine["targets"]] == [cast["sales1"].pk]
    assert mine["visits"]["counts"] == [2, 1, 0, 0, 0]
    assert head["visits"]["counts"] == [2, 1, 0, 0, 1]  # not the other department's
    assert gm["visits"]["counts"] == [3, 1, 0, 0, 1]
    assert mine["funnel"]["people"] == [] and gm["funnel"]["people"] == []
    assert {p["id"] for p in head["funnel"]["people"]} == {cast["sales1"].pk, cast["sales2"].pk}


def test_d12_the_page_shows_each_chart_with_its_table(client, cast):
    build(cast)
    client.force_login(cast["head"])
    page = client.get(f"/dashboard/?period={YEAR}-03")
    assert page.status_code == 200
    html = page.content.decode()
    for key in ("targets", "funnel", "collection_rate", "aging", "visits", "trip_cost", "overdue"):
        assert f'data-chart="{key}"' in html
        assert f'data-table="{key}"' in html
    assert 'id="dashboard-data"' in html and "vendor/echarts.min.js" in html
    assert "department/dashboard.js" in html
    assert "<script>" not in html.replace('<script type="application/json"', "")  # CSP: no inline
    assert f"/dashboard/export/?period={YEAR}-03" in html
    assert "看板" in html  # the 部门 tab's section


def test_d12_the_page_falls_back_to_this_month_on_a_bad_period(client, cast):
    client.force_login(cast["gm"])
    page = client.get("/dashboard/?period=2026-13")
    assert page.status_code == 200
    assert "期间无效" in page.content.decode()


def test_d12_excel_has_a_sheet_per_chart_with_the_tables_numbers(client, api, cast):
    build(cast)
    client.force_login(cast["gm"])
    answer = client.get(f"/dashboard/export/?period={YEAR}-03")
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == [
        "目标完成",
        "销售漏斗",
        "回款率趋势",
        "应收账龄",
        "每周拜访",
        "每单出差成本",
        "逾期事项",
    ]
    body = api("gm").get(f"/api/dashboard/?period={YEAR}-03").json()
    funnel = [[c.value for c in row] for row in book["销售漏斗"].iter_rows(min_row=2)]
    assert [r[1] for r in funnel] == [s["count"] for s in body["funnel"]["stages"]]
    aging = [[c.value for c in row] for row in book["应收账龄"].iter_rows(min_row=2)]
    assert aging[-1][0] == "合计"
    assert [f"{v:.2f}" for v in aging[-1][1:5]] == [b["amount"] for b in body["aging"]["buckets"]]
    rates = [[c.value for c in row] for row in book["回款率趋势"].iter_rows(min_row=2)]
    assert len(rates) == 12 and rates[-1][0] == f"{YEAR}-03"
    assert f"{rates[-1][1]:.2f}" == body["collection_rate"][-1]["due"]
    visits = [[c.value for c in row] for row in book["每周拜访"].iter_rows(min_row=2)]
    assert [r[1] for r in visits] == body["visits"]["counts"]
    trip = [[c.value for c in row] for row in book["每单出差成本"].iter_rows(min_row=2)]
    assert (
        f"{trip[-1][1]:.2f}" == body["trip_cost"]["cost"]
        and trip[-1][2] == body["trip_cost"]["orders"]
    )
    overdue = {r[0].value: r[1].value for r in book["逾期事项"].iter_rows(min_row=2)}
    assert overdue == {o["label"]: o["count"] for o in body["overdue"]}


def test_d12_home_block_has_two_charts_linking_to_the_dashboard(client, cast):
    client.force_login(cast["sales1"])
    html = client.get("/").content.decode()
    assert 'id="home-dashboard"' in html
    assert 'data-chart="home_targets"' in html and 'data-chart="overdue"' in html
    assert 'href="/dashboard/' in html


def test_d12_queries_do_not_grow_with_the_data(api, cast, django_assert_max_num_queries):
    build(cast, scale=1)
    gm, head = api("gm"), api("head")
    counts = {}
    for who, client in (("gm", gm), ("head", head)):
        with CaptureQueriesContext(connection) as few:
            assert client.get(f"/api/dashboard/?period={YEAR}-Q1").status_code == 200
        counts[who] = len(few)
    build(cast, scale=3)
    for who, client in (("gm", gm), ("head", head)):
        with django_assert_max_num_queries(counts[who]):
            assert client.get(f"/api/dashboard/?period={YEAR}-Q1").status_code == 200


def test_d12_another_part_registers_its_overdue_count(api, cast):
    from fieldsales.department.dashboard import overdue

    seen = []

    def count(viewer, today):
        seen.append((viewer.pk, today))
        return 7 if viewer.username == "head" else 0

    overdue.register_overdue(
        overdue.OverdueCount("logs", "工作日志逾期", count, "department:dashboard", order=5)
    )
    try:
        rows = api("head").get("/api/dashboard/").json()["overdue"]
        assert rows[0] == {
            "code": "logs",
            "label": "工作日志逾期",
            "count": 7,
            "url": "/dashboard/",
        }
        assert seen and seen[0][0] == cast["head"].pk
        assert api("sales1").get("/api/dashboard/").json()["overdue"][0]["count"] == 0
    finally:
        overdue._counts.pop("logs")
    assert "logs" not in {r["code"] for r in api("head").get("/api/dashboard/").json()["overdue"]}
