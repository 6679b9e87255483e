"""Reads of reports: who sees which (D4: the salesperson their own, the head or manager their
department's submitted ones, the GM every submitted one; others nothing, hence 404), and what
is due, late or missing (the dashboard's overdue count, the scorecard's counts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from fieldsales.department.reports import periods, rules
from fieldsales.department.reports.models import (
    DepartmentMonthlyReport,
    ReportKind,
    ReportStatus,
    SalesReport,
)
from fieldsales.department.versions import department_params_on
from fieldsales.org.models import Employee, Role

SENT = (ReportStatus.SUBMITTED, ReportStatus.COMMENTED)
OVERDUE_WINDOW = timedelta(days=31)  # the dashboard counts what fell due in the last month


def visible_reports(*, user: Any) -> QuerySet[SalesReport]:
    reports = SalesReport.objects.select_related("salesperson", "department", "commented_by")
    if not rules.signed_in(user):
        return reports.none()
    condition = Q(salesperson=user)
    if rules.reads_company(user):
        condition |= Q(status__in=SENT)
    departments = rules.managed_departments(user)
    if departments:
        condition |= Q(status__in=SENT, department_id__in=departments)
    return reports.filter(condition)


def report_detail(*, user: Any, pk: int) -> SalesReport | None:
    return visible_reports(user=user).filter(pk=pk).first()


def visible_department_reports(*, user: Any) -> QuerySet[DepartmentMonthlyReport]:
    reports = DepartmentMonthlyReport.objects.select_related("department", "author", "commented_by")
    if not rules.signed_in(user):
        return reports.none()
    condition = Q(pk__in=[])
    departments = rules.managed_departments(user)
    if departments:
        condition |= Q(department_id__in=departments)
    if rules.reads_company(user):
        condition |= Q(status__in=SENT)
    return reports.filter(condition)


def department_report_detail(*, user: Any, pk: int) -> DepartmentMonthlyReport | None:
    return visible_department_reports(user=user).filter(pk=pk).first()


def due_at(kind: str, start: date) -> datetime:
    """When the report of this period is due, aware (parameters in force at its start)."""
    naive = periods.due_on(kind, start, department_params_on(start))
    return timezone.make_aware(naive)


def salespeople(*, department_ids: list[int] | None = None) -> list[Any]:
    """Active salespeople (of these departments; None: all), by name."""
    employees = Employee.objects.filter(role=Role.SALESPERSON, user__is_active=True)
    if department_ids is not None:
        employees = employees.filter(department_id__in=department_ids)
    users = get_user_model().objects.filter(pk__in=employees.values("user_id"))
    return list(users.select_related("employee").order_by("username"))


def people_in_scope(viewer: Any) -> list[Any]:
    """Whose reports the viewer follows: the GM everyone's, a head their departments', a
    salesperson their own."""
    if rules.reads_company(viewer):
        return salespeople()
    departments = rules.managed_departments(viewer)
    if departments:
        return salespeople(department_ids=departments)
    return [viewer] if rules.writes_reports(viewer) else []


@dataclass(frozen=True)
class Expected:
    kind: str
    person: Any
    start: date
    end: date
    due: datetime


def expected(people: list[Any], due_from: datetime, due_until: datetime) -> list[Expected]:
    """Every report these people owe whose due time is in [due_from, due_until): weeks and
    months from the day each joined."""
    found = []
    for kind in (ReportKind.WEEKLY, ReportKind.MONTHLY):
        start = periods.period_of(kind, timezone.localtime(due_from).date() - timedelta(days=62))[0]
        while True:
            due = due_at(kind, start)
            if due >= due_until:
                break
            end = periods.period_of(kind, start)[1]
            if due >= due_from:
                for person in people:
                    if end >= timezone.localtime(person.date_joined).date():
                        found.append(Expected(kind, person, start, end, due))
            start = periods.next_period(kind, start)
    return found


def _sent(items: list[Expected]) -> dict[tuple[str, int, date], SalesReport]:
    if not items:
        return {}
    reports = SalesReport.objects.filter(
        salesperson_id__in={e.person.pk for e in items},
        period_start__gte=min(e.start for e in items),
        period_start__lte=max(e.start for e in items),
    )
    return {(r.kind, r.salesperson_id, r.period_start): r for r in reports}


def _now(today: date | datetime) -> datetime:
    """A datetime is itself; today (a date) is now; another day is its end."""
    if isinstance(today, datetime):
        return today
    if today == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))


def missing(people: list[Any], due_from: datetime, now: datetime) -> list[Expected]:
    """Reports due in [due_from, now) and not submitted."""
    items = expected(people, due_from, now)
    sent = _sent(items)
    result = []
    for e in items:
        report = sent.get((e.kind, e.person.pk, e.start))
        if report is None or report.status not in SENT:
            result.append(e)
    return result


def overdue_count(viewer: Any, today: date | datetime) -> int:
    """D12: the reports in the viewer's scope past due and not submitted (those that fell due
    in the last month)."""
    now = _now(today)
    return len(missing(people_in_scope(viewer), now - OVERDUE_WINDOW, now))


def late_and_missing(
    *, people: list[Any], start: date, end: date, now: datetime | None = None
) -> dict[int, dict[str, int]]:
    """D6: per person, the reports due in [start, end] submitted late and still missing
    ({"late", "missing"}); a report not yet due counts in neither."""
    now = now or timezone.now()
    due_from = timezone.make_aware(datetime.combine(start, time.min))
    due_until = min(timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)), now)
    counts = {p.pk: {"late": 0, "missing": 0} for p in people}
    items = expected(people, due_from, due_until)
    sent = _sent(items)
    for e in items:
        report = sent.get((e.kind, e.person.pk, e.start))
        if report is None or report.status not in SENT:
            counts[e.person.pk]["missing"] += 1
        elif report.late:
            counts[e.person.pk]["late"] += 1
    return counts


def previous_report(report: SalesReport) -> SalesReport | None:
    start = periods.previous_period(report.kind, report.period_start)
    return SalesReport.objects.filter(
        kind=report.kind, salesperson_id=report.salesperson_id, period_start=start
    ).first()
