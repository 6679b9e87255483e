"""The engine's vocabularies (claim-format.md, policy.md): closed sets, checked by mypy.

Every value is a `StrEnum`, so it is its own JSON string ("train") and compares equal to it;
a `match` over one ends in `assert_never`, so a new member without a case fails mypy.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final, Literal


class Purpose(StrEnum):
    """Why the trip is made (claim-format.md `trip.purpose`)."""

    CUSTOMER_VISIT = "customer_visit"
    NEW_MARKET = "new_market"


class Vehicle(StrEnum):
    """Transport provided for the trip, so fares are not reimbursed (P4.7)."""

    COMPANY = "company"
    OWN = "own"
    HOST = "host"


class ItemKind(StrEnum):
    """The kind of one receipt (claim-format.md `items[].kind`)."""

    TRAIN = "train"
    COACH = "coach"
    SHIP = "ship"
    FLIGHT = "flight"
    CITY_BUS = "city_bus"
    TAXI = "taxi"
    TRICYCLE = "tricycle"
    LODGING = "lodging"
    MEAL = "meal"
    ENTERTAINMENT = "entertainment"
    OTHER = "other"


class Seat(StrEnum):
    """A train seat or berth (P4.1)."""

    HARD_SEAT = "hard_seat"
    SOFT_SEAT = "soft_seat"
    SECOND_CLASS = "second_class"
    HARD_SLEEPER = "hard_sleeper"
    FIRST_CLASS = "first_class"
    SOFT_SLEEPER = "soft_sleeper"
    BUSINESS_CLASS = "business_class"


class Cabin(StrEnum):
    """The cabins the engine can name (P4.3, P4.4); the input may state any other."""

    ECONOMY = "economy"
    PREMIUM_ECONOMY = "premium_economy"
    BUSINESS = "business"
    FIRST = "first"


class TaxiReason(StrEnum):
    """The reasons that allow a taxi or tricycle in a local city (P4.6)."""

    NIGHT_WORK = "night_work"
    BULKY_OR_VALUABLE_CARGO = "bulky_or_valuable_cargo"
    NO_BUS_OR_OVER_3KM = "no_bus_or_over_3km"
    OTHER_SPECIAL = "other_special"


class Scope(StrEnum):
    """Where the trip goes relative to the home province (P3)."""

    IN_PROVINCE = "in_province"
    OUT_OF_PROVINCE = "out_of_province"


class Rule(StrEnum):
    """The rule of policy.md that priced a line or was broken; `override` is a P9 amount."""

    P1_3 = "P1.3"
    P3_1 = "P3.1"
    P3_2 = "P3.2"
    P3_3 = "P3.3"
    P3_4 = "P3.4"
    P4_1 = "P4.1"
    P4_2 = "P4.2"
    P4_3 = "P4.3"
    P4_4 = "P4.4"
    P4_5 = "P4.5"
    P4_6 = "P4.6"
    P4_7 = "P4.7"
    P4_8 = "P4.8"
    P5_1 = "P5.1"
    P5_2 = "P5.2"
    P6_1 = "P6.1"
    P6_2 = "P6.2"
    P6_3 = "P6.3"
    P7_1 = "P7.1"
    P7_2 = "P7.2"
    P7_3 = "P7.3"
    P9 = "P9"
    OVERRIDE = "override"


class Code(StrEnum):
    """The violation codes of claim-format.md; they never change with the language."""

    TRIP_NOT_APPROVED = "trip_not_approved"
    COVERED_BY_ALLOWANCE = "covered_by_allowance"
    OVER_STANDARD_CLASS = "over_standard_class"
    MISSING_INVOICE = "missing_invoice"
    FLIGHT_NOT_PREAPPROVED = "flight_not_preapproved"
    MISSING_TRAVEL_RECORD = "missing_travel_record"
    TAXI_WITHOUT_REASON = "taxi_without_reason"
    TRANSPORT_PROVIDED = "transport_provided"
    DAYS_OVER_LIMIT = "days_over_limit"
    ABSENTEEISM = "absenteeism"
    SAME_CUSTOMER_LIMIT = "same_customer_limit"
    ENTERTAINMENT_NOT_ELIGIBLE = "entertainment_not_eligible"
    OVER_ENTERTAINMENT_CAP = "over_entertainment_cap"
    # selling.md S7.3: the named order is not signed yet (set by the app, never by the input)
    ENTERTAINMENT_DEAL_PENDING = "entertainment_deal_pending"
    INVITED_COLLEAGUE = "invited_colleague"
    REPORT_OVERDUE = "report_overdue"
    MISSING_VISIT_FEEDBACK = "missing_visit_feedback"
    MISSING_MARKET_REPORT = "missing_market_report"
    NEEDS_REVIEW = "needs_review"


class Variant(StrEnum):
    """Which wording of a code's message applies (the plain one unless a case differs)."""

    PLAIN = ""
    ESTIMATE = "estimate"  # a pre-trip warning rather than a verdict (P1.3, P4.4)
    NO_FARE = "no_fare"  # P4.8 without a stated standard fare
    REVIEWER_NOTE = "reviewer_note"  # P4.6 other_special without the reviewer's note
    CONSENT = "consent"  # P4.6 outside the local cities without the head's consent
    TICKET = "ticket"  # P5.1 on a ticket, when a version says so
    CUSTOMER = "customer"  # P6.1 warned per customer in an estimate


ALLOWANCE: Final = "allowance"
"""The id and kind of the allowance line that leads every evaluation (P3)."""

LineKind = ItemKind | Literal["allowance"]

Figure = str | int | tuple[str, ...]
"""One figure a message quotes: an amount or date as text, a count, or a list of names."""

Figures = Mapping[str, Figure]

SLEEPERS: Final = frozenset({Seat.HARD_SLEEPER, Seat.SOFT_SLEEPER})
# P4.7: every kind that is transport, so a provided vehicle makes it self-paid.
TRANSPORT_KINDS: Final = frozenset(
    {
        ItemKind.TRAIN,
        ItemKind.COACH,
        ItemKind.SHIP,
        ItemKind.FLIGHT,
        ItemKind.CITY_BUS,
        ItemKind.TAXI,
        ItemKind.TRICYCLE,
    }
)
