"""Issue 7.4, 7.6 and 7.7 on real parallel connections: a claim's final approval racing an advance's
payment pays nothing twice; two claims approved at once cannot both pass P6.1 as the second;
two overlapping trips submitted at once are not both submitted."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from factories import AdvanceFactory, TripFactory
from helpers import client_for, days_from_today, run_together, today

from fieldsales.crm.models import Customer
from fieldsales.trips.models import Advance, Claim, Trip

pytestmark = pytest.mark.django_db(transaction=True)

TRAIN = {
    "id": "t1",
    "kind": "train",
    "amount": "73.50",
    "hours": 1.2,
    "seat": "second_class",
    "invoice": True,
}


def approved_trip(cast, username, start, **extra):
    day = today() + timedelta(days=start)
    return TripFactory(
        traveller=cast[username],
        depart=day,
        return_date=day + timedelta(days=1),
        status="approved",
        **extra,
    ).pk


def claim_at_finance(api, username, trip):
    claim = (
        api(username).post("/api/claims/", {"trip": trip, "items": [TRAIN]}, format="json").data
    )["id"]
    api(username).post(f"/api/claims/{claim}/submit/")
    assert api("head").post(f"/api/claims/{claim}/approve/").data["current_step"]["role"] == (
        "finance"
    )
    return claim


ROUNDS = 8


def test_7_4_claim_approval_racing_the_advance_payment_pays_once(cast, api):
    finance = cast["finance"]
    for round_ in range(ROUNDS):
        # Given an approved, unpaid advance and the claim at its final step
        trip = approved_trip(cast, "sales1", 1 + 3 * round_)
        advance = AdvanceFactory(
            trip=Trip.objects.get(pk=trip), amount=Decimal("300.00"), status="approved"
        ).pk
        claim = claim_at_finance(api, "sales1", trip)

        # When finance pays the advance and approves the claim at the same moment
        pay, approve = run_together(
            [
                lambda advance=advance: (
                    client_for(finance).post(f"/api/advances/{advance}/pay/").status_code
                ),
                lambda claim=claim: (
                    client_for(finance).post(f"/api/claims/{claim}/approve/").status_code
                ),
            ]
        )

        # Then the advance is paid once, and a claim approved deducts it
        assert pay == 200
        assert approve in (200, 409)
        if approve == 409:  # it saw the advance unpaid: approved again, now it is paid
            assert client_for(finance).post(f"/api/claims/{claim}/approve/").status_code == 200
        settled = Claim.objects.get(pk=claim)
        assert settled.status == "approved"
        assert settled.advance_deducted == 300
        assert Advance.objects.get(pk=advance).status == "settled"


def test_7_6_two_claims_approved_at_once_cannot_both_pass_as_the_second(cast, api):
    customer = Customer.objects.get(code="C-0001")
    finance = cast["finance"]
    for round_ in range(ROUNDS // 2):
        # Given one trip to the customer already reimbursed (an order restarts each round)
        base = 1 + 10 * round_
        if round_:
            customer.last_order_signed = Claim.objects.latest("pk").trip.return_date
            customer.save(update_fields=["last_order_signed"])
        first = approved_trip(cast, "sales2", base + 1, customers=[customer.pk])
        done = claim_at_finance(api, "sales2", first)
        assert client_for(finance).post(f"/api/claims/{done}/approve/").status_code == 200
        # And two more trips' claims at their final step
        trips = [
            approved_trip(cast, "sales1", base + 4, customers=[customer.pk]),
            approved_trip(cast, "sales2", base + 7, customers=[customer.pk]),
        ]
        claims = [
            claim_at_finance(api, u, t) for u, t in zip(["sales1", "sales2"], trips, strict=True)
        ]

        # When finance approves both at the same moment
        codes = run_together(
            [
                lambda claim=claim: (
                    client_for(finance).post(f"/api/claims/{claim}/approve/").status_code
                )
                for claim in claims
            ]
        )

        # Then exactly one of them is the third trip and is zeroed by P6.1
        assert codes == [200, 200]
        zeroed = [
            any(v["code"] == "same_customer_limit" for v in c.evaluation["violations"])
            for c in Claim.objects.filter(pk__in=claims)
        ]
        assert sorted(zeroed) == [False, True], zeroed


def test_7_7_two_overlapping_trips_submitted_at_once_submit_one(cast, api):
    sales1 = cast["sales1"]
    for round_ in range(ROUNDS // 2):
        trips = [
            api("sales1")
            .post(
                "/api/trips/",
                {
                    "purpose": "customer_visit",
                    "destinations": [{"province": "浙江", "city": "杭州"}],
                    "depart": days_from_today(1 + 3 * round_ + offset),
                    "return": days_from_today(2 + 3 * round_ + offset),
                },
                format="json",
            )
            .data["id"]
            for offset in (0, 1)
        ]

        codes = run_together(
            [
                lambda trip=trip: client_for(sales1).post(f"/api/trips/{trip}/submit/").status_code
                for trip in trips
            ]
        )

        assert sorted(codes) == [200, 400]
        # The one left a draft goes away before the next round.
        draft = next(t for t, code in zip(trips, codes, strict=True) if code == 400)
        assert api("sales1").post(f"/api/trips/{draft}/cancel/").status_code == 200


def test_10_5_two_clicks_pay_an_advance_once_with_the_winners_record(cast):
    finance = cast["finance"]
    for round_ in range(ROUNDS // 2):
        # Given an approved advance, unpaid
        trip = approved_trip(cast, "sales1", 1 + 3 * round_)
        advance = AdvanceFactory(trip=Trip.objects.get(pk=trip), status="approved").pk
        bodies = [
            {"method": "cash", "voucher": f"记-{round_}-A"},
            {"method": "transfer", "voucher": f"记-{round_}-B"},
        ]

        # When finance's two clicks arrive at the same moment, each with its own record
        codes = run_together(
            [
                lambda body=body, advance=advance: (
                    client_for(finance)
                    .post(f"/api/advances/{advance}/pay/", body, format="json")
                    .status_code
                )
                for body in bodies
            ]
        )

        # Then it is paid once, and the stored record is the one that was answered 200
        assert sorted(codes) == [200, 409]
        winner = bodies[codes.index(200)]
        paid = Advance.objects.get(pk=advance)
        assert (paid.status, paid.paid_method, paid.paid_voucher) == (
            "paid",
            winner["method"],
            winner["voucher"],
        )
        # The advance is repaid, so that the next round may borrow again (P2.4).
        assert client_for(finance).post(f"/api/advances/{advance}/repay/").status_code == 200


def test_10_5_two_clicks_settle_a_claim_once_with_the_winners_record(cast, api):
    finance = cast["finance"]
    for round_ in range(ROUNDS // 2):
        claim = claim_at_finance(api, "sales1", approved_trip(cast, "sales1", 1 + 3 * round_))
        assert client_for(finance).post(f"/api/claims/{claim}/approve/").status_code == 200
        bodies = [{"voucher": f"付-{round_}-A"}, {"voucher": f"付-{round_}-B"}]

        codes = run_together(
            [
                lambda body=body, claim=claim: (
                    client_for(finance)
                    .post(f"/api/claims/{claim}/settle/", body, format="json")
                    .status_code
                )
                for body in bodies
            ]
        )

        assert sorted(codes) == [200, 409]
        settled = Claim.objects.get(pk=claim)
        assert (settled.status, settled.settled_voucher) == (
            "settled",
            bodies[codes.index(200)]["voucher"],
        )
