"""D5/D11: the reminder of the Saturday meeting goes to the department's people once, between
Friday noon and Saturday 09:00, through the sweep; not outside the window, not for a meeting
already closed."""

from __future__ import annotations

from datetime import datetime

import pytest
from meetings_support import open_meeting

from fieldsales.department.meetings.notify import send_reminders
from fieldsales.notifications.models import Notification
from fieldsales.notifications.registry import sweep
from fieldsales.org.models import Employee

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.fromisoformat(text))


def people_of(department) -> set[int]:
    return set(
        Employee.objects.filter(department=department, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


def test_d5_friday_afternoon_reminds_each_person_once(sales_department):
    made = sweep("department.meetings.reminder").run(at("2026-10-09T15:00"))

    reminders = Notification.objects.filter(kind="meeting.reminder")
    assert made == len(people_of(sales_department))
    assert {n.recipient_id for n in reminders} == people_of(sales_department)
    assert reminders.first().dedupe_key == f"meeting:{sales_department.pk}:2026-10-10:reminder"
    assert send_reminders(at("2026-10-10T08:30")) == 0  # Saturday morning: already reminded
    assert reminders.count() == len(people_of(sales_department))


@pytest.mark.parametrize("when", ["2026-10-09T11:59", "2026-10-10T09:00", "2026-10-07T15:00"])
def test_d5_no_reminder_outside_the_window(sales_department, when):
    assert send_reminders(at(when)) == 0
    assert not Notification.objects.filter(kind="meeting.reminder").exists()


def test_d5_saturday_morning_reminds_and_links_the_meeting(api, sales_department):
    meeting = open_meeting(api, sales_department.pk)

    assert send_reminders(at("2026-10-10T07:30")) > 0

    note = Notification.objects.filter(kind="meeting.reminder").first()
    assert note.link.endswith(f"/department/meetings/{meeting['id']}/")
    assert "今天上午 9:00" in note.title


def test_d5_no_reminder_for_a_closed_meeting(api, sales_department):
    meeting = open_meeting(api, sales_department.pk)
    api("head").post(f"/api/meetings/{meeting['id']}/close/")

    assert send_reminders(at("2026-10-10T07:30")) == 0
