"""D3's due rule: a day's log is due by `log_due` (default 10:00) on the next working day, Monday
to Saturday less China's official holidays, plus the make-up working days (调休); submitted
after that it is `late` (stored)."""

from __future__ import annotations

from datetime import date, time

import pytest
from worklogs_support import at

from fieldsales.core.workdays import is_working_day, next_working_day
from fieldsales.department.versions import DepartmentPolicyVersion
from fieldsales.department.worklogs import services
from fieldsales.department.worklogs.due import due_at, is_late

TUESDAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 3, 14), True),  # a Saturday: the department works Mon–Sat
        (date(2026, 3, 15), False),  # a Sunday
        (date(2026, 10, 1), False),  # National Day
        (date(2026, 10, 3), False),  # a Saturday inside the National Day holiday
        (date(2026, 9, 20), True),  # a make-up Sunday (调休) before National Day
        (date(2026, 1, 4), True),  # a make-up Sunday after New Year
        (date(2030, 6, 2), False),  # a Sunday of a year the calendar has no data for yet
        (date(2030, 6, 1), True),
    ],
)
def test_d3_working_days_from_the_official_calendar(day, working):
    assert is_working_day(day) is working


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "due"),
    [
        (TUESDAY, at(date(2026, 3, 11), 10)),
        (date(2026, 3, 14), at(date(2026, 3, 16), 10)),  # Saturday's log: Monday 10:00
        (date(2026, 9, 30), at(date(2026, 10, 8), 10)),  # over the National Day holiday
        (date(2026, 9, 19), at(date(2026, 9, 20), 10)),  # Saturday's log: the make-up Sunday
        (date(2026, 9, 20), at(date(2026, 9, 21), 10)),
    ],
)
def test_d3_due_at_ten_on_the_next_working_day(day, due):
    assert due_at(day) == due
    assert next_working_day(day) == due.date()


@pytest.mark.django_db
def test_d3_late_only_after_the_due_time():
    assert is_late(TUESDAY, at(date(2026, 3, 11), 10, 0)) is False
    assert is_late(TUESDAY, at(date(2026, 3, 11), 10, 1)) is True
    assert is_late(TUESDAY, at(date(2026, 3, 11), 9, 59)) is False


@pytest.mark.django_db
def test_d3_log_due_follows_the_department_version_of_the_day():
    DepartmentPolicyVersion.objects.create(
        name="日志九点半", effective_from=date(2026, 6, 1), log_due=time(9, 30)
    )
    assert due_at(date(2026, 6, 2)) == at(date(2026, 6, 3), 9, 30)
    assert due_at(date(2026, 5, 29)) == at(date(2026, 5, 30), 10)  # the old version's day


def _log(cast, day):
    return services.worklog_create(
        actor=cast["sales1"], day=day, data={"done": "拜访两家客户", "plan": "跟进报价"}
    )


def test_d3_submitted_at_ten_is_on_time_a_minute_later_late(cast):
    on_time = services.worklog_submit(
        log=_log(cast, TUESDAY), actor=cast["sales1"], now=at(date(2026, 3, 11), 10, 0)
    )
    late = services.worklog_submit(
        log=_log(cast, date(2026, 3, 11)),
        actor=cast["sales1"],
        now=at(date(2026, 3, 12), 10, 1),
    )
    assert (on_time.late, late.late) == (False, True)
    assert on_time.due_at == at(date(2026, 3, 11), 10)


def test_d3_saturday_log_on_the_make_up_sunday_morning_is_on_time(cast):
    log = services.worklog_submit(
        log=_log(cast, date(2026, 9, 19)), actor=cast["sales1"], now=at(date(2026, 9, 20), 9)
    )
    assert log.late is False


def test_d3_log_before_the_holiday_is_on_time_during_the_holiday(cast):
    log = services.worklog_submit(
        log=_log(cast, date(2026, 9, 30)), actor=cast["sales1"], now=at(date(2026, 10, 7), 18)
    )
    assert log.late is False


def test_d3_a_log_only_for_a_working_day(api, cast):
    client = api("sales1")
    holiday = client.post("/api/work-logs/", {"day": "2026-10-01"}, format="json")
    sunday = client.post("/api/work-logs/", {"day": "2026-03-15"}, format="json")
    make_up = client.post("/api/work-logs/", {"day": "2026-09-20"}, format="json")
    assert holiday.status_code == 400 and "day" in holiday.json()
    assert sunday.status_code == 400 and "day" in sunday.json()
    assert make_up.status_code == 201, make_up.json()
    assert make_up.json()["due_at"].startswith("2026-09-21T10:00")
