"""`{% trip_vehicle_booking trip %}`: on a trip's page, its company-car bookings (D9) and, for
its traveller, the link to book one (the trip page includes it in one line)."""

from __future__ import annotations

from typing import Any

from django import template

from fieldsales.department.vehicles import rules, selectors

register = template.Library()


@register.inclusion_tag("department/vehicles/_trip_booking.html", takes_context=True)
def trip_vehicle_booking(context: Any, trip: Any) -> dict[str, Any]:
    user = context["request"].user
    bookings = list(selectors.bookings_of_trip(user=user, trip=trip)[:5])
    may_book = bool(rules.can_book(user, trip)) and not any(
        b.status in ("requested", "approved") for b in bookings
    )
    return {"trip": trip, "bookings": bookings, "may_book": may_book}
