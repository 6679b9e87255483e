"""The generator's trips part: three years of trips with the paper trail the services leave.

Every salesperson (sales1 and sales2 first) gets an equal share of `ctx.count("trips")` trips
between three years ago and a month ahead, to one to four of their own customers (the trip's
destinations are those customers' cities); no person is ever on two live trips on one day
(companions included, the demo's own trips too). Each trip's whole life is drawn first:
created, submitted, each approval of its chain, an advance (at most the policy's limit, only
when no other is open: requested, approved, paid), the report with the visits' signed
feedback (P7.2), the claim (created, submitted, each approval, finance's settlement) and the
companions' own claims. Whatever falls after now has not happened yet, so recent trips are
where the workflow would hold them today (drafts, trips waiting for approval, approved trips
with an advance to pay, claims in review) and older ones are settled. A few trips are
cancelled, rejected, approved only after they departed (P1.3), reported but never claimed
(the advance returned), or have a claim rejected once and submitted again.

Documents carry what the machine would have written: chain, step, round, the pending fields,
core Approval rows and the audit trail, dated as they happened. A claim's evaluation is the
real engine's (parse_claim, evaluate, evaluation_as_dict, under the policy version in force
on the actual departure), from facts built in memory exactly as `trips.selectors.claim_input`
builds them: P6.1's prior trips per customer (every other trip listing the customer whose
claim was approved, departed after the customer's last signed order), the signed feedback,
the paid advance, the reviewers' overrides (P9) and consents (P4.6). The evaluations are as
the engine computes them when this part runs (a later part that changes a customer's
`last_order_signed` makes them what a claim approved before that order shows).

Rows go in with `ctx.bulk()`; the only queries read what is already there once each (policy
versions, customers, roles, the chains per department, the demo's trips and advances).

`ctx.extra` keys this part fills, for the parts after it:
- "trips": [(trip id, traveller id, department id, depart, return_date, status,
  (customer id, ...))] for every generated trip;
- "trip_days": {user id: {date, ...}}: the days each salesperson is away on a live trip
  (traveller or companion; drafts, rejected and cancelled trips excluded), demo trips
  included;
- "claims": [(claim id, trip id, claimant id, status, reimbursed_total)].

The steps are this package's modules: `plans` (the plans in memory and the World read once),
`schedule` (who goes where, when), `life` (each trip's request and approvals, in order),
`workflow` (the machine's moves, by hand), `advances`, `reports`, `claims` (with finance's
settlement), `evaluation` (the engine) and `insert` (into the database).
"""

from __future__ import annotations

import time as time_module
from datetime import datetime, time

from django.utils import timezone

from fieldsales.core.models import Approval, AuditEvent
from fieldsales.crm.visits.models import Visit
from fieldsales.demo.generate import Context
from fieldsales.demo.generate.selling import explicit_times
from fieldsales.demo.generate.trips.evaluation import evaluate_claims
from fieldsales.demo.generate.trips.insert import insert
from fieldsales.demo.generate.trips.life import trip_life
from fieldsales.demo.generate.trips.plans import Person, TripPlan, World, days_between
from fieldsales.demo.generate.trips.schedule import schedule
from fieldsales.trips.models import (
    Advance,
    Claim,
    ClaimConsent,
    ClaimOverride,
    Trip,
    TripCompanion,
    TripReport,
    TripStatus,
)

NOT_TRAVELLING = (TripStatus.DRAFT, TripStatus.REJECTED, TripStatus.CANCELLED)


def generate(ctx: Context) -> None:
    """Three years of trips, advances, reports, claims with their evaluations, settlements."""
    now = timezone.now()
    if ctx.today != timezone.localdate(now):
        now = datetime.combine(ctx.today, time(12), tzinfo=timezone.get_current_timezone())
    world = World(ctx, now)
    people = {
        u.pk: Person(u, ctx.department_of.get(u.pk), world.roles.get(u.pk, ""))
        for u in ctx.salespeople
    }
    _mark_existing(people)
    started = time_module.monotonic()
    plans = schedule(world, people)
    for plan in sorted(plans, key=lambda p: (p.depart, p.traveller.user.pk)):
        trip_life(world, plan)
    drawn = time_module.monotonic()
    evaluated = evaluate_claims(world, plans)
    engine = time_module.monotonic()
    with explicit_times(
        Trip, Advance, Claim, TripReport, Visit, Approval, AuditEvent, ClaimOverride, ClaimConsent
    ):
        insert(world, plans)
    _share(ctx, plans, people)
    ctx.log(
        f"    {len(plans)} trips, {sum(len(p.advances) for p in plans)} advances, "
        f"{evaluated} claims: drawn in {drawn - started:.1f} s, evaluated by the engine in "
        f"{engine - drawn:.1f} s, inserted in {time_module.monotonic() - engine:.1f} s"
    )


def _mark_existing(people: dict[int, Person]) -> None:
    """The days the demo's own live trips take, and its open advances (P2.4)."""
    live = Trip.objects.exclude(status__in=NOT_TRAVELLING)
    dates = ("depart", "return_date", "report__actual_depart", "report__actual_return")
    rows = list(live.values_list("traveller_id", *dates))
    rows += list(
        TripCompanion.objects.filter(trip__in=live).values_list(
            "user_id", *(f"trip__{d}" for d in dates)
        )
    )
    for user_id, depart, ret, actual_depart, actual_return in rows:
        if user_id in people:
            first = min(depart, actual_depart or depart)
            last = max(ret, actual_return or ret)
            people[user_id].days.update(days_between(first, last))
    open_advances = Advance.objects.filter(status__in=Advance.OPEN)
    for user_id in open_advances.values_list("traveller_id", flat=True):
        if user_id in people:
            people[user_id].advance_open = True


def _share(ctx: Context, plans: list[TripPlan], people: dict[int, Person]) -> None:
    ctx.extra["trips"] = [
        (
            p.trip.pk,
            p.traveller.user.pk,
            p.traveller.department_id,
            p.depart,
            p.ret,
            p.trip.status,
            tuple(p.customers),
        )
        for p in plans
    ]
    ctx.extra["trip_days"] = {pk: set(person.days) for pk, person in people.items()}
    ctx.extra["claims"] = [
        (c.doc.row.pk, p.trip.pk, c.claimant.user.pk, c.doc.row.status, c.doc.row.reimbursed_total)
        for p in plans
        for c in p.claims
    ]
