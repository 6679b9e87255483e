"""The meeting's notifications (D11, docs/notes-notify.md): the reminder to the department's
people from Friday noon to Saturday 09:00 (a sweep, once per meeting week and person), and
"minutes closed" to the attendees when the manager closes the meeting."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.department.meetings import selectors, weeks
from fieldsales.department.meetings.models import Meeting, MeetingStatus
from fieldsales.notifications import services
from fieldsales.notifications.registry import Kind, Sweep
from fieldsales.org.models import Department, Employee, Role

REMINDER = "meeting.reminder"
CLOSED = "meeting.closed"
KINDS = (
    Kind(REMINDER, gettext_lazy("周六例会提醒"), 60),
    Kind(CLOSED, gettext_lazy("例会纪要"), 61),
)


def _departments_meeting() -> list[Department]:
    """The departments that hold the Saturday meeting: those with salespeople."""
    ids = Employee.objects.filter(role=Role.SALESPERSON, user__is_active=True).values(
        "department_id"
    )
    return list(Department.objects.filter(pk__in=ids).order_by("pk"))


def send_reminders(now: datetime) -> int:
    """D5/D11: in the window before the meeting (Friday afternoon to Saturday 09:00), remind
    each person of each meeting department once (key: department, Saturday, person)."""
    local = timezone.localtime(now).replace(tzinfo=None)
    saturday = weeks.this_saturday(local.date())
    start, end = weeks.reminder_window(saturday)
    if not start <= local < end:
        return 0
    made = 0
    with translation.override(settings.LANGUAGE_CODE):
        for department in _departments_meeting():
            meeting = selectors.meeting_of_week(department_id=department.pk, saturday=saturday)
            if meeting is not None and meeting.status == MeetingStatus.CLOSED:
                continue
            link = (
                reverse("department:meeting_detail", args=[meeting.pk])
                if meeting is not None
                else reverse("department:meetings")
            )
            title = (
                _("明天上午 9:00 周六工作例会")
                if local.date() < saturday
                else _("今天上午 9:00 周六工作例会")
            )
            body = _(
                "%(department)s %(day)s 例会：汇报上周拜访及结果、下周重点拜访计划，请准时参加。"
            ) % {"department": department.name, "day": f"{saturday:%Y-%m-%d}"}
            for employee in selectors.department_people(department.pk):
                made += (
                    services.notify(
                        recipient=employee.user,
                        kind=REMINDER,
                        dedupe_key=f"meeting:{department.pk}:{saturday:%Y-%m-%d}:reminder",
                        title=title,
                        body=body,
                        link=link,
                        document=meeting,
                    )
                    is not None
                )
    return made


def minutes_closed(*, meeting: Meeting, actor: Any) -> int:
    """Tell every attendee but the one who closed it that the minutes are out."""
    made = 0
    with translation.override(settings.LANGUAGE_CODE):
        title = _("例会纪要：%(department)s %(day)s") % {
            "department": meeting.department.name,
            "day": f"{meeting.date:%Y-%m-%d}",
        }
        link = reverse("department:meeting_detail", args=[meeting.pk])
        for attendee in meeting.attendees.select_related("user"):
            if actor is not None and attendee.user_id == actor.pk:
                continue
            made += (
                services.notify(
                    recipient=attendee.user,
                    kind=CLOSED,
                    dedupe_key=f"meeting:{meeting.pk}:closed",
                    title=title,
                    body=_("例会已结束，会议纪要可查看和打印。"),
                    link=link,
                    document=meeting,
                )
                is not None
            )
    return made


SWEEP = Sweep("department.meetings.reminder", send_reminders, timedelta(minutes=30))
