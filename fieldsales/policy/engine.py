"""The policy engine: facts and a policy version in, every line's amount and rule out (policy.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from fieldsales.policy import messages
from fieldsales.policy.facts import (
    ALLOWANCE,
    ECONOMY,
    TAXI_REASONS,
    TRANSPORT_KINDS,
    Claim,
    ItemFacts,
    TripFacts,
)
from fieldsales.policy.money import ZERO, fen, money_str
from fieldsales.policy.params import PolicyParams
from fieldsales.policy.places import city_in, same_province

IN_PROVINCE = "in_province"
OUT_OF_PROVINCE = "out_of_province"
OVERRIDE = "override"

# P4.1: seats within standard whatever the ride time, and those within standard on a long ride.
_SEATS_WITHIN_STANDARD = frozenset({"hard_seat", "soft_seat", "second_class"})
_SEATS_ON_LONG_RIDE = frozenset({"hard_sleeper"})


@dataclass(frozen=True, slots=True)
class Line:
    """One priced line: the allowance or an item, the rule that priced it, the violation that cut it."""

    item: str
    kind: str
    claimed: Decimal
    reimbursed: Decimal
    rule: str
    violation: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Violation:
    """A broken rule: on a line (`item`), on the trip (`item` None), or on one `customer`."""

    code: str
    rule: str
    item: str | None
    message: str
    customer: str | None = None


@dataclass(frozen=True, slots=True)
class Totals:
    """Sums of claim-format.md: items claimed, every line reimbursed, items self-paid."""

    claimed: Decimal
    reimbursed: Decimal
    self_paid: Decimal


@dataclass(frozen=True, slots=True)
class Settlement:
    """P8.2: the reimbursable total against the advance; at most one side is non-zero."""

    advance: Decimal
    pay_to_traveller: Decimal
    return_to_company: Decimal


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The engine's answer for a claim or a trip estimate (claim-format.md Output)."""

    policy_version: str
    scope: str
    days: int
    paid_days: int
    absent_days: int
    report_due: dt.date
    lines: tuple[Line, ...]
    violations: tuple[Violation, ...]
    totals: Totals
    settlement: Settlement


@dataclass(frozen=True, slots=True)
class _Trip:
    """What P3 and P5 derive from the trip once, shared by every line."""

    trip: TripFacts
    params: PolicyParams
    lang: str
    scope: str
    days: int
    paid_days: int
    paid_days_limit: int
    absent_days: int
    absence_after: int
    last_paid_day: dt.date


@dataclass(slots=True)
class _Priced:
    """A pricing rule's verdict on one item, before rounding and trip-level zeroing."""

    amount: Decimal
    rule: str
    code: str | None = None
    variant: str = ""
    context: Mapping[str, object] = field(default_factory=dict)


def _trip_p3_p5(trip: TripFacts, params: PolicyParams, lang: str) -> _Trip:
    """Days, scope (P3), paid days (P5.1) and absent days (P5.2) of a trip."""
    days = (trip.return_date - trip.depart).days + 1
    out = any(not same_province(d.province, params.home_province) for d in trip.destinations)
    limit = params.paid_days_out if out else params.paid_days_in
    absence_after = params.absence_after_out if out else params.absence_after_in
    paid_days = min(days, limit)
    # P5.2: the GM's special case waives absenteeism only, never the P5.1 limit.
    absent_days = 0 if trip.special_case else max(0, days - absence_after)
    return _Trip(
        trip=trip,
        params=params,
        lang=lang,
        scope=OUT_OF_PROVINCE if out else IN_PROVINCE,
        days=days,
        paid_days=paid_days,
        paid_days_limit=limit,
        absent_days=absent_days,
        absence_after=absence_after,
        last_paid_day=trip.depart + dt.timedelta(days=paid_days - 1),
    )


def _allowance_rate_p3(ctx: _Trip) -> tuple[Decimal, str]:
    """P3.1 same-day in-province, P3.2 overnight in-province, P3.3 out of province."""
    params = ctx.params
    if ctx.scope == OUT_OF_PROVINCE:
        return params.allowance_out, "P3.3"
    if ctx.days == 1:
        return params.allowance_day_trip_in, "P3.1"
    return params.allowance_overnight_in, "P3.2"


def _actual(item: ItemFacts, rule: str) -> _Priced:
    return _Priced(item.amount, rule)


def _over_standard_p4_8(item: ItemFacts, what: str) -> _Priced:
    """P4.8: up to the stated standard fare, else nothing."""
    if item.standard_fare is None:
        return _Priced(ZERO, "P4.8", "over_standard_class", "no_fare", {"what": what})
    return _Priced(
        min(item.standard_fare, item.amount),
        "P4.8",
        "over_standard_class",
        "",
        {"what": what, "fare": money_str(item.standard_fare)},
    )


def _price_train_p4_1(item: ItemFacts, ctx: _Trip) -> _Priced:
    """P4.1: a seat always, a hard sleeper from `sleeper_min_hours`; else P4.8."""
    seat = item.seat or ""
    if seat in _SEATS_WITHIN_STANDARD:
        return _actual(item, "P4.1")
    long_ride = item.hours is not None and item.hours >= ctx.params.sleeper_min_hours
    if seat in _SEATS_ON_LONG_RIDE and long_ride:
        return _actual(item, "P4.1")
    return _over_standard_p4_8(item, messages.class_name("train", seat, ctx.lang))


def _price_home_region_p4_5(item: ItemFacts, ctx: _Trip) -> _Priced:
    """P4.5 inside the home region: actual against the traveller's record or an invoice."""
    if item.record or item.invoice:
        return _actual(item, "P4.5")
    return _Priced(ZERO, "P4.5", "missing_travel_record", "", {"region": ctx.params.home_region})


def _price_coach_p4_2(item: ItemFacts, ctx: _Trip) -> _Priced:
    """A coach inside the home region is P4.5; elsewhere P4.2 needs an official invoice."""
    if city_in(item.city, ctx.params.home_region_cities):
        return _price_home_region_p4_5(item, ctx)
    if item.invoice:
        return _actual(item, "P4.2")
    return _Priced(ZERO, "P4.2", "missing_invoice")


def _price_ship_p4_3(item: ItemFacts, ctx: _Trip) -> _Priced:
    """P4.3: economy at actual; another cabin is over standard (P4.8)."""
    if item.cabin == ECONOMY:
        return _actual(item, "P4.3")
    return _over_standard_p4_8(item, messages.class_name("ship", item.cabin, ctx.lang))


def _price_flight_p4_4(item: ItemFacts, ctx: _Trip) -> _Priced:
    """P4.4: only with the GM's prior approval; economy at actual, else P4.8."""
    if not ctx.trip.flight_preapproved:
        return _Priced(ZERO, "P4.4", "flight_not_preapproved")
    if item.cabin == ECONOMY:
        return _actual(item, "P4.4")
    return _over_standard_p4_8(item, messages.class_name("flight", item.cabin, ctx.lang))


def _price_city_bus_p4_5(item: ItemFacts, ctx: _Trip) -> _Priced:
    """P4.5: a bus in the home region needs the record; elsewhere the ticket is enough."""
    if city_in(item.city, ctx.params.home_region_cities):
        return _price_home_region_p4_5(item, ctx)
    return _actual(item, "P4.5")


def _filled(text: str | None) -> bool:
    return text is not None and bool(text.strip())


def _price_taxi_p4_6(item: ItemFacts, ctx: _Trip) -> _Priced:
    """P4.6: the head's prior consent anywhere; in a local city a listed reason, noted in full."""
    params = ctx.params
    if item.head_consent:
        return _actual(item, "P4.6")
    if not city_in(item.city, params.local_cities):
        separator = ", " if messages.language(ctx.lang) else "、"
        cities = separator.join(params.local_cities)
        return _Priced(ZERO, "P4.6", "taxi_without_reason", "consent", {"cities": cities})
    noted = _filled(item.from_place) and _filled(item.to_place) and _filled(item.note)
    if item.reason in TAXI_REASONS and noted:
        if item.reason == "other_special" and not _filled(item.reviewer_note):
            return _Priced(ZERO, "P4.6", "taxi_without_reason", "reviewer_note")
        return _actual(item, "P4.6")
    return _Priced(ZERO, "P4.6", "taxi_without_reason", "", {"city": (item.city or "").strip()})


def _price_lodging_meal_p3_4(item: ItemFacts, ctx: _Trip) -> _Priced:
    """P3.4: the allowance is flat, so meal and lodging receipts reimburse nothing."""
    what = messages.name(item.kind, ctx.lang)
    return _Priced(ZERO, "P3.4", "covered_by_allowance", "", {"what": what})


def _percent(rate: Decimal) -> str:
    return format((rate * 100).normalize(), "f")


def _price_entertainment_p6_2(item: ItemFacts, ctx: _Trip) -> _Priced:
    """P6.2: a closed deal above the minimum order, up to the rate of the deal amount."""
    params = ctx.params
    deal = item.deal_amount
    if not item.deal_closed or deal is None or deal <= params.entertainment_min_order:
        minimum = money_str(params.entertainment_min_order)
        return _Priced(ZERO, "P6.2", "entertainment_not_eligible", "", {"minimum": minimum})
    cap = fen(deal * params.entertainment_rate)
    if item.amount > cap:
        context = {"rate": _percent(params.entertainment_rate), "cap": money_str(cap)}
        return _Priced(cap, "P6.2", "over_entertainment_cap", "", context)
    return _actual(item, "P6.2")


def _price_other_p9(item: ItemFacts, ctx: _Trip) -> _Priced:
    """P9: an expense the policy does not name waits for a reviewer's override."""
    return _Priced(ZERO, "P9", "needs_review")


_PRICING: dict[str, Callable[[ItemFacts, _Trip], _Priced]] = {
    "train": _price_train_p4_1,
    "coach": _price_coach_p4_2,
    "ship": _price_ship_p4_3,
    "flight": _price_flight_p4_4,
    "city_bus": _price_city_bus_p4_5,
    "taxi": _price_taxi_p4_6,
    "tricycle": _price_taxi_p4_6,
    "lodging": _price_lodging_meal_p3_4,
    "meal": _price_lodging_meal_p3_4,
    "entertainment": _price_entertainment_p6_2,
    "other": _price_other_p9,
}


def _price_item(item: ItemFacts, ctx: _Trip) -> _Priced:
    """One item under the one rule that prices it."""
    # An override stands alone (P9); P4.7 and P5.1 come before the kind's own rule.
    if item.override is not None:
        return _Priced(item.override.amount, OVERRIDE)
    if item.kind in TRANSPORT_KINDS:
        if ctx.trip.vehicle is not None:
            return _Priced(ZERO, "P4.7", "transport_provided")
        beyond = item.date is not None and item.date > ctx.last_paid_day
        if beyond and ctx.days > ctx.paid_days and not ctx.params.tickets_beyond_paid_days:
            context = {"limit": ctx.paid_days_limit}
            return _Priced(ZERO, "P5.1", "days_over_limit", "ticket", context)
    return _PRICING[item.kind](item, ctx)


def _customers_past_limit_p6_1(trip: TripFacts, params: PolicyParams) -> bool:
    """P6.1 reading: a trip is self-paid only when every customer on it is past the limit."""
    limit = params.max_trips_per_customer
    return bool(trip.customers) and all(c.prior_trips >= limit for c in trip.customers)


def _zeroing(ctx: _Trip, *, estimate: bool) -> list[Violation]:
    """The trip-level violations that zero every line but overrides (P1.3, P6.1, P6.3)."""
    trip, params, lang = ctx.trip, ctx.params, ctx.lang
    found: list[Violation] = []
    if not trip.approved and not estimate:
        found.append(
            Violation(
                "trip_not_approved", "P1.3", None, messages.message("trip_not_approved", lang)
            )
        )
    if _customers_past_limit_p6_1(trip, params) and not estimate:
        text = messages.message("same_customer_limit", lang, limit=params.max_trips_per_customer)
        found.append(Violation("same_customer_limit", "P6.1", None, text))
    if trip.invited_colleague:
        text = messages.message("invited_colleague", lang)
        found.append(Violation("invited_colleague", "P6.3", None, text))
    return found


def _length_p5(ctx: _Trip) -> list[Violation]:
    """P5.1 days beyond the paid days, P5.2 absenteeism (trip-level)."""
    found: list[Violation] = []
    if ctx.days > ctx.paid_days_limit:
        text = messages.message(
            "days_over_limit", ctx.lang, days=ctx.days, limit=ctx.paid_days_limit
        )
        found.append(Violation("days_over_limit", "P5.1", None, text))
    if ctx.absent_days > 0:
        text = messages.message(
            "absenteeism", ctx.lang, after=ctx.absence_after, absent=ctx.absent_days
        )
        found.append(Violation("absenteeism", "P5.2", None, text))
    return found


def _allowance_line_p3(ctx: _Trip) -> Line:
    """The allowance for the paid days at the trip's rate (P3.1-P3.3, P5.1)."""
    rate, rule = _allowance_rate_p3(ctx)
    line = Line(ALLOWANCE, ALLOWANCE, ZERO, fen(rate * ctx.paid_days), rule)
    if ctx.days > ctx.paid_days_limit:
        text = messages.message(
            "days_over_limit", ctx.lang, days=ctx.days, limit=ctx.paid_days_limit
        )
        line = dataclasses.replace(line, violation="days_over_limit", reason=text)
    return line


def _zero_line(line: Line, zeroing: Violation) -> Line:
    """A line on a zeroed trip: 0.00 under its own rule, unless overridden (P9)."""
    if line.rule == OVERRIDE:
        return line
    if line.violation is None and line.reimbursed > 0:
        return dataclasses.replace(
            line, reimbursed=ZERO, violation=zeroing.code, reason=zeroing.message
        )
    return dataclasses.replace(line, reimbursed=ZERO)


def _after_trip_p7(ctx: _Trip, as_of: dt.date, due: dt.date) -> list[Violation]:
    """P7.1 late report, P7.2 unsigned visit feedback, P7.3 missing new-market report."""
    trip, lang = ctx.trip, ctx.lang
    found: list[Violation] = []
    submitted = trip.report_submitted
    # A report handed in on its due date is on time; an unsubmitted one is late after it.
    late = submitted > due if submitted is not None else as_of > due
    if late:
        text = messages.message("report_overdue", lang, due=due.isoformat())
        found.append(Violation("report_overdue", "P7.1", None, text))
    for customer in trip.customers:
        if not customer.feedback_signed:
            text = messages.message("missing_visit_feedback", lang, customer=customer.id)
            found.append(
                Violation("missing_visit_feedback", "P7.2", None, text, customer=customer.id)
            )
    if trip.purpose == "new_market" and not trip.market_report:
        text = messages.message("missing_market_report", lang)
        found.append(Violation("missing_market_report", "P7.3", None, text))
    return found


def _settle_p8_2(
    lines: tuple[Line, ...], claimed: Decimal, advance: Decimal
) -> tuple[Totals, Settlement]:
    """Totals of claim-format.md and P8.2: pay the traveller, or have the difference returned."""
    reimbursed = sum((line.reimbursed for line in lines), ZERO)
    # self_paid runs over the item lines only: the allowance claims nothing.
    self_paid = sum(
        (line.claimed - line.reimbursed for line in lines if line.kind != ALLOWANCE), ZERO
    )
    balance = reimbursed - advance
    settlement = Settlement(
        advance=advance,
        pay_to_traveller=balance if balance > 0 else ZERO,
        return_to_company=-balance if balance < 0 else ZERO,
    )
    return Totals(claimed, reimbursed, self_paid), settlement


def evaluate(claim: Claim, params: PolicyParams, *, lang: str = "zh") -> Evaluation:
    """Price every line of a claim under one policy version and list every violation (P8.1)."""
    trip = claim.trip
    ctx = _trip_p3_p5(trip, params, lang)
    lines: list[Line] = [_allowance_line_p3(ctx)]
    item_violations: list[Violation] = []
    for item in claim.items:
        priced = _price_item(item, ctx)
        line = Line(item.id, item.kind, item.amount, fen(priced.amount), priced.rule)
        if priced.code is not None:
            text = messages.message(priced.code, lang, priced.variant, **priced.context)
            line = dataclasses.replace(line, violation=priced.code, reason=text)
            item_violations.append(Violation(priced.code, priced.rule, item.id, text))
        lines.append(line)
    zeroing = _zeroing(ctx, estimate=False)
    if zeroing:
        lines = [_zero_line(line, zeroing[0]) for line in lines]
    due = trip.return_date + dt.timedelta(days=params.report_due_days)
    trip_level = sorted(zeroing + _length_p5(ctx), key=lambda v: _rule_key(v.rule))
    violations = (*trip_level, *item_violations, *_after_trip_p7(ctx, claim.as_of, due))
    claimed = sum((item.amount for item in claim.items), ZERO)
    totals, settlement = _settle_p8_2(tuple(lines), claimed, trip.advance)
    return Evaluation(
        policy_version=params.name,
        scope=ctx.scope,
        days=ctx.days,
        paid_days=ctx.paid_days,
        absent_days=ctx.absent_days,
        report_due=due,
        lines=tuple(lines),
        violations=tuple(violations),
        totals=totals,
        settlement=settlement,
    )


def estimate(
    trip: TripFacts,
    params: PolicyParams,
    *,
    flight_requested: bool = False,
    lang: str = "zh",
    today: dt.date | None = None,
) -> Evaluation:
    """The pre-trip estimate of a trip request: its allowance and the rules it would break.

    Given `today`, a trip not (or not in time) approved whose departure date is before it
    gets the P1.3 warning: it can no longer be approved on or before its departure. It is a
    warning, not a zeroing: the claim is evaluated on the actual dates."""
    ctx = _trip_p3_p5(trip, params, lang)
    allowance = _allowance_line_p3(ctx)
    warnings: list[Violation] = _length_p5(ctx)
    if today is not None and not trip.approved and trip.depart < today:
        text = messages.message("trip_not_approved", lang, "estimate")
        warnings.append(Violation("trip_not_approved", "P1.3", None, text))
    limit = params.max_trips_per_customer
    for customer in trip.customers:
        if customer.prior_trips >= limit:
            text = messages.message(
                "same_customer_limit",
                lang,
                "customer",
                customer=customer.id,
                prior=customer.prior_trips,
                limit=limit,
            )
            warnings.append(
                Violation("same_customer_limit", "P6.1", None, text, customer=customer.id)
            )
    zeroing = _zeroing(ctx, estimate=True)
    if _customers_past_limit_p6_1(trip, params):
        zeroing.insert(0, next(w for w in warnings if w.code == "same_customer_limit"))
    if zeroing:
        allowance = _zero_line(allowance, zeroing[0])
    warnings += [v for v in zeroing if v.code == "invited_colleague"]
    if flight_requested and not trip.flight_preapproved:
        text = messages.message("flight_not_preapproved", lang, "estimate")
        warnings.append(Violation("flight_not_preapproved", "P4.4", None, text))
    lines = (allowance,)
    totals, settlement = _settle_p8_2(lines, ZERO, trip.advance)
    return Evaluation(
        policy_version=params.name,
        scope=ctx.scope,
        days=ctx.days,
        paid_days=ctx.paid_days,
        absent_days=ctx.absent_days,
        report_due=trip.return_date + dt.timedelta(days=params.report_due_days),
        lines=lines,
        violations=tuple(sorted(warnings, key=lambda v: _rule_key(v.rule))),
        totals=totals,
        settlement=settlement,
    )


def _rule_key(rule: str) -> tuple[int, ...]:
    """P5.1 < P6.1 < P10.2: rule numbers in numeric order."""
    return tuple(int(part) for part in rule.removeprefix("P").split(".") if part.isdigit())
