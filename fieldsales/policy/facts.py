"""The facts the engine reads: frozen dataclasses built by `parse_claim` or by a selector."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

# The vocabularies of claim-format.md; parse_claim refuses anything else.
PURPOSES = frozenset({"customer_visit", "new_market"})
VEHICLES = frozenset({"company", "own", "host"})
KINDS = (
    "train",
    "coach",
    "ship",
    "flight",
    "city_bus",
    "taxi",
    "tricycle",
    "lodging",
    "meal",
    "entertainment",
    "other",
)
SEATS = (
    "hard_seat",
    "soft_seat",
    "second_class",
    "hard_sleeper",
    "first_class",
    "soft_sleeper",
    "business_class",
)
SLEEPERS = frozenset({"hard_sleeper", "soft_sleeper"})
TAXI_REASONS = frozenset(
    {"night_work", "bulky_or_valuable_cargo", "no_bus_or_over_3km", "other_special"}
)
# P4.7: every kind that is transport, so a provided vehicle makes it self-paid.
TRANSPORT_KINDS = frozenset({"train", "coach", "ship", "flight", "city_bus", "taxi", "tricycle"})
ECONOMY = "economy"
# The id and kind of the allowance line that leads every evaluation (P3).
ALLOWANCE = "allowance"


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
    purpose: str
    destinations: tuple[Destination, ...]
    depart: dt.date
    return_date: dt.date
    traveller_role: str | None = None
    vehicle: str | None = None
    invited_colleague: bool = False
    flight_preapproved: bool = False
    special_case: bool = False
    customers: tuple[CustomerFacts, ...] = ()
    market_report: bool = False
    report_submitted: dt.date | None = None
    advance: Decimal = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Override:
    """A reviewer's amount for one line, with who and why (P9)."""

    amount: Decimal
    reason: str
    by: str = "gm"


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """One receipt of the claim (claim-format.md `items[]`)."""

    id: str
    kind: str
    amount: Decimal
    date: dt.date | None = None
    city: str | None = None
    invoice: bool = False
    record: bool = False
    hours: Decimal | None = None
    seat: str | None = None
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
    override: Override | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A whole claim: the trip, its items in input order, and the evaluation date."""

    trip: TripFacts
    items: tuple[ItemFacts, ...]
    as_of: dt.date
