"""/api/attendance/ (D7): day statuses by person and month, the notice (告知) with the server's
time, the manager's corrections as audit rows (add, void, exception, revoke; a reason always;
never one's own days), visibility (own; the department; the GM all; others 404)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from attendance_support import at, imported, numbered
from django.utils import timezone

from fieldsales.core.audit import audit_trail
from fieldsales.department.attendance.models import (
    AttendanceCorrection,
    AttendanceNotice,
    ClockRecord,
)

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 11, 2)


def day_rows(client, **params):
    answer = client.get("/api/attendance/", {"month": "2026-11", **params})
    assert answer.status_code == 200, answer.json()
    return answer.json()


def test_d7_list_filters_by_person_and_month(cast, api):
    numbered(cast)
    imported(cast, [("1001", "2026-11-02", "09:05"), ("1001", "2026-11-02", "17:40")])
    body = day_rows(api("head"), person=cast["sales1"].pk, status="absent")
    days = [r["day"] for r in body["results"]]
    assert "2026-11-02" in days
    row = next(r for r in body["results"] if r["day"] == "2026-11-02")
    assert row["first"] == "09:05:00" and row["status_label"] == "旷工"
    assert api("head").get("/api/attendance/", {"month": "2026-13"}).status_code == 400
    assert api("head").get("/api/attendance/", {"status": "asleep"}).status_code == 400


def test_d7_visibility_own_department_all_others_404(cast, api):
    numbered(cast)
    mine = day_rows(api("sales1"))
    assert {r["person"]["id"] for r in mine["results"]} == {cast["sales1"].pk}
    assert api("sales1").get("/api/attendance/", {"person": cast["sales2"].pk}).status_code == 404
    for person in ("sales1", "sales2", "head"):
        rows = day_rows(api("head"), person=cast[person].pk)["results"]
        assert {r["person"]["id"] for r in rows} == {cast[person].pk}
    assert day_rows(api("gm"), person=cast["sales2"].pk)["count"] == 30
    assert day_rows(api("gm"))["count"] >= day_rows(api("head"))["count"]
    for outsider in ("finance", "tech", "buyer"):
        assert api(outsider).get("/api/attendance/").status_code == 404
    assert api(None).get("/api/attendance/").status_code in (401, 403)
    day = api("sales1").get(
        "/api/attendance/day/", {"person": cast["sales2"].pk, "day": "2026-11-02"}
    )
    assert day.status_code == 404


def test_d7_notice_through_the_api_is_stamped_by_the_server(cast, api):
    today = timezone.localdate()
    ahead = next(
        today + timedelta(days=n)
        for n in range(1, 8)
        if (today + timedelta(days=n)).weekday() != 6
        and __import__("fieldsales.core.workdays", fromlist=["x"]).is_working_day(
            today + timedelta(days=n)
        )
    )
    answer = api("sales1").post(
        "/api/attendance/notices/", {"day": ahead.isoformat(), "reason": "送孩子"}, format="json"
    )
    assert answer.status_code == 201, answer.json()
    notice = AttendanceNotice.objects.get(pk=answer.json()["id"])
    assert abs((notice.given_at - timezone.now()).total_seconds()) < 60
    again = api("sales1").post("/api/attendance/notices/", {"day": ahead.isoformat()})
    assert again.status_code == 409
    assert api("finance").post("/api/attendance/notices/", {}).status_code == 404
    assert api("head").post("/api/attendance/notices/", {}).status_code == 403
    past = api("sales1").post("/api/attendance/notices/", {"day": "2026-01-05"}, format="json")
    assert past.status_code == 400 and "day" in past.json()


def test_d7_corrections_leave_audit_rows_and_never_edit_silently(cast, api):
    numbered(cast)
    imported(cast, [("1001", "2026-11-02", "09:05"), ("1001", "2026-11-02", "17:40")])
    head = api("head")
    added = head.post(
        "/api/attendance/corrections/",
        {
            "person": cast["sales1"].pk,
            "day": "2026-11-02",
            "kind": "add",
            "time": "08:45",
            "reason": "考勤机故障，门卫登记 08:45",
        },
        format="json",
    )
    assert added.status_code == 201, added.json()
    late = ClockRecord.objects.get(person=cast["sales1"], day=MONDAY, time="09:05")
    voided = head.post(
        "/api/attendance/corrections/",
        {
            "person": cast["sales1"].pk,
            "day": "2026-11-02",
            "kind": "void",
            "record": late.pk,
            "reason": "重复打卡",
        },
        format="json",
    )
    assert voided.status_code == 201, voided.json()
    late.refresh_from_db()
    assert late.voided  # kept, not deleted
    day = head.get("/api/attendance/day/", {"person": cast["sales1"].pk, "day": "2026-11-02"})
    body = day.json()
    assert body["status"] == "present" and body["first"] == "08:45:00"
    assert [c["kind"] for c in body["corrections"]] == ["void", "add"]
    assert len(body["records"]) == 3
    row = AttendanceCorrection.objects.get(pk=added.json()["id"])
    assert row.actor == cast["head"] and row.reason.startswith("考勤机故障")
    assert audit_trail(row).get().action == "correct_add"
    no_reason = head.post(
        "/api/attendance/corrections/",
        {"person": cast["sales1"].pk, "day": "2026-11-02", "kind": "exception", "reason": " "},
        format="json",
    )
    assert no_reason.status_code == 400 and "reason" in no_reason.json()


def test_d7_exception_and_revoke(cast, api):
    numbered(cast)
    imported(cast, [("1002", "2026-11-02", "08:50"), ("1002", "2026-11-02", "17:40")])
    head = api("head")
    data = {"person": cast["sales1"].pk, "day": "2026-11-02", "reason": "外出参加展会"}
    assert (
        head.post("/api/attendance/corrections/", {**data, "kind": "exception"}).status_code == 201
    )
    assert (
        head.post("/api/attendance/corrections/", {**data, "kind": "exception"}).status_code == 409
    )
    rows = day_rows(head, person=cast["sales1"].pk, status="exception")["results"]
    assert [r["exception_reason"] for r in rows] == ["外出参加展会"]
    assert head.post("/api/attendance/corrections/", {**data, "kind": "revoke"}).status_code == 201
    assert not day_rows(head, person=cast["sales1"].pk, status="exception")["results"]
    listed = head.get("/api/attendance/corrections/", {"month": "2026-11"}).json()
    assert listed["count"] == 2


def test_d7_nobody_corrects_their_own_days_and_salespeople_not_at_all(cast, api):
    numbered(cast)
    own = api("head").post(
        "/api/attendance/corrections/",
        {"person": cast["head"].pk, "day": "2026-11-02", "kind": "exception", "reason": "自批"},
        format="json",
    )
    assert own.status_code == 403
    by_sales = api("sales1").post(
        "/api/attendance/corrections/",
        {"person": cast["sales1"].pk, "day": "2026-11-02", "kind": "exception", "reason": "x"},
        format="json",
    )
    assert by_sales.status_code == 403
    other = api("sales1").post(
        "/api/attendance/corrections/",
        {"person": cast["sales2"].pk, "day": "2026-11-02", "kind": "exception", "reason": "x"},
        format="json",
    )
    assert other.status_code == 404
    future = api("gm").post(
        "/api/attendance/corrections/",
        {
            "person": cast["sales1"].pk,
            "day": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "kind": "exception",
            "reason": "x",
        },
        format="json",
    )
    assert future.status_code == 400


def test_d7_notice_service_time_is_the_servers(cast):
    from fieldsales.department.attendance import services

    day = date(2026, 11, 4)
    notice = services.attendance_notice_give(actor=cast["sales2"], day=day, now=at(day, 7, 59))
    assert timezone.localtime(notice.given_at).strftime("%H:%M") == "07:59"


def test_d7_list_pages_compute_only_their_people_and_match_the_whole_month(cast, api):
    """Without a status filter a page computes only its own people's days (MonthDays); the
    pages, read one after another, are the whole month person by person, as before."""
    from fieldsales.department.attendance import selectors
    from fieldsales.department.attendance.api import MonthDays

    numbered(cast)
    imported(cast, [("1001", "2026-11-02", "09:05"), ("1001", "2026-11-02", "17:40")])
    gm = cast["gm"]
    people = list(selectors.people_seen_by(gm).values_list("pk", flat=True))
    first, last = date(2026, 11, 1), date(2026, 11, 30)
    whole = selectors.statuses(people, first, last)
    expected = [(pk, str(e.day), e.status) for pk in people for e in whole[pk]]
    assert len(people) > 1 and len(expected) > 25  # pages of 25 end inside a person's month

    read, page = [], 1
    while True:
        body = day_rows(api("gm"), page=page)
        read += [(r["person"]["id"], r["day"], r["status"]) for r in body["results"]]
        if not body["next"]:
            break
        page += 1
    assert body["count"] == len(expected)
    assert read == expected

    days = MonthDays(people, first, last)
    flat = [(pk, e) for pk in people for e in whole[pk]]
    pick = lambda rows: [(pk, e.day, e.status) for pk, e in rows]  # noqa: E731
    assert pick(days[29:61:2]) == pick(flat[29:61:2])
    assert pick([days[-1], days[0]]) == pick([flat[-1], flat[0]])
    assert days[40:10] == []
    with pytest.raises(IndexError):
        days[len(flat)]
