"""The department's parameters (department.md: `name` = default): pure Python, the defaults of
a new `DepartmentPolicyVersion`. Later work (logs, reports, meetings, the scorecard) adds its
figures here and to the version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from fieldsales.scoring.params import DEFAULT_SCORING_PARAMS, ScoringParams

MONDAY, WEDNESDAY, FRIDAY = 0, 2, 4
SATURDAY = 5  # date.weekday()


@dataclass(frozen=True)
class DepartmentParams:
    name: str
    effective_from: date
    log_due: time  # D3: the day's work log is due by this time the next working day
    weekly_report_due_weekday: int  # D4: the weekly report is due before the Saturday meeting
    weekly_report_due_time: time
    monthly_report_due_day: int  # D4: the monthly report is due by this day of the next month
    work_start: time = time(9, 0)  # D7: a first record after this is late (with notice) or absent
    work_end: time = time(17, 30)  # D7: a last record before this is an early leave
    duty_weekdays: tuple[int, ...] = (MONDAY, WEDNESDAY, FRIDAY)  # D8: showroom duty days
    duty_start: time = time(8, 0)  # D8: the shift
    duty_end: time = time(8, 20)
    duty_done_by: time = time(8, 30)  # D8: a shift not marked done by then is missed
    scoring: ScoringParams = DEFAULT_SCORING_PARAMS  # D6: weights, caps, targets, bonus, grades


DEFAULT_DEPARTMENT_PARAMS = DepartmentParams(
    name="部门管理制度（默认）",
    effective_from=date(2012, 3, 31),
    log_due=time(10, 0),
    weekly_report_due_weekday=SATURDAY,
    weekly_report_due_time=time(9, 0),
    monthly_report_due_day=3,
)
