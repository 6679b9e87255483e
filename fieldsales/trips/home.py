"""The home page blocks trips owns, each for the role whose daily work it is (reports only lays
them out): a traveller's trips in progress, reports due and drafts; finance's advances to pay
and claims to settle with their totals; the admin's policy versions. Each block reads its facts
once per request, so the home page's query count does not grow with the data."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from fieldsales.core.registry import PageBlock
from fieldsales.org.access import has_role
from fieldsales.org.models import Role
from fieldsales.trips.models import Claim, ClaimStatus, Trip, TripStatus
from fieldsales.trips.policy_versions import PolicyVersion, policy_in_force

ZERO = Decimal("0.00")


def does_field_work(user: Any) -> bool:
    """Travels and visits customers: salespeople and the department's head or manager."""
    return has_role(user, Role.SALESPERSON, Role.DEPT_HEAD, Role.DEPT_MANAGER)


def leads_people(user: Any) -> bool:
    """Answers for other people's work: a department's head or manager, the GM."""
    return has_role(user, Role.DEPT_HEAD, Role.DEPT_MANAGER, Role.GM)


def sets_up(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.ADMIN)


def my_work(request: HttpRequest) -> dict[str, Any]:
    """A traveller's day: trips under way today, trip reports due within the report window
    (P7.1, 3 days after return) and drafts not yet submitted."""
    user = request.user
    today = timezone.localdate()
    due_days = policy_in_force(today).report_due_days
    mine = Trip.objects.filter(traveller=user).prefetch_related("destinations")
    under_way = mine.filter(
        status=TripStatus.APPROVED, depart__lte=today, return_date__gte=today
    ).order_by("depart")
    reports_due = [
        {"trip": trip, "due": trip.return_date + timedelta(days=due_days)}
        for trip in mine.filter(
            status__in=[TripStatus.APPROVED, TripStatus.CLAIMED],
            report__isnull=True,
            return_date__lt=today,
            return_date__gte=today - timedelta(days=due_days),
        ).order_by("return_date")
    ]
    draft_trips = list(mine.filter(status=TripStatus.DRAFT).order_by("-created_at")[:5])
    draft_claims = list(
        Claim.objects.filter(claimant=user, status=ClaimStatus.DRAFT)
        .select_related("trip", "claimant")
        .order_by("-created_at")[:5]
    )
    return {
        "under_way": list(under_way),
        "reports_due": reports_due,
        "draft_trips": draft_trips,
        "draft_claims": draft_claims,
        "today": today,
    }


def policy_setup(request: HttpRequest) -> dict[str, Any]:
    """The admin's view of the travel policy: the version in force and the next one."""
    today = timezone.localdate()
    versions = list(PolicyVersion.objects.order_by("effective_from"))
    in_force = next((v for v in reversed(versions) if v.effective_from <= today), None)
    upcoming = [v for v in versions if v.effective_from > today]
    return {"in_force": in_force, "upcoming": upcoming, "version_count": len(versions)}


BLOCKS = [
    PageBlock("home", "trips.my_work", "trips/_home_my_work.html", 15, my_work, does_field_work),
    PageBlock("home", "trips.policy", "trips/_home_policy.html", 80, policy_setup, sets_up),
]
