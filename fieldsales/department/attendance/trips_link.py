"""The trips behind attendance (D7): the approved trips that cover a person's days, and the
days of each beyond P5.2's limit. The number of absent days is the policy engine's, read from
the person's stored claim evaluation (`absent_days`, on the actual dates) or, before a claim,
from the engine's count for the trip (`trip_absent_days`, as its estimate counts them): it is
never counted here. The absent days are the trip's last ones: the days after the limit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse

from fieldsales.trips.models import Claim, Trip, TripStatus
from fieldsales.trips.selectors import actual_dates, policies_on
from fieldsales.trips.services import trip_absent_days

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
    trips = list(
        Trip.objects.filter(pk__in=trips.values("pk"))
        .select_related("report")
        .prefetch_related("companions")
    )
    claimed = _claimed_absent_days([trip.pk for trip in trips], person_ids)
    wanted = set(person_ids)
    people = {
        trip.pk: ({trip.traveller_id} | {c.user_id for c in trip.companions.all()}) & wanted
        for trip in trips
    }
    estimates = _estimated_absent_days(
        [trip.pk for trip in trips if any((trip.pk, p) not in claimed for p in people[trip.pk])]
    )
    found: dict[tuple[int, date], TripDay] = {}
    for trip in trips:
        depart, ret = actual_dates(trip)
        if depart > end or ret < start:
            continue
        url = reverse("trips:detail", args=[trip.pk])
        for person in people[trip.pk]:
            absent = claimed.get((trip.pk, person))
            if absent is None:  # before a claim: the engine's estimate of the trip
                absent = estimates[trip.pk]
            first_absent = ret - timedelta(days=absent - 1) if absent > 0 else None
            day = max(depart, start)
            while day <= min(ret, end):
                absent_day = first_absent is not None and day >= first_absent
                found[(person, day)] = TripDay(trip.pk, trip.number, url, absent_day)
                day += timedelta(days=1)
    return found


def _estimated_absent_days(trip_ids: list[int]) -> dict[int, int]:
    """trip -> the engine's count of its absent days before a claim (trip_absent_days), for
    the trips some person has no claim for yet, in a fixed number of queries."""
    if not trip_ids:
        return {}
    trips = list(
        Trip.objects.filter(pk__in=trip_ids)
        .select_related("report")
        .prefetch_related("destinations")
    )
    policies = policies_on({trip.depart for trip in trips})
    return {trip.pk: trip_absent_days(trip=trip, params=policies[trip.depart]) for trip in trips}
