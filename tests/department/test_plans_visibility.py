"""D2 visibility: a salesperson sees their own plans, the head or manager their department's,
the GM all; anyone else gets 404 (no leaking of existence), on the API and the pages."""

from __future__ import annotations

import pytest
from test_plans_support import sales_plan, submitted_sales_plan, work_plan


@pytest.fixture
def plans(api, cast):
    return {
        "sales1": sales_plan(api, "sales1"),
        "sales2": submitted_sales_plan(api, "sales2"),
        "weekly": work_plan(api, cast, kind="weekly", start="2027-03-08"),
    }


def _ids(api, who):
    return {p["id"] for p in api(who).get("/api/plans/").json()["results"]}


def test_d2_a_salesperson_sees_only_their_own(api, plans):
    assert _ids(api, "sales1") == {plans["sales1"]["id"]}
    assert api("sales1").get(f"/api/plans/{plans['sales2']['id']}/").status_code == 404
    assert api("sales1").get(f"/api/plans/{plans['weekly']['id']}/").status_code == 404


def test_d2_a_salesperson_cannot_decide_a_colleagues_plan(api, plans):
    answer = api("sales1").post(f"/api/plans/{plans['sales2']['id']}/approve/", {}, format="json")

    assert answer.status_code == 404


def test_d2_the_head_sees_the_department(api, plans):
    assert _ids(api, "head") == {p["id"] for p in plans.values()}


def test_d2_the_gm_sees_all(api, plans):
    assert _ids(api, "gm") == {p["id"] for p in plans.values()}


@pytest.mark.parametrize("who", ["finance", "admin", "tech", "buyer"])
def test_d2_others_get_404(api, client, cast, plans, who):
    pk = plans["sales1"]["id"]

    assert api(who).get("/api/plans/").json()["count"] == 0
    assert api(who).get(f"/api/plans/{pk}/").status_code == 404
    assert api(who).post(f"/api/plans/{pk}/approve/", {}, format="json").status_code == 404
    client.force_login(cast[who])
    assert client.get("/department/plans/").status_code == 404
    assert client.get(f"/department/plans/{pk}/").status_code == 404


def test_d2_signed_out_is_401(api, plans):
    assert api(None).get("/api/plans/").status_code == 401


def test_d2_a_colleagues_plan_page_is_404(client, cast, plans):
    client.force_login(cast["sales1"])

    assert client.get(f"/department/plans/{plans['sales2']['id']}/").status_code == 404
    assert client.get(f"/department/plans/{plans['sales2']['id']}/edit/").status_code == 404
    assert client.post(f"/department/plans/{plans['sales2']['id']}/approve/").status_code == 404
