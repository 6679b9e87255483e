"""/api/reports/ (D4): a prefilled draft, PATCH while a draft, submit (a submitted report is
never edited: 409), the 主管's comment that tells the salesperson, who sees what (404), and
400s naming the field and the rule."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from fieldsales.department.reports import periods
from fieldsales.notifications.models import Notification


def draft(api, who="sales1", kind="weekly"):
    made = api(who).post("/api/reports/", {"kind": kind}, format="json")
    assert made.status_code == 201, made.json()
    return made.json()


def test_d4_draft_is_for_the_current_period_and_prefilled(api, cast):
    body = draft(api)
    start, end = periods.period_of("weekly", timezone.localdate())
    assert body["period_start"] == start.isoformat()
    assert body["period_end"] == end.isoformat()
    assert body["status"] == "draft"
    assert set(body["figures"]) >= {"target", "sales", "percent", "collected", "visits"}
    assert body["actions"] == ["edit", "submit"]
    again = api("sales1").post("/api/reports/", {"kind": "weekly"}, format="json")
    assert again.status_code == 409


def test_d4_draft_refused_for_a_period_not_starting_monday_or_in_the_future(api):
    tuesday = api("sales1").post(
        "/api/reports/", {"kind": "weekly", "period_start": "2026-11-24"}, format="json"
    )
    assert tuesday.status_code == 400
    assert "period_start" in tuesday.json()
    future = api("sales1").post(
        "/api/reports/", {"kind": "monthly", "period_start": "2099-01-01"}, format="json"
    )
    assert future.status_code == 400
    assert "period_start" in future.json()
    ancient = api("sales1").post(
        "/api/reports/", {"kind": "weekly", "period_start": "0001-01-01"}, format="json"
    )
    assert ancient.status_code == 400 and "period_start" in ancient.json()
    wrong = api("sales1").post("/api/reports/", {"kind": "daily"}, format="json")
    assert wrong.status_code == 400 and "kind" in wrong.json()


def test_d4_only_salespeople_write_reports(api):
    assert api("head").post("/api/reports/", {"kind": "weekly"}, format="json").status_code == 403
    assert api(None).post("/api/reports/", {"kind": "weekly"}, format="json").status_code in (
        401,
        403,
    )


def test_d4_patch_then_submit_then_no_more_edits(api):
    body = draft(api)
    client = api("sales1")
    patch = {
        "work": [{"date": "2026-12-01", "customer": "金华五金", "content": "报价", "intent": "强"}],
        "problems": "样机交期紧",
        "plan": [{"content": "义乌客户", "outcome": "签约", "due": "2026-12-09"}],
    }
    edited = client.patch(f"/api/reports/{body['id']}/", patch, format="json")
    assert edited.status_code == 200, edited.json()
    assert edited.json()["work"][0]["customer"] == "金华五金"
    assert edited.json()["work"][0]["progress"] == ""
    assert edited.json()["problems"] == "样机交期紧"
    bad = client.patch(f"/api/reports/{body['id']}/", {"work": [{"date": "x"}]}, format="json")
    assert bad.status_code == 400 and "work" in bad.json()
    submitted = client.post(f"/api/reports/{body['id']}/submit/")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["submitted_at"]
    assert (
        client.patch(f"/api/reports/{body['id']}/", {"problems": "x"}, format="json").status_code
        == 409
    )
    assert client.post(f"/api/reports/{body['id']}/submit/").status_code == 409


def test_d4_last_periods_plan_must_be_checked_before_submit(api, cast):
    from fieldsales.department.reports import services

    me = cast["sales1"]
    today = timezone.localdate()
    this_week = periods.week_start(today)
    last = services.report_create(
        actor=me, kind="weekly", period_start=this_week - timedelta(days=7)
    )
    services.report_update(
        report=last,
        actor=me,
        data={"plan": [{"content": "拜访永康客户", "outcome": "", "due": None}]},
    )
    body = draft(api)
    assert body["plan_check"] == [
        {"content": "拜访永康客户", "outcome": "", "due": None, "done": None, "reason": ""}
    ]
    client = api("sales1")
    refused = client.post(f"/api/reports/{body['id']}/submit/")
    assert refused.status_code == 400 and "plan_check" in refused.json()
    row = {"content": "拜访永康客户", "outcome": "", "due": None, "done": False, "reason": ""}
    client.patch(f"/api/reports/{body['id']}/", {"plan_check": [row]}, format="json")
    refused = client.post(f"/api/reports/{body['id']}/submit/")
    assert refused.status_code == 400 and "未完成原因" in refused.json()["plan_check"][0]
    row["reason"] = "客户出差"
    client.patch(f"/api/reports/{body['id']}/", {"plan_check": [row]}, format="json")
    assert client.post(f"/api/reports/{body['id']}/submit/").status_code == 200


def test_d4_head_comments_and_the_salesperson_is_told(api, cast):
    body = draft(api)
    api("sales1").post(f"/api/reports/{body['id']}/submit/")
    assert Notification.objects.filter(recipient=cast["head"], kind="report.submitted").count() == 1
    empty = api("head").post(f"/api/reports/{body['id']}/comment/", {"comment": " "}, format="json")
    assert empty.status_code == 400 and "comment" in empty.json()
    done = api("head").post(
        f"/api/reports/{body['id']}/comment/", {"comment": "下周重点跟进义乌"}, format="json"
    )
    assert done.status_code == 200
    assert done.json()["status"] == "commented"
    assert done.json()["comment"] == "下周重点跟进义乌"
    told = Notification.objects.get(recipient=cast["sales1"], kind="report.comment")
    assert told.body == "下周重点跟进义乌"
    again = api("head").post(
        f"/api/reports/{body['id']}/comment/", {"comment": "再"}, format="json"
    )
    assert again.status_code == 409


def test_d4_nobody_comments_their_own_report_nor_a_draft(api):
    body = draft(api)
    assert (
        api("head")
        .post(f"/api/reports/{body['id']}/comment/", {"comment": "好"}, format="json")
        .status_code
        == 404
    )
    api("sales1").post(f"/api/reports/{body['id']}/submit/")
    own = api("sales1").post(
        f"/api/reports/{body['id']}/comment/", {"comment": "好"}, format="json"
    )
    assert own.status_code == 403


def test_d4_visibility(api):
    body = draft(api)
    pk = body["id"]
    # A draft is the salesperson's own.
    assert api("head").get(f"/api/reports/{pk}/").status_code == 404
    assert api("gm").get(f"/api/reports/{pk}/").status_code == 404
    api("sales1").post(f"/api/reports/{pk}/submit/")
    for who, code in [
        ("sales1", 200),
        ("head", 200),
        ("gm", 200),
        ("sales2", 404),
        ("finance", 404),
        ("tech", 404),
        ("admin", 404),
    ]:
        assert api(who).get(f"/api/reports/{pk}/").status_code == code, who
    assert api("sales2").get("/api/reports/").json()["count"] == 0
    assert api("head").get("/api/reports/?kind=weekly").json()["count"] == 1
    assert api("head").get("/api/reports/?kind=monthly").json()["count"] == 0
    assert api("head").get(f"/api/reports/?person={body['salesperson']['id']}").json()["count"] == 1
    assert api("head").get(f"/api/reports/?period={body['period_end']}").json()["count"] == 1
    assert api("head").get("/api/reports/?period=2001-01-01").json()["count"] == 0
    assert api("head").get("/api/reports/?period=nope").status_code == 400
    assert api("head").get("/api/reports/?kind=nope").status_code == 400
    assert api("head").get("/api/reports/?person=x").status_code == 400
    assert api("head").get("/api/reports/99999999999999999999/").status_code == 404


def test_d4_report_comment_service_refuses_a_draft(cast):
    import pytest

    from fieldsales.core.errors import InvalidTransition
    from fieldsales.department.reports import services

    report = services.report_create(actor=cast["sales1"], kind="monthly")
    with pytest.raises(InvalidTransition):
        services.report_comment(report=report, actor=cast["head"], comment="好")
