"""Documents in flight for the demo salespeople, added on top of a generated company by
`make bench` and the scale test, so that every list of every page has rows at every size: a
late report (P7.1), a report due, a trip under way, a draft, an advance to
pay out, a paid advance to settle and an approved claim to settle (each of sales1 and sales2
has the four trips; the money documents are shared between them, or go to another of their
department when P2.4 bars both: one open advance each).

A page's list that is empty at `tiny` skips its prefetch queries (Django asks nothing for an
empty list) and a per-row query shows nothing: with a row in every list, a count that grows
between sizes is a query per row. Written through the services (dates moved afterwards, as the
days pass), decided by the demo's head, GM and finance.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils import timezone

from fieldsales.core.errors import Forbidden, InvalidTransition
from fieldsales.trips import services
from fieldsales.trips.models import Advance, Trip

PLACE = [{"province": "浙江", "city": "杭州"}]
TAXI = {"id": "x1", "kind": "taxi", "amount": "26.00", "city": "杭州市", "note": "送样"}
DECIDERS = ("head", "gm", "finance", "admin")


def add_in_flight(today: date | None = None) -> None:
    today = today or timezone.localdate()
    users = {u.username: u for u in get_user_model().objects.filter(is_active=True)}
    sales1, sales2 = users["sales1"], users["sales2"]
    deciders = [users[name] for name in DECIDERS if name in users]

    def trip(traveller: Any, days: tuple[int, int] | None, *, approved: bool = True) -> Trip:
        made = _trip(traveller)
        if approved:
            services.trip_submit(trip=made, actor=traveller)
            _approve(made, services.trip_decide, "trip", deciders)
        if days is not None:  # days from today: the trip has happened, or is under way
            Trip.objects.filter(pk=made.pk).update(
                depart=today + timedelta(days=days[0]), return_date=today + timedelta(days=days[1])
            )
        return Trip.objects.get(pk=made.pk)

    for traveller in (sales1, sales2):
        trip(traveller, (-12, -10))  # a late report
        trip(traveller, (-5, -4))  # a report due within the window
        trip(traveller, (0, 1))  # under way today
        trip(traveller, None, approved=False)  # a draft
    # P2.4: whoever still owes an advance (the generated company may leave one) asks no other;
    # then others of sales1's department, whose head is the demo's (a decider here).
    department = getattr(getattr(sales1, "employee", None), "department_id", None)
    others = [
        u
        for name, u in sorted(users.items())
        if name.startswith("s0") and getattr(u.employee, "department_id", None) == department
    ]
    _advance([sales1, sales2, *others], trip, deciders, paid=False)
    _advance([sales2, sales1, *others], trip, deciders, paid=True)
    claimed = trip(sales1, None)
    claim = services.claim_create(trip=claimed, actor=sales1, items=[dict(TAXI)])
    services.claim_submit(claim=claim, actor=sales1)
    _approve(claim, services.claim_decide, "claim", deciders)


def _trip(traveller: Any) -> Trip:
    """A two-day trip starting after the traveller's last one returns (trips never overlap)."""
    last = Trip.objects.filter(traveller=traveller).aggregate(last=Max("return_date"))["last"]
    depart = max(timezone.localdate() + timedelta(days=1), (last or date.min) + timedelta(days=2))
    data = {
        "purpose": "customer_visit",
        "destinations": PLACE,
        "depart": depart,
        "return_date": depart + timedelta(days=1),
    }
    return services.trip_create(traveller=traveller, data=data)


def _advance(travellers: list[Any], trip: Any, deciders: list[Any], *, paid: bool) -> None:
    """An approved advance (paid out when `paid`) of the first traveller who may ask for one."""
    for traveller in travellers:
        if Advance.objects.filter(traveller=traveller, status__in=Advance.OPEN).exists():
            continue
        advance = services.advance_request(
            trip=trip(traveller, None), actor=traveller, amount=Decimal("300.00")
        )
        break
    else:
        return  # each owes one already (P2.4): the advance lists have rows as it is
    _approve(advance, services.advance_decide, "advance", deciders)
    if paid:
        finance = next(u for u in deciders if u.username == "finance")
        services.advance_pay(advance=advance, actor=finance)


def _approve(document: Any, decide: Any, name: str, deciders: list[Any]) -> None:
    """Every step of the chain, decided by whichever demo decider the service accepts."""
    model = type(document)
    while model.objects.get(pk=document.pk).status == "submitted":
        for user in deciders:
            try:
                decide(**{name: document}, actor=user, action="approve", comment="")
            except (Forbidden, InvalidTransition):
                continue
            break
        else:
            raise RuntimeError(f"no demo decider may approve {model.__name__} {document.pk}")
