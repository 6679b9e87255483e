"""D5 services called directly: each write checks the head-or-manager and the open state
itself (the pages and the API are not the only callers), and close runs once."""

from __future__ import annotations

import pytest
from meetings_support import SATURDAY, day, visit

from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken
from fieldsales.department.meetings.models import MeetingStatus
from fieldsales.department.meetings.services import (
    meeting_attendance,
    meeting_close,
    meeting_guidance,
    meeting_mark_key,
    meeting_open,
    meeting_update,
)

pytestmark = pytest.mark.django_db


def test_d5_services_record_and_close_a_meeting(cast, sales_department):
    head, sales1 = cast["head"], cast["sales1"]
    planned = visit(sales1, day(4))
    meeting = meeting_open(actor=head, department_id=sales_department.pk, day=SATURDAY)

    meeting_update(meeting=meeting, actor=head, data={"topic": "质保"})
    meeting_attendance(meeting=meeting, actor=head, rows=[{"user": sales1.pk, "present": False}])
    meeting_guidance(meeting=meeting, actor=head, salesperson_id=sales1.pk, text="跟进")
    meeting_mark_key(meeting=meeting, actor=head, visit_id=planned.pk, key=True)
    closed = meeting_close(meeting=meeting, actor=head)

    assert closed.status == MeetingStatus.CLOSED and closed.topic == "质保"
    assert closed.visit_lines.get(frozen=True, visit=planned).key is True
    with pytest.raises(InvalidTransition):
        meeting_close(meeting=closed, actor=head)
    with pytest.raises(InvalidTransition):
        meeting_update(meeting=closed, actor=head, data={"topic": "改"})


def test_d5_services_refuse_others_and_bad_input(cast, sales_department):
    head = cast["head"]
    with pytest.raises(Forbidden):
        meeting_open(actor=cast["sales1"], department_id=sales_department.pk, day=SATURDAY)
    with pytest.raises(RuleBroken) as error:
        meeting_open(actor=head, department_id=sales_department.pk, day=day(-1))
    assert error.value.field == "date"
    meeting = meeting_open(actor=head, department_id=sales_department.pk, day=SATURDAY)
    with pytest.raises(Forbidden):
        meeting_update(meeting=meeting, actor=cast["gm"], data={"topic": "x"})
    with pytest.raises(RuleBroken) as error:
        meeting_update(meeting=meeting, actor=head, data={"notes": "a\x00b"})
    assert error.value.field == "notes"
