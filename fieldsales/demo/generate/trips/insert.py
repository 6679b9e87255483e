"""Into the database: the plans' rows with `ctx.bulk()` in the order that gives them their
ids (trips, destinations, customers, companions, advances, reports, the visits and their
signed feedback, claims, reviews, then the documents' Approval and audit rows)."""

from __future__ import annotations

from datetime import date

from django.db.models import Max
from django.utils import timezone

from fieldsales.core.models import Approval, AuditEvent
from fieldsales.crm.models import Customer
from fieldsales.crm.visits.feedback import SIGNED_FIELDS, visit_feedback_hash
from fieldsales.crm.visits.models import Visit, VisitSignature, VisitStatus
from fieldsales.demo.generate.org import person_name
from fieldsales.demo.generate.trips.plans import TripPlan, World, destinations
from fieldsales.trips.models import (
    Advance,
    Claim,
    ClaimConsent,
    ClaimOverride,
    Trip,
    TripCompanion,
    TripDestination,
    TripReport,
)

# A 1×1 PNG: the customer's drawn signature (pages show it as an image).
SIGNATURE_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
TITLES = ("采购经理", "总经理", "项目经理", "技术负责人", "办公室主任")
VISIT_CONTENT = ("介绍公司新款组件，客户了解价格和交期。", "回访项目使用情况，客户反馈良好。")


def insert(world: World, plans: list[TripPlan]) -> None:
    ctx = world.ctx
    ctx.bulk(Trip, (p.trip for p in plans))
    ctx.bulk(
        TripDestination,
        (
            TripDestination(
                trip=p.trip, seq=seq, province_code=pc, province=pn, city_code=cc, city=cn
            )
            for p in plans
            for seq, (pc, pn, cc, cn) in enumerate(destinations(world, p))
        ),
    )
    through = Trip.customers.through
    ctx.bulk(
        through, (through(trip_id=p.trip.pk, customer_id=c) for p in plans for c in p.customers)
    )
    ctx.bulk(
        TripCompanion,
        (
            TripCompanion(trip=p.trip, user=m.user, invited=inv)
            for p in plans
            for m, inv in p.companions
        ),
    )
    for p in plans:
        for a in p.advances:
            a.row.trip = p.trip
        if p.report is not None:
            p.report.trip = p.trip
        for c in p.claims:
            c.doc.row.trip = p.trip
    ctx.bulk(Advance, (a.row for p in plans for a in p.advances))
    ctx.bulk(TripReport, (p.report for p in plans if p.report is not None))
    _insert_visits(world, plans)
    ctx.bulk(Claim, (c.doc.row for p in plans for c in p.claims))
    for p in plans:
        for c in p.claims:
            for review in (*c.overrides, *c.consents):
                review.claim = c.doc.row
    ctx.bulk(ClaimOverride, (o for p in plans for c in p.claims for o in c.overrides))
    ctx.bulk(ClaimConsent, (o for p in plans for c in p.claims for o in c.consents))
    docs = [
        (model, doc)
        for p in plans
        for model, doc in (
            [(Trip, p.doc)]
            + [(Advance, a) for a in p.advances]
            + [(Claim, c.doc) for c in p.claims]
        )
    ]
    ctx.bulk(
        Approval,
        (
            Approval(content_type=world.content_types[model], object_id=doc.row.pk, **row)
            for model, doc in docs
            for row in doc.approvals
        ),
    )
    ctx.bulk(
        AuditEvent,
        (
            AuditEvent(
                content_type=world.content_types[model],
                object_id=doc.row.pk,
                **(row | {"data": row["data"]() if callable(row["data"]) else row["data"]}),
            )
            for model, doc in docs
            for row in doc.audits
        ),
    )


def _insert_visits(world: World, plans: list[TripPlan]) -> None:
    """P7.2: each signed customer's visit, filed with the report, and its sealed feedback
    (trips.services.reports through crm.visits.feedback.trip_visit_file)."""
    rng, ctx = world.rng, world.ctx
    # A salesperson's visits of a day are numbered 1, 2, ... (the CRM part's come first).
    seqs: dict[tuple[int, date], int] = {
        (row["salesperson_id"], row["date"]): row["last"]
        for row in Visit.objects.values("salesperson_id", "date")
        .annotate(last=Max("seq"))
        .order_by()
    }
    rows = []
    for p in plans:
        for customer, day, at in p.visits:
            key = (p.traveller.user.pk, day)
            seq = seqs[key] = seqs.get(key, 0) + 1
            visit = Visit(
                customer=Customer(pk=customer, code=world.customers[customer][1]),
                salesperson=p.traveller.user,
                status=VisitStatus.CHECKED_OUT,
                date=day,
                seq=seq,
                purpose=f"出差拜访（{p.trip.number}）",
                trip=p.trip,
                content=rng.choice(VISIT_CONTENT),
                recorded_at=at,
                recorded_late=day != timezone.localdate(at),
                created_at=at,
                updated_at=at,
            )
            p.visit_rows.append(visit)
            rows.append(visit)
    ctx.bulk(Visit, rows)
    signatures = []
    for visit in rows:
        signed = VisitSignature(
            visit=visit,
            version=visit.record_version,
            signer_name=person_name(ctx),
            signer_title=rng.choice(TITLES),
            signature_png=SIGNATURE_PNG,
            signed_at=visit.recorded_at.replace(microsecond=0),
            **{key: getattr(visit, key) for key in SIGNED_FIELDS},
        )
        signed.seal_key, signed.content_hash = visit_feedback_hash(signed)
        signatures.append(signed)
    ctx.bulk(VisitSignature, signatures)
