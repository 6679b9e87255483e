"""Reads of work logs (D3): who sees which (own; the head or manager their department's
submitted logs; the GM all; others none, hence 404), and what is `missing`, computed, never
stored: a working day whose log was not submitted by now although it is past due.

For the scorecard (D6) and the dashboard (D12): `late_and_missing(people, start, end)` and
`overdue_count(viewer, today)`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from fieldsales.core.workdays import working_days
from fieldsales.department.worklogs import rules
from fieldsales.department.worklogs.due import DueTimes
from fieldsales.department.worklogs.models import WorkLog, WorkLogStatus
from fieldsales.org.access import holders
from fieldsales.org.models import Role

# The dashboard's overdue count looks back this many days (older gaps are the scorecard's).
OVERDUE_WINDOW = timedelta(days=30)
LONGEST_RANGE = timedelta(days=366)


def visible_logs(*, user: Any) -> QuerySet[WorkLog]:
    """Own logs (drafts too); the submitted logs of the departments the user heads or
    manages; every submitted log for the GM. Others: none."""
    logs = WorkLog.objects.select_related("person", "department")
    if not rules.reads_logs(user):
        return logs.none()
    condition = Q(person=user)
    if rules.reads_every_log(user):
        condition |= Q(status=WorkLogStatus.SUBMITTED)
    elif departments := rules.head_of(user):
        condition |= Q(status=WorkLogStatus.SUBMITTED, department_id__in=departments)
    return logs.filter(condition)


def log_detail(*, user: Any, pk: int) -> WorkLog | None:
    return visible_logs(user=user).filter(pk=pk).first()


def writers(*, department_id: int | None = None) -> QuerySet[Any]:
    """The active salespeople who keep a log (of one department)."""
    people = holders(Role.SALESPERSON).select_related("employee")
    if department_id is not None:
        people = people.filter(employee__department_id=department_id)
    return people.order_by("pk")


def writers_seen_by(user: Any) -> QuerySet[Any]:
    """Whose missing logs this user sees: themselves, their departments' people, or all."""
    people = writers()
    if rules.reads_every_log(user):
        return people
    condition = Q(pk=user.pk) if rules.writes_logs(user) else Q(pk__in=[])
    if departments := rules.head_of(user):
        condition |= Q(employee__department_id__in=departments)
    return people.filter(condition)


@dataclass(frozen=True)
class Missing:
    person_id: int
    day: date
    due_at: datetime


def _submitted(people: list[int], start: date, end: date, now: datetime) -> set[tuple[int, date]]:
    rows = WorkLog.objects.filter(
        person_id__in=people,
        day__gte=start,
        day__lte=end,
        status=WorkLogStatus.SUBMITTED,
        submitted_at__lte=now,
    ).values_list("person_id", "day")
    return set(rows)


def missing_logs(
    *,
    people: Iterable[int],
    start: date,
    end: date,
    now: datetime | None = None,
) -> list[Missing]:
    """The working days from `start` to `end` past due at `now` without a submitted log, per
    person (oldest first). A log submitted after its due time is late, not missing."""
    moment = now or timezone.now()
    ids = sorted(set(people))
    if not ids or start > end:
        return []
    dues = DueTimes(end)
    past_due = [(day, dues.due_at(day)) for day in working_days(start, end)]
    past_due = [(day, at) for day, at in past_due if at < moment]
    if not past_due:
        return []
    filed = _submitted(ids, start, end, moment)
    return [
        Missing(person, day, at)
        for day, at in past_due
        for person in ids
        if (person, day) not in filed
    ]


@dataclass(frozen=True)
class Counts:
    late: int = 0
    missing: int = 0


def late_and_missing(
    people: Iterable[Any], start: date, end: date, now: datetime | None = None
) -> dict[int, Counts]:
    """D6's incidents: per person (users or ids), logs of the period submitted late and
    working days missing a log, as of `now`."""
    ids = sorted({getattr(p, "pk", p) for p in people})
    late = dict.fromkeys(ids, 0)
    for person_id in WorkLog.objects.filter(
        person_id__in=ids, day__gte=start, day__lte=end, late=True
    ).values_list("person_id", flat=True):
        late[person_id] += 1
    missing = dict.fromkeys(ids, 0)
    for gap in missing_logs(people=ids, start=start, end=end, now=now):
        missing[gap.person_id] += 1
    return {pk: Counts(late=late[pk], missing=missing[pk]) for pk in ids}


def overdue_count(viewer: Any, today: date) -> int:
    """D12's overdue logs: the working days of the last 30 days missing a log, for the people
    the viewer sees (themselves, their department, or everyone for the GM)."""
    if not rules.reads_logs(viewer):
        return 0
    end_of_day = timezone.make_aware(
        datetime.combine(today + timedelta(days=1), time.min), timezone.get_default_timezone()
    )
    now = min(timezone.now(), end_of_day)
    people = list(writers_seen_by(viewer).values_list("pk", flat=True))
    return len(missing_logs(people=people, start=today - OVERDUE_WINDOW, end=today, now=now))


# ---------------------------------------------------------------- the pages' views of days


DAY_STATES = ("on_time", "late", "missing", "draft", "pending")


@dataclass(frozen=True)
class DayEntry:
    """One person's one working day: the log (if any) and its mark."""

    person: Any
    day: date
    state: str  # on_time, late, missing, draft (not submitted, not yet due), pending
    log: WorkLog | None
    due_at: datetime


def _state(log: WorkLog | None, due_at: datetime, now: datetime) -> str:
    if log is not None and log.is_submitted:
        return "late" if log.late else "on_time"
    if due_at < now:
        return "missing"
    return "draft" if log is not None else "pending"


def days_of(
    *, person: Any, start: date, end: date, viewer: Any, now: datetime | None = None
) -> list[DayEntry]:
    """A person's working days, newest first, each with its log and mark (my logs list)."""
    moment = now or timezone.now()
    rows = visible_logs(user=viewer).filter(person=person, day__gte=start, day__lte=end)
    logs = {log.day: log for log in rows.annotate(comment_count=Count("comments"))}
    dues = DueTimes(end)
    entries = []
    for day in working_days(start, end):
        at = dues.due_at(day)
        entries.append(DayEntry(person, day, _state(logs.get(day), at, moment), logs.get(day), at))
    return entries[::-1]


def day_board(
    *, viewer: Any, day: date, department_id: int | None = None, now: datetime | None = None
) -> list[DayEntry]:
    """The head's view of one day: every salesperson they see, who filed, late, missing."""
    moment = now or timezone.now()
    people = writers_seen_by(viewer)
    if department_id is not None:
        people = people.filter(employee__department_id=department_id)
    people = list(people)
    logs = {
        log.person_id: log for log in visible_logs(user=viewer).filter(day=day, person__in=people)
    }
    at = DueTimes(day).due_at(day)
    return [
        DayEntry(p, day, _state(logs.get(p.pk), at, moment), logs.get(p.pk), at) for p in people
    ]
