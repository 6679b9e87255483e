"""D3: a log lists the day's facts from the data (a real visit checked in, an order signed, a
collection, a service step), live while a draft and frozen on submit; a submitted log is never
edited (409); the texts are checked (400 naming the field)."""

from __future__ import annotations

from datetime import date

import pytest
from factories import CustomerFactory, VisitFactory
from worklogs_support import at, day_of_business

from fieldsales.core.errors import Forbidden, InvalidTransition
from fieldsales.crm.visits.models import Visit
from fieldsales.department.worklogs import services
from fieldsales.department.worklogs.models import WorkLog
from fieldsales.sales.orders.services import collection_void

DAY = date(2026, 3, 10)
pytestmark = pytest.mark.django_db


def test_d3_facts_listed_from_the_days_data(api, cast):
    made = day_of_business(cast, DAY)
    answer = api("sales1").get(f"/api/work-logs/facts/?day={DAY}")
    assert answer.status_code == 200
    facts = answer.json()["facts"]
    assert [v["customer"]["name"] for v in facts["visits"]] == ["日志测试光伏有限公司"]
    assert facts["visits"][0]["check_in"] == "09:30"
    assert [(o["number"], o["total"], o["events"]) for o in facts["orders"]] == [
        (made["order"].number, "9500.00", ["created", "signed"])
    ]
    assert [c["amount"] for c in facts["collections"]] == ["3000.00"]
    # Opening the request is a step too (its description), then the handling step.
    assert [s["note"] for s in facts["service_steps"]] == ["客户反映逆变器报警", "电话指导复位"]
    assert facts["totals"] == {
        "visits": 1,
        "orders": 1,
        "signed": "9500.00",
        "collections": 1,
        "collected": "3000.00",
        "service_steps": 2,
    }
    # sales2's day is empty: the facts are the person's own.
    other = api("sales2").get(f"/api/work-logs/facts/?day={DAY}").json()["facts"]
    assert other["totals"]["visits"] == 0 and other["orders"] == []


def test_d3_facts_frozen_on_submit(api, cast):
    made = day_of_business(cast, DAY)
    client = api("sales1")
    created = client.post(
        "/api/work-logs/",
        {"day": "2026-03-10", "done": "拜访阳光新能源，签订合同", "plan": "安排发货"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "draft" and body["facts_frozen"] is False
    assert body["facts"]["totals"]["visits"] == 1
    pk = body["id"]

    submitted = client.post(f"/api/work-logs/{pk}/submit/")
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["facts_frozen"] is True
    assert submitted.json()["late"] is True  # filed in a later month

    # The data changes afterwards: the collection is voided, another visit is checked in.
    collection_void(collection=made["collection"], actor=cast["finance"], reason="录错")
    visit = VisitFactory(customer=CustomerFactory(actor=cast["sales1"]), actor=cast["sales1"])
    Visit.objects.filter(pk=visit.pk).update(status="checked_in", check_in_at=at(DAY, 16))

    filed = client.get(f"/api/work-logs/{pk}/").json()
    assert filed["facts"]["totals"]["collected"] == "3000.00"
    assert filed["facts"]["totals"]["visits"] == 1
    live = client.get(f"/api/work-logs/facts/?day={DAY}").json()["facts"]
    assert live["totals"]["collected"] == "0.00" and live["totals"]["visits"] == 2


def test_d3_submitted_log_is_never_edited(api, cast):
    client = api("sales1")
    pk = client.post(
        "/api/work-logs/", {"day": "2026-03-10", "done": "拜访", "plan": "跟进"}, format="json"
    ).json()["id"]
    assert client.post(f"/api/work-logs/{pk}/submit/").status_code == 200
    edit = client.patch(f"/api/work-logs/{pk}/", {"done": "改写"}, format="json")
    again = client.post(f"/api/work-logs/{pk}/submit/")
    assert (edit.status_code, again.status_code) == (409, 409)
    assert WorkLog.objects.get(pk=pk).done == "拜访"


def test_d3_draft_edited_then_submitted_with_its_texts(api, cast):
    client = api("sales1")
    pk = client.post("/api/work-logs/", {"day": "2026-03-10"}, format="json").json()["id"]
    no_done = client.post(f"/api/work-logs/{pk}/submit/")
    assert no_done.status_code == 400 and "done" in no_done.json()
    patched = client.patch(f"/api/work-logs/{pk}/", {"done": "整理客户资料"}, format="json")
    assert patched.status_code == 200 and patched.json()["done"] == "整理客户资料"
    no_plan = client.post(f"/api/work-logs/{pk}/submit/")
    assert no_plan.status_code == 400 and "plan" in no_plan.json()
    done = client.post(
        f"/api/work-logs/{pk}/submit/",
        {"plan": "拜访浦江绿源", "problems": "报价偏高"},
        format="json",
    )
    assert done.status_code == 200, done.json()
    assert (done.json()["status"], done.json()["problems"]) == ("submitted", "报价偏高")


def test_d3_one_log_per_person_and_day(api, cast):
    client = api("sales1")
    assert client.post("/api/work-logs/", {"day": "2026-03-10"}, format="json").status_code == 201
    second = client.post("/api/work-logs/", {"day": "2026-03-10"}, format="json")
    assert second.status_code == 409
    assert (
        api("sales2").post("/api/work-logs/", {"day": "2026-03-10"}, format="json").status_code
        == 201
    )


def test_d3_api_refuses_bad_input_with_400(api, cast):
    client = api("sales1")
    cases = [
        ({"day": "2026-13-01"}, "day"),
        ({"day": "tomorrow"}, "day"),
        ({"day": "2999-03-10"}, "day"),
        ({"day": "0001-01-01"}, "day"),
        ({"day": "2026-03-10", "done": "字" * 5001}, "done"),
        ({"day": "2026-03-10", "plan": ["a"]}, "plan"),
    ]
    for payload, field in cases:
        answer = client.post("/api/work-logs/", payload, format="json")
        assert answer.status_code == 400, (payload, answer.status_code)
        assert field in answer.json(), (payload, answer.json())
    for query, field in [
        ("?start=2026-02-30", "start"),
        ("?end=03/10/2026", "end"),
        ("?status=lost", "status"),
        ("?status=missing", "status"),
        ("?person=abc", "person"),
        ("?end=9999-12-31", "end"),
    ]:
        answer = client.get(f"/api/work-logs/{query}")
        assert answer.status_code == 400 and field in answer.json(), query
    assert client.get("/api/work-logs/facts/?day=9999-12-31").status_code == 400
    assert client.get("/api/work-logs/board/?day=9999-12-31").status_code == 404  # not a head
    assert api("head").get("/api/work-logs/board/?day=9999-12-31").status_code == 400
    assert not WorkLog.objects.exists()


def test_d3_only_salespeople_write_logs(api, cast):
    answer = api("head").post("/api/work-logs/", {"day": "2026-03-10"}, format="json")
    assert answer.status_code == 403


def test_d3_worklog_update_edits_a_draft_only(cast):
    log = services.worklog_create(actor=cast["sales1"], day=DAY, data={"done": "拜访"})
    log = services.worklog_update(log=log, actor=cast["sales1"], data={"plan": "报价"})
    assert (log.done, log.plan) == ("拜访", "报价")
    with pytest.raises(Forbidden):
        services.worklog_update(log=log, actor=cast["sales2"], data={"plan": "改"})
    services.worklog_submit(log=log, actor=cast["sales1"])
    with pytest.raises(InvalidTransition):
        services.worklog_update(log=log, actor=cast["sales1"], data={"plan": "改"})
