"""Two clicks at once: one meeting per department and week (the unique constraint answers the
second with 400 on the date), and one close (the row lock: the second is 409)."""

from __future__ import annotations

import pytest
from helpers import client_for, run_together
from meetings_support import open_meeting

from fieldsales.department.meetings.models import Meeting
from fieldsales.notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_openings_at_once_make_one_meeting(cast, sales_department):
    payload = {"department": sales_department.pk, "date": "2026-10-10"}

    def post():
        return client_for(cast["head"]).post("/api/meetings/", payload, format="json")

    answers = run_together([post, post])

    assert sorted(r.status_code for r in answers) == [201, 400]
    assert Meeting.objects.count() == 1
    assert Meeting.objects.get().attendees.count() >= 3


def test_two_closes_at_once_close_once(api, cast, sales_department):
    meeting = open_meeting(api, sales_department.pk)

    def close():
        return client_for(cast["head"]).post(f"/api/meetings/{meeting['id']}/close/")

    answers = run_together([close, close])

    assert sorted(r.status_code for r in answers) == [200, 409]
    told = Notification.objects.filter(kind="meeting.closed", recipient=cast["sales1"])
    assert told.count() == 1
