"""When a day's log is due (D3): by `log_due` (DepartmentPolicyVersion in force on the log's
day, default 10:00) on the next working day, in the company's time zone (Asia/Shanghai)."""

from __future__ import annotations

import bisect
from datetime import date, datetime, time

from django.utils import timezone

from fieldsales.core.workdays import next_working_day
from fieldsales.department.params import DEFAULT_DEPARTMENT_PARAMS
from fieldsales.department.versions import DepartmentPolicyVersion, department_params_on


def due_at(day: date, log_due: time | None = None) -> datetime:
    """The moment the log of `day` is due: `log_due` on the next working day (aware)."""
    when = log_due if log_due is not None else department_params_on(day).log_due
    return timezone.make_aware(
        datetime.combine(next_working_day(day), when), timezone.get_default_timezone()
    )


def is_late(day: date, submitted_at: datetime) -> bool:
    """D3: submitted after the due time is late (at the due time itself is on time)."""
    return submitted_at > due_at(day)


class DueTimes:
    """`log_due` per day over a range with one query (missing logs over a quarter)."""

    def __init__(self, until: date) -> None:
        versions = list(
            DepartmentPolicyVersion.objects.filter(effective_from__lte=until)
            .order_by("effective_from")
            .values_list("effective_from", "log_due")
        )
        self._starts = [start for start, _due in versions]
        self._dues = [due for _start, due in versions]

    def log_due(self, day: date) -> time:
        index = bisect.bisect_right(self._starts, day) - 1
        return self._dues[index] if index >= 0 else DEFAULT_DEPARTMENT_PARAMS.log_due

    def due_at(self, day: date) -> datetime:
        return due_at(day, self.log_due(day))
