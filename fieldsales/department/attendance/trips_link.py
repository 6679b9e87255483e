"""The trips behind attendance (D7): the approved trips that cover a person's days, and the
days of each beyond P5.2's limit. The number of absent days is the policy engine's, read from
the person's stored claim evaluation (`absent_days`, on the actual dates) or, before a claim,
from the engine's estimate of the trip (`trip_estimate`); it is never counted here. The absent
days are the trip's last ones: the days after the limit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse

from fieldsales.trips.models import Claim, Trip, TripStatus
from fieldsales.trips.selectors import actual_dates, policies_on, trip_page
from fieldsales.trips.services import trip_estimate

COVERING = (TripStatus.APPROVED, TripStatus.REPORTED, TripStatus.CLAIMED, TripStatus.SETTLED)


@dataclass(frozen=True)
class TripDay:
    trip_id: int
    number: str
    url: str
    absent: bool  # a day beyond P5.2's limit without the GM's special case


def _claimed_absent_days(trip_ids: list[int], person_ids: list[int]) -> dict[tuple[int, int], int]:
    """(trip, person) -> `absent_days` of the person's stored claim evaluation, one query."""
    rows = (
        Claim.objects.filter(
            trip_id__in=trip_ids, claimant_id__in=person_ids, corrects__isnull=True
        )
        .filter(evaluation__has_key="absent_days")
        .order_by("pk")
        .values_list("trip_id", "claimant_id", "evaluation__absent_days")
    )
    found: dict[tuple[int, int], int] = {}
    for trip_id, person_id, absent in rows:
        found.setdefault((trip_id, person_id), int(absent or 0))
    return found


def trip_days(person_ids: list[int], start: date, end: date) -> dict[tuple[int, date], TripDay]:
    """(person, day) -> the approved trip covering it, for the travellers and companions."""
    if not person_ids:
        return {}
    # Planned dates a week either way: the actual ones (the report's) may differ a little.
    margin = timedelta(days=31)
    trips = (
        Trip.objects.filter(status__in=COVERING)
        .filter(Q(traveller_id__in=person_ids) | Q(companions__user_id__in=person_ids))
        .filter(depart__lte=end + margin, return_date__gte=start - margin)
        .distinct()
    )
    # Every trip with what its estimate reads, in a fixed number of queries (trip_page).
    trips = list(trip_page(Trip.objects.filter(pk__in=trips.values("pk"))))
    claimed = _claimed_absent_days([trip.pk for trip in trips], person_ids)
    policies = policies_on({trip.depart for trip in trips})
    found: dict[tuple[int, date], TripDay] = {}
    for trip in trips:
        depart, ret = actual_dates(trip)
        if depart > end or ret < start:
            continue
        people = {trip.traveller_id} | {c.user_id for c in trip.companions.all()}
        url = reverse("trips:detail", args=[trip.pk])
        estimated: int | None = None  # the engine's estimate, once per trip
        for person in people & set(person_ids):
            absent = claimed.get((trip.pk, person))
            if absent is None:  # before a claim: the engine's estimate of the trip
                if estimated is None:
                    estimate = trip_estimate(trip=trip, params=policies[trip.depart])
                    estimated = int(estimate.get("absent_days") or 0)
                absent = estimated
            first_absent = ret - timedelta(days=absent - 1) if absent > 0 else None
            day = max(depart, start)
            while day <= min(ret, end):
                absent_day = first_absent is not None and day >= first_absent
                found[(person, day)] = TripDay(trip.pk, trip.number, url, absent_day)
                day += timedelta(days=1)
    return found
