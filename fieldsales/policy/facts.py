"""The facts the engine reads: frozen dataclasses built by `parse_claim` or by a selector."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from fieldsales.policy.vocab import (
    ALLOWANCE,
    SLEEPERS,
    TRANSPORT_KINDS,
    Cabin,
    ItemKind,
    Purpose,
    Seat,
    TaxiReason,
    Vehicle,
)

__all__ = [
    "ALLOWANCE",
    "ECONOMY",
    "KINDS",
    "PURPOSES",
    "SEATS",
    "SLEEPERS",
    "TAXI_REASONS",
    "TRANSPORT_KINDS",
    "VEHICLES",
    "Claim",
    "CustomerFacts",
    "Destination",
    "ItemFacts",
    "Override",
    "TripFacts",
]

# The vocabularies of claim-format.md as sets and sequences; parse_claim refuses anything else.
PURPOSES: Final = frozenset(Purpose)
VEHICLES: Final = frozenset(Vehicle)
KINDS: Final = tuple(ItemKind)
SEATS: Final = tuple(Seat)
TAXI_REASONS: Final = frozenset(TaxiReason)
ECONOMY: Final = Cabin.ECONOMY


@dataclass(frozen=True, slots=True)
class Destination:
    """One place the trip goes to (P1.1): province and city as typed."""

    province: str
    city: str


@dataclass(frozen=True, slots=True)
class CustomerFacts:
    """A customer visited on the trip, with its count for P6.1 and its feedback for P7.2."""

    id: str
    prior_trips: int = 0
    feedback_signed: bool = False


@dataclass(frozen=True, slots=True)
class TripFacts:
    """The `trip` object of claim-format.md."""

    approved: bool
    purpose: Purpose
    destinations: tuple[Destination, ...]
    depart: dt.date
    return_date: dt.date
    traveller_role: str | None = None
    vehicle: Vehicle | None = None
    invited_colleague: bool = False
    flight_preapproved: bool = False
    special_case: bool = False
    customers: tuple[CustomerFacts, ...] = ()
    market_report: bool = False
    report_submitted: dt.date | None = None
    advance: Decimal = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Override:
    """A reviewer's amount for one line, with why and, when stated, who (P9).

    Who may override is the app's business: the engine names no role of its own."""

    amount: Decimal
    reason: str
    by: str | None = None


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """One receipt of the claim (claim-format.md `items[]`)."""

    id: str
    kind: ItemKind
    amount: Decimal
    date: dt.date | None = None
    city: str | None = None
    invoice: bool = False
    record: bool = False
    hours: Decimal | None = None
    seat: Seat | None = None
    # Free text: economy is the standard, any other cabin is over it (P4.3, P4.4, P4.8).
    cabin: str = ECONOMY
    reason: str | None = None
    from_place: str | None = None
    to_place: str | None = None
    note: str | None = None
    reviewer_note: str | None = None
    head_consent: bool = False
    standard_fare: Decimal | None = None
    deal_amount: Decimal | None = None
    deal_closed: bool = False
    # selling.md S7.3: the app knows the named order may still be signed in time; the
    # claim-format.md input has no such field (parse_claim never sets it).
    deal_pending: bool = False
    override: Override | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A whole claim: the trip, its items in input order, and the evaluation date."""

    trip: TripFacts
    items: tuple[ItemFacts, ...]
    as_of: dt.date
