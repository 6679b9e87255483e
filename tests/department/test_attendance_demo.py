"""The demo's attendance (D7): 工号 for sales1, sales2 and head, about two months of clock
records as one confirmed import, mostly present, a few late with a notice, one absent day;
loading twice adds nothing; the demo command lists it in DEPARTMENT."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fieldsales.demo import department_attendance
from fieldsales.demo.management.commands.demo import DEPARTMENT
from fieldsales.department.attendance import selectors
from fieldsales.department.attendance.models import ClockImport, ClockRecord

pytestmark = pytest.mark.django_db


def test_demo_attendance_mostly_present_a_few_late_one_absent(cast):
    assert department_attendance in DEPARTMENT
    department_attendance.load(cast)
    records = ClockRecord.objects.count()
    department_attendance.load(cast)
    assert ClockRecord.objects.count() == records > 100
    assert ClockImport.objects.get().status == "confirmed"
    today = timezone.localdate()
    found = selectors.statuses(
        [cast["sales1"].pk, cast["sales2"].pk], today - timedelta(days=62), today - timedelta(1)
    )
    sales1 = selectors.totals(found[cast["sales1"].pk])
    sales2 = selectors.totals(found[cast["sales2"].pk])
    assert sales1["absent"] == 1 and sales1["late"] == 2
    assert sales2["absent"] == 0 and sales2["late"] == 1
    assert sales1["present"] > 30
