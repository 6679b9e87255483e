"""The demo's training (department.md D10): a session for each of the demo's Saturday meetings,
on its topic and linked to it, the past ones with attendance as the meeting recorded it."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from fieldsales.department.meetings.models import Meeting
from fieldsales.department.training import services
from fieldsales.department.training.models import TrainingSession

LINKS = "https://www.nea.gov.cn/\nhttps://www.cpia.org.cn/"


def load(users: dict[str, Any]) -> None:
    head = users["head"]
    department_id = head.employee.department_id
    today = timezone.localdate()
    meetings = Meeting.objects.filter(department_id=department_id).order_by("date")
    for index, meeting in enumerate(meetings):
        if TrainingSession.objects.filter(meeting=meeting).exists():
            continue
        trainer = users.get("tech") if index % 2 and "tech" in users else head
        session = services.training_create(
            actor=head,
            department_id=department_id,
            data={
                "date": meeting.date,
                "topic": (meeting.topic or "周六例会业务培训")[:200],
                "trainer": trainer.pk,
                "meeting": meeting.pk,
                "links": LINKS,
                "notes": "结合本周客户问题讲解，会后资料发群。",
            },
        )
        if meeting.date > today:
            continue
        absent = {a.user_id: a.absence_note for a in meeting.attendees.filter(present=False)}
        rows = [
            {"user": user_id, "present": False, "note": note}
            for user_id, note in absent.items()
            if session.attendees.filter(user_id=user_id).exists()
        ]
        if rows:
            services.training_attendance(session=session, actor=head, rows=rows)
