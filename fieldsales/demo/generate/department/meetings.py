"""D5, meetings: each department's Saturday meeting for the past weeks, with attendance."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from fieldsales.demo.generate import Context
from fieldsales.demo.generate.department.texts import TOPICS
from fieldsales.demo.generate.selling import at, explicit_times
from fieldsales.department.meetings.models import Meeting, MeetingAttendee, MeetingStatus

MEETING_WEEKS = 12


def generate(ctx: Context, people: list[int]) -> int:
    """D5: each department's Saturday meeting for the past weeks, closed, with attendance."""
    rng = ctx.rng
    today = ctx.today
    have = set(Meeting.objects.values_list("department_id", "date"))
    saturday = today - timedelta(days=(today.weekday() - 5) % 7 or 7)
    members: dict[int, list[int]] = defaultdict(list)
    for person in people:
        members[ctx.department_of[person]].append(person)
    meetings = []
    for week in range(MEETING_WEEKS):
        day = saturday - timedelta(weeks=week)
        for department in ctx.departments:
            if (department.pk, day) in have:
                continue
            head = ctx.heads[department.pk]
            meetings.append(
                Meeting(
                    department=department,
                    date=day,
                    status=MeetingStatus.CLOSED,
                    topic=ctx.pick(TOPICS),
                    notes="各业务员汇报上周拜访情况，经理逐一点评。",
                    decisions="下周重点客户由经理陪同拜访；周五前提交周报。",
                    opened_by=head,
                    closed_by=head,
                    closed_at=at(day, 12),
                    created_at=at(day, 8, 30),
                    updated_at=at(day, 12),
                )
            )
    with explicit_times(Meeting):
        meetings = ctx.bulk(Meeting, meetings)
    attendees = []
    for meeting in meetings:
        for order, person in enumerate(members[meeting.department_id], start=1):
            present = rng.random() > 0.05
            attendees.append(
                MeetingAttendee(
                    meeting_id=meeting.pk,
                    user_id=person,
                    present=present,
                    absence_note="" if present else "外出拜访客户",
                    has_section=present,
                    order=order,
                )
            )
    ctx.bulk(MeetingAttendee, attendees)
    return len(meetings)
