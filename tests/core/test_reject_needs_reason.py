"""Issue 10.8: rejecting needs a reason, on every document, through the API and the pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from factories import AdvanceFactory, ClaimFactory, TripFactory

from fieldsales.core.errors import RuleBroken
from fieldsales.core.models import Approval
from fieldsales.trips import services
from fieldsales.trips.models import Advance, Claim, Trip

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("comment", ["", "   ", "\n\t"])
def test_the_service_refuses_a_reject_without_a_reason(cast, comment):
    trip = TripFactory(traveller=cast["sales1"], status="submitted")
    with pytest.raises(RuleBroken) as refused:
        services.trip_decide(trip=trip, actor=cast["head"], action="reject", comment=comment)
    assert refused.value.field == "comment"
    assert "驳回须填写理由" in refused.value.message
    assert Trip.objects.get(pk=trip.pk).status == "submitted"
    assert not Approval.objects.filter(object_id=trip.pk, content_type__model="trip").exists()


def test_a_reject_with_a_reason_goes_back_to_the_author(cast):
    trip = TripFactory(traveller=cast["sales1"], status="submitted")
    services.trip_decide(trip=trip, actor=cast["head"], action="reject", comment="日期冲突")
    assert Trip.objects.get(pk=trip.pk).status == "rejected"
    assert Approval.objects.get(object_id=trip.pk, content_type__model="trip").comment == "日期冲突"


@pytest.mark.parametrize(
    ("kind", "approver"), [("trips", "head"), ("advances", "finance"), ("claims", "head")]
)
def test_the_api_answers_400_naming_comment(api, cast, kind, approver):
    trip = TripFactory(traveller=cast["sales1"], status="approved")
    document = {
        "trips": lambda: TripFactory(traveller=cast["sales1"], status="submitted"),
        "advances": lambda: AdvanceFactory(trip=trip, amount=Decimal("100.00")),
        "claims": lambda: ClaimFactory(trip=trip, status="submitted"),
    }[kind]()
    response = api(approver).post(f"/api/{kind}/{document.pk}/reject/", {"comment": " "})
    assert response.status_code == 400
    assert list(response.data) == ["comment"]
    assert "驳回须填写理由" in response.data["comment"][0]
    model = {"trips": Trip, "advances": Advance, "claims": Claim}[kind]
    assert model.objects.get(pk=document.pk).status == "submitted"
    ok = api(approver).post(f"/api/{kind}/{document.pk}/reject/", {"comment": "金额有误"})
    assert (ok.status_code, ok.data["status"]) == (200, "rejected")


def test_403_and_409_come_before_the_missing_reason(api, cast):
    trip = TripFactory(traveller=cast["sales1"], status="submitted")
    assert api("sales1").post(f"/api/trips/{trip.pk}/reject/").status_code == 403
    assert api("gm").post(f"/api/trips/{trip.pk}/reject/").status_code == 409


def test_the_page_shows_the_refusal_and_the_trip_stays_pending(client, cast):
    trip = TripFactory(traveller=cast["sales1"], status="submitted")
    client.force_login(cast["head"])
    page = client.post(f"/trips/{trip.pk}/reject/", {"comment": ""}, follow=True)
    assert "驳回须填写理由" in page.content.decode()
    assert Trip.objects.get(pk=trip.pk).status == "submitted"
    page = client.post(f"/trips/{trip.pk}/reject/", {"comment": "请改期"}, follow=True)
    assert "已驳回" in page.content.decode()
    assert Trip.objects.get(pk=trip.pk).status == "rejected"


def test_a_rejected_claim_waits_for_its_author(api, cast):
    claim = ClaimFactory(
        trip=TripFactory(traveller=cast["sales1"], status="approved"), status="submitted"
    )
    api("head").post(f"/api/claims/{claim.pk}/reject/", {"comment": "缺少发票"})
    rows = api("sales1").get("/api/approvals/inbox/").data["results"]
    assert [(r["kind"], r["id"], r["status"]) for r in rows] == [("claim", claim.pk, "rejected")]
