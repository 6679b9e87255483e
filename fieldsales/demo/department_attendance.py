"""The demo's attendance (D7): 工号 1001 sales1, 1002 sales2, 1003 head, and about two months
of the clock's records on the working days before today, as one confirmed import of a clock
file: mostly on time, a few late arrivals announced before 09:00 (告知), one day sales1 did not
come in (旷工). Made in bulk with explicit dates, not through the services' clock."""

from __future__ import annotations

import csv
import hashlib
import io
import random
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from fieldsales.core.workdays import working_days
from fieldsales.department.attendance.models import (
    AttendanceNotice,
    ClockImport,
    ClockImportStatus,
    ClockNumber,
    ClockRecord,
)

NUMBERS = (("sales1", "1001"), ("sales2", "1002"), ("head", "1003"))
DAYS_BACK = 62
LATE_WITH_NOTICE = {"sales1": (9, 31), "sales2": (17,)}  # the nth working day of the period
ABSENT = {"sales1": (23,)}


def _punches(rng: random.Random, username: str, index: int) -> list[time]:
    if index in ABSENT.get(username, ()):
        return []
    if index in LATE_WITH_NOTICE.get(username, ()):
        arrive = time(9, rng.randint(6, 25), rng.randint(0, 59))
    else:
        arrive = time(8, rng.randint(38, 58), rng.randint(0, 59))
    leave = time(17, rng.randint(31, 59), rng.randint(0, 59))
    return [arrive, leave]


def load(users: dict[str, Any]) -> None:
    """Idempotent: nothing when the demo's 工号 are already there."""
    if ClockNumber.objects.filter(number="1001").exists():
        return
    for username, number in NUMBERS:
        ClockNumber.objects.create(person=users[username], number=number)
    today = timezone.localdate()
    start, end = today - timedelta(days=DAYS_BACK), today - timedelta(days=1)
    days = list(working_days(start, end))
    if not days:
        return
    tz = timezone.get_default_timezone()
    rng = random.Random(20261)  # the same demo every time
    rows: list[tuple[str, Any, time]] = []
    notices = []
    for username, number in NUMBERS:
        for index, day in enumerate(days):
            for punch in _punches(rng, username, index):
                rows.append((number, day, punch))
            if index in LATE_WITH_NOTICE.get(username, ()):
                given = timezone.make_aware(datetime.combine(day, time(8, 20)), tz)
                notices.append(
                    AttendanceNotice(
                        person=users[username], day=day, given_at=given, reason="路上堵车"
                    )
                )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["工号", "日期", "时间"])
    for number, day, punch in rows:
        writer.writerow([number, day.isoformat(), punch.strftime("%H:%M:%S")])
    content = out.getvalue().encode("utf-8")
    batch = ClockImport.objects.create(
        uploaded_by=users["head"],
        filename="考勤机导出-演示.csv",
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        status=ClockImportStatus.CONFIRMED,
        first_day=days[0],
        last_day=days[-1],
        rows_total=len(rows),
        rows_added=len(rows),
        confirmed_at=timezone.make_aware(datetime.combine(end, time(18, 0)), tz),
    )
    people = {number: users[username] for username, number in NUMBERS}
    ClockRecord.objects.bulk_create(
        ClockRecord(person=people[number], day=day, time=punch, batch=batch)
        for number, day, punch in rows
    )
    AttendanceNotice.objects.bulk_create(notices)
