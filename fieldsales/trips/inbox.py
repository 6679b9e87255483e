"""What the inbox shows of trips, advances and claims beyond what waits (entries.py registers
it): the destination and dates of a row, the search, the other tabs and bulk approval."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from fieldsales.core.api import MAX_ID
from fieldsales.core.errors import NotFound
from fieldsales.trips import selectors, services
from fieldsales.trips.models import Advance, Claim, ClaimStatus, Trip, TripDestination, TripStatus

# ------------------------------------------------------------------ what a row shows


def _first_city(trip_ref: str) -> Any:
    def expression() -> Any:
        first = TripDestination.objects.filter(trip=OuterRef(trip_ref)).order_by("seq", "id")
        return Subquery(first.values("city")[:1])

    return expression


def _city_count(trip_ref: str) -> Any:
    def expression() -> Any:
        counted = (
            TripDestination.objects.filter(trip=OuterRef(trip_ref))
            .order_by()
            .values("trip")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Subquery(counted)

    return expression


def _number_q(prefix: str, q: str) -> Q | None:
    """A document number (CC202600012), its digits, or its id (12), as a filter."""
    match = re.fullmatch(rf"(?:{prefix})?(\d+)", q.strip().upper())
    if match is None:
        return None
    digits = match.group(1)
    if len(digits) >= 9:  # year + the id (numbers are derived: models' `number`)
        pk = int(digits[4:])
        return Q(pk=pk, created_at__year=int(digits[:4])) if pk <= MAX_ID else None
    return Q(pk=int(digits))


def _search(prefix: str, trip_ref: str) -> Any:
    """Number, destination (city or province) or a visited customer's name."""

    def search(q: str) -> Q:
        places = TripDestination.objects.filter(Q(city__icontains=q) | Q(province__icontains=q))
        visited = Trip.customers.through.objects.filter(customer__name__icontains=q)
        found = Q(**{f"{trip_ref}__in": places.values("trip_id")}) | Q(
            **{f"{trip_ref}__in": visited.values("trip_id")}
        )
        number = _number_q(prefix, q)
        return found | number if number is not None else found

    return search


def row_fields(document: str) -> dict[str, Any]:
    """The destination, dates and search of a trips document's inbox rows."""
    trip_ref, dates = ("pk", ("depart", "return_date"))
    if document != "trip":
        trip_ref, dates = ("trip_id", ("trip__depart", "trip__return_date"))
    prefix = {"trip": "CC", "advance": "JK", "claim": "BX"}[document]
    return {
        "subject": _first_city(trip_ref),
        "subject_count": _city_count(trip_ref),
        "dates": dates,
        "search": _search(prefix, trip_ref),
    }


# ------------------------------------------------------------------ the other tabs


def trips_returned(user: Any) -> QuerySet[Trip]:
    """The traveller's rejected trips: to edit and submit again, or to cancel."""
    return Trip.objects.filter(traveller=user, status=TripStatus.REJECTED)


def claims_returned(user: Any) -> QuerySet[Claim]:
    """The claimant's rejected claims: to edit and submit again."""
    return Claim.objects.filter(claimant=user, status=ClaimStatus.REJECTED)


def trips_copied(user: Any) -> QuerySet[Trip]:
    """抄送我: trips I travel on as a companion or that visit a customer I own, among the
    trips I may see, not my own."""
    named = Q(companions__user=user) | Q(customers__owner=user)
    seen = selectors.visible_trips(user=user).filter(named).values("pk")
    return Trip.objects.filter(pk__in=seen, submitted_at__isnull=False).exclude(traveller=user)


def _started(model: Any, person: str) -> Any:
    def started(user: Any) -> QuerySet[Any]:
        return model.objects.filter(**{person: user}, submitted_at__isnull=False)

    return started


def _finder(visible: Any) -> Any:
    def find(pk: int, user: Any) -> Any:
        document = visible(user=user).filter(pk=pk).first() if 0 < pk <= MAX_ID else None
        if document is None:
            raise NotFound(_("未找到。"))
        return document

    return find


def _approve_trip(trip: Trip, actor: Any, comment: str) -> Trip:
    return services.trip_decide(trip=trip, actor=actor, action="approve", comment=comment)


def _approve_advance(advance: Advance, actor: Any, comment: str) -> Advance:
    return services.advance_decide(advance=advance, actor=actor, action="approve", comment=comment)


def _approve_claim(claim: Claim, actor: Any, comment: str) -> Claim:
    return services.claim_decide(claim=claim, actor=actor, action="approve", comment=comment)


def approval_tabs(document: str) -> dict[str, Any]:
    """What the approvals source of a trips document adds: its tabs and bulk approval."""
    model, person, returned, copied, visible, approve = {
        "trip": (
            Trip,
            "traveller",
            trips_returned,
            trips_copied,
            selectors.visible_trips,
            _approve_trip,
        ),
        "advance": (
            Advance,
            "traveller",
            None,
            None,
            selectors.visible_advances,
            _approve_advance,
        ),
        "claim": (
            Claim,
            "claimant",
            claims_returned,
            None,
            selectors.visible_claims,
            _approve_claim,
        ),
    }[document]
    return {
        "returned": returned,
        "started": _started(model, person),
        "copied": copied,
        "decided": True,
        "find": _finder(visible),
        "approve": approve,
    }
