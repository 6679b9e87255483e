"""Input that used to answer 500 (found fuzzing the API): now a 400 naming the field."""

from __future__ import annotations

import pytest
from helpers import days_from_today

from fieldsales.crm.models import Customer

pytestmark = pytest.mark.django_db

HANGZHOU = [{"province": "浙江", "city": "杭州"}]


def trip_body(**extra):
    customer = Customer.objects.get(code="C-0001")
    return {
        "purpose": "customer_visit",
        "destinations": HANGZHOU,
        "depart": days_from_today(1),
        "return": days_from_today(2),
        "customers": [customer.pk],
    } | extra


def draft(api):
    response = api("sales1").post("/api/trips/", trip_body(), format="json")
    assert response.status_code == 201, response.data
    return response.data["id"]


def approved(api):
    trip = draft(api)
    assert api("sales1").post(f"/api/trips/{trip}/submit/").status_code == 200
    assert api("head").post(f"/api/trips/{trip}/approve/").status_code == 200
    assert api("gm").post(f"/api/trips/{trip}/approve/").status_code == 200
    return trip


@pytest.mark.parametrize("customer", [2**63, 2**64, -(2**64), 0])
def test_a_customer_id_beyond_64_bits_is_400_on_customers(api, customer):
    # SQLite raised OverflowError on the lookup of such an id.
    response = api("sales1").patch(
        f"/api/trips/{draft(api)}/", {"customers": [customer]}, format="json"
    )
    assert response.status_code == 400
    assert list(response.data) == ["customers"]


@pytest.mark.parametrize("user", ["²", "１", "sales\x002"])
def test_a_companion_neither_id_nor_username_is_400_on_companions(api, user):
    # "²" passed str.isdigit() and reached the database as an id (ValueError); a NUL
    # character reached PostgreSQL as a username (ValueError).
    response = api("sales1").patch(
        f"/api/trips/{draft(api)}/", {"companions": [{"user": user}]}, format="json"
    )
    assert response.status_code == 400
    assert list(response.data) == ["companions"]


def test_a_companion_by_id_as_text_still_works(api, cast):
    response = api("sales1").patch(
        f"/api/trips/{draft(api)}/",
        {"companions": [{"user": str(cast["sales2"].pk)}]},
        format="json",
    )
    assert response.status_code == 200, response.data
    assert response.data["companions"] == [{"user": cast["sales2"].pk, "invited": False}]


def test_a_return_date_too_late_for_the_policy_is_400_on_return(api):
    # The estimate's report due date (return + P7.1's days) overflowed: 500 on every read.
    body = trip_body(depart="9999-12-30", **{"return": "9999-12-31"})
    response = api("sales1").post("/api/trips/", body, format="json")
    assert response.status_code == 400
    assert list(response.data) == ["return"]
    late = api("sales1").patch(f"/api/trips/{draft(api)}/", {"return": "3000-01-01"}, format="json")
    assert late.status_code == 400
    assert list(late.data) == ["return"]
    # Item 16: a trip lies within a year from today (LAST_DAY still bounds the engine's dates).
    last = api("sales1").patch(f"/api/trips/{draft(api)}/", {"return": "2999-12-31"}, format="json")
    assert (last.status_code, list(last.data)) == (400, ["return"])


def test_an_actual_return_too_late_is_400_on_actual_return(api):
    body = {
        "route": "金华—杭州",
        "actual_depart": days_from_today(0),
        "actual_return": "9999-12-31",
    }
    response = api("sales1").post(f"/api/trips/{approved(api)}/report/", body, format="json")
    assert response.status_code == 400
    assert list(response.data) == ["actual_return"]


@pytest.mark.parametrize(
    "item",
    [
        {"id": "t\x001", "kind": "train", "amount": "73.50", "hours": 1, "seat": "second_class"},
        {"id": "t1", "kind": "train", "amount": "73.50", "hours": 1, "seat": "second_class"}
        | {"note\x00": "x"},
        {"id": "t1", "kind": "taxi", "amount": "26.00", "city": "义乌市", "reason": "night_work"}
        | {"from": "义乌站", "to": ["客户\x00工厂"]},
    ],
)
def test_a_nul_character_in_claim_items_is_400_on_items(api, item):
    # PostgreSQL's JSON cannot store one: the claim's insert failed (500).
    trip = approved(api)
    response = api("sales1").post("/api/claims/", {"trip": trip, "items": [item]}, format="json")
    assert response.status_code == 400
    assert list(response.data) == ["items"]
    ok = {"id": "t1", "kind": "train", "amount": "73.50", "hours": 1, "seat": "second_class"}
    claim = api("sales1").post("/api/claims/", {"trip": trip, "items": [ok]}, format="json")
    assert claim.status_code == 201, claim.data
    edited = api("sales1").patch(
        f"/api/claims/{claim.data['id']}/", {"items": [item]}, format="json"
    )
    assert edited.status_code == 400
    assert list(edited.data) == ["items"]
