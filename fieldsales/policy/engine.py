"""The policy engine: facts and a policy version in, every line's amount and rule out (policy.md).

Rules return codes, wording variants and figures (`Finding`), never text: a message is rendered
at the edge (`messages.render`), so a stored evaluation reads in any language unchanged."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import assert_never

from fieldsales.policy.facts import Claim, ItemFacts, TripFacts
from fieldsales.policy.money import ZERO, fen, money_str
from fieldsales.policy.params import PolicyParams
from fieldsales.policy.places import city_in, same_province
from fieldsales.policy.vocab import (
    ALLOWANCE,
    TRANSPORT_KINDS,
    Cabin,
    Code,
    Figure,
    ItemKind,
    LineKind,
    Purpose,
    Rule,
    Scope,
    Seat,
    TaxiReason,
    Variant,
)

# P4.1: seats within standard whatever the ride time, and those within standard on a long ride.
_SEATS_WITHIN_STANDARD = frozenset({Seat.HARD_SEAT, Seat.SOFT_SEAT, Seat.SECOND_CLASS})
_SEATS_ON_LONG_RIDE = frozenset({Seat.HARD_SLEEPER})
_TAXI_REASONS = frozenset(TaxiReason)


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found: the violation code, its wording and the figures its message quotes."""

    code: Code
    variant: Variant = Variant.PLAIN
    figures: Mapping[str, Figure] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class Line:
    """One priced line: the allowance or an item, the rule that priced it, the finding that cut it."""

    item: str
    kind: LineKind
    claimed: Decimal
    reimbursed: Decimal
    rule: Rule
    cut: Finding | None = None

    @property
    def violation(self) -> Code | None:
        """The code of the violation that cut the line, if any."""
        return None if self.cut is None else self.cut.code


@dataclass(frozen=True, slots=True)
class Violation:
    """A broken rule: on a line (`item`), on the trip (`item` None), or on one `customer`."""

    finding: Finding
    rule: Rule
    item: str | None
    customer: str | None = None

    @property
    def code(self) -> Code:
        """The violation code of claim-format.md."""
        return self.finding.code


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
    scope: Scope
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
    scope: Scope
    days: int
    paid_days: int
    paid_days_limit: int
    absent_days: int
    absence_after: int
    last_paid_day: dt.date


@dataclass(frozen=True, slots=True)
class _Priced:
    """A pricing rule's verdict on one item, before rounding and trip-level zeroing."""

    amount: Decimal
    rule: Rule
    cut: Finding | None = None


def _trip_p3_p5(trip: TripFacts, params: PolicyParams) -> _Trip:
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
        scope=Scope.OUT_OF_PROVINCE if out else Scope.IN_PROVINCE,
        days=days,
        paid_days=paid_days,
        paid_days_limit=limit,
        absent_days=absent_days,
        absence_after=absence_after,
        last_paid_day=trip.depart + dt.timedelta(days=paid_days - 1),
    )


def _allowance_rate_p3(ctx: _Trip) -> tuple[Decimal, Rule]:
    """P3.1 same-day in-province, P3.2 overnight in-province, P3.3 out of province."""
    params = ctx.params
    match ctx.scope:
        case Scope.OUT_OF_PROVINCE:
            return params.allowance_out, Rule.P3_3
        case Scope.IN_PROVINCE if ctx.days == 1:
            return params.allowance_day_trip_in, Rule.P3_1
        case Scope.IN_PROVINCE:
            return params.allowance_overnight_in, Rule.P3_2
        case _:
            assert_never(ctx.scope)


def _actual(item: ItemFacts, rule: Rule) -> _Priced:
    return _Priced(item.amount, rule)


def _cut(
    amount: Decimal, rule: Rule, code: Code, variant: Variant = Variant.PLAIN, **figures: Figure
) -> _Priced:
    return _Priced(amount, rule, Finding(code, variant, figures))


def _over_standard_p4_8(item: ItemFacts, klass: str) -> _Priced:
    """P4.8: up to the stated standard fare, else nothing."""
    # The message names the means and its class ("火车软卧"), so both are figures.
    what: dict[str, Figure] = {"kind": item.kind, "class": klass}
    if item.standard_fare is None:
        no_fare = Finding(Code.OVER_STANDARD_CLASS, Variant.NO_FARE, what)
        return _Priced(ZERO, Rule.P4_8, no_fare)
    figures = what | {"fare": money_str(item.standard_fare)}
    amount = min(item.standard_fare, item.amount)
    return _Priced(amount, Rule.P4_8, Finding(Code.OVER_STANDARD_CLASS, figures=figures))


def _price_train_p4_1(item: ItemFacts, ctx: _Trip) -> _Priced:
    """P4.1: a seat always, a hard sleeper from `sleeper_min_hours`; else P4.8."""
    seat = item.seat
    if seat in _SEATS_WITHIN_STANDARD:
        return _actual(item, Rule.P4_1)
    long_ride = item.hours is not None and item.hours >= ctx.params.sleeper_min_hours
    if seat in _SEATS_ON_LONG_RIDE and long_ride:
        return _actual(item, Rule.P4_1)
    return _over_standard_p4_8(item, seat or "")


def _price_home_region_p4_5(item: ItemFacts, ctx: _Trip) -> _Priced:
    """P4.5 inside the home region: actual against the traveller's record or an invoice."""
    if item.record or item.invoice:
        return _actual(item, Rule.P4_5)
    return _cut(ZERO, Rule.P4_5, Code.MISSING_TRAVEL_RECORD, region=ctx.params.home_region)


def _price_coach_p4_2(item: ItemFacts, ctx: _Trip) -> _Priced:
    """A coach inside the home region is P4.5; elsewhere P4.2 needs an official invoice."""
    if city_in(item.city, ctx.params.home_region_cities):
        return _price_home_region_p4_5(item, ctx)
    if item.invoice:
        return _actual(item, Rule.P4_2)
    return _cut(ZERO, Rule.P4_2, Code.MISSING_INVOICE)


def _price_ship_p4_3(item: ItemFacts, ctx: _Trip) -> _Priced:
    """P4.3: economy at actual; another cabin is over standard (P4.8)."""
    if item.cabin == Cabin.ECONOMY:
        return _actual(item, Rule.P4_3)
    return _over_standard_p4_8(item, item.cabin)


def _price_flight_p4_4(item: ItemFacts, ctx: _Trip) -> _Priced:
    """P4.4: only with the GM's prior approval; economy at actual, else P4.8."""
    if not ctx.trip.flight_preapproved:
        return _cut(ZERO, Rule.P4_4, Code.FLIGHT_NOT_PREAPPROVED)
    if item.cabin == Cabin.ECONOMY:
        return _actual(item, Rule.P4_4)
    return _over_standard_p4_8(item, item.cabin)


def _price_city_bus_p4_5(item: ItemFacts, ctx: _Trip) -> _Priced:
    """P4.5: a bus in the home region needs the record; elsewhere the ticket is enough."""
    if city_in(item.city, ctx.params.home_region_cities):
        return _price_home_region_p4_5(item, ctx)
    return _actual(item, Rule.P4_5)


def _filled(text: str | None) -> bool:
    return text is not None and bool(text.strip())


def _price_taxi_p4_6(item: ItemFacts, ctx: _Trip) -> _Priced:
    """P4.6: the head's prior consent anywhere; in a local city a listed reason, noted in full."""
    params = ctx.params
    if item.head_consent:
        return _actual(item, Rule.P4_6)
    if not city_in(item.city, params.local_cities):
        cities = tuple(params.local_cities)
        return _cut(ZERO, Rule.P4_6, Code.TAXI_WITHOUT_REASON, Variant.CONSENT, cities=cities)
    noted = _filled(item.from_place) and _filled(item.to_place) and _filled(item.note)
    if item.reason in _TAXI_REASONS and noted:
        if item.reason == TaxiReason.OTHER_SPECIAL and not _filled(item.reviewer_note):
            return _cut(ZERO, Rule.P4_6, Code.TAXI_WITHOUT_REASON, Variant.REVIEWER_NOTE)
        return _actual(item, Rule.P4_6)
    city = (item.city or "").strip()
    return _cut(ZERO, Rule.P4_6, Code.TAXI_WITHOUT_REASON, city=city)


def _price_lodging_meal_p3_4(item: ItemFacts, ctx: _Trip) -> _Priced:
    """P3.4: the allowance is flat, so meal and lodging receipts reimburse nothing."""
    return _cut(ZERO, Rule.P3_4, Code.COVERED_BY_ALLOWANCE, kind=item.kind)


def _percent(rate: Decimal) -> str:
    return format((rate * 100).normalize(), "f")


def _price_entertainment_p6_2(item: ItemFacts, ctx: _Trip) -> _Priced:
    """P6.2: a closed deal above the minimum order, up to the rate of the deal amount."""
    params = ctx.params
    deal = item.deal_amount
    if not item.deal_closed and item.deal_pending:
        return _cut(ZERO, Rule.P6_2, Code.ENTERTAINMENT_DEAL_PENDING)
    if not item.deal_closed or deal is None or deal <= params.entertainment_min_order:
        minimum = money_str(params.entertainment_min_order)
        return _cut(ZERO, Rule.P6_2, Code.ENTERTAINMENT_NOT_ELIGIBLE, minimum=minimum)
    cap = fen(deal * params.entertainment_rate)
    if item.amount > cap:
        rate = _percent(params.entertainment_rate)
        return _cut(cap, Rule.P6_2, Code.OVER_ENTERTAINMENT_CAP, rate=rate, cap=money_str(cap))
    return _actual(item, Rule.P6_2)


def _price_other_p9(item: ItemFacts, ctx: _Trip) -> _Priced:
    """P9: an expense the policy does not name waits for a reviewer's override."""
    return _cut(ZERO, Rule.P9, Code.NEEDS_REVIEW)


def _price_by_kind(item: ItemFacts, ctx: _Trip) -> _Priced:
    """The kind's own rule (P3.4, P4.1-P4.6, P6.2, P9)."""
    match item.kind:
        case ItemKind.TRAIN:
            return _price_train_p4_1(item, ctx)
        case ItemKind.COACH:
            return _price_coach_p4_2(item, ctx)
        case ItemKind.SHIP:
            return _price_ship_p4_3(item, ctx)
        case ItemKind.FLIGHT:
            return _price_flight_p4_4(item, ctx)
        case ItemKind.CITY_BUS:
            return _price_city_bus_p4_5(item, ctx)
        case ItemKind.TAXI | ItemKind.TRICYCLE:
            return _price_taxi_p4_6(item, ctx)
        case ItemKind.LODGING | ItemKind.MEAL:
            return _price_lodging_meal_p3_4(item, ctx)
        case ItemKind.ENTERTAINMENT:
            return _price_entertainment_p6_2(item, ctx)
        case ItemKind.OTHER:
            return _price_other_p9(item, ctx)
        case _:
            assert_never(item.kind)


def _price_item(item: ItemFacts, ctx: _Trip) -> _Priced:
    """One item under the one rule that prices it."""
    # An override stands alone (P9); P4.7 and P5.1 come before the kind's own rule.
    if item.override is not None:
        return _Priced(item.override.amount, Rule.OVERRIDE)
    if item.kind in TRANSPORT_KINDS:
        if ctx.trip.vehicle is not None:
            return _cut(ZERO, Rule.P4_7, Code.TRANSPORT_PROVIDED)
        beyond = item.date is not None and item.date > ctx.last_paid_day
        if beyond and ctx.days > ctx.paid_days and not ctx.params.tickets_beyond_paid_days:
            limit = ctx.paid_days_limit
            return _cut(ZERO, Rule.P5_1, Code.DAYS_OVER_LIMIT, Variant.TICKET, limit=limit)
    return _price_by_kind(item, ctx)


def _customers_past_limit_p6_1(trip: TripFacts, params: PolicyParams) -> bool:
    """P6.1 reading: a trip is self-paid only when every customer on it is past the limit."""
    limit = params.max_trips_per_customer
    return bool(trip.customers) and all(c.prior_trips >= limit for c in trip.customers)


def _trip_violation(
    rule: Rule, code: Code, variant: Variant = Variant.PLAIN, **figures: Figure
) -> Violation:
    """A trip-level violation (`item` null)."""
    return Violation(Finding(code, variant, figures), rule, None)


def _zeroing(ctx: _Trip, *, estimate: bool) -> list[Violation]:
    """The trip-level violations that zero every line but overrides (P1.3, P6.1, P6.3)."""
    trip, params = ctx.trip, ctx.params
    found: list[Violation] = []
    if not trip.approved and not estimate:
        found.append(_trip_violation(Rule.P1_3, Code.TRIP_NOT_APPROVED))
    if _customers_past_limit_p6_1(trip, params) and not estimate:
        limit = params.max_trips_per_customer
        found.append(_trip_violation(Rule.P6_1, Code.SAME_CUSTOMER_LIMIT, limit=limit))
    if trip.invited_colleague:
        found.append(_trip_violation(Rule.P6_3, Code.INVITED_COLLEAGUE))
    return found


def _days_over_limit_p5_1(ctx: _Trip) -> Finding:
    return Finding(Code.DAYS_OVER_LIMIT, figures={"days": ctx.days, "limit": ctx.paid_days_limit})


def _length_p5(ctx: _Trip) -> list[Violation]:
    """P5.1 days beyond the paid days, P5.2 absenteeism (trip-level)."""
    found: list[Violation] = []
    if ctx.days > ctx.paid_days_limit:
        found.append(Violation(_days_over_limit_p5_1(ctx), Rule.P5_1, None))
    if ctx.absent_days > 0:
        after, absent = ctx.absence_after, ctx.absent_days
        found.append(_trip_violation(Rule.P5_2, Code.ABSENTEEISM, after=after, absent=absent))
    return found


def _allowance_line_p3(ctx: _Trip) -> Line:
    """The allowance for the paid days at the trip's rate (P3.1-P3.3, P5.1)."""
    rate, rule = _allowance_rate_p3(ctx)
    cut = _days_over_limit_p5_1(ctx) if ctx.days > ctx.paid_days_limit else None
    return Line(ALLOWANCE, ALLOWANCE, ZERO, fen(rate * ctx.paid_days), rule, cut)


def _zero_line(line: Line, zeroing: Violation) -> Line:
    """A line on a zeroed trip: 0.00 under its own rule, unless overridden (P9)."""
    if line.rule == Rule.OVERRIDE:
        return line
    if line.cut is None and line.reimbursed > 0:
        return dataclasses.replace(line, reimbursed=ZERO, cut=zeroing.finding)
    return dataclasses.replace(line, reimbursed=ZERO)


def _after_trip_p7(ctx: _Trip, as_of: dt.date, due: dt.date) -> list[Violation]:
    """P7.1 late report, P7.2 unsigned visit feedback, P7.3 missing new-market report."""
    trip = ctx.trip
    found: list[Violation] = []
    submitted = trip.report_submitted
    # A report handed in on its due date is on time; an unsubmitted one is late after it.
    late = submitted > due if submitted is not None else as_of > due
    if late:
        found.append(_trip_violation(Rule.P7_1, Code.REPORT_OVERDUE, due=due.isoformat()))
    for customer in trip.customers:
        if not customer.feedback_signed:
            finding = Finding(Code.MISSING_VISIT_FEEDBACK, figures={"customer": customer.id})
            found.append(Violation(finding, Rule.P7_2, None, customer=customer.id))
    if trip.purpose == Purpose.NEW_MARKET and not trip.market_report:
        found.append(_trip_violation(Rule.P7_3, Code.MISSING_MARKET_REPORT))
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


def _priced_lines(claim: Claim, ctx: _Trip) -> tuple[list[Line], list[Violation]]:
    """The allowance line and every item's line, with the item-level violations in input order."""
    lines: list[Line] = [_allowance_line_p3(ctx)]
    violations: list[Violation] = []
    for item in claim.items:
        priced = _price_item(item, ctx)
        lines.append(
            Line(item.id, item.kind, item.amount, fen(priced.amount), priced.rule, priced.cut)
        )
        if priced.cut is not None:
            violations.append(Violation(priced.cut, priced.rule, item.id))
    return lines, violations


def _evaluation(
    ctx: _Trip,
    *,
    due: dt.date,
    lines: tuple[Line, ...],
    violations: tuple[Violation, ...],
    claimed: Decimal,
) -> Evaluation:
    """A claim's evaluation and a request's estimate take the same form: the trip's days and
    scope, the priced lines, the violations and the settlement against the advance (P8.2)."""
    totals, settlement = _settle_p8_2(lines, claimed, ctx.trip.advance)
    return Evaluation(
        policy_version=ctx.params.name,
        scope=ctx.scope,
        days=ctx.days,
        paid_days=ctx.paid_days,
        absent_days=ctx.absent_days,
        report_due=due,
        lines=lines,
        violations=violations,
        totals=totals,
        settlement=settlement,
    )


def evaluate(claim: Claim, params: PolicyParams) -> Evaluation:
    """Price every line of a claim under one policy version and list every violation (P8.1)."""
    trip = claim.trip
    ctx = _trip_p3_p5(trip, params)
    lines, item_violations = _priced_lines(claim, ctx)
    zeroing = _zeroing(ctx, estimate=False)
    if zeroing:
        lines = [_zero_line(line, zeroing[0]) for line in lines]
    due = trip.return_date + dt.timedelta(days=params.report_due_days)
    trip_level = sorted(zeroing + _length_p5(ctx), key=lambda v: _rule_key(v.rule))
    violations = (*trip_level, *item_violations, *_after_trip_p7(ctx, claim.as_of, due))
    claimed = sum((item.amount for item in claim.items), ZERO)
    return _evaluation(
        ctx, due=due, lines=tuple(lines), violations=tuple(violations), claimed=claimed
    )


def _customer_warnings_p6_1(trip: TripFacts, params: PolicyParams) -> list[Violation]:
    """The estimate's P6.1 warning for each customer already at the limit."""
    limit = params.max_trips_per_customer
    return [
        Violation(
            Finding(
                Code.SAME_CUSTOMER_LIMIT,
                Variant.CUSTOMER,
                {"customer": c.id, "prior": c.prior_trips, "limit": limit},
            ),
            Rule.P6_1,
            None,
            customer=c.id,
        )
        for c in trip.customers
        if c.prior_trips >= limit
    ]


def absent_days(trip: TripFacts, params: PolicyParams) -> int:
    """P5.2: the trip's days counted as absenteeism (the days after the limit, none on the
    GM's special case), as `estimate` and `evaluate` count them."""
    return _trip_p3_p5(trip, params).absent_days


def estimate(
    trip: TripFacts,
    params: PolicyParams,
    *,
    flight_requested: bool = False,
    today: dt.date | None = None,
) -> Evaluation:
    """The pre-trip estimate of a trip request: its allowance and the rules it would break.

    Given `today`, a trip not (or not in time) approved whose departure date is before it
    gets the P1.3 warning: it can no longer be approved on or before its departure. It is a
    warning, not a zeroing: the claim is evaluated on the actual dates."""
    ctx = _trip_p3_p5(trip, params)
    allowance = _allowance_line_p3(ctx)
    warnings: list[Violation] = _length_p5(ctx)
    if today is not None and not trip.approved and trip.depart < today:
        warnings.append(_trip_violation(Rule.P1_3, Code.TRIP_NOT_APPROVED, Variant.ESTIMATE))
    per_customer = _customer_warnings_p6_1(trip, params)
    warnings += per_customer
    zeroing = _zeroing(ctx, estimate=True)
    if _customers_past_limit_p6_1(trip, params):
        zeroing.insert(0, per_customer[0])
    if zeroing:
        allowance = _zero_line(allowance, zeroing[0])
    warnings += [v for v in zeroing if v.code == Code.INVITED_COLLEAGUE]
    if flight_requested and not trip.flight_preapproved:
        warnings.append(_trip_violation(Rule.P4_4, Code.FLIGHT_NOT_PREAPPROVED, Variant.ESTIMATE))
    return _evaluation(
        ctx,
        due=trip.return_date + dt.timedelta(days=params.report_due_days),
        lines=(allowance,),
        violations=tuple(sorted(warnings, key=lambda v: _rule_key(v.rule))),
        claimed=ZERO,
    )


def _rule_key(rule: Rule) -> tuple[int, ...]:
    """P5.1 < P6.1 < P10.2: rule numbers in numeric order."""
    return tuple(int(part) for part in rule.removeprefix("P").split(".") if part.isdigit())
