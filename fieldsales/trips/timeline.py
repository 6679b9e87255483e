"""Trips on the customer timeline (crm.customers.timeline; registered by TripsConfig.ready):
the trips that listed the customer, as the user may see them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from fieldsales.core.people import display_name
from fieldsales.crm.customers.timeline import (
    TimelineEntry,
    TimelineSource,
    day_start,
    register_timeline,
)
from fieldsales.trips.models import TripStatus
from fieldsales.trips.selectors import visible_trips

TONES = {
    TripStatus.APPROVED: "approved",
    TripStatus.SUBMITTED: "submitted",
    TripStatus.REJECTED: "rejected",
    TripStatus.CANCELLED: "cancelled",
    TripStatus.REPORTED: "reported",
    TripStatus.CLAIMED: "claimed",
    TripStatus.SETTLED: "settled",
}


def trip_entries(user: Any, customer: Any, limit: int) -> list[TimelineEntry]:
    trips = (
        visible_trips(user=user)
        .filter(customers=customer)
        .prefetch_related("destinations")
        .order_by("-depart", "-pk")
    )
    entries = []
    for t in trips[:limit]:
        cities = "、".join(d.city for d in t.destinations.all())
        entries.append(
            TimelineEntry(
                at=day_start(t.depart),
                kind=_("出差"),
                title=_("%(who)s 出差%(cities)s")
                % {"who": display_name(t.traveller), "cities": cities},
                meta=f"{t.number} · {t.depart:%Y-%m-%d} — {t.return_date:%Y-%m-%d}",
                url=reverse("trips:detail", args=[t.pk]),
                status=t.get_status_display(),
                tone=TONES.get(t.status, "draft"),
                dated=True,
            )
        )
    return entries


def register() -> None:
    register_timeline(TimelineSource("trips.trips", trip_entries, 10))
