"""Reads of company vehicles and bookings (D9): who sees which, the fleet's calendar, the
bookings waiting for a manager, the trips a traveller may book a car for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from fieldsales.core.workflow import waiting_for
from fieldsales.department.vehicles import rules
from fieldsales.department.vehicles.models import (
    HOLDING,
    BookingStatus,
    Vehicle,
    VehicleBooking,
    VehicleUsage,
)
from fieldsales.trips.models import Trip


def visible_vehicles(*, user: Any) -> QuerySet[Vehicle]:
    """The GM every car; a manager their departments'; anyone else their own department's."""
    vehicles = Vehicle.objects.select_related("department")
    if rules.reads_every_vehicle(user):
        return vehicles
    ids = set(rules.kept_departments(user))
    member = rules.member_department(user)
    if member is not None:
        ids.add(member)
    return vehicles.filter(department_id__in=sorted(ids))


def vehicle_detail(*, user: Any, pk: int) -> Vehicle | None:
    return visible_vehicles(user=user).filter(pk=pk).first()


def visible_bookings(*, user: Any) -> QuerySet[VehicleBooking]:
    """The GM every booking; a manager those of their departments' cars (and any waiting for
    them); anyone else their own."""
    bookings = VehicleBooking.objects.select_related(
        "vehicle", "vehicle__department", "trip", "requester", "usage"
    )
    if rules.reads_every_vehicle(user):
        return bookings
    if not rules._signed_in(user):
        return bookings.none()
    condition = Q(requester_id=user.pk) | Q(pending_user_id=user.pk)
    kept = rules.kept_departments(user)
    if kept:
        condition |= Q(vehicle__department_id__in=kept)
    return bookings.filter(condition)


def booking_detail(*, user: Any, pk: int) -> VehicleBooking | None:
    return visible_bookings(user=user).filter(pk=pk).first()


def bookings_waiting(user: Any) -> QuerySet[VehicleBooking]:
    """The bookings whose decision is this user's (the inbox)."""
    return waiting_for(VehicleBooking, user)


def overlapping(*, vehicle_id: int, start: date, end: date) -> QuerySet[VehicleBooking]:
    """D9: the bookings holding the car on any day from `start` to `end`."""
    return VehicleBooking.objects.filter(
        vehicle_id=vehicle_id, status__in=HOLDING, start__lte=end, end__gte=start
    )


@dataclass(frozen=True)
class CalendarLine:
    """A booking as the fleet's calendar shows it (details only to those who see it)."""

    booking: VehicleBooking
    visible: bool


def calendar(*, user: Any, vehicle: Vehicle, start: date, days: int = 42) -> list[CalendarLine]:
    """The car's requested and approved bookings from `start` on (and recent past ones)."""
    end = start + timedelta(days=days)
    seen = set(visible_bookings(user=user).filter(vehicle=vehicle).values_list("pk", flat=True))
    lines = (
        VehicleBooking.objects.filter(
            vehicle=vehicle,
            status__in=(BookingStatus.REQUESTED, BookingStatus.APPROVED),
            start__lte=end,
            end__gte=start,
        )
        .select_related("requester", "trip")
        .order_by("start", "pk")
    )
    return [CalendarLine(b, b.pk in seen) for b in lines]


def bookable_trips(*, user: Any) -> QuerySet[Trip]:
    """The user's own trips a car may still be booked for."""
    return Trip.objects.filter(traveller=user, status__in=rules.BOOKABLE_TRIPS).order_by(
        "depart", "pk"
    )


def bookings_of_trip(*, user: Any, trip: Trip) -> QuerySet[VehicleBooking]:
    return visible_bookings(user=user).filter(trip=trip).order_by("-created_at")


def usage_of(booking: VehicleBooking) -> VehicleUsage | None:
    return VehicleUsage.objects.filter(booking=booking).select_related("driver").first()
