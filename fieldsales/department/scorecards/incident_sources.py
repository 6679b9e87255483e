"""The two incident sources this subpackage registers for the scorecard (fieldsales.department
.incidents): P7.1's late trip reports and D3's missing work logs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.department.incidents import Incident, IncidentSource
from fieldsales.department.worklogs import selectors as worklogs
from fieldsales.department.worklogs.models import WorkLog
from fieldsales.trips.models import Trip, TripStatus
from fieldsales.trips.policy_versions import policy_in_force

# The trips whose report P7.1 asks for: approved and on (a report, a claim, its settlement).
REPORTED_OR_DUE = (
    TripStatus.APPROVED,
    TripStatus.REPORTED,
    TripStatus.CLAIMED,
    TripStatus.SETTLED,
)


def _ids(people: Sequence[Any]) -> list[int]:
    return sorted({getattr(p, "pk", p) for p in people})


def report_due(trip: Trip) -> date:
    """P7.1: the report is due `report_due_days` after the actual return (the planned one
    while there is no report), as the trip's page says."""
    report = getattr(trip, "report", None)
    back = report.actual_return if report is not None else trip.return_date
    return back + timedelta(days=policy_in_force(trip.depart).report_due_days)


def late_reports(people: Sequence[Any], start: date, end: date) -> Iterable[Incident]:
    """P7.1: trips whose report fell due between start and end and came after its due date
    or not at all by today (still overdue). The incident's day is the due date."""
    today = timezone.localdate()
    trips = (
        Trip.objects.filter(
            traveller_id__in=_ids(people),
            status__in=REPORTED_OR_DUE,
            # Due at most a few weeks after the return: look a little before the quarter.
            return_date__gte=start - timedelta(days=60),
            return_date__lte=end,
        )
        .select_related("report")
        .order_by("return_date", "pk")
    )
    for trip in trips:
        due = report_due(trip)
        if not start <= due <= end:
            continue
        report = getattr(trip, "report", None)
        if report is not None and report.submitted_on > due:
            label = _("出差报告逾期提交：%(number)s（应于%(due)s前，%(on)s提交）") % {
                "number": trip.number,
                "due": due.isoformat(),
                "on": report.submitted_on.isoformat(),
            }
        elif report is None and due < today:
            label = _("出差报告逾期未交：%(number)s（应于%(due)s前提交）") % {
                "number": trip.number,
                "due": due.isoformat(),
            }
        else:
            continue
        yield Incident(
            kind="late_reports",
            day=due,
            label=label,
            url=reverse("trips:detail", args=[trip.pk]),
            user_id=trip.traveller_id,
        )


def missing_logs(people: Sequence[Any], start: date, end: date) -> Iterable[Incident]:
    """D3 (worklogs.selectors.late_and_missing): the working days of the quarter past due
    without a submitted work log (scored), and the logs submitted late (listed only)."""
    ids = _ids(people)
    if not ids:
        return []
    found = [
        Incident(
            kind="late_logs",
            day=log.day,
            label=_("工作日志逾期提交：%(day)s") % {"day": log.day.isoformat()},
            url=reverse("department:worklog_detail", args=[log.pk]),
            user_id=log.person_id,
        )
        for log in WorkLog.objects.filter(
            person_id__in=ids, day__gte=start, day__lte=end, late=True
        ).order_by("day", "pk")
    ]
    for gap in worklogs.missing_logs(people=ids, start=start, end=end):
        found.append(
            Incident(
                kind="missing_logs",
                day=gap.day,
                label=_("工作日志未提交：%(day)s") % {"day": gap.day.isoformat()},
                url=reverse("department:worklog_board") + f"?day={gap.day.isoformat()}",
                user_id=gap.person_id,
            )
        )
    return found


SOURCES = (
    IncidentSource("trips.late_reports", late_reports),
    IncidentSource("worklogs.missing", missing_logs),
)
