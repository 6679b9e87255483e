"""D5 pages: the 例会 section of the 部门 tab, this Saturday's meeting opened from the list,
the workspace's forms (attendance, guidance, 重点, record, close) and the demo's meetings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from meetings_support import day, open_meeting, visit

from fieldsales.demo import department_meetings
from fieldsales.department.meetings import weeks
from fieldsales.department.meetings.models import Meeting, MeetingAttendee, MeetingVisit

pytestmark = pytest.mark.django_db


def test_d5_the_head_opens_this_saturdays_meeting_from_the_list(client, cast, sales_department):
    client.force_login(cast["head"])
    page = client.get("/department/meetings/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "召开本周例会" in html and 'href="/department/meetings/"' in html  # the 例会 tab

    opened = client.post(
        "/department/meetings/new/", {"department": sales_department.pk}, follow=True
    )

    meeting = Meeting.objects.get()
    assert meeting.date == weeks.this_saturday(timezone.localdate())
    assert opened.redirect_chain[-1][0] == f"/department/meetings/{meeting.pk}/"
    assert "结束例会" in opened.content.decode()


def test_d5_a_salesperson_cannot_open_a_meeting_from_the_page(client, cast, sales_department):
    client.force_login(cast["sales1"])

    answer = client.post(
        "/department/meetings/new/", {"department": sales_department.pk}, follow=True
    )

    assert "例会由本部门负责人或部门经理召开" in answer.content.decode()
    assert not Meeting.objects.exists()


def test_d5_the_workspace_forms_record_the_meeting(api, client, cast, sales_department):
    planned = visit(cast["sales1"], day(2), purpose="送报价单")
    meeting = open_meeting(api, sales_department.pk)
    base = f"/department/meetings/{meeting['id']}/"
    client.force_login(cast["head"])
    assert "送报价单" in client.get(base).content.decode()

    client.post(f"{base}key/", {"visit": planned.pk, "key": "1"})
    client.post(f"{base}guidance/", {"salesperson": cast["sales1"].pk, "guidance": "多跑现场"})
    present = {f"present_{u}": "on" for u in (cast["head"].pk, cast["sales1"].pk)}
    client.post(f"{base}attendance/", present | {f"note_{cast['sales2'].pk}": "病假"})
    client.post(f"{base}save/", {"topic": "并网验收", "notes": "n", "decisions": "d"})
    closed = client.post(f"{base}close/", follow=True)

    assert "例会已结束" in closed.content.decode()
    assert MeetingVisit.objects.get(visit=planned, frozen=True).key is True
    row = MeetingAttendee.objects.get(meeting_id=meeting["id"], user=cast["sales2"])
    assert (row.present, row.absence_note) == (False, "病假")
    assert (
        MeetingAttendee.objects.get(meeting_id=meeting["id"], user=cast["sales1"]).guidance
        == "多跑现场"
    )
    assert Meeting.objects.get().topic == "并网验收"
    refused = client.post(f"{base}save/", {"topic": "改"}, follow=True)
    assert "不能再修改" in refused.content.decode() and Meeting.objects.get().topic == "并网验收"
    minutes = client.get(f"{base}minutes/")
    assert minutes.status_code == 200 and "多跑现场" in minutes.content.decode()


def test_d5_an_impossible_date_on_the_page_is_refused(client, cast, sales_department):
    client.force_login(cast["head"])

    answer = client.post(
        "/department/meetings/new/",
        {"department": sales_department.pk, "date": "2026-02-31"},
        follow=True,
    )

    assert "日期无效" in answer.content.decode() and not Meeting.objects.exists()


def test_d5_an_open_meetings_minutes_page_is_404(api, client, cast, sales_department):
    meeting = open_meeting(api, sales_department.pk)
    client.force_login(cast["head"])

    assert client.get(f"/department/meetings/{meeting['id']}/minutes/").status_code == 404


def test_d5_the_demo_has_two_closed_meetings_and_this_weeks_open_one(cast):
    department_meetings.load(cast)
    department_meetings.load(cast)  # idempotent

    saturday = weeks.this_saturday(timezone.localdate())
    meetings = list(Meeting.objects.order_by("date"))
    assert [(m.date, m.status) for m in meetings] == [
        (saturday - timedelta(days=14), "closed"),
        (saturday - timedelta(days=7), "closed"),
        (saturday, "open"),
    ]
    for closed in meetings[:2]:
        assert closed.topic and closed.attendees.filter(guidance__gt="").count() == 2
        assert closed.visit_lines.filter(frozen=True, week="next", key=True).exists()
        assert closed.visit_lines.filter(frozen=True, week="last").exists()
    assert meetings[1].attendees.filter(present=False).count() == 1
