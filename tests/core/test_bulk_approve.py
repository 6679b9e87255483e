"""Issue 10.9: approving many documents from the inbox, each through its own service, checked
and audited one by one, with a result per document; a repeated request approves nothing twice."""

from __future__ import annotations

import pytest
from factories import ClaimFactory, TripFactory

from fieldsales.core.audit import audit_trail
from fieldsales.core.bulk import approve_many, parse_items
from fieldsales.core.models import Approval
from fieldsales.trips.models import Claim, Trip

pytestmark = pytest.mark.django_db


def waiting_for_head(cast):
    trips = [TripFactory(traveller=cast[u], status="submitted") for u in ("sales1", "sales2")]
    claim = ClaimFactory(
        trip=TripFactory(traveller=cast["sales1"], status="approved"), status="submitted"
    )
    return trips, claim


def test_approve_many_approves_each_through_its_service(cast):
    trips, claim = waiting_for_head(cast)
    items = [("trip", t.pk) for t in trips] + [("claim", claim.pk)]
    result = approve_many(user=cast["head"], items=items, comment="同意")
    assert [o.id for o in result.approved] == [trips[0].pk, trips[1].pk, claim.pk]
    assert (result.already, result.failed) == ([], [])
    for trip in trips:
        trip = Trip.objects.get(pk=trip.pk)
        assert (trip.status, trip.step, trip.pending_role) == ("submitted", 1, "gm")
        assert [e.action for e in audit_trail(trip)][-1] == "approve"
        assert [a.comment for a in trip.approvals()] == ["同意"]
    assert Claim.objects.get(pk=claim.pk).step == 1


def test_a_second_submit_approves_nothing_twice(cast):
    trips, _claim = waiting_for_head(cast)
    items = [("trip", t.pk) for t in trips]
    approve_many(user=cast["head"], items=items)
    decided = Approval.objects.filter(user=cast["head"]).count()
    again = approve_many(user=cast["head"], items=items + items)
    assert again.approved == [] and again.failed == []
    assert [o.id for o in again.already] == [t.pk for t in trips]
    assert Approval.objects.filter(user=cast["head"]).count() == decided


def test_failures_say_why_and_do_not_stop_the_others(cast):
    trips, _claim = waiting_for_head(cast)
    own = TripFactory(traveller=cast["head"], status="submitted")  # goes to the GM
    items = [("trip", trips[0].pk), ("trip", own.pk), ("trip", 10**9), ("no_such_kind", 1)]
    result = approve_many(user=cast["head"], items=items)
    assert [o.id for o in result.approved] == [trips[0].pk]
    failed = {o.id: (o.status, o.reason) for o in result.failed}
    assert failed[own.pk][0] == 403
    assert failed[10**9][0] == 404
    assert failed[1][0] == 400
    assert Trip.objects.get(pk=own.pk).status == "submitted"


def test_a_document_the_user_may_not_see_is_not_found(cast):
    trip = TripFactory(traveller=cast["sales1"], status="submitted")
    result = approve_many(user=cast["sales2"], items=[("trip", trip.pk)])
    assert [(o.status, o.number) for o in result.failed] == [(404, str(trip.pk))]


def test_the_api_reports_per_document(api, cast):
    trips, claim = waiting_for_head(cast)
    body = {"items": [{"kind": "trip", "id": trips[0].pk}, {"kind": "claim", "id": claim.pk}]}
    response = api("head").post("/api/approvals/approve/", body, format="json")
    assert response.status_code == 200
    assert [r["number"] for r in response.data["approved"]] == [trips[0].number, claim.number]
    again = api("head").post("/api/approvals/approve/", body, format="json").data
    assert (len(again["approved"]), len(again["already"]), again["failed"]) == (0, 2, [])
    refused = api("sales1").post("/api/approvals/approve/", body, format="json").data
    assert [f["status"] for f in refused["failed"]] == [403, 403]


@pytest.mark.parametrize(
    "body",
    [{}, {"items": []}, {"items": [{"kind": "trip", "id": "x"}]}, {"items": "trip:1"}],
)
def test_the_api_refuses_bad_input_with_400(api, body):
    assert api("head").post("/api/approvals/approve/", body, format="json").status_code == 400


def test_the_page_approves_the_ticked_rows_and_says_how_it_went(client, cast):
    trips, claim = waiting_for_head(cast)
    own = TripFactory(traveller=cast["head"], status="submitted")
    client.force_login(cast["head"])
    docs = [f"trip:{trips[0].pk}", f"claim:{claim.pk}", f"trip:{own.pk}", "junk"]
    page = client.post("/approvals/approve/", {"doc": docs, "back": "tab=todo&evil=1"}, follow=True)
    assert page.redirect_chain[-1][0] == "/approvals/?tab=todo"
    text = page.content.decode()
    assert "已同意 2 份" in text
    assert f"1 份未能同意：{own.number}" in text
    again = client.post("/approvals/approve/", {"doc": docs[:2]}, follow=True).content.decode()
    assert "此前已同意，未重复审批" in again
    assert client.post("/approvals/approve/", {}, follow=True).status_code == 200


def test_parse_items_keeps_only_kind_and_id():
    assert parse_items(["trip:1", "claim:22", "x", ":3", "trip:", "trip:²", "t:" + "9" * 30]) == [
        ("trip", 1),
        ("claim", 22),
    ]
