"""Reads of attendance (D7): whose days a user sees, and each person's status per working day,
computed (never stored) from the clock's records, notices, exceptions and trips:

- `off`: not a working day (core.workdays: Mon–Sat, China's holidays and 调休);
- `absent` on a trip day beyond P5.2's limit without the GM's special case, whatever the clock
  (and whatever the calendar: P5.2 counts calendar days, so the engine's number is kept);
- `exception` (特批), then `trip` (an approved trip covers the day);
- `unknown`: no import covers the day and no record was added (not judged from the clock);
- `present`: first record ≤ work_start; `early_leave`: but the last before work_end;
- `late`: first record after work_start, with a notice given before work_start;
- `absent` (旷工): otherwise (no record at all, or after work_start without notice);
- `future`: after today.
Times from department_params_on(day)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from fieldsales.core.workdays import is_working_day
from fieldsales.department.attendance import rules
from fieldsales.department.attendance.models import (
    AttendanceException,
    AttendanceNotice,
    ClockImport,
    ClockImportStatus,
    ClockRecord,
)
from fieldsales.department.attendance.trips_link import TripDay, trip_days
from fieldsales.department.versions import department_params_on

STATUSES = (
    "present",
    "late",
    "absent",
    "early_leave",
    "trip",
    "exception",
    "unknown",
    "off",
    "future",
)
LONGEST_RANGE = timedelta(days=366)


def keepers() -> QuerySet[Any]:
    """Everyone who keeps attendance: salespeople, heads and managers of a department."""
    users = get_user_model().objects.filter(is_active=True, employee__department__isnull=False)
    condition = Q(employee__role__in=rules.KEEPER_ROLES) | Q(
        employee__role_grants__role__in=rules.KEEPER_ROLES
    )
    return users.filter(condition).distinct().select_related("employee").order_by("pk")


def people_seen_by(user: Any) -> QuerySet[Any]:
    """Themselves; their departments' people for a head or manager; everyone for the GM."""
    people = keepers()
    if rules.reads_everyone(user):
        return people
    condition = Q(pk=user.pk) if rules.keeps_attendance(user) else Q(pk__in=[])
    if departments := rules.head_of(user):
        condition |= Q(employee__department_id__in=departments)
    return people.filter(condition)


def person_seen_by(user: Any, pk: int | None) -> Any | None:
    if pk is None:
        return None
    return people_seen_by(user).filter(pk=pk).first()


@dataclass
class DayStatus:
    person_id: int
    day: date
    status: str
    times: list[time] = field(default_factory=list)
    notice_at: datetime | None = None
    notice_reason: str = ""
    exception_reason: str = ""
    trip: TripDay | None = None
    p5_2: bool = False  # absent as a day beyond P5.2's limit

    @property
    def first(self) -> time | None:
        return self.times[0] if self.times else None

    @property
    def last(self) -> time | None:
        return self.times[-1] if self.times else None


def imported_days(start: date, end: date) -> set[date]:
    """The days a confirmed import of the clock covers."""
    days: set[date] = set()
    batches = ClockImport.objects.filter(
        status=ClockImportStatus.CONFIRMED, first_day__lte=end, last_day__gte=start
    ).values_list("first_day", "last_day")
    for first, last in batches:
        day = max(first, start)
        while day <= min(last, end):
            days.add(day)
            day += timedelta(days=1)
    return days


def _judge(
    *,
    times: list[time],
    notice: AttendanceNotice | None,
    start_at: datetime,
    work_start: time,
    work_end: time,
) -> str:
    if not times:
        return "absent"
    if times[0] <= work_start:
        return "early_leave" if times[-1] < work_end else "present"
    if notice is not None and notice.given_at < start_at:
        return "late"
    return "absent"


def statuses(
    person_ids: list[int], start: date, end: date, *, today: date | None = None
) -> dict[int, list[DayStatus]]:
    """Each person's status per day from `start` to `end` (every calendar day; non-working
    days `off`)."""
    today = today or timezone.localdate()
    ids = sorted(set(person_ids))
    result: dict[int, list[DayStatus]] = {pk: [] for pk in ids}
    if not ids or start > end:
        return result
    records: dict[tuple[int, date], list[time]] = defaultdict(list)
    for person, day, at in (
        ClockRecord.objects.filter(person_id__in=ids, day__gte=start, day__lte=end, voided=False)
        .order_by("time")
        .values_list("person_id", "day", "time")
    ):
        records[(person, day)].append(at)
    notices = {
        (n.person_id, n.day): n
        for n in AttendanceNotice.objects.filter(person_id__in=ids, day__gte=start, day__lte=end)
    }
    exceptions = {
        (e.person_id, e.day): e
        for e in AttendanceException.objects.filter(
            person_id__in=ids, day__gte=start, day__lte=end, revoked=False
        )
    }
    covered = imported_days(start, end)
    trips = trip_days(ids, start, end)
    tz = timezone.get_default_timezone()
    day = start
    while day <= end:
        working = is_working_day(day)
        params = department_params_on(day) if working else None
        for person in ids:
            key = (person, day)
            notice = notices.get(key)
            entry = DayStatus(person, day, "off", times=records.get(key, []))
            if notice is not None:
                entry.notice_at, entry.notice_reason = notice.given_at, notice.reason
            trip = trips.get(key)
            entry.trip = trip
            if trip is not None and trip.absent:
                # P5.2 counts calendar days: the engine's number, a Sunday or holiday included.
                entry.status, entry.p5_2 = "absent", True
                result[person].append(entry)
                continue
            if params is None:
                result[person].append(entry)
                continue
            exception = exceptions.get(key)
            if exception is not None:
                entry.status, entry.exception_reason = "exception", exception.reason
            elif trip is not None:
                entry.status = "trip"
            elif day > today:
                entry.status = "future"
            elif day not in covered and not entry.times:
                entry.status = "unknown"
            else:
                start_at = timezone.make_aware(datetime.combine(day, params.work_start), tz)
                entry.status = _judge(
                    times=entry.times,
                    notice=notice,
                    start_at=start_at,
                    work_start=params.work_start,
                    work_end=params.work_end,
                )
            result[person].append(entry)
        day += timedelta(days=1)
    return result


def month_bounds(first: date) -> tuple[date, date]:
    following = (first.replace(day=1) + timedelta(days=32)).replace(day=1)
    return first.replace(day=1), following - timedelta(days=1)


def totals(entries: list[DayStatus]) -> dict[str, int]:
    return {status: sum(e.status == status for e in entries) for status in STATUSES}


def absent_and_late(
    people: list[Any], start: date, end: date
) -> tuple[list[DayStatus], list[DayStatus]]:
    """D6's attendance incidents: the absent days (with P5.2's) and the late days."""
    ids = [getattr(p, "pk", p) for p in people]
    found = statuses(ids, start, end)
    entries = [e for days in found.values() for e in days]
    return (
        [e for e in entries if e.status == "absent"],
        [e for e in entries if e.status == "late"],
    )
