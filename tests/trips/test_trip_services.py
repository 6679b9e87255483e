"""One test of its own for each trips service that had none: called directly, on the database."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from factories import HANGZHOU, TAXI, TRAIN, AdvanceFactory, ClaimFactory, TripFactory
from helpers import png_data_url, today

from fieldsales.core.audit import audit_trail
from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken
from fieldsales.crm.models import Customer, VisitSignature
from fieldsales.trips import services
from fieldsales.trips.models import Claim, ClaimConsent, ClaimNote

pytestmark = pytest.mark.django_db

# A taxi in 义乌 for an "other special" reason: reimbursed only with a reviewer's note (P4.6 d).
TAXI_SPECIAL = {
    "id": "x2",
    "kind": "taxi",
    "amount": "30.00",
    "city": "义乌市",
    "reason": "other_special",
    "from": "义乌站",
    "to": "客户工厂",
    "note": "暴雨",
}


def c0001():
    return Customer.objects.get(code="C-0001")


# ---------------------------------------------------------------- trips


def test_trip_update_edits_a_draft_but_not_a_submitted_trip(cast):
    trip = TripFactory(traveller=cast["sales1"])

    services.trip_update(trip=trip, actor=cast["sales1"], data={"note": "改期", "vehicle": ""})

    trip.refresh_from_db()
    assert trip.note == "改期"
    assert audit_trail(trip).filter(action="edit").count() == 1
    with pytest.raises(Forbidden):
        services.trip_update(trip=trip, actor=cast["sales2"], data={"note": "x"})
    services.trip_submit(trip=trip, actor=cast["sales1"])
    with pytest.raises(InvalidTransition):
        services.trip_update(trip=trip, actor=cast["sales1"], data={"note": "再改"})


def test_trip_cancel_by_the_traveller_before_approval_only(cast):
    draft = TripFactory(traveller=cast["sales1"])
    approved = TripFactory(traveller=cast["sales1"], status="approved")

    assert services.trip_cancel(trip=draft, actor=cast["sales1"]).status == "cancelled"

    assert audit_trail(draft).last().action == "cancel"
    with pytest.raises(InvalidTransition):
        services.trip_cancel(trip=approved, actor=cast["sales1"])


def test_trip_special_case_p5_2_only_the_gm_with_a_reason(cast):
    trip = TripFactory(traveller=cast["sales1"], status="approved")
    with pytest.raises(Forbidden):
        services.trip_special_case(trip=trip, actor=cast["head"], reason="客户验收延期")
    with pytest.raises(RuleBroken):
        services.trip_special_case(trip=trip, actor=cast["gm"], reason=" ")

    marked = services.trip_special_case(trip=trip, actor=cast["gm"], reason="客户验收延期")

    assert (marked.special_case, marked.special_case_reason, marked.special_case_by) == (
        True,
        "客户验收延期",
        cast["gm"],
    )
    assert audit_trail(trip).get(action="special_case").data == {"rule": "P5.2"}


def test_trip_estimate_and_estimate_for_price_the_same_trip_alike(cast):
    data = {
        "purpose": "customer_visit",
        "destinations": HANGZHOU,
        "depart": today() + timedelta(days=1),
        "return_date": today() + timedelta(days=2),
        "customers": [c0001().pk],
    }
    trip = TripFactory(traveller=cast["sales1"], **data)

    saved = services.trip_estimate(trip=trip)
    typed = services.estimate_for(traveller=cast["sales1"], data=data)

    assert (saved["lines"][0]["reimbursed"], saved["lines"][0]["rule"]) == ("200.00", "P3.2")
    assert typed["lines"] == saved["lines"]
    assert typed["totals"] == saved["totals"]
    with pytest.raises(RuleBroken):
        services.estimate_for(traveller=cast["sales1"], data=data | {"purpose": "holiday"})


def filed_report(cast):
    """sales1's approved trip that started today, with its report filed (no visits in it)."""
    trip = TripFactory(
        traveller=cast["sales1"],
        depart=today(),
        return_date=today() + timedelta(days=1),
        customers=[c0001().pk],
        status="approved",
    )
    services.trip_report_file(
        trip=trip,
        actor=cast["sales1"],
        data={"route": "金华—杭州—金华", "results": "客户有意向", "visits": []},
    )
    return trip


def test_trip_visit_add_adds_signed_feedback_to_a_filed_report(cast):
    trip = filed_report(cast)
    entry = {
        "customer": c0001().pk,
        "visited_on": today(),
        "content": "介绍新款组件",
        "satisfaction": 4,
        "signer_name": "赵经理",
        "signature": png_data_url(),
    }
    with pytest.raises(Forbidden):
        services.trip_visit_add(trip=trip, actor=cast["sales2"], data=entry)

    visit = services.trip_visit_add(trip=trip, actor=cast["sales1"], data=entry)

    assert (visit.trip_id, visit.customer.code, visit.content) == (
        trip.pk,
        "C-0001",
        "介绍新款组件",
    )
    assert VisitSignature.objects.get(visit=visit).signer_name == "赵经理"
    assert audit_trail(trip).get(action="visit_added").data == {
        "visit": visit.pk,
        "customer": c0001().pk,
    }


# ---------------------------------------------------------------- advances


def test_advance_request_p2_within_the_limit_one_open_at_a_time(cast):
    trip = TripFactory(traveller=cast["sales1"], status="submitted")
    with pytest.raises(Forbidden):
        services.advance_request(trip=trip, actor=cast["sales2"], amount=Decimal("100.00"))
    with pytest.raises(RuleBroken):
        services.advance_request(trip=trip, actor=cast["sales1"], amount=Decimal("0"))

    advance = services.advance_request(
        trip=trip, actor=cast["sales1"], amount=Decimal("300.00"), reason="住宿押金"
    )

    assert (advance.status, advance.amount, advance.reason) == (
        "submitted",
        Decimal("300.00"),
        "住宿押金",
    )
    assert [step["role"] for step in advance.chain] == ["finance", "gm"]
    assert audit_trail(advance).get(action="submit").data == {"amount": "300.00"}
    with pytest.raises(RuleBroken, match="P2.4"):
        services.advance_request(trip=trip, actor=cast["sales1"], amount=Decimal("100.00"))


def test_advance_decide_p2_2_finance_then_the_gm(cast):
    advance = AdvanceFactory(trip=TripFactory(traveller=cast["sales1"], status="approved"))
    with pytest.raises(InvalidTransition):  # the GM's step comes second
        services.advance_decide(advance=advance, actor=cast["gm"], action="approve")

    services.advance_decide(advance=advance, actor=cast["finance"], action="approve")
    decided = services.advance_decide(
        advance=advance, actor=cast["gm"], action="approve", comment="同意"
    )

    assert decided.status == "approved"
    assert [(a.user, a.comment) for a in decided.approvals()] == [
        (cast["finance"], ""),
        (cast["gm"], "同意"),
    ]


def test_advance_pay_once_by_finance(cast):
    advance = AdvanceFactory(
        trip=TripFactory(traveller=cast["sales1"], status="approved"), status="approved"
    )
    with pytest.raises(Forbidden):
        services.advance_pay(advance=advance, actor=cast["gm"])

    paid = services.advance_pay(advance=advance, actor=cast["finance"])

    assert (paid.status, paid.paid_by) == ("paid", cast["finance"])
    assert paid.paid_at is not None
    with pytest.raises(InvalidTransition):
        services.advance_pay(advance=advance, actor=cast["finance"])


def test_advance_cancel_withdrawn_by_the_traveller_voided_by_finance(cast):
    submitted = AdvanceFactory(trip=TripFactory(traveller=cast["sales1"], status="approved"))

    withdrawn = services.advance_cancel(advance=submitted, actor=cast["sales1"])

    assert withdrawn.status == "cancelled"
    approved = AdvanceFactory(
        trip=TripFactory(traveller=cast["sales1"], status="approved"), status="approved"
    )
    with pytest.raises(InvalidTransition):  # the traveller withdraws only a submitted one
        services.advance_cancel(advance=approved, actor=cast["sales1"])
    voided = services.advance_cancel(advance=approved, actor=cast["finance"], comment="不再出差")
    assert voided.status == "cancelled"
    assert audit_trail(approved).last().action == "void"


def test_advance_repay_settles_a_paid_advance_for_its_exact_amount(cast):
    advance = AdvanceFactory(
        trip=TripFactory(traveller=cast["sales1"], status="approved"),
        amount=Decimal("300.00"),
        status="paid",
    )
    with pytest.raises(RuleBroken):
        services.advance_repay(advance=advance, actor=cast["finance"], amount=Decimal("100.00"))
    with pytest.raises(Forbidden):
        services.advance_repay(advance=advance, actor=cast["sales1"])

    repaid = services.advance_repay(advance=advance, actor=cast["finance"], amount=Decimal("300"))

    assert (repaid.status, repaid.repaid_amount, repaid.repaid_by) == (
        "settled",
        Decimal("300.00"),
        cast["finance"],
    )
    assert repaid.settled_at is not None


# ---------------------------------------------------------------- claims


def test_claim_create_prices_the_items_for_the_traveller_only(cast):
    trip = TripFactory(traveller=cast["sales1"], status="approved")
    with pytest.raises(Forbidden):
        services.claim_create(trip=trip, actor=cast["sales2"], items=[TRAIN])

    claim = services.claim_create(trip=trip, actor=cast["sales1"], items=[TRAIN, TAXI])

    assert (claim.status, claim.claimant, claim.claimed_total) == (
        "draft",
        cast["sales1"],
        Decimal("99.50"),
    )
    assert claim.evaluation["totals"]["claimed"] == "99.50"
    assert audit_trail(claim).get(action="create").to_status == "draft"


def test_claim_update_replaces_the_items_of_a_draft_and_reprices_it(cast):
    claim = ClaimFactory(trip=TripFactory(traveller=cast["sales1"], status="approved"))
    assert claim.claimed_total == Decimal("26.00")

    updated = services.claim_update(claim=claim, actor=cast["sales1"], items=[TAXI, TRAIN])

    assert updated.claimed_total == Decimal("99.50")
    assert [item["id"] for item in updated.items] == ["x1", "t1"]
    services.claim_submit(claim=claim, actor=cast["sales1"])
    with pytest.raises(InvalidTransition):
        services.claim_update(claim=claim, actor=cast["sales1"], items=[TRAIN])


def test_claim_note_p4_6_d_the_current_approver_explains_a_special_taxi(cast):
    trip = TripFactory(traveller=cast["sales1"], status="approved")
    claim = ClaimFactory(trip=trip, items=[TAXI_SPECIAL], status="submitted")
    with pytest.raises(Forbidden):
        services.claim_note(claim=claim, actor=cast["sales1"], item="x2", note="自己写")

    services.claim_note(claim=claim, actor=cast["head"], item="x2", note="暴雨无公交")

    note = ClaimNote.objects.get(claim=claim)
    assert (note.item, note.note, note.by, note.role) == (
        "x2",
        "暴雨无公交",
        cast["head"],
        "dept_head",
    )
    assert audit_trail(claim).get(action="note").data["rule"] == "P4.6"


def test_claim_consent_p4_6_only_the_head_at_their_own_step(cast):
    trip = TripFactory(traveller=cast["sales1"], status="approved")
    claim = ClaimFactory(trip=trip, items=[TAXI], status="submitted")
    with pytest.raises(Forbidden):
        services.claim_consent(claim=claim, actor=cast["finance"], item="x1", note="同意")

    services.claim_consent(claim=claim, actor=cast["head"], item="x1", note="同意")

    consent = ClaimConsent.objects.get(claim=claim)
    assert (consent.item, consent.by, consent.role) == ("x1", cast["head"], "dept_head")
    services.claim_decide(claim=claim, actor=cast["head"], action="approve")
    with pytest.raises(InvalidTransition):  # past the head's step
        services.claim_consent(claim=claim, actor=cast["head"], item="x1", note="再同意")


def test_claim_settle_by_finance_after_approval(cast):
    trip = TripFactory(traveller=cast["sales1"], status="approved")
    claim = ClaimFactory(trip=trip, items=[TRAIN], status="approved")
    with pytest.raises(Forbidden):
        services.claim_settle(claim=claim, actor=cast["sales1"])

    settled = services.claim_settle(claim=claim, actor=cast["finance"])

    assert (settled.status, settled.settled_by) == ("settled", cast["finance"])
    assert settled.settled_at is not None
    with pytest.raises(InvalidTransition):
        services.claim_settle(claim=claim, actor=cast["finance"])


def test_claim_correct_p8_3_a_new_draft_with_the_claimants_items(cast):
    trip = TripFactory(traveller=cast["sales1"], status="approved")
    draft = ClaimFactory(trip=trip, items=[TRAIN])
    with pytest.raises(InvalidTransition):  # a draft is edited, not corrected
        services.claim_correct(claim=draft, actor=cast["sales1"])
    services.claim_submit(claim=draft, actor=cast["sales1"])
    services.claim_decide(claim=draft, actor=cast["head"], action="approve")
    services.claim_decide(claim=draft, actor=cast["finance"], action="approve")

    correction = services.claim_correct(claim=draft, actor=cast["sales1"])

    assert (correction.status, correction.corrects_id, correction.trip_id) == (
        "draft",
        draft.pk,
        trip.pk,
    )
    assert [item["id"] for item in correction.items] == ["t1"]
    assert audit_trail(draft).get(action="corrected").data == {"correction": correction.pk}
    with pytest.raises(InvalidTransition):  # one correction per claim
        services.claim_correct(claim=Claim.objects.get(pk=draft.pk), actor=cast["sales1"])
