"""Issue 10 item 10: the customer list is filtered by kind, grade, stage, owner and region,
searched, kept within what the user sees, and exported to Excel as shown."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from factories import CustomerFactory, OpportunityFactory
from openpyxl import load_workbook

from fieldsales.crm.models import Customer
from fieldsales.crm.sheets.customer_list import CUSTOMER_COLUMNS

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client, cast):
    def as_user(username):
        client.force_login(cast[username])
        return client

    return as_user


def codes(response) -> list[str]:
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'<td data-label="[^"]*"><a href="/crm/customers/\d+/">([^<]+)</a>', html)


def visible_codes(username) -> list[str]:
    """The non-pool customers `username` sees, by code (what an unfiltered list shows)."""
    from django.contrib.auth import get_user_model

    from fieldsales.crm.sheets.customer_list import customers_for_list

    user = get_user_model().objects.get(username=username)
    return list(customers_for_list(user=user).values_list("code", flat=True))


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200
    wb = load_workbook(BytesIO(response.content))
    return [list(row) for row in wb.active.iter_rows(values_only=True)]


def test_a_salesperson_never_sees_another_s_customers_even_asking_by_owner(login, cast):
    client = login("sales1")
    others = set(Customer.objects.exclude(owner=cast["sales1"]).values_list("code", flat=True))
    for query in ({}, {"scope": "team"}, {"owner": cast["sales2"].pk}, {"q": "李娜"}):
        shown = codes(client.get("/crm/", query | {"page": 1}))
        assert not set(shown) & others, query
        assert shown or query == {"q": "李娜"}
        rows = xlsx_rows(client.get("/crm/customers/export/", query))
        assert not {r[0] for r in rows[1:]} & others
    assert 'name="owner"' not in client.get("/crm/").content.decode()


def test_the_head_filters_customers_by_kind_grade_owner_region_and_stage(login, cast):
    client = login("head")
    everyone = visible_codes("head")
    assert codes(client.get("/crm/")) == everyone[:20]

    def expected(**lookups):
        return [c for c in everyone if Customer.objects.filter(code=c, **lookups).exists()]

    assert codes(client.get("/crm/", {"kind": "distributor"})) == expected(kind="distributor")
    assert codes(client.get("/crm/", {"grade": "A"})) == expected(grade="A")
    assert codes(client.get("/crm/", {"owner": cast["sales2"].pk})) == expected(
        owner=cast["sales2"]
    )
    guangdong = Customer.objects.get(code="C-0004").province  # 广东省
    assert codes(client.get("/crm/", {"region": guangdong})) == expected(province=guangdong)
    assert expected(province=guangdong) != []
    customer = CustomerFactory(actor=cast["sales1"], name="台州新光伏有限公司", city="台州")
    OpportunityFactory(customer=customer)  # opened at the first stage
    everyone = visible_codes("head")
    at_first_stage = codes(client.get("/crm/", {"stage": "lead_found"}))
    assert customer.code in at_first_stage
    assert at_first_stage == expected(opportunities__stage="lead_found")


def test_customer_search_by_name_code_contact_and_owner(login, cast):
    client = login("gm")
    assert codes(client.get("/crm/", {"q": "阳光"})) == ["C-0001"]
    assert codes(client.get("/crm/", {"q": "C-0004"})) == ["C-0004"]
    owned_by_sales2 = list(
        Customer.objects.filter(owner=cast["sales2"])
        .exclude(status="pool")
        .order_by("code")
        .values_list("code", flat=True)
    )
    assert codes(client.get("/crm/", {"q": "李娜"})) == owned_by_sales2[:20] != []


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "bogus"},
        {"owner": "²"},
        {"owner": "9" * 20},
        {"stage": "x"},
        {"region": "火星"},
        {"q": "a\x00b"},
    ],
)
def test_bad_customer_filters_are_ignored_with_a_message(login, query):
    response = login("gm").get("/crm/", query)
    assert response.status_code == 200
    assert "以下筛选条件无效，已忽略" in response.content.decode()
    assert codes(response) == visible_codes("gm")[:20]
    assert login("gm").get("/crm/customers/export/", query).status_code == 200


def test_the_customer_export_is_the_filtered_list_with_the_page_s_columns(login):
    client = login("gm")
    query = {"region": Customer.objects.get(code="C-0001").province}
    rows = xlsx_rows(client.get("/crm/customers/export/", query))
    assert rows[0] == [str(c.label) for c in CUSTOMER_COLUMNS]
    assert [r[0] for r in rows[1:]] == codes(client.get("/crm/", query))
    first = Customer.objects.get(code=rows[1][0])
    assert rows[1][1] == first.name


def test_finance_has_no_customer_list_or_export(login):
    assert login("finance").get("/crm/").status_code == 404
    assert login("finance").get("/crm/customers/export/").status_code == 404
