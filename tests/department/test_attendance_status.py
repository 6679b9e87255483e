"""D7 day statuses: present, late with a notice given before 09:00, absent (旷工) without one,
early leave, unknown where no import covers the day, holidays and make-up days (调休), the
manager's exception, the times from the department version."""

from __future__ import annotations

from datetime import date, time

import pytest
from attendance_support import at, imported, numbered

from fieldsales.core.errors import RuleBroken
from fieldsales.department.attendance import selectors, services
from fieldsales.department.versions import DepartmentPolicyVersion
from fieldsales.notifications.models import Notification

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 11, 2)
TUESDAY = date(2026, 11, 3)


def status_of(user, day):
    return selectors.statuses([user.pk], day, day)[user.pk][0]


def test_d7_0905_without_notice_is_absent(cast):
    numbered(cast)
    imported(cast, [("1001", "2026-11-02", "09:05"), ("1001", "2026-11-02", "17:40")])
    assert status_of(cast["sales1"], MONDAY).status == "absent"


def test_d7_notice_at_0850_then_0905_is_late(cast):
    numbered(cast)
    imported(cast, [("1001", "2026-11-03", "09:05:00"), ("1001", "2026-11-03", "17:40")])
    notice = services.attendance_notice_give(
        actor=cast["sales1"], day=TUESDAY, reason="堵车", now=at(TUESDAY, 8, 50)
    )
    assert notice.given_at == at(TUESDAY, 8, 50)
    told = Notification.objects.get(recipient=cast["head"], kind="attendance.notice")
    assert "张伟" in told.title and told.body == "堵车"
    entry = status_of(cast["sales1"], TUESDAY)
    assert entry.status == "late"
    assert entry.first == time(9, 5)


def test_d7_present_early_leave_and_absent_without_records(cast):
    numbered(cast)
    imported(
        cast,
        [
            ("1001", "2026-11-02", "08:55"),
            ("1001", "2026-11-02", "17:30"),
            ("1002", "2026-11-02", "09:00"),
            ("1002", "2026-11-02", "16:59"),
        ],
    )
    assert status_of(cast["sales1"], MONDAY).status == "present"  # 17:30 is not before 17:30
    assert status_of(cast["sales2"], MONDAY).status == "early_leave"  # 09:00 is on time
    # The head has a 工号 and the day was imported: no record at all is absent.
    assert status_of(cast["head"], MONDAY).status == "absent"


def test_d7_day_without_import_is_unknown_not_absent(cast):
    numbered(cast)
    imported(cast, [("1001", "2026-11-02", "08:55"), ("1001", "2026-11-02", "17:35")])
    assert status_of(cast["sales1"], TUESDAY).status == "unknown"


def test_d7_holiday_off_and_make_up_sunday_is_working(cast):
    numbered(cast)
    imported(cast, [("1001", "2026-09-19", "08:50"), ("1001", "2026-10-02", "08:50")])
    assert status_of(cast["sales1"], date(2026, 10, 1)).status == "off"  # National Day
    assert status_of(cast["sales1"], date(2026, 9, 27)).status == "off"  # an ordinary Sunday
    # 2026-09-20 is a Sunday worked in exchange (调休): judged, and absent without a record.
    imported(cast, [("1002", "2026-09-20", "08:50"), ("1002", "2026-09-20", "17:31")])
    assert status_of(cast["sales1"], date(2026, 9, 20)).status == "absent"
    assert status_of(cast["sales2"], date(2026, 9, 20)).status == "present"


def test_d7_times_come_from_the_department_version(cast):
    numbered(cast)
    DepartmentPolicyVersion.objects.create(
        name="冬令时", effective_from=date(2026, 11, 1), work_start=time(9, 30)
    )
    imported(cast, [("1001", "2026-11-02", "09:20"), ("1001", "2026-11-02", "17:45")])
    assert status_of(cast["sales1"], MONDAY).status == "present"


def test_d7_notice_after_work_start_is_refused(cast):
    with pytest.raises(RuleBroken) as caught:
        services.attendance_notice_give(actor=cast["sales1"], day=TUESDAY, now=at(TUESDAY, 9, 1))
    assert caught.value.field == "day"
    assert "D7" in caught.value.message


def test_d7_notice_on_a_holiday_is_refused(cast):
    day = date(2026, 10, 1)
    with pytest.raises(RuleBroken):
        services.attendance_notice_give(actor=cast["sales1"], day=day, now=at(day, 8, 0))


def test_d7_exception_marks_the_day(cast):
    numbered(cast)
    imported(cast, [("1002", "2026-11-02", "08:55"), ("1002", "2026-11-02", "17:35")])
    assert status_of(cast["sales1"], MONDAY).status == "absent"
    services.attendance_correct(
        actor=cast["head"], person=cast["sales1"], day=MONDAY, kind="exception", reason="看病"
    )
    entry = status_of(cast["sales1"], MONDAY)
    assert entry.status == "exception"
    assert entry.exception_reason == "看病"
