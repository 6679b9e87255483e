"""The trip↔visit link, owned by trips: what crm's visits ask of the trip they were made on.

Registered into crm (crm.visits.links) by TripsConfig.ready(), so crm never imports trips.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fieldsales.core.errors import RuleBroken
from fieldsales.crm.visits.links import TripLink, register_trip_link
from fieldsales.trips.models import Claim, ClaimStatus, Trip
from fieldsales.trips.selectors import actual_dates

# A cancelled or rejected trip was never made: no visit belongs to it.
NOT_MADE = ["cancelled", "rejected"]


def trip_choices(user: Any) -> QuerySet[Trip]:
    """The user's own valid trips, newest first: the visit form's 所属出差."""
    return Trip.objects.filter(traveller=user).exclude(status__in=NOT_MADE).order_by("-depart")


def trip_label(trip: Trip) -> str:
    return f"{trip.number} {trip.depart:%m-%d}—{trip.return_date:%m-%d}"


def check_visit_trip(visit: Any, trip_id: int) -> None:
    """A visit names only its salesperson's valid trip, on a day the trip spans."""
    found = Trip.objects.filter(pk=trip_id, traveller=visit.salesperson).exclude(
        status__in=NOT_MADE
    )
    trip = found.first()
    if trip is None:
        raise RuleBroken(_("只能关联本人有效的出差申请"), field="trip")
    # The trip's actual dates once its report gives them, else the planned ones.
    first_day, last_day = actual_dates(trip)
    if not first_day <= visit.date <= last_day:
        raise RuleBroken(_("拜访日期不在该出差的起止日期内"), field="trip")


def trip_settled(visit: Any) -> bool:
    """The salesperson's claim for the visit's trip is approved: P7.2 is settled then."""
    return Claim.objects.filter(
        trip_id=visit.trip_id,
        claimant_id=visit.salesperson_id,
        corrects__isnull=True,
        status__in=[ClaimStatus.APPROVED, ClaimStatus.SETTLED],
    ).exists()


def trip_department(visit: Any) -> str:
    """The department the visit's trip was planned under, when the salesperson travelled on it."""
    trip = visit.trip
    if trip.traveller_id == visit.salesperson_id and trip.department:
        return str(trip.department.name)
    return ""


def register() -> None:
    register_trip_link(
        TripLink(
            choices=trip_choices,
            label=trip_label,
            check=check_visit_trip,
            settled=trip_settled,
            department=trip_department,
        )
    )
