"""The claims' stored evaluations, by the real engine (parse_claim, evaluate,
evaluation_as_dict under the policy version in force on the actual departure), from facts
built in memory exactly as `trips.selectors.claim_input` builds them from the rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from fieldsales.demo.generate.trips.plans import ClaimPlan, Data, TripPlan, World, destinations
from fieldsales.org.models import Role
from fieldsales.policy import evaluate, evaluation_as_dict, parse_claim
from fieldsales.trips.models import AdvanceStatus, Claim, ClaimStatus, Trip
from fieldsales.trips.services.evaluation import store_evaluation

REIMBURSED = (ClaimStatus.APPROVED, ClaimStatus.SETTLED)


def evaluate_claims(world: World, plans: list[TripPlan]) -> int:
    """Every claim's stored evaluation, by the real engine, from facts built in memory as
    selectors.claim_input builds them from the rows."""
    reimbursed: dict[int, list[tuple[Any, date]]] = defaultdict(list)  # customer -> (trip, depart)
    existing = Claim.objects.filter(
        trip=OuterRef("trip_id"), corrects__isnull=True, status__in=REIMBURSED
    )
    for customer, trip_id, depart in Trip.customers.through.objects.filter(
        Exists(existing)
    ).values_list("customer_id", "trip_id", "trip__depart"):
        reimbursed[customer].append((trip_id, depart))
    for plan in plans:
        if any(c.doc.row.status in REIMBURSED for c in plan.claims):
            for customer in plan.customers:
                reimbursed[customer].append((plan, plan.depart))
    count = 0
    for plan in plans:
        for cp in plan.claims:
            claim = cp.doc.row
            store_evaluation(claim, _evaluation(world, plan, cp, reimbursed))
            count += 1
    return count


def _prior_trips(
    world: World, plan: TripPlan, customer: int, reimbursed: dict[int, list[tuple[Any, date]]]
) -> int:
    """P6.1 as selectors.prior_trips counts it: the other trips listing the customer whose claim
    was approved, departed after its last signed order."""
    last_order = world.customers[customer][7]
    return sum(
        1
        for trip, depart in reimbursed[customer]
        if trip is not plan and (last_order is None or depart > last_order)
    )


def _evaluation(
    world: World, plan: TripPlan, cp: ClaimPlan, reimbursed: dict[int, list[tuple[Any, date]]]
) -> Data:
    trip, report, claim, claimant = plan.trip, plan.report, cp.doc.row, cp.claimant
    depart, ret = (
        (report.actual_depart, report.actual_return) if report else (trip.depart, trip.return_date)
    )
    in_time = trip.approved_at is not None and timezone.localdate(trip.approved_at) <= depart
    invited = any(mate is claimant and flag for mate, flag in plan.companions)
    gm_approved = any(step.get("role") == Role.GM for step in trip.chain)
    signed = {c for c, _day, _at in plan.visits}
    advance = Decimal("0.00")
    if claimant is plan.traveller:
        for doc in plan.advances:
            a = doc.row
            if a.status == AdvanceStatus.PAID or (
                a.status == AdvanceStatus.SETTLED and a.repaid_at is None
            ):
                advance += a.amount
    facts = {
        "traveller_role": claimant.role or Role.SALESPERSON.value,
        "approved": in_time,
        "purpose": trip.purpose,
        "destinations": [
            {"province": p, "city": c} for _pc, p, _cc, c in destinations(world, plan)
        ],
        "depart": depart.isoformat(),
        "return": ret.isoformat(),
        "vehicle": trip.vehicle or None,
        "invited_colleague": invited,
        "flight_preapproved": bool(trip.flight_requested and gm_approved and in_time),
        "special_case": trip.special_case,
        "customers": [
            {
                "id": world.customers[c][1],
                "prior_trips": _prior_trips(world, plan, c, reimbursed),
                "feedback_signed": c in signed,
            }
            for c in plan.customers
        ],
        "market_report": bool(report and report.market_report.strip()),
        "report_submitted": report.submitted_on.isoformat() if report else None,
        "advance": f"{advance:.2f}",
    }
    items = [dict(item) for item in claim.items]
    overrides = {o.item: o for o in cp.overrides}
    consents = {c.item for c in cp.consents}
    for item in items:
        override = overrides.get(item["id"])
        if override is not None:
            amount = min(override.amount, Decimal(item["amount"]))
            item["override"] = {
                "amount": f"{amount:.2f}",
                "by": override.role,
                "reason": override.reason,
            }
        if item["id"] in consents:
            item["head_consent"] = True
    data = {"as_of": world.ctx.today.isoformat(), "trip": facts, "items": items}
    parsed = parse_claim(data, today=world.ctx.today)
    params = world.params[world.version(parsed.trip.depart)]
    return evaluation_as_dict(evaluate(parsed, params), "zh", figures=True) | {"input": data}
