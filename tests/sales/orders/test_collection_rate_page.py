"""Issue 12 item 6: the collection rate (S6.3) per salesperson, department, month and quarter
on /sales/collection-rate/ and in its Excel export: the figures of /api/collection-rate/,
each user their own scope, a constant number of queries."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import CustomerFactory, TeamFactory
from openpyxl import load_workbook
from orders_support import today
from rate_support import make_order, pay

from fieldsales.sales.orders.models import OrderStatus
from fieldsales.sales.orders.rates import rate_grid

pytestmark = pytest.mark.django_db

YEAR = today().year - 1
URL = "/sales/collection-rate/"


def d(month: int, day: int) -> date:
    return date(YEAR, month, day)


@pytest.fixture
def figures(cast):
    sales1, sales2, finance = cast["sales1"], cast["sales2"], cast["finance"]
    mine = CustomerFactory(actor=sales1, name="回款率测试一公司")
    theirs = CustomerFactory(actor=sales2, name="回款率测试二公司")
    a = make_order(
        sales1,
        mine,
        signed_on=d(4, 1),
        installments=[("1000.00", d(4, 15)), ("2000.00", d(5, 20)), ("6500.00", d(7, 10))],
    )
    pay(a, "800.00", d(4, 20), finance)
    pay(a, "1500.00", d(6, 1), finance)
    pay(a, "100.00", d(5, 5), finance, voided=True)
    b = make_order(sales2, theirs, signed_on=d(3, 1), installments=[("4000.00", d(6, 30))])
    pay(b, "1000.00", d(3, 15), finance)  # before the quarter
    pay(b, "2000.00", d(6, 30), finance)
    make_order(
        sales1,
        mine,
        signed_on=d(4, 2),
        installments=[("5000.00", d(5, 10))],
        status=OrderStatus.CANCELLED,
    )
    return {"a": a, "b": b}


def cells(figures: list) -> list[tuple[str, str, str | None]]:
    return [
        (str(f.due), str(f.collected), None if f.rate is None else str(f.rate)) for f in figures
    ]


SALES1 = [
    ("1000.00", "800.00", "80.0"),
    ("2000.00", "0.00", "0.0"),
    ("0.00", "1500.00", None),
    ("3000.00", "2300.00", "76.7"),
]
SALES2 = [
    ("0.00", "0.00", None),
    ("0.00", "0.00", None),
    ("4000.00", "2000.00", "50.0"),
    ("4000.00", "2000.00", "50.0"),
]
DEPARTMENT = [
    ("1000.00", "800.00", "80.0"),
    ("2000.00", "0.00", "0.0"),
    ("4000.00", "3500.00", "87.5"),
    ("7000.00", "4300.00", "61.4"),
]


def test_the_grid_is_hand_computed_and_agrees_with_the_api(cast, api, figures):
    assert cast["sales1"].employee.department_id == cast["sales2"].employee.department_id
    grid = rate_grid(user=cast["finance"], year=YEAR, quarter=2)
    assert grid.months == [d(4, 1), d(5, 1), d(6, 1)]
    [group] = grid.departments
    by_name = {row.person.username: cells(row.cells) for row in group.people}
    assert by_name == {"sales1": SALES1, "sales2": SALES2}
    assert cells(group.total) == DEPARTMENT
    assert cells(grid.total) == DEPARTMENT
    url = f"/api/collection-rate/?from={d(4, 1)}&to={d(6, 30)}"
    assert api("gm").get(f"{url}&salesperson=sales1").data["rate"] == "76.7"
    department = cast["sales1"].employee.department_id
    whole = api("gm").get(f"{url}&department={department}").data
    assert (whole["due"], whole["collected"], whole["rate"]) == ("7000.00", "4300.00", "61.4")
    june = api("gm").get(f"/api/collection-rate/?from={d(6, 1)}&to={d(6, 30)}").data
    assert june["rate"] == "87.5"


def rows_of(client, user, **params):
    client.force_login(user)
    response = client.get(URL, {"year": YEAR, "quarter": 2} | params)
    assert response.status_code == 200
    return [
        (r["line"].kind, r["line"].name, cells(r["line"].cells)) for r in response.context["rows"]
    ]


def test_finance_and_the_gm_see_everyone_and_the_totals(client, cast, figures):
    for user in ("finance", "gm"):
        rows = rows_of(client, cast[user])
        assert [kind for kind, _, _ in rows] == ["person", "person", "department", "company"]
        people = {name: figures for kind, name, figures in rows if kind == "person"}
        assert people.pop("张伟") == SALES1
        assert list(people.values()) == [SALES2]
        assert rows[2][2] == rows[3][2] == DEPARTMENT


def test_the_head_sees_the_department(client, cast, figures):
    rows = rows_of(client, cast["head"])
    assert sorted(kind for kind, _, _ in rows) == ["department", "person", "person"]


def test_a_salesperson_sees_their_own_row_only(client, cast, figures):
    assert rows_of(client, cast["sales1"]) == [("person", "张伟", SALES1)]
    rows = rows_of(client, cast["sales2"])
    assert [(kind, c) for kind, _, c in rows] == [("person", SALES2)]


def test_others_have_no_page(client, cast, figures):
    for user in ("tech", "buyer", "admin"):
        client.force_login(cast[user])
        assert client.get(URL).status_code == 404
        assert client.get(URL + "export/").status_code == 404
    client.logout()
    assert client.get(URL).status_code == 302


def test_the_page_shows_rates_and_dashes_and_links(client, cast, figures):
    client.force_login(cast["finance"])
    html = client.get(URL, {"year": YEAR, "quarter": 2}).content.decode()
    assert "76.7%" in html and "61.4%" in html and "—" in html
    assert "/sales/collection-rate/export/?year=" in html
    receivables = client.get("/sales/receivables/").content.decode()
    assert 'href="/sales/collection-rate/"' in receivables
    tabs = client.get("/sales/orders/").content.decode()
    assert "/sales/collection-rate/" in tabs


def test_the_current_quarter_by_default_and_bad_input_is_said_and_ignored(client, cast):
    client.force_login(cast["finance"])
    response = client.get(URL)
    quarter = (today().month - 1) // 3 + 1
    grid = response.context["grid"]
    assert (grid.year, grid.quarter) == (today().year, quarter)
    bad = client.get(URL, {"year": "abc", "quarter": "9"})
    assert bad.status_code == 200
    assert (bad.context["grid"].year, bad.context["grid"].quarter) == (today().year, quarter)
    assert len(bad.context["ignored"]) == 2
    assert client.get(URL, {"year": "99999999999999999999"}).status_code == 200
    only_year = client.get(URL, {"year": YEAR})
    assert (only_year.context["grid"].year, only_year.context["grid"].quarter) == (YEAR, quarter)
    assert not only_year.context["ignored"]


def test_the_excel_export_has_the_grid(client, cast, figures):
    client.force_login(cast["head"])
    response = client.get(URL + "export/", {"year": YEAR, "quarter": 2})
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in ws[1]]
    assert header[:5] == ["部门", "销售员", "4月 应回款", "4月 已回款", "4月 回款率"]
    assert header[-3:] == ["第2季度 应回款", "第2季度 已回款", "第2季度 回款率"]
    rows = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    zhang = rows["张伟"]
    assert zhang[2:5] == (1000, 800, "80.0%")
    assert zhang[8:11] == (0, 1500, "—")
    assert zhang[11:14] == (3000, 2300, "76.7%")
    assert rows["部门合计"][11:14] == (7000, 4300, "61.4%")


def test_the_query_count_does_not_grow_with_the_orders(client, cast, figures):
    def count() -> int:
        client.force_login(cast["finance"])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"year": YEAR, "quarter": 2}).status_code == 200
        return len(queries)

    before = count()
    customer = CustomerFactory(actor=cast["sales2"], name="回款率测试三公司")
    for index in range(8):
        order = make_order(
            cast["sales2"], customer, signed_on=d(4, 1), installments=[("100.00", d(5, 1 + index))]
        )
        pay(order, "50.00", d(5, 2), cast["finance"])
    assert count() == before
    grid = rate_grid(user=cast["finance"], year=YEAR, quarter=2)
    assert cells(grid.total)[1] == ("2800.00", "400.00", "14.3")
    assert Decimal("400.00") / Decimal("2800.00") * 100 > Decimal("14.28")


def test_a_team_leader_sees_the_team_and_its_total(client, cast, figures):
    sales1, sales2 = cast["sales1"], cast["sales2"]
    team = TeamFactory(department=sales1.employee.department, leader=sales1)
    sales2.employee.team = team
    sales2.employee.save(update_fields=["team"])
    rows = rows_of(client, sales1)
    assert [(kind, name) for kind, name, _ in rows][-1] == ("department", "合计")
    assert sorted(kind for kind, _, _ in rows) == ["department", "person", "person"]
    assert rows[-1][2] == DEPARTMENT
