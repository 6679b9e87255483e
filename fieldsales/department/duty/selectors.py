"""Reads of the showroom duty rota (D8): who sees which shifts, a month's duty days, the people
in rotation by team, a person's next shift, and the history with missed counts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from fieldsales.core import workdays
from fieldsales.core.people import display_name
from fieldsales.department.duty import rules
from fieldsales.department.duty.models import DutyShift, DutyState
from fieldsales.department.versions import department_params_on
from fieldsales.org.models import Employee, Role


def visible_shifts(*, user: Any) -> QuerySet[DutyShift]:
    """The GM every shift; a head or manager their departments'; a salesperson their
    department's; others none (404)."""
    shifts = DutyShift.objects.select_related("department", "team", "person")
    if rules.reads_every_rota(user):
        return shifts
    condition = Q(pk__in=[])
    runs = rules.run_departments(user)
    if runs:
        condition |= Q(department_id__in=runs)
    member = rules.member_department(user)
    if member is not None:
        condition |= Q(department_id=member)
    return shifts.filter(condition)


def shift_detail(*, user: Any, pk: int) -> DutyShift | None:
    return visible_shifts(user=user).filter(pk=pk).first()


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def duty_days(month: date) -> list[date]:
    """D8: the month's duty weekdays (parameters of each day) that are working days (official
    holidays skipped, core.workdays)."""
    start, end = month_bounds(month)
    return [
        day
        for day in workdays.working_days(start, end)
        if day.weekday() in department_params_on(day).duty_weekdays
    ]


def rotation_groups(department_id: int) -> list[tuple[int | None, list[Any]]]:
    """The people on the rota, by team: the department's active salespeople, each team's in
    joining order, the teams by number; people without a team form one group of their own
    (a department without teams rotates person by person)."""
    employees = (
        Employee.objects.filter(
            department_id=department_id, role=Role.SALESPERSON, user__is_active=True
        )
        .select_related("user", "team")
        .order_by("pk")
    )
    groups: dict[int | None, list[Any]] = defaultdict(list)
    for employee in employees:
        team = (
            employee.team_id
            if employee.team and employee.team.department_id == department_id
            else None
        )
        groups[team].append(employee.user)
    return sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or 0))


def month_shifts(
    *, user: Any, month: date, department_id: int | None = None
) -> QuerySet[DutyShift]:
    start, end = month_bounds(month)
    shifts = visible_shifts(user=user).filter(day__range=(start, end))
    if department_id is not None:
        shifts = shifts.filter(department_id=department_id)
    return shifts.order_by("day", "department_id")


def next_shift(*, user: Any, now: datetime | None = None) -> DutyShift | None:
    """The person's next shift not yet past (today's until its deadline)."""
    moment = now or timezone.now()
    today = timezone.localtime(moment).date()
    for shift in (
        DutyShift.objects.filter(person=user, day__gte=today)
        .select_related("department", "team")
        .order_by("day")[:3]
    ):
        if rules.state(shift, moment) != DutyState.MISSED:
            return shift
    return None


@dataclass
class PersonTally:
    user_id: int
    name: str
    total: int = 0
    done: int = 0
    missed: int = 0
    scheduled: int = 0


@dataclass
class History:
    people: list[PersonTally] = field(default_factory=list)
    missed: list[DutyShift] = field(default_factory=list)


def history(*, user: Any, start: date, end: date, department_id: int | None = None) -> History:
    """Each person's shifts, done and missed between two days, and the missed shifts."""
    shifts = visible_shifts(user=user).filter(day__range=(start, end)).order_by("day")
    if department_id is not None:
        shifts = shifts.filter(department_id=department_id)
    now = timezone.now()
    tallies: dict[int, PersonTally] = {}
    result = History()
    for shift in shifts:
        tally = tallies.get(shift.person_id)
        if tally is None:
            tally = tallies[shift.person_id] = PersonTally(
                shift.person_id, display_name(shift.person)
            )
        tally.total += 1
        current = rules.state(shift, now)
        setattr(tally, current, getattr(tally, current) + 1)
        if current == DutyState.MISSED:
            result.missed.append(shift)
    result.people = sorted(tallies.values(), key=lambda t: (-t.missed, t.name))
    return result


def missed_shifts(people: list[int], start: date, end: date) -> list[DutyShift]:
    """Shifts of these people between two days that were not marked done in time."""
    now = timezone.now()
    shifts = DutyShift.objects.filter(
        person_id__in=people, day__range=(start, end), done_at__isnull=True
    ).order_by("day")
    return [s for s in shifts if rules.state(s, now) == DutyState.MISSED]


def shifts_on(day: date) -> QuerySet[DutyShift]:
    return DutyShift.objects.filter(day=day).select_related("department", "person")
