"""Issue 10.4: the claimant withdraws a submitted claim until its first decision, as a traveller
withdraws an advance; the claim is a draft again, to edit and submit, and the trip goes back."""

from __future__ import annotations

import pytest
from factories import ClaimFactory, TripFactory

from fieldsales.core.errors import Forbidden, InvalidTransition
from fieldsales.core.models import AuditEvent
from fieldsales.trips import rules, services
from fieldsales.trips.models import Claim, Trip

pytestmark = pytest.mark.django_db

TRAIN = {
    "id": "t1",
    "kind": "train",
    "amount": "73.50",
    "hours": 1.2,
    "seat": "second_class",
    "invoice": True,
}


@pytest.fixture
def submitted(cast):
    """sales1's claim for an approved (unreported) trip, waiting for the department head."""
    trip = TripFactory(traveller=cast["sales1"], status="approved")
    return ClaimFactory(trip=trip, items=[TRAIN], status="submitted")


def test_claimant_withdraws_before_the_first_decision(cast, api, submitted):
    answer = api("sales1").post(
        f"/api/claims/{submitted.pk}/withdraw/", {"comment": "漏了一张票"}, format="json"
    )

    assert answer.status_code == 200
    assert answer.data["status"] == "draft"
    assert answer.data["current_step"] is None
    claim = Claim.objects.get(pk=submitted.pk)
    assert (claim.status, claim.pending_role, claim.pending_user_id) == ("draft", "", None)
    event = AuditEvent.objects.filter(action="withdraw").get()
    assert (event.from_status, event.to_status, event.comment) == (
        "submitted",
        "draft",
        "漏了一张票",
    )
    # The trip goes back to where it stood before the claim was sent.
    assert Trip.objects.get(pk=claim.trip_id).status == "approved"


def test_withdrawn_claim_leaves_the_approvers_inbox(cast, api, submitted):
    def claims_waiting():
        rows = api("head").get("/api/approvals/inbox/").data["results"]
        return [i["id"] for i in rows if i["kind"] == "claim"]

    assert claims_waiting() == [submitted.pk]

    services.claim_withdraw(claim=submitted, actor=cast["sales1"])

    assert claims_waiting() == []


def test_withdrawn_claim_is_edited_and_submitted_again(cast, api, submitted):
    services.claim_withdraw(claim=submitted, actor=cast["sales1"])
    edited = dict(TRAIN, amount="80.00")

    assert (
        api("sales1")
        .patch(f"/api/claims/{submitted.pk}/", {"items": [edited]}, format="json")
        .status_code
        == 200
    )
    again = api("sales1").post(f"/api/claims/{submitted.pk}/submit/")

    assert again.status_code == 200
    assert again.data["status"] == "submitted"
    assert again.data["current_step"]["role"] == "dept_head"
    claim = Claim.objects.get(pk=submitted.pk)
    assert (str(claim.claimed_total), claim.round) == ("80.00", 2)
    assert Trip.objects.get(pk=claim.trip_id).status == "claimed"
    assert api("head").post(f"/api/claims/{submitted.pk}/approve/").status_code == 200


def test_reported_trip_goes_back_to_reported(cast, submitted):
    trip = Trip.objects.get(pk=submitted.trip_id)
    # A report filed while the claim waits keeps the trip claimed; a withdrawal finds it.
    Trip.objects.filter(pk=trip.pk).update(status="claimed")
    from fieldsales.trips.models import TripReport

    TripReport.objects.create(
        trip=trip,
        actual_depart=trip.depart,
        actual_return=trip.return_date,
        route="金华—杭州—金华",
        submitted_on=trip.return_date,
    )

    services.claim_withdraw(claim=submitted, actor=cast["sales1"])

    assert Trip.objects.get(pk=trip.pk).status == "reported"


def test_after_the_heads_approval_withdrawing_is_409(cast, api, submitted):
    assert api("head").post(f"/api/claims/{submitted.pk}/approve/").status_code == 200

    answer = api("sales1").post(f"/api/claims/{submitted.pk}/withdraw/")

    assert answer.status_code == 409
    assert "不能再撤回" in answer.data["detail"]
    assert Claim.objects.get(pk=submitted.pk).status == "submitted"
    verdict = rules.can_withdraw(cast["sales1"], Claim.objects.get(pk=submitted.pk))
    assert (bool(verdict), verdict.status) == (False, 409)


@pytest.mark.parametrize("status", ["draft", "approved"])
def test_a_claim_not_waiting_cannot_be_withdrawn(cast, status):
    claim = ClaimFactory(
        trip=TripFactory(traveller=cast["sales1"], status="approved"), items=[TRAIN], status=status
    )

    with pytest.raises(InvalidTransition):
        services.claim_withdraw(claim=claim, actor=cast["sales1"])


def test_a_rejected_claim_is_not_withdrawn_but_edited(cast, api, submitted):
    assert (
        api("head")
        .post(f"/api/claims/{submitted.pk}/reject/", {"comment": "票据不全"}, format="json")
        .status_code
        == 200
    )

    assert api("sales1").post(f"/api/claims/{submitted.pk}/withdraw/").status_code == 409


def test_the_head_who_sees_it_may_not_withdraw_it_403(cast, api, submitted):
    answer = api("head").post(f"/api/claims/{submitted.pk}/withdraw/")

    assert answer.status_code == 403
    assert Claim.objects.get(pk=submitted.pk).status == "submitted"
    with pytest.raises(Forbidden):
        services.claim_withdraw(claim=submitted, actor=cast["finance"])


def test_someone_who_cannot_see_it_gets_404(cast, api, submitted):
    assert api("sales2").post(f"/api/claims/{submitted.pk}/withdraw/").status_code == 404
    assert api(None).post(f"/api/claims/{submitted.pk}/withdraw/").status_code in (401, 403)


def test_page_shows_withdraw_to_the_claimant_only_and_withdraws(cast, client, submitted):
    client.force_login(cast["head"])
    assert b'id="withdraw"' not in client.get(f"/claims/{submitted.pk}/").content

    client.force_login(cast["sales1"])
    page = client.get(f"/claims/{submitted.pk}/")
    assert b'id="withdraw"' in page.content
    done = client.post(f"/claims/{submitted.pk}/withdraw/")

    assert done.status_code == 302
    assert done.url == f"/claims/{submitted.pk}/"
    assert Claim.objects.get(pk=submitted.pk).status == "draft"
    page = client.get(f"/claims/{submitted.pk}/")
    assert b'id="withdraw"' not in page.content
    assert f"/claims/{submitted.pk}/edit/".encode() in page.content


def test_page_refuses_after_the_first_decision(cast, client, api, submitted):
    api("head").post(f"/api/claims/{submitted.pk}/approve/")
    client.force_login(cast["sales1"])

    assert b'id="withdraw"' not in client.get(f"/claims/{submitted.pk}/").content
    client.post(f"/claims/{submitted.pk}/withdraw/")
    assert Claim.objects.get(pk=submitted.pk).status == "submitted"
