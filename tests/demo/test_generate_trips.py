"""`fieldsales generate --size tiny`'s trips part (issue 15.1): the share of trips, their
documents where the workflow would leave them, and the claims' stored evaluations equal to
what the engine computes for them now.

The company is conftest's `tiny_company` (`generate --size tiny --seed 7`), kept for the module
inside a transaction rolled back at the end; each test reads it inside its own savepoint.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.test import Client
from django.utils import timezone

from fieldsales.core.models import Approval, Decision
from fieldsales.core.templatetags.fieldsales import money
from fieldsales.core.workflow import may_decide
from fieldsales.crm.visits.feedback import visit_feedback_intact
from fieldsales.crm.visits.models import VisitSignature
from fieldsales.trips.models import (
    Advance,
    AdvanceStatus,
    Claim,
    ClaimStatus,
    Trip,
    TripStatus,
)
from fieldsales.trips.policy_settings import settings_in_force
from fieldsales.trips.services.evaluation import evaluate_claim

NOT_TRAVELLING = (TripStatus.DRAFT, TripStatus.REJECTED, TripStatus.CANCELLED)
REIMBURSED = (ClaimStatus.APPROVED, ClaimStatus.SETTLED)


@pytest.fixture
def generated(tiny_company, db):
    return tiny_company.ctx


def _trips(ctx):
    return Trip.objects.filter(pk__in=[row[0] for row in ctx.extra["trips"]])


def test_generate_tiny_makes_the_sizes_share_of_trips_for_every_salesperson(generated):
    ctx = generated
    trips = _trips(ctx)
    assert trips.count() == ctx.count("trips") == len(ctx.extra["trips"])
    travellers = set(trips.values_list("traveller_id", flat=True))
    assert {ctx.users["sales1"].pk, ctx.users["sales2"].pk} <= travellers
    assert travellers == {u.pk for u in ctx.salespeople}
    today = timezone.localdate()
    assert trips.order_by("depart").first().depart <= today - timedelta(days=365 * 3 - 30)
    assert trips.filter(customers__isnull=True).count() == 0
    assert trips.filter(destinations__isnull=True).count() == 0


def test_generated_trips_are_mostly_settled_and_the_recent_ones_still_in_flight(generated):
    trips = _trips(generated)
    settled = trips.filter(status=TripStatus.SETTLED)
    assert settled.count() > trips.count() * 3 // 4
    in_flight = trips.exclude(status__in=[TripStatus.SETTLED, TripStatus.CANCELLED])
    assert in_flight.exists()
    old = timezone.localdate() - timedelta(days=60)
    assert not trips.filter(depart__lt=old, status=TripStatus.SUBMITTED).exists()


def test_generated_claims_store_what_the_engine_computes_for_them_now(generated):
    claims = Claim.objects.filter(trip__in=_trips(generated)).select_related("trip")
    assert claims.count() > generated.count("trips") // 2
    for claim in claims:
        now = json.loads(json.dumps(evaluate_claim(claim)))
        assert claim.evaluation == now, claim.number
        assert claim.reimbursed_total == Decimal(now["totals"]["reimbursed"])
        assert claim.claimed_total == Decimal(now["totals"]["claimed"])


def test_generated_claims_settle_against_the_paid_advance(generated):
    claims = Claim.objects.filter(trip__in=_trips(generated))
    for claim in claims:
        paid = sum(
            a.amount
            for a in Advance.objects.filter(trip=claim.trip_id, traveller=claim.claimant_id)
            if a.status == AdvanceStatus.PAID
            or (a.status == AdvanceStatus.SETTLED and a.repaid_at is None)
        )
        assert claim.advance_deducted == paid, claim.number
        balance = claim.reimbursed_total - claim.advance_deducted
        assert claim.pay_to_traveller - claim.return_to_company == balance
        assert min(claim.pay_to_traveller, claim.return_to_company) == 0
        if claim.status == ClaimStatus.SETTLED:
            assert claim.settled_on and claim.settled_voucher and claim.settled_by_id
    own = claims.filter(claimant=F("trip__traveller")).select_related("trip")
    for claim in own:
        expected = {
            ClaimStatus.DRAFT: TripStatus.REPORTED,
            ClaimStatus.REJECTED: TripStatus.REPORTED,
            ClaimStatus.SUBMITTED: TripStatus.CLAIMED,
            ClaimStatus.APPROVED: TripStatus.SETTLED,
            ClaimStatus.SETTLED: TripStatus.SETTLED,
        }[claim.status]
        assert claim.trip.status == expected, claim.number
    # An advance closes with its trip's approved claim, or is returned when none will come.
    for advance in Advance.objects.filter(trip__in=_trips(generated), status=AdvanceStatus.SETTLED):
        assert (
            advance.repaid_at is not None
            or Claim.objects.filter(
                trip=advance.trip_id, claimant=advance.traveller_id, status__in=REIMBURSED
            ).exists()
        )


def test_generated_trips_never_take_one_person_twice_on_the_same_day(generated):
    days: dict[int, list[tuple]] = defaultdict(list)
    live = Trip.objects.exclude(status__in=NOT_TRAVELLING).prefetch_related("companions")
    for trip in live:
        for person in [trip.traveller_id, *(c.user_id for c in trip.companions.all())]:
            days[person].append((trip.depart, trip.return_date, trip.pk))
    for spans in days.values():
        spans.sort()
        for (_d1, r1, t1), (d2, _r2, t2) in zip(spans, spans[1:], strict=False):
            assert d2 > r1, (t1, t2)


def test_generated_advances_keep_the_limit_and_one_open_at_a_time(generated):
    advances = Advance.objects.filter(trip__in=_trips(generated)).select_related("trip")
    assert advances.exists()
    open_ones: dict[int, int] = defaultdict(int)
    for advance in Advance.objects.filter(status__in=Advance.OPEN):
        open_ones[advance.traveller_id] += 1
    assert all(n == 1 for n in open_ones.values())
    for advance in advances:
        assert advance.amount <= settings_in_force(advance.trip.depart).advance_max
        if advance.status in (AdvanceStatus.PAID, AdvanceStatus.SETTLED):
            assert advance.paid_at and advance.paid_voucher and advance.paid_by_id


def test_generated_documents_wait_for_the_approver_their_chain_names(generated):
    User = get_user_model()
    waiting = [
        *Trip.objects.filter(status=TripStatus.SUBMITTED),
        *Advance.objects.filter(status=AdvanceStatus.SUBMITTED),
        *Claim.objects.filter(status=ClaimStatus.SUBMITTED),
    ]
    assert waiting
    for document in waiting:
        step = document.chain[document.step]
        assert (document.pending_role, document.pending_user_id) == (step["role"], step["user"])
        approver = (
            User.objects.get(pk=step["user"])
            if step["user"]
            else generated.users["gm" if step["role"] == "gm" else "finance"]
        )
        assert may_decide(document=document, user=approver), document.number
        decided = document.approvals().filter(round=document.round)
        assert [a.step for a in decided] == list(range(document.step))
    for trip in _trips(generated).filter(status=TripStatus.SETTLED):
        decisions = trip.approvals().filter(round=trip.round, decision=Decision.APPROVE)
        assert decisions.count() == len(trip.chain)
    assert Approval.objects.filter(decision=Decision.REJECT).exclude(comment="").exists()


def test_generated_visit_feedback_is_sealed_and_intact(generated):
    signatures = VisitSignature.objects.filter(visit__trip__in=_trips(generated))
    assert signatures.exists()
    for signature in signatures.select_related("visit__customer", "visit__salesperson")[:50]:
        assert visit_feedback_intact(signature)


@pytest.mark.parametrize("username", ["sales1", "head", "finance", "gm"])
def test_generated_trips_pages_open_for_each_role(generated, username):
    client = Client()
    client.force_login(generated.users[username])
    claim = (
        Claim.objects.filter(trip__in=_trips(generated))
        .filter(Q(claimant__username=username) | Q(claimant__username="sales1"))
        .order_by("-pk")
        .first()
    )
    for url in ("/trips/", "/claims/", "/approvals/", f"/claims/{claim.pk}/", "/api/trips/"):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert money(claim.evaluation["totals"]["reimbursed"]) in page
    assert all(line["rule"] in page for line in claim.evaluation["lines"])
