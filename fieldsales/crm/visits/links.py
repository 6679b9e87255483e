"""The trip a visit was made on, as the trips app (a higher layer) answers for it.

crm keeps `Visit.trip` (a foreign key by name, "trips.Trip") but imports nothing of trips:
which trips a visit may name, whether a named trip fits the visit, whether the trip's claim is
settled and the department the trip was planned under are callables trips registers here in
its AppConfig.ready(). Without trips, a visit names no trip.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class TripLink:
    """What crm asks of a visit's trip.

    `choices(user)`: the trips the user may file a visit under, newest first (the visit form);
    `label(trip)`: how the form names one; `check(visit, trip_id)`: raises RuleBroken
    (field "trip") unless the trip is the salesperson's, valid and spans the visit's date;
    `settled(visit)`: the trip's claim is approved, so its visits are closed (P7.2);
    `department(visit)`: the department the trip was planned under, "" when it says none.
    """

    choices: Callable[[Any], QuerySet[Any]]
    label: Callable[[Any], str]
    check: Callable[[Any, int], None]
    settled: Callable[[Any], bool]
    department: Callable[[Any], str]


_link: TripLink | None = None


def register_trip_link(link: TripLink) -> None:
    """Called once by the app that owns trips, in its AppConfig.ready()."""
    global _link
    _link = link


def trip_link() -> TripLink | None:
    """The registered link, or None when no app provides trips."""
    return _link
