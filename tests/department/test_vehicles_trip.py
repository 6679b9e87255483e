"""D9 and P4.7: an approved booking makes the trip's vehicle the company's, so the claim
evaluation reimburses no transport by itself; a claim already submitted or approved is never
changed (409); cancelling gives the trip back its vehicle."""

from __future__ import annotations

from decimal import Decimal

from factories import ClaimFactory
from vehicles_support import booked, car, trip

from fieldsales.core.audit import audit_trail
from fieldsales.trips.models import Trip

TRAIN = {"id": "t1", "kind": "train", "amount": "73.50", "seat": "second_class", "hours": 1}


def _codes(claim_body: dict) -> set[tuple[str, str]]:
    return {(v["rule"], v["code"]) for v in claim_body["violations"]}


def test_approval_sets_the_trips_vehicle_to_the_company(api, cast):
    vehicle = car(api)
    mine = trip(cast["sales1"], 10)
    body = booked(api, "sales1", mine.pk, vehicle["id"])

    approved = api("head").post(
        f"/api/vehicle-bookings/{body['id']}/approve/", {"comment": "同意"}, format="json"
    )

    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert approved.json()["trip"]["vehicle"] == "company"
    assert api("sales1").get(f"/api/trips/{mine.pk}/").json()["vehicle"] == "company"
    edit = [e for e in audit_trail(mine) if e.action == "edit"][-1]
    assert edit.data == {"vehicle": "company", "was": "", "booking": body["id"], "rule": "D9"}


def test_the_claim_evaluation_then_applies_p4_7(api, cast):
    vehicle = car(api)
    mine = trip(cast["sales1"], 10)
    claim = ClaimFactory(trip=mine, items=[dict(TRAIN)])
    before = api("sales1").get(f"/api/claims/{claim.pk}/").json()
    body = booked(api, "sales1", mine.pk, vehicle["id"])

    api("head").post(f"/api/vehicle-bookings/{body['id']}/approve/")

    after = api("sales1").get(f"/api/claims/{claim.pk}/").json()
    assert ("P4.7", "transport_provided") not in _codes(before)
    assert ("P4.7", "transport_provided") in _codes(after)
    # the train fare no longer counts; the allowances stay
    lost = Decimal(before["totals"]["reimbursed"]) - Decimal(after["totals"]["reimbursed"])
    assert lost == Decimal("73.50")


def test_a_claim_written_after_the_approval_applies_p4_7(api, cast):
    vehicle = car(api)
    mine = trip(cast["sales1"], 10)
    body = booked(api, "sales1", mine.pk, vehicle["id"])
    api("head").post(f"/api/vehicle-bookings/{body['id']}/approve/")

    claim = api("sales1").post("/api/claims/", {"trip": mine.pk, "items": [TRAIN]}, format="json")

    assert claim.status_code == 201
    assert ("P4.7", "transport_provided") in _codes(claim.json())


def test_approval_is_409_when_the_trips_claim_is_already_submitted(api, cast):
    vehicle = car(api)
    mine = trip(cast["sales1"], 10)
    body = booked(api, "sales1", mine.pk, vehicle["id"])
    ClaimFactory(trip=mine, items=[dict(TRAIN)], status="submitted")

    answer = api("head").post(f"/api/vehicle-bookings/{body['id']}/approve/")

    assert answer.status_code == 409
    assert "P4.7" in answer.json()["detail"]
    assert Trip.objects.get(pk=mine.pk).vehicle == ""
    assert api("head").get(f"/api/vehicle-bookings/{body['id']}/").json()["status"] == "requested"


def test_a_trip_that_claims_already_cannot_book(api, cast):
    vehicle = car(api)
    mine = trip(cast["sales1"], 10)
    ClaimFactory(trip=mine, items=[dict(TRAIN)], status="submitted")

    answer = api("sales1").post(
        "/api/vehicle-bookings/", {"trip": mine.pk, "vehicle": vehicle["id"]}, format="json"
    )

    assert answer.status_code == 409


def test_cancelling_an_approved_booking_gives_the_trip_its_vehicle_back(api, cast):
    vehicle = car(api)
    mine = trip(cast["sales1"], 10)
    Trip.objects.filter(pk=mine.pk).update(vehicle="own")
    body = booked(api, "sales1", mine.pk, vehicle["id"])
    api("head").post(f"/api/vehicle-bookings/{body['id']}/approve/")

    cancelled = api("head").post(
        f"/api/vehicle-bookings/{body['id']}/cancel/", {"comment": "改乘高铁"}, format="json"
    )

    assert cancelled.json()["status"] == "cancelled"
    assert Trip.objects.get(pk=mine.pk).vehicle == "own"


def test_a_draft_trip_may_book_and_keeps_the_car_after_its_approval(api, cast):
    vehicle = car(api)
    draft = trip(cast["sales1"], 10, status="draft")
    body = booked(api, "sales1", draft.pk, vehicle["id"])
    api("head").post(f"/api/vehicle-bookings/{body['id']}/approve/")

    assert Trip.objects.get(pk=draft.pk).vehicle == "company"
    estimate = api("sales1").get(f"/api/trips/{draft.pk}/").json()
    assert estimate["vehicle"] == "company"
