"""The demo's duty and training (D8, D10): last month's and this month's rota with the days gone
by done but one missed, the rest of the month drawn; a training session for each Saturday
meeting, linked to it; loading again adds nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from fieldsales.demo import department_duty, department_meetings, department_training
from fieldsales.department.duty import rules, selectors
from fieldsales.department.duty.models import DutyShift, DutyState
from fieldsales.department.meetings.models import Meeting
from fieldsales.department.training.models import TrainingSession

pytestmark = pytest.mark.django_db


def test_demo_duty_and_training(cast):
    department_meetings.load(cast)
    department_duty.load(cast)
    department_training.load(cast)
    department_duty.load(cast)
    department_training.load(cast)

    this_month = timezone.localdate().replace(day=1)
    days = set(DutyShift.objects.values_list("day", flat=True))
    assert set(selectors.duty_days(this_month)) <= days
    assert any(day < this_month for day in days)
    states = [rules.state(shift) for shift in DutyShift.objects.all()]
    assert states.count(DutyState.MISSED) == 1
    assert states.count(DutyState.DONE) >= 2
    meetings = Meeting.objects.count()
    assert meetings >= 1
    assert TrainingSession.objects.filter(meeting__isnull=False).count() == meetings
