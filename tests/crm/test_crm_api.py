"""The CRM's REST API in api.md's style: pages, money strings, 400/401/403/404/409, no 500."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import ContactFactory, CustomerFactory, OpportunityFactory, VisitFactory
from helpers import png_data_url, today

from fieldsales.crm.models import Customer, Opportunity

pytestmark = pytest.mark.django_db


def test_without_credentials_is_401(api):
    for path in (
        "/api/customers/",
        "/api/contacts/",
        "/api/opportunities/",
        "/api/visits/",
        "/api/service-requests/",
        "/api/surveys/",
    ):
        assert api(None).get(path).status_code == 401


def test_lists_are_paginated(api):
    body = api("gm").get("/api/customers/").data
    assert list(body) == ["count", "next", "previous", "results"]
    assert body["count"] == 7
    assert body["results"][0]["code"] == "C-0001"
    assert body["results"][0]["contacts"][0]["name"] == "赵建华"
    assert api("sales1").get("/api/customers/", {"status": "pool"}).data["count"] == 1
    assert api("sales1").get("/api/customers/", {"q": "阳光"}).data["count"] == 1


def test_the_whole_visit_through_the_api(api):
    customer = Customer.objects.get(code="C-0001")
    opportunity = Opportunity.objects.get(customer=customer)
    sales = api("sales1")
    response = sales.post(
        "/api/visits/",
        {
            "customer": customer.pk,
            "date": today().isoformat(),
            "purpose": "介绍新款组件",
            "materials": "样品",
            "opportunity": opportunity.pk,
            "appointment_confirmed": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.data
    visit = response.data
    assert (visit["status"], visit["seq"], visit["appointment_confirmed"]) == ("planned", 1, True)
    url = f"/api/visits/{visit['id']}"
    assert (
        sales.post(
            f"{url}/check-in/", {"latitude": "abc", "longitude": 1}, format="json"
        ).status_code
        == 400
    )
    response = sales.post(
        f"{url}/check-in/",
        {"latitude": 30.27415, "longitude": 120.15807, "accuracy": 8},
        format="json",
    )
    assert (
        response.status_code,
        response.data["check_in_distance_m"],
        response.data["check_in_flagged"],
    ) == (200, 288, False)
    assert (
        sales.post(
            f"{url}/check-in/", {"latitude": 30.27415, "longitude": 120.15807}, format="json"
        ).status_code
        == 409
    )
    assert (
        sales.post(
            f"{url}/sign/", {"signer_name": "赵建华", "signature": png_data_url()}, format="json"
        ).status_code
        == 409
    )
    response = sales.post(
        f"{url}/record/", {"content": "介绍 550W 组件", "needs": "2MW"}, format="json"
    )
    assert (response.status_code, response.data["recorded_late"]) == (200, False)
    response = sales.post(
        f"{url}/sign/",
        {"signer_name": "赵建华", "satisfaction": 4, "signature": png_data_url()},
        format="json",
    )
    assert response.status_code == 200
    assert response.data["feedback"]["intact"] is True
    assert len(response.data["feedback"]["content_hash"]) == 64
    response = sales.post(
        f"{url}/check-out/", {"latitude": 30.27415, "longitude": 120.15507}, format="json"
    )
    assert (response.data["status"], response.data["check_out_distance_m"]) == ("checked_out", 0)
    assert api("sales2").get(f"{url}/").status_code == 404
    assert api("head").post(f"{url}/record/", {"content": "x"}, format="json").status_code == 403


def test_moving_an_opportunity_through_the_api(api):
    opportunity = Opportunity.objects.get(title="杭州阳光 2MW 屋顶光伏组件")
    url = f"/api/opportunities/{opportunity.pk}/move/"
    assert api("sales2").post(url, {"stage": "needs_understood"}).status_code == 404
    assert api("sales1").post(url, {"stage": "won"}).status_code == 409
    assert api("sales1").post(url, {"stage": "nowhere"}).status_code == 400
    response = api("sales1").post(url, {"stage": "needs_understood", "note": "已了解需求"})
    assert response.status_code == 200
    assert (response.data["stage"], response.data["stage_label"]) == (
        "needs_understood",
        "推荐产品、了解需求",
    )
    assert [h["to_stage"] for h in response.data["history"]] == [
        "lead_found",
        "contacted",
        "needs_understood",
    ]
    assert response.data["next_stages"] == ["contract_signed", "contacted", "lost"]
    assert response.data["amount"] == "1280000.00"
    response = api("sales1").post(url, {"stage": "lost"})
    assert response.data == {"reason": ["请填写丢单原因"]}


def test_creating_an_opportunity_and_contacts(api, cast):
    customer = Customer.objects.get(code="C-0005")
    response = api("sales1").post(
        "/api/opportunities/",
        {"customer": customer.pk, "title": "申能 年度框架", "amount": "300000.00"},
        format="json",
    )
    assert (response.status_code, response.data["stage"]) == (201, "lead_found")
    assert api("sales1").post(
        "/api/opportunities/",
        {"customer": Customer.objects.get(code="C-0002").pk, "title": "x"},
        format="json",
    ).data == {"customer": ["客户不存在"]}
    assert (
        api("sales1")
        .post(
            "/api/opportunities/",
            {"customer": customer.pk, "title": "x", "amount": 3},
            format="json",
        )
        .status_code
        == 400
    )
    response = api("sales1").post(
        "/api/contacts/",
        {
            "customer": customer.pk,
            "name": "王总",
            "title": "总经理",
            "phone": "13900000000",
            "is_primary": True,
        },
        format="json",
    )
    assert response.status_code == 201
    customer.refresh_from_db()
    assert (customer.contact_name, customer.contact_phone) == ("王总", "13900000000")
    assert api("sales2").get(f"/api/contacts/{response.data['id']}/").status_code == 404


def test_claiming_from_the_pool_through_the_api(api):
    pooled = Customer.objects.get(code="C-0007")
    # Finance has no CRM at all (issue 8 item 17): the customer is not there for it.
    assert api("finance").post(f"/api/customers/{pooled.pk}/claim/").status_code == 404
    response = api("sales2").post(f"/api/customers/{pooled.pk}/claim/")
    assert (response.status_code, response.data["status"], response.data["owner_name"]) == (
        200,
        "active",
        "李娜",
    )
    assert api("sales1").post(f"/api/customers/{pooled.pk}/claim/").status_code == 404


def test_overdue_revisits_through_the_api(api):
    body = api("head").get("/api/customers/overdue-revisits/").data
    assert [(r["code"], r["days_overdue"]) for r in body["results"]] == [
        ("C-0004", 10),
        ("C-0005", 5),
    ]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"customer": "x"},
        {"customer": 1, "date": "not-a-date", "purpose": "x"},
        {"customer": 1, "date": "2020-01-01", "purpose": "x"},
        {"customer": 1, "date": "2999-01-01", "purpose": "x", "seq": 0},
        {"customer": 1, "date": "2999-01-01", "purpose": "x", "trip": 999999},
        {"customer": 1, "date": "2999-01-01", "purpose": "x", "contact": 999999},
        {"customer": 1, "date": "2999-01-01", "purpose": "", "opportunity": "x"},
    ],
)
def test_bad_visit_input_is_400_never_500(api, body):
    assert api("sales1").post("/api/visits/", body, format="json").status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": "x"},
        {"name": "x", "province": "火星", "city": "x"},
        {"name": "x", "province": "浙江", "city": "杭州", "latitude": "1000"},
        {"name": "x", "province": "浙江", "city": "杭州", "kind": "alien"},
        {"name": "x" * 500, "province": "浙江", "city": "杭州"},
        {"name": "x", "province": "浙江", "city": "杭州", "owner": 999999},
    ],
)
def test_bad_customer_input_is_400_never_500(api, body):
    assert api("sales1").post("/api/customers/", body, format="json").status_code == 400


def test_the_schema_describes_the_crm(api):
    response = api("sales1").get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    for path in (
        "/api/customers/",
        "/api/visits/{id}/check-in/",
        "/api/opportunities/{id}/move/",
        "/api/service-requests/",
        "/api/surveys/",
        "/api/contacts/",
    ):
        assert path in text


def grow_crm(cast, n: int) -> None:
    """`n` customers each for sales1 and sales2, each with a second contact, an opportunity and
    a visit planned for today."""
    for _ in range(n):
        for name in ("sales1", "sales2"):
            customer = CustomerFactory(actor=cast[name])
            ContactFactory(customer=customer)
            OpportunityFactory(customer=customer)
            VisitFactory(customer=customer)


def queries_for(get, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert get(path).status_code == 200
    return len(ctx.captured_queries)


def test_lists_do_not_grow_queries_with_rows(api, cast):
    paths = ("/api/customers/", "/api/opportunities/", "/api/visits/")
    grow_crm(cast, 1)
    for path in paths:  # warm up: what a user's first request caches is not data
        api("head").get(path)
    few = {path: queries_for(api("head").get, path) for path in paths}
    grow_crm(cast, 9)
    many = {path: queries_for(api("head").get, path) for path in paths}
    assert many == few
    assert max(many.values()) <= 8


def test_pages_do_not_grow_queries_with_rows(client, cast):
    paths = ("/crm/?scope=team", "/crm/visits/?who=all", "/crm/pipeline/?scope=team")
    client.force_login(cast["head"])
    grow_crm(cast, 1)
    few = {path: queries_for(client.get, path) for path in paths}
    grow_crm(cast, 9)
    many = {path: queries_for(client.get, path) for path in paths}
    assert many == few
    # The bound covers the frame too: the inbox badge is one COUNT per inbox source the user
    # has (trips, advances, claims, inquiries, quotes, contracts for a head).
    assert max(many.values()) <= 30
