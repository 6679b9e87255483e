"""/api/plans/ as api.md has it: a paged list with filters (kind, period, owner), 201 on create,
actions answering the document, 400 naming the field for any bad input (never 500), the inbox."""

from __future__ import annotations

import pytest
from test_plans_support import approved_sales_plan, sales_plan, submitted_sales_plan, work_plan


def test_d2_the_list_is_paged_and_filtered(api, cast):
    for month in ("2027-01-01", "2027-02-01", "2027-03-01"):
        sales_plan(api, month=month)
    sales_plan(api, who="sales2", month="2027-03-01")
    work_plan(api, cast, kind="weekly", start="2027-03-08")
    head = api("head")

    everything = head.get("/api/plans/").json()
    assert everything["count"] == 5 and set(everything) >= {"next", "previous", "results"}
    assert "month_target" not in everything["results"][0]  # the list stays cheap
    sales = head.get("/api/plans/?kind=sales").json()
    assert sales["count"] == 4
    march = head.get("/api/plans/?kind=sales&period=2027-03").json()
    assert sorted(p["owner"]["id"] for p in march["results"]) == sorted(
        [cast["sales1"].pk, cast["sales2"].pk]
    )
    mine = head.get(f"/api/plans/?owner={cast['sales1'].pk}&period=2027").json()
    assert mine["count"] == 3
    on_a_day = head.get("/api/plans/?period=2027-03-10").json()
    assert {p["kind"] for p in on_a_day["results"]} == {"sales", "weekly"}
    assert head.get("/api/plans/?status=draft").json()["count"] == 4


@pytest.mark.parametrize(
    "query, field",
    [
        ("kind=quarterly", "kind"),
        ("period=2027-13", "period"),
        ("period=abc", "period"),
        ("period=2027-02-30", "period"),
        ("owner=abc", "owner"),
        ("status=gone", "status"),
    ],
)
def test_d2_bad_filters_are_400_naming_them(api, query, field):
    answer = api("head").get(f"/api/plans/?{query}")

    assert answer.status_code == 400 and field in answer.json()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"kind": "sales"}, "period_start"),
        ({"kind": "sales", "period_start": "yesterday"}, "period_start"),
        ({"kind": "sales", "period_start": "2027-03-01", "goal": "x" * 4001}, "goal"),
        ({"kind": "sales", "period_start": "2027-03-01", "goal": "a\x00b"}, "goal"),
        ({"kind": "sales", "period_start": "2027-03-01", "customers": [999999]}, "customers"),
        ({"kind": "sales", "period_start": "2027-03-01", "customers": ["x"]}, "customers"),
        ({"kind": "monthly", "period_start": "2027-03-01", "items": [{"task": "x"}]}, "items"),
        ({"kind": "bogus", "period_start": "2027-03-01"}, "kind"),
        ({"kind": "sales", "period_start": "1899-03-01"}, "period_start"),
    ],
)
def test_d2_bad_bodies_are_400_naming_the_field(api, body, field):
    who = "head" if body.get("kind") == "monthly" else "sales1"

    answer = api(who).post("/api/plans/", body, format="json")

    assert answer.status_code == 400, answer.content
    assert field in answer.json()


def test_d2_planned_customers_are_the_salespersons_own(api, cast):
    from fieldsales.crm.models import Customer

    own = Customer.objects.filter(owner=cast["sales1"]).order_by("pk").first()
    other = Customer.objects.filter(owner=cast["sales2"]).order_by("pk").first()

    plan = sales_plan(api, customers=[own.pk])
    refused = api("sales1").patch(
        f"/api/plans/{plan['id']}/", {"customers": [other.pk]}, format="json"
    )

    assert plan["customers"] == [{"id": own.pk, "name": own.name}]
    assert refused.status_code == 400 and "customers" in refused.json()


def test_d2_an_unknown_item_is_404(api, cast):
    plan = work_plan(api, cast, kind="weekly", start="2027-03-08")

    answer = api("head").patch(f"/api/plans/{plan['id']}/items/99999/", {"status": "done"})

    assert answer.status_code == 404


def test_d2_a_sales_plan_has_no_items(api, cast):
    plan = sales_plan(api)

    answer = api("sales1").post(
        f"/api/plans/{plan['id']}/items/",
        {"task": "x", "owner": cast["sales1"].pk, "due": "2027-03-02"},
        format="json",
    )

    assert answer.status_code == 409


def test_d2_money_free_bodies_carry_the_approvals(api, cast):
    plan = approved_sales_plan(api)

    body = api("sales1").get(f"/api/plans/{plan['id']}/").json()

    assert body["approvals"][0]["user"] == cast["head"].pk
    assert body["approvals"][0]["decision"] == "approve"
    assert body["actions"] == [] and body["versions"][0]["status"] == "approved"


def test_d2_plans_waiting_are_in_the_heads_and_the_gms_inbox(api, cast):
    plan = submitted_sales_plan(api)
    yearly = work_plan(api, cast)
    api("head").post(f"/api/plans/{yearly['id']}/submit/")

    head_inbox = api("head").get("/api/approvals/inbox/").json()["results"]
    gm_inbox = api("gm").get("/api/approvals/inbox/").json()["results"]

    assert [(r["kind"], r["id"]) for r in head_inbox if r["kind"] == "plan"] == [
        ("plan", plan["id"])
    ]
    assert [(r["kind"], r["id"]) for r in gm_inbox if r["kind"] == "plan"] == [
        ("plan", yearly["id"])
    ]


def test_d2_the_decision_notifies_the_salesperson(api, cast, django_capture_on_commit_callbacks):
    from fieldsales.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        plan = submitted_sales_plan(api)
    waiting = Notification.objects.filter(recipient=cast["head"])
    assert waiting.count() == 1 and "计划" in waiting.get().title

    with django_capture_on_commit_callbacks(execute=True):
        api("head").post(f"/api/plans/{plan['id']}/reject/", {"comment": "请补充"}, format="json")

    decided = Notification.objects.filter(recipient=cast["sales1"])
    assert decided.count() == 1 and "请补充" in decided.get().body
