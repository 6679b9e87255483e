"""D5: the manager marks next week's visits 重点, gives guidance and closes the meeting; the
closed minutes are frozen (later changes of the visits do not change them) and every further
edit is 409; the attendees are told the minutes are out."""

from __future__ import annotations

import pytest
from meetings_support import day, open_meeting, section, visit

from fieldsales.crm.models import Visit, VisitStatus
from fieldsales.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_d5_the_manager_marks_a_planned_visit_key_and_unmarks_it(api, cast, sales_department):
    planned = visit(cast["sales1"], day(2), purpose="送报价")
    other = visit(cast["sales1"], day(3), purpose="回访")
    meeting = open_meeting(api, sales_department.pk)
    url = f"/api/meetings/{meeting['id']}/key-visits/"

    marked = api("head").post(url, {"visit": planned.pk, "key": True}, format="json")

    assert marked.status_code == 200, marked.json()
    keys = {v["visit"]: v["key"] for v in section(marked.json(), cast["sales1"])["next_week"]}
    assert keys == {planned.pk: True, other.pk: False}
    unmarked = api("head").post(url, {"visit": planned.pk, "key": False}, format="json")
    assert not any(v["key"] for v in section(unmarked.json(), cast["sales1"])["next_week"])


def test_d5_only_next_weeks_planned_visits_can_be_key(api, cast, sales_department):
    last_week = visit(cast["sales1"], day(-2), status=VisitStatus.CHECKED_OUT, content="x")
    later = visit(cast["sales1"], day(9))
    meeting = open_meeting(api, sales_department.pk)
    url = f"/api/meetings/{meeting['id']}/key-visits/"

    for pk in (last_week.pk, later.pk, 999999):
        answer = api("head").post(url, {"visit": pk}, format="json")
        assert answer.status_code == 400
        assert "下周计划" in answer.json()["visit"][0]


def test_d5_close_freezes_the_minutes(api, cast, sales_department):
    done = visit(cast["sales1"], day(-1), status=VisitStatus.CHECKED_OUT, content="客户满意")
    planned = visit(cast["sales1"], day(2), purpose="送报价")
    meeting = open_meeting(api, sales_department.pk)
    head = api("head")
    head.post(f"/api/meetings/{meeting['id']}/key-visits/", {"visit": planned.pk}, format="json")
    head.post(
        f"/api/meetings/{meeting['id']}/guidance/",
        {"salesperson": cast["sales1"].pk, "guidance": "先确认用电量"},
        format="json",
    )

    closed = head.post(f"/api/meetings/{meeting['id']}/close/")

    assert closed.status_code == 200, closed.json()
    assert closed.json()["status"] == "closed" and closed.json()["closed_by"] == cast["head"].pk
    Visit.objects.filter(pk=done.pk).update(content="后来改了")
    Visit.objects.filter(pk=planned.pk).update(date=day(20), purpose="改期")
    visit(cast["sales1"], day(-2), status=VisitStatus.CHECKED_OUT, content="补录")
    again = section(head.get(f"/api/meetings/{meeting['id']}/").json(), cast["sales1"])
    assert [v["result"] for v in again["last_week"]] == ["洽谈：客户满意"]
    assert [(v["purpose"], v["date"], v["key"]) for v in again["next_week"]] == [
        ("送报价", "2026-10-12", True)
    ]
    assert again["guidance"] == "先确认用电量"


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("patch", "", {"topic": "改"}),
        ("post", "key-visits/", {"visit": 1}),
        ("post", "guidance/", {"salesperson": 1, "guidance": "x"}),
        ("post", "attendees/", {"attendees": [{"user": 1, "present": False}]}),
        ("post", "close/", {}),
    ],
)
def test_d5_a_closed_meeting_is_409(api, sales_department, method, path, payload):
    meeting = open_meeting(api, sales_department.pk)
    head = api("head")
    assert head.post(f"/api/meetings/{meeting['id']}/close/").status_code == 200

    answer = getattr(head, method)(f"/api/meetings/{meeting['id']}/{path}", payload, format="json")

    assert answer.status_code == 409
    assert "已结束" in str(answer.json())


def test_d5_closing_tells_the_attendees_but_not_the_manager(api, cast, sales_department):
    meeting = open_meeting(api, sales_department.pk)

    api("head").post(f"/api/meetings/{meeting['id']}/close/")

    told = Notification.objects.filter(kind="meeting.closed")
    assert {n.recipient_id for n in told} == {
        a["user"] for a in meeting["attendees"] if a["user"] != cast["head"].pk
    }
    assert (
        told.filter(recipient=cast["sales1"])
        .get()
        .link.endswith(f"/department/meetings/{meeting['id']}/")
    )


def test_d5_attendance_marks_absent_with_a_note(api, cast, sales_department):
    meeting = open_meeting(api, sales_department.pk)

    marked = api("head").post(
        f"/api/meetings/{meeting['id']}/attendees/",
        {"attendees": [{"user": cast["sales2"].pk, "present": False, "absence_note": "出差"}]},
        format="json",
    )

    assert marked.status_code == 200
    row = next(a for a in marked.json()["attendees"] if a["user"] == cast["sales2"].pk)
    assert (row["present"], row["absence_note"]) == (False, "出差")
    assert section(marked.json(), cast["sales2"])["present"] is False
