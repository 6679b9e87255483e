"""trips/rules.py: each `can_<action>` allows its actor and denies the others with a reason
and the status api.md orders (403 who, 409 state, 400 rule); roles count in any number."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from helpers import approved_trip, days_from_today

from fieldsales.crm.models import Customer
from fieldsales.org.access import Allowed, Denied
from fieldsales.org.models import RoleGrant
from fieldsales.trips import rules
from fieldsales.trips.models import Advance, Claim, Trip


def fresh(username: str):
    """The user as a new request would load them (no roles cached from before a grant)."""
    return get_user_model().objects.select_related("employee").get(username=username)


def grant(username: str, role: str):
    RoleGrant.objects.create(employee=fresh(username).employee, role=role)
    return fresh(username)


def trip_of(pk: int) -> Trip:
    return Trip.objects.get(pk=pk)


def draft_trip(api, username: str = "sales1", **extra) -> int:
    body = {
        "purpose": "customer_visit",
        "destinations": [{"province": "浙江", "city": "杭州"}],
        # Not the days of helpers.approved_trip: one person is on one trip a day (7.7).
        "depart": days_from_today(10),
        "return": days_from_today(11),
        "customers": [Customer.objects.get(code="C-0001").pk],
    } | extra
    response = api(username).post("/api/trips/", body, format="json")
    assert response.status_code == 201, response.data
    return response.data["id"]


def submitted_trip(api) -> int:
    pk = draft_trip(api)
    assert api("sales1").post(f"/api/trips/{pk}/submit/").status_code == 200
    return pk


def approved_advance(api) -> Advance:
    trip = approved_trip(api)
    response = api("sales1").post(
        "/api/advances/", {"trip": trip, "amount": "500.00"}, format="json"
    )
    assert response.status_code == 201, response.data
    pk = response.data["id"]
    assert api("finance").post(f"/api/advances/{pk}/approve/").status_code == 200
    assert api("gm").post(f"/api/advances/{pk}/approve/").status_code == 200
    return Advance.objects.get(pk=pk)


def claim_on(api, trip: int, username: str = "sales1") -> Claim:
    response = api(username).post("/api/claims/", {"trip": trip, "items": []}, format="json")
    assert response.status_code == 201, response.data
    return Claim.objects.get(pk=response.data["id"])


def denied(verdict, status: int) -> str:
    assert isinstance(verdict, Denied), verdict
    assert verdict.status == status, verdict
    assert verdict.reason
    return verdict.reason


# ---------------------------------------------------------------- trips


def test_can_edit_trip_traveller_while_draft_others_403_submitted_409(api, cast):
    pk = draft_trip(api)
    assert rules.can_edit_trip(cast["sales1"], trip_of(pk)) == Allowed()
    denied(rules.can_edit_trip(cast["head"], trip_of(pk)), 403)
    api("sales1").post(f"/api/trips/{pk}/submit/")
    denied(rules.can_edit_trip(cast["sales1"], trip_of(pk)), 409)


def test_can_cancel_trip_traveller_until_approved(api, cast):
    pk = submitted_trip(api)
    assert rules.can_cancel_trip(cast["sales1"], trip_of(pk))
    denied(rules.can_cancel_trip(cast["gm"], trip_of(pk)), 403)
    approved = approved_trip(api)
    denied(rules.can_cancel_trip(cast["sales1"], trip_of(approved)), 409)


def test_can_decide_only_the_current_steps_approver(api, cast):
    pk = submitted_trip(api)
    assert rules.can_decide(cast["head"], trip_of(pk))
    assert "自己" in denied(rules.can_decide(cast["sales1"], trip_of(pk)), 403)
    denied(rules.can_decide(cast["gm"], trip_of(pk)), 403)  # the GM's step comes second
    approved = approved_trip(api)
    denied(rules.can_decide(cast["gm"], trip_of(approved)), 409)


def test_can_special_case_gm_by_any_of_their_roles(api, cast):
    pk = approved_trip(api)
    assert rules.can_special_case(cast["gm"], trip_of(pk))
    assert "总经理" in denied(rules.can_special_case(fresh("head"), trip_of(pk)), 403)
    # A head who also holds the GM's role (RoleGrant) may record it, as the GM may.
    assert rules.can_special_case(grant("head", "gm"), trip_of(pk))
    # Nobody records a special case for their own trip, whatever roles they hold.
    denied(rules.can_special_case(grant("sales1", "gm"), trip_of(pk)), 403)


def test_can_special_case_not_once_the_trip_is_over(api, cast):
    pk = draft_trip(api)
    api("sales1").post(f"/api/trips/{pk}/cancel/")
    denied(rules.can_special_case(cast["gm"], trip_of(pk)), 409)


def test_can_report_traveller_once_approved(api, cast):
    pk = submitted_trip(api)
    denied(rules.can_report(cast["sales1"], trip_of(pk)), 409)
    approved = approved_trip(api)
    assert rules.can_report(cast["sales1"], trip_of(approved))
    denied(rules.can_report(cast["head"], trip_of(approved)), 403)


def test_can_add_visit_needs_the_report_first(api, cast):
    pk = approved_trip(api)
    assert "报告" in denied(rules.can_add_visit(cast["sales1"], trip_of(pk)), 409)
    denied(rules.can_add_visit(cast["sales2"], trip_of(pk)), 403)


def test_can_advance_traveller_submitted_or_approved_trip(api, cast):
    draft = draft_trip(api)
    denied(rules.can_advance(cast["sales1"], trip_of(draft)), 409)
    pk = submitted_trip(api)
    assert rules.can_advance(cast["sales1"], trip_of(pk))
    denied(rules.can_advance(cast["sales2"], trip_of(pk)), 403)


def test_can_advance_refused_by_p2_1_once_the_claim_is_sent(api, cast):
    pk = approved_trip(api)
    claim = claim_on(api, pk)
    api("sales1").post(f"/api/claims/{claim.pk}/submit/")
    assert "P2.1" in denied(rules.can_advance(cast["sales1"], trip_of(pk)), 400)


def test_can_claim_traveller_and_companion_once_each(api, cast):
    pk = draft_trip(api, companions=[{"user": "sales2"}])
    denied(rules.can_claim(cast["sales1"], trip_of(pk)), 409)
    api("sales1").post(f"/api/trips/{pk}/submit/")
    api("head").post(f"/api/trips/{pk}/approve/")
    api("gm").post(f"/api/trips/{pk}/approve/")
    assert rules.can_claim(cast["sales1"], trip_of(pk))
    assert rules.can_claim(cast["sales2"], trip_of(pk))
    denied(rules.can_claim(cast["head"], trip_of(pk)), 403)
    claim_on(api, pk)
    denied(rules.can_claim(cast["sales1"], trip_of(pk)), 400)


# ---------------------------------------------------------------- advances


def test_can_pay_void_finance_on_an_approved_advance(api, cast):
    advance = approved_advance(api)
    assert rules.can_pay(cast["finance"], advance)
    assert rules.can_void(cast["finance"], advance)
    denied(rules.can_pay(fresh("head"), advance), 403)
    denied(rules.can_void(cast["sales1"], advance), 403)
    denied(rules.can_repay(cast["finance"], advance), 409)  # not paid yet
    denied(rules.can_cancel_advance(cast["sales1"], advance), 409)  # approved already


def test_can_pay_by_a_granted_finance_role_but_never_ones_own(api, cast):
    advance = approved_advance(api)
    assert rules.can_pay(grant("head", "finance"), advance)
    # sales1 holding finance as a second role still may not pay their own advance.
    denied(rules.can_pay(grant("sales1", "finance"), advance), 403)


def test_can_pay_refused_once_the_trip_is_claimed_and_approved(api, cast):
    advance = approved_advance(api)
    Claim.objects.create(
        trip=advance.trip, claimant=cast["sales1"], status="approved", items=[]
    )  # as if approved: a paid-out advance would now be paid twice
    assert "报销单" in denied(rules.can_pay(cast["finance"], advance), 409)


def test_can_repay_finance_on_a_paid_advance_without_a_claim(api, cast):
    advance = approved_advance(api)
    api("finance").post(f"/api/advances/{advance.pk}/pay/")
    advance.refresh_from_db()
    assert rules.can_repay(cast["finance"], advance)
    denied(rules.can_repay(cast["gm"], advance), 403)
    claim = claim_on(api, advance.trip_id)
    api("sales1").post(f"/api/claims/{claim.pk}/submit/")
    denied(rules.can_repay(cast["finance"], advance), 409)


def test_can_cancel_advance_traveller_while_submitted(api, cast):
    trip = approved_trip(api)
    response = api("sales1").post(
        "/api/advances/", {"trip": trip, "amount": "300.00"}, format="json"
    )
    advance = Advance.objects.get(pk=response.data["id"])
    assert advance.status == "submitted"
    assert rules.can_cancel_advance(cast["sales1"], advance)
    denied(rules.can_cancel_advance(cast["finance"], advance), 403)


# ---------------------------------------------------------------- claims


def test_can_edit_claim_claimant_while_draft(api, cast):
    claim = claim_on(api, approved_trip(api))
    assert rules.can_edit_claim(cast["sales1"], claim)
    denied(rules.can_edit_claim(cast["head"], claim), 403)
    api("sales1").post(f"/api/claims/{claim.pk}/submit/")
    claim.refresh_from_db()
    denied(rules.can_edit_claim(cast["sales1"], claim), 409)


def approved_claim(api) -> Claim:
    claim = claim_on(api, approved_trip(api))
    api("sales1").post(f"/api/claims/{claim.pk}/submit/")
    api("head").post(f"/api/claims/{claim.pk}/approve/")
    api("finance").post(f"/api/claims/{claim.pk}/approve/")
    claim.refresh_from_db()
    assert claim.status == "approved"
    return claim


def test_can_settle_finance_on_an_approved_claim(api, cast):
    claim = approved_claim(api)
    assert rules.can_settle(cast["finance"], claim)
    denied(rules.can_settle(fresh("head"), claim), 403)
    assert rules.can_settle(grant("head", "finance"), claim)
    denied(rules.can_settle(grant("sales1", "finance"), claim), 403)  # their own claim


def test_can_correct_claimant_once_approved_and_only_once(api, cast):
    claim = approved_claim(api)
    assert rules.can_correct(cast["sales1"], claim)
    denied(rules.can_correct(cast["finance"], claim), 403)
    api("sales1").post(f"/api/claims/{claim.pk}/correct/")
    denied(rules.can_correct(cast["sales1"], claim), 409)


def test_can_review_and_consent_at_the_heads_step(api, cast):
    claim = claim_on(api, approved_trip(api))
    denied(rules.can_review(cast["head"], claim, what="调整金额"), 409)  # a draft
    api("sales1").post(f"/api/claims/{claim.pk}/submit/")
    claim.refresh_from_db()
    assert rules.can_review(cast["head"], claim, what="调整金额")
    assert rules.can_consent(cast["head"], claim)
    denied(rules.can_review(cast["finance"], claim, what="调整金额"), 403)
    denied(rules.can_consent(cast["finance"], claim), 403)
    api("head").post(f"/api/claims/{claim.pk}/approve/")
    claim.refresh_from_db()
    assert rules.can_review(cast["finance"], claim, what="调整金额")
    # The head's step is over: their consent now is a 409, finance never consents.
    assert "P4.6" in denied(rules.can_consent(cast["head"], claim), 409)
    denied(rules.can_consent(cast["finance"], claim), 403)


@pytest.mark.parametrize("rule", ["can_pay", "can_void", "can_repay", "can_cancel_advance"])
def test_advance_rules_deny_a_stranger_with_403(api, cast, rule):
    advance = approved_advance(api)
    denied(getattr(rules, rule)(cast["sales2"], advance), 403)
