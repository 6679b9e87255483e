"""The trips' claims: the receipts of each claimant, submitted after the report, decided step
by step with the reviewers' consents and overrides (now and then rejected once and submitted
again), and settled by finance."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from fieldsales.demo.generate.trips.plans import HOME, ClaimPlan, Data, Doc, TripPlan, World
from fieldsales.demo.generate.trips.workflow import audit, decide, submit, system
from fieldsales.org.models import Role
from fieldsales.policy import DEFAULT_POLICY
from fieldsales.policy.places import city_in, same_province
from fieldsales.trips.models import (
    AdvanceStatus,
    Claim,
    ClaimConsent,
    ClaimOverride,
    ClaimStatus,
    PayMethod,
    TripStatus,
)
from fieldsales.trips.services.evaluation import money_audit

REJECT_CLAIM = "票据与行程不符，请核对后重新提交。"


def _items(world: World, plan: TripPlan) -> list[Data]:
    """The receipts of one claimant: the fares there and back (none with a car), city buses,
    now and then a taxi, a hotel or meal bill (covered by the allowance) or another expense."""
    rng = world.rng
    city = world.customers[plan.customers[0]][5]
    out = not same_province(world.customers[plan.customers[0]][3], DEFAULT_POLICY.home_province)
    items: list[Data] = []

    def add(kind: str, day: date, **facts: Any) -> None:
        items.append({"id": f"i{len(items) + 1}", "kind": kind, "date": day.isoformat(), **facts})

    legs = ((plan.depart, HOME, city), (plan.ret, city, HOME))
    if not plan.vehicle:
        for day, there, back in legs:
            trip_ends = {"from": there, "to": back, "invoice": True}
            if plan.flight:
                add("flight", day, amount=world.amount(450, 1600), cabin="economy", **trip_ends)
            elif out and rng.random() < 0.2:
                hours = rng.randint(10, 15)
                add(
                    "train",
                    day,
                    amount=world.amount(180, 420),
                    seat="hard_sleeper",
                    hours=hours,
                    **trip_ends,
                )
            elif out:
                hours = rng.randint(2, 7)
                add(
                    "train",
                    day,
                    amount=world.amount(120, 700),
                    seat="second_class",
                    hours=hours,
                    **trip_ends,
                )
            elif rng.random() < 0.7:
                add(
                    "train",
                    day,
                    amount=world.amount(20, 110),
                    seat="second_class",
                    hours=1,
                    **trip_ends,
                )
            else:
                add("coach", day, amount=world.amount(25, 90), city=there, **trip_ends)
        for _ in range(rng.choice((0, 1, 1, 2))):
            home = city_in(city, DEFAULT_POLICY.home_region_cities)
            add("city_bus", rng.choice(legs)[0], amount=world.amount(1, 6), city=city, record=home)
        if rng.random() < 0.15:
            add(
                "taxi",
                plan.depart,
                amount=world.amount(15, 80),
                city=city,
                **{"from": "火车站", "to": "客户单位"},
                note="携带样品拜访客户",
            )
    if rng.random() < 0.08:
        add("lodging", plan.depart, amount=world.amount(160, 420), city=city, invoice=True)
    if rng.random() < 0.04:
        add("meal", plan.depart, amount=world.amount(30, 120), city=city)
    if rng.random() < 0.04:
        add(
            "other",
            plan.ret,
            amount=world.amount(20, 150),
            note="资料打印及样品快递费",
            invoice=True,
        )
    return items


def file_claims(world: World, plan: TripPlan) -> None:
    """The traveller's claim (and the companions' own) after the report: submitted, decided
    step by step (the head consents to a taxi, finance overrides another expense), settled."""
    rng, trip, report = world.rng, plan.trip, plan.report
    if report is None:
        return
    start = world.after(report.created_at, 1, 24 * 5)
    for advance in plan.advances:  # the claim is approved only once the advance is paid (7.3)
        if advance.row.status != AdvanceStatus.PAID:
            return
        start = max(start, world.after(advance.row.paid_at, 1, 4))
    claimants = [plan.traveller] + [
        mate for mate, invited in plan.companions if not invited and rng.random() < 0.6
    ]
    for person in claimants:
        own = person is plan.traveller
        created = start if own else world.after(start, 1, 30)
        if not world.done(created):
            continue
        claim = Claim(
            status=ClaimStatus.DRAFT,
            trip=trip,
            claimant=person.user,
            items=_items(world, plan),
            chain=[],
            created_at=created,
            updated_at=created,
        )
        doc = Doc(claim)
        cp = ClaimPlan(doc, person)
        plan.claims.append(cp)
        doc.audits.append(
            audit(
                person.user.pk,
                "create",
                created,
                "",
                ClaimStatus.DRAFT,
                data=lambda c=claim: money_audit(c),
            )
        )
        submitted = world.after(created, 0.1, 30)
        if not world.done(submitted):
            continue
        chain = world.chain("claim", plan.depart, person)
        rejected = rng.random() < 0.03
        for round_ in (1, 2):
            submit(doc, chain, person.user.pk, submitted, round_)
            doc.audits.append(
                audit(person.user.pk, "evaluate", submitted, data=lambda c=claim: money_audit(c))
            )
            if own:
                system(
                    plan.doc,
                    "claim_submitted",
                    submitted,
                    TripStatus.CLAIMED,
                    lambda c=claim: {"claim": c.pk},
                )
            decided = decide(
                world,
                doc,
                person,
                submitted,
                (4, 60),
                reject=REJECT_CLAIM if rejected and round_ == 1 else "",
                reviews=lambda step, user, at, cp=cp: _review(world, cp, step, user, at),
            )
            if claim.status != ClaimStatus.REJECTED or decided is None:
                break
            if own:
                system(
                    plan.doc,
                    "claim_rejected",
                    decided,
                    TripStatus.REPORTED,
                    lambda c=claim: {"claim": c.pk},
                )
            submitted = world.after(decided, 10, 60)
            if not world.done(submitted):
                break
        if claim.status != ClaimStatus.APPROVED or decided is None:
            continue
        approver = doc.approvals[-1]["user_id"]
        doc.audits.append(audit(approver, "evaluate", decided, data=lambda c=claim: money_audit(c)))
        if own:
            for advance in plan.advances:
                advance.row.settled_at = decided
                system(
                    advance,
                    "settle",
                    decided,
                    AdvanceStatus.SETTLED,
                    lambda c=claim: {"claim": c.pk},
                )
            system(
                plan.doc,
                "claim_approved",
                decided,
                TripStatus.SETTLED,
                lambda c=claim: {"claim": c.pk},
            )
        settled = world.after(decided, 20, 24 * 6)
        if not world.done(settled):
            continue
        finance = world.approver({"role": Role.FINANCE, "user": None}, person)
        claim.settled_at, claim.settled_by_id, claim.settled_on = (
            settled,
            finance,
            timezone.localdate(settled),
        )
        claim.settled_method = PayMethod.CASH if rng.random() < 0.15 else PayMethod.TRANSFER
        claim.settled_voucher = world.voucher(claim.settled_on)
        payment = {
            "method": claim.settled_method,
            "on": claim.settled_on.isoformat(),
            "voucher": claim.settled_voucher,
        }
        doc.audits.append(
            audit(finance, "settle", settled, claim.status, ClaimStatus.SETTLED, data=payment)
        )
        claim.status, claim.updated_at = ClaimStatus.SETTLED, settled


def _review(world: World, cp: ClaimPlan, step: Data, user: int, at: datetime) -> None:
    """What a reviewer states on the claim's lines at their step: the head consents to most
    taxis (P4.6), finance sets the amount of another expense (P9)."""
    claim = cp.doc.row
    for item in claim.items:
        if item["kind"] == "taxi" and step["role"] == Role.DEPT_HEAD and world.rng.random() < 0.7:
            cp.consents.append(
                ClaimConsent(
                    claim=claim,
                    item=item["id"],
                    note="同意：携带样品，公交不便",
                    by_id=user,
                    role=step["role"],
                    at=at - timedelta(minutes=5),
                    line=dict(item),
                )
            )
        if item["kind"] == "other" and step["role"] == Role.FINANCE:
            cp.overrides.append(
                ClaimOverride(
                    claim=claim,
                    item=item["id"],
                    amount=Decimal(item["amount"]),
                    reason="业务必需的资料打印及快递费，据实报销",
                    by_id=user,
                    role=step["role"],
                    at=at - timedelta(minutes=5),
                    line=dict(item),
                )
            )
