"""D11 for trips: the P7.1 trip report coming due (the day before and on its last day) and
overdue (to the traveller and their department's manager), each once per trip."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.notifications import services as notify
from fieldsales.notifications.registry import Kind, Sweep, register_kind, register_sweep
from fieldsales.org.access import department_manager
from fieldsales.trips.models import Trip, TripStatus
from fieldsales.trips.policy_versions import policy_in_force

REPORT_DUE = "trip.report_due"
REPORT_OVERDUE = "trip.report_overdue"
# An overdue report is told once; after this many days it is the evaluation's (P7.1) business,
# so a first run on an old database does not flood anyone.
OVERDUE_WINDOW_DAYS = 30


def report_reminders(now: datetime) -> int:
    """P7.1: trips back, without a report, whose due day is tomorrow or today, or past."""
    today = timezone.localdate(now)
    days = policy_in_force(today).report_due_days
    # due = return_date + days; coming due when due ∈ [today, today + 1]; overdue when
    # due ∈ [today − window, today − 1].
    trips = Trip.objects.filter(
        status__in=[TripStatus.APPROVED, TripStatus.CLAIMED, TripStatus.SETTLED],
        report__isnull=True,
        return_date__gte=today - timedelta(days=days + OVERDUE_WINDOW_DAYS),
        return_date__lte=today + timedelta(days=1 - days),
    ).select_related("traveller")
    made = 0
    for trip in trips:
        due = trip.return_date + timedelta(days=days)
        link = reverse("trips:report", args=[trip.pk])
        facts = {"number": trip.number, "due": f"{due:%Y-%m-%d}"}
        if due >= today:
            made += bool(
                notify.notify(
                    recipient=trip.traveller,
                    kind=REPORT_DUE,
                    dedupe_key=f"trip:{trip.pk}:report-due",
                    title=_("出差报告即将到期：%(number)s") % facts,
                    body=_("请于 %(due)s 前提交出差报告（P7.1）。") % facts,
                    link=link,
                    document=trip,
                )
            )
            continue
        manager = department_manager(trip.traveller)
        for person in {trip.traveller, manager} - {None}:
            made += bool(
                notify.notify(
                    recipient=person,
                    kind=REPORT_OVERDUE,
                    dedupe_key=f"trip:{trip.pk}:report-overdue",
                    title=_("出差报告逾期：%(number)s") % facts,
                    body=_("%(who)s 的出差报告应于 %(due)s 前提交（P7.1），至今未交。")
                    % {**facts, "who": trip.traveller.get_full_name() or trip.traveller},
                    link=link,
                    document=trip,
                )
            )
    return made


def register() -> None:
    register_kind(Kind(REPORT_DUE, gettext_lazy("出差报告即将到期"), 30))
    register_kind(Kind(REPORT_OVERDUE, gettext_lazy("出差报告逾期"), 31))
    register_sweep(Sweep("trips.report_reminders", report_reminders, timedelta(hours=1)))
