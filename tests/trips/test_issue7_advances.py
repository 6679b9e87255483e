"""Issue 7, items 3, 5, 6, 7 and 17: advances against claims and the trip's life, P6.1's
count, overlapping trips, and the late-request warning; through the API and the pages."""

from __future__ import annotations

import pytest
from helpers import days_from_today

from fieldsales.crm.models import Customer
from fieldsales.trips.models import Advance, Claim, Trip

pytestmark = pytest.mark.django_db

HANGZHOU = [{"province": "浙江", "city": "杭州"}]
TRAIN = {
    "id": "t1",
    "kind": "train",
    "amount": "73.50",
    "hours": 1.2,
    "seat": "second_class",
    "invoice": True,
}


def plan(api, username="sales1", start=1, days=2, **extra):
    body = {
        "purpose": "customer_visit",
        "destinations": HANGZHOU,
        "depart": days_from_today(start),
        "return": days_from_today(start + days - 1),
    } | extra
    response = api(username).post("/api/trips/", body, format="json")
    assert response.status_code == 201, response.data
    return response.data["id"]


def approve_trip(api, trip, username="sales1"):
    assert api(username).post(f"/api/trips/{trip}/submit/").status_code == 200
    if username != "head":
        assert api("head").post(f"/api/trips/{trip}/approve/").status_code == 200
    response = api("gm").post(f"/api/trips/{trip}/approve/")
    assert response.data["status"] == "approved", response.data
    return trip


def request_advance(api, trip, amount="300.00", username="sales1"):
    response = api(username).post("/api/advances/", {"trip": trip, "amount": amount}, format="json")
    assert response.status_code == 201, response.data
    return response.data["id"]


def approve_advance(api, advance):
    assert api("finance").post(f"/api/advances/{advance}/approve/").status_code == 200
    response = api("gm").post(f"/api/advances/{advance}/approve/")
    assert response.data["status"] == "approved", response.data


def claim_for(api, trip, username="sales1", items=None):
    response = api(username).post(
        "/api/claims/", {"trip": trip, "items": items or [TRAIN]}, format="json"
    )
    assert response.status_code == 201, response.data
    return response.data["id"]


def claim_at_finance(api, claim, username="sales1"):
    assert api(username).post(f"/api/claims/{claim}/submit/").status_code == 200
    response = api("head").post(f"/api/claims/{claim}/approve/")
    assert response.data["current_step"]["role"] == "finance", response.data


@pytest.fixture
def login(client, cast):
    def as_user(username):
        client.force_login(cast[username])
        return client

    return as_user


# ---------------------------------------------------------------- 7.3


def test_7_3_no_new_advance_once_the_claim_is_submitted(api):
    trip = approve_trip(api, plan(api))
    claim = claim_for(api, trip)
    assert api("sales1").post(f"/api/claims/{claim}/submit/").status_code == 200

    response = api("sales1").post(
        "/api/advances/", {"trip": trip, "amount": "100.00"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.data) == ["trip"]
    assert "报销单已经提交" in response.data["trip"][0]
    assert not Advance.objects.exists()


def test_7_3_claim_waits_for_an_unpaid_advance_then_deducts_it(api):
    # Given a draft claim, then an advance requested on the same trip
    trip = approve_trip(api, plan(api))
    claim = claim_for(api, trip)
    advance = request_advance(api, trip)
    claim_at_finance(api, claim)

    # Then the final approval is refused while the advance is submitted, then approved-unpaid
    refused = api("finance").post(f"/api/claims/{claim}/approve/")
    assert refused.status_code == 409
    assert "须由财务付款" in refused.data["detail"]
    assert Advance.objects.get(pk=advance).number in refused.data["detail"]
    approve_advance(api, advance)
    assert api("finance").post(f"/api/claims/{claim}/approve/").status_code == 409
    assert Claim.objects.get(pk=claim).status == "submitted"

    # And once finance pays it, the claim is approved and deducts it
    assert api("finance").post(f"/api/advances/{advance}/pay/").data["status"] == "paid"
    approved = api("finance").post(f"/api/claims/{claim}/approve/")
    assert approved.status_code == 200, approved.data
    assert approved.data["status"] == "approved"
    assert approved.data["settlement"]["advance"] == "300.00"
    assert api("sales1").get(f"/api/advances/{advance}/").data["status"] == "settled"


def test_7_3_finance_voids_an_approved_unpaid_advance_so_the_claim_settles(api):
    trip = approve_trip(api, plan(api))
    claim = claim_for(api, trip)
    advance = request_advance(api, trip)
    approve_advance(api, advance)
    claim_at_finance(api, claim)
    # The traveller withdraws only a submitted advance; finance voids an approved one.
    assert api("sales1").post(f"/api/advances/{advance}/cancel/").status_code == 409
    assert api("head").post(f"/api/advances/{advance}/cancel/").status_code == 403

    voided = api("finance").post(f"/api/advances/{advance}/cancel/", {"comment": "不再出借"})

    assert voided.status_code == 200, voided.data
    assert voided.data["status"] == "cancelled"
    assert api("finance").post(f"/api/advances/{advance}/pay/").status_code == 409
    approved = api("finance").post(f"/api/claims/{claim}/approve/")
    assert approved.data["status"] == "approved"
    assert approved.data["settlement"]["advance"] == "0.00"


def test_7_3_claim_page_says_why_it_cannot_be_approved(api, login, cast):
    trip = approve_trip(api, plan(api))
    claim = claim_for(api, trip)
    advance = Advance.objects.get(pk=request_advance(api, trip))
    claim_at_finance(api, claim)

    page = login("finance").get(f"/claims/{claim}/").content.decode()
    assert 'id="approval-blocker"' in page
    assert advance.number in page
    blocker = page.index('id="approval-blocker"')
    assert blocker < page.index(f"/claims/{claim}/approve/")

    response = login("finance").post(f"/claims/{claim}/approve/", follow=True)
    assert "须由财务付款" in response.content.decode()
    assert Claim.objects.get(pk=claim).status == "submitted"
    # The claimant sees why the claim waits, too.
    assert advance.number in login("sales1").get(f"/claims/{claim}/").content.decode()


def test_7_3_finance_voids_an_approved_advance_on_its_page(api, login):
    trip = approve_trip(api, plan(api))
    advance = request_advance(api, trip)
    approve_advance(api, advance)

    page = login("finance").get(f"/advances/{advance}/").content.decode()
    assert f"/advances/{advance}/void/" in page
    login("finance").post(f"/advances/{advance}/void/")

    assert Advance.objects.get(pk=advance).status == "cancelled"


# ---------------------------------------------------------------- 7.5


def test_7_5_advance_on_a_rejected_trip_cannot_be_approved(api):
    trip = plan(api)
    api("sales1").post(f"/api/trips/{trip}/submit/")
    advance = request_advance(api, trip)
    assert api("finance").post(f"/api/advances/{advance}/approve/").status_code == 200
    assert (
        api("head").post(f"/api/trips/{trip}/reject/", {"comment": "行程取消"}).data["status"]
        == "rejected"
    )

    response = api("gm").post(f"/api/advances/{advance}/approve/")

    assert response.status_code == 409
    assert Trip.objects.get(pk=trip).number in response.data["detail"]
    assert Advance.objects.get(pk=advance).status == "submitted"
    assert (
        api("gm").post(f"/api/advances/{advance}/reject/", {"comment": "行程已驳回"}).data["status"]
        == "rejected"
    )


def test_7_5_advance_on_a_cancelled_trip_cannot_be_paid(api):
    trip = plan(api)
    api("sales1").post(f"/api/trips/{trip}/submit/")
    advance = request_advance(api, trip)
    approve_advance(api, advance)
    assert api("sales1").post(f"/api/trips/{trip}/cancel/").data["status"] == "cancelled"

    response = api("finance").post(f"/api/advances/{advance}/pay/")

    assert response.status_code == 409
    assert Advance.objects.get(pk=advance).status == "approved"
    assert Advance.objects.get(pk=advance).paid_at is None


def paid_advance_on_a_cancelled_trip(api):
    trip = plan(api)
    api("sales1").post(f"/api/trips/{trip}/submit/")
    advance = request_advance(api, trip)
    approve_advance(api, advance)
    assert api("finance").post(f"/api/advances/{advance}/pay/").data["status"] == "paid"
    assert (
        api("head").post(f"/api/trips/{trip}/reject/", {"comment": "行程取消"}).status_code == 200
    )
    assert api("sales1").post(f"/api/trips/{trip}/cancel/").data["status"] == "cancelled"
    return advance


def test_7_5_finance_records_a_repayment_and_p2_4_frees_the_traveller(api, cast):
    advance = paid_advance_on_a_cancelled_trip(api)
    other = approve_trip(api, plan(api, start=10))
    blocked = api("sales1").post(
        "/api/advances/", {"trip": other, "amount": "100.00"}, format="json"
    )
    assert blocked.status_code == 400
    assert "P2.4" in str(blocked.data)
    assert api("sales1").post(f"/api/advances/{advance}/repay/").status_code == 403
    wrong = api("finance").post(f"/api/advances/{advance}/repay/", {"amount": "100.00"})
    assert wrong.status_code == 400
    assert list(wrong.data) == ["amount"]

    repaid = api("finance").post(
        f"/api/advances/{advance}/repay/", {"amount": "300.00", "comment": "现金归还"}
    )

    assert repaid.status_code == 200, repaid.data
    assert repaid.data["status"] == "settled"
    assert repaid.data["repaid_amount"] == "300.00"
    assert repaid.data["repaid_by"] == cast["finance"].pk
    assert repaid.data["repaid_at"] is not None
    assert api("finance").post(f"/api/advances/{advance}/repay/").status_code == 409
    assert request_advance(api, other, amount="100.00")


def test_7_5_a_repaid_advance_is_not_deducted_from_a_later_claim(api):
    trip = approve_trip(api, plan(api))
    advance = request_advance(api, trip)
    approve_advance(api, advance)
    api("finance").post(f"/api/advances/{advance}/pay/")
    assert api("finance").post(f"/api/advances/{advance}/repay/").status_code == 200

    claim = api("sales1").post("/api/claims/", {"trip": trip, "items": [TRAIN]}, format="json")

    assert claim.data["settlement"]["advance"] == "0.00"


def test_7_5_no_repayment_once_the_claim_deducts_the_advance(api):
    trip = approve_trip(api, plan(api))
    advance = request_advance(api, trip)
    approve_advance(api, advance)
    api("finance").post(f"/api/advances/{advance}/pay/")
    claim_at_finance(api, claim_for(api, trip))

    response = api("finance").post(f"/api/advances/{advance}/repay/")

    assert response.status_code == 409
    assert Advance.objects.get(pk=advance).status == "paid"


def test_7_5_finance_records_the_repayment_on_the_advance_page(api, login):
    advance = paid_advance_on_a_cancelled_trip(api)
    assert (
        f"/advances/{advance}/repay/"
        not in login("sales1").get(f"/advances/{advance}/").content.decode()
    )
    page = login("finance").get(f"/advances/{advance}/").content.decode()
    assert f"/advances/{advance}/repay/" in page

    response = login("finance").post(
        f"/advances/{advance}/repay/", {"comment": "收据 R-17"}, follow=True
    )

    assert Advance.objects.get(pk=advance).status == "settled"
    assert 'id="repaid"' in response.content.decode()
    assert "¥300.00" in response.content.decode()


# ---------------------------------------------------------------- 7.6


def customer_trip(api, username, start, customer):
    return approve_trip(api, plan(api, username, start=start, customers=[customer.pk]), username)


def approve_claim(api, claim):
    response = api("finance").post(f"/api/claims/{claim}/approve/")
    assert response.status_code == 200, response.data
    return response.data


def p6_1_codes(evaluation):
    return [v["code"] for v in evaluation["violations"] if v["rule"] == "P6.1"]


def test_7_6_p6_1_counts_approved_claims_in_any_order(api):
    # Three trips to the same customer, departing A < B < C, claims approved C, B, A.
    customer = Customer.objects.get(code="C-0001")
    trips = [customer_trip(api, "sales1", start, customer) for start in (1, 4, 7)]
    claims = [claim_for(api, trip) for trip in trips]
    for claim in claims:
        claim_at_finance(api, claim)

    third, second, first = (approve_claim(api, claim) for claim in reversed(claims))

    assert p6_1_codes(third) == []
    assert p6_1_codes(second) == []
    assert p6_1_codes(first) == ["same_customer_limit"]
    assert all(line["reimbursed"] == "0.00" for line in first["lines"])
    assert third["totals"]["reimbursed"] != "0.00"


def test_7_6_other_travellers_trips_count_and_an_order_restarts_the_count(api):
    customer = Customer.objects.get(code="C-0001")
    earlier = [customer_trip(api, "sales2", start, customer) for start in (1, 4)]
    for trip in earlier:
        claim = claim_for(api, trip, "sales2")
        claim_at_finance(api, claim, "sales2")
        approve_claim(api, claim)
    later = customer_trip(api, "sales1", 1, customer)
    assert api("sales1").get(f"/api/trips/{later}/").data["estimate"]["violations"][0]["rule"] == (
        "P6.1"
    )

    customer.last_order_signed = Trip.objects.get(pk=earlier[1]).depart
    customer.save(update_fields=["last_order_signed"])
    claim = claim_for(api, later)
    claim_at_finance(api, claim)

    assert p6_1_codes(approve_claim(api, claim)) == []


# ---------------------------------------------------------------- 7.7


def test_7_7_own_trips_may_not_overlap(api):
    first = approve_trip(api, plan(api, start=1, days=2))
    number = Trip.objects.get(pk=first).number

    response = api("sales1").post(
        "/api/trips/",
        {
            "purpose": "customer_visit",
            "destinations": HANGZHOU,
            "depart": days_from_today(2),
            "return": days_from_today(3),
        },
        format="json",
    )

    assert response.status_code == 400
    assert list(response.data) == ["depart"]
    assert number in response.data["depart"][0]
    assert plan(api, start=3)  # the next day is free


def test_7_7_an_edit_into_another_trip_is_400(api):
    first = plan(api, start=1)
    api("sales1").post(f"/api/trips/{first}/submit/")
    second = plan(api, start=5)

    response = api("sales1").patch(
        f"/api/trips/{second}/", {"depart": days_from_today(2)}, format="json"
    )

    assert response.status_code == 400
    assert Trip.objects.get(pk=first).number in response.data["depart"][0]


def test_7_7_two_overlapping_drafts_cannot_both_be_submitted(api):
    first, second = plan(api, start=1), plan(api, start=2)
    assert api("sales1").post(f"/api/trips/{first}/submit/").status_code == 200

    response = api("sales1").post(f"/api/trips/{second}/submit/")

    assert response.status_code == 400
    assert Trip.objects.get(pk=first).number in response.data["depart"][0]
    assert Trip.objects.get(pk=second).status == "draft"


def test_7_7_a_companion_cannot_be_on_two_trips_at_once(api, cast):
    own = plan(api, "sales1", start=1)
    api("sales1").post(f"/api/trips/{own}/submit/")

    response = api("sales2").post(
        "/api/trips/",
        {
            "purpose": "customer_visit",
            "destinations": HANGZHOU,
            "depart": days_from_today(2),
            "return": days_from_today(2),
            "companions": [{"user": cast["sales1"].pk}],
        },
        format="json",
    )

    assert response.status_code == 400
    assert list(response.data) == ["companions"]
    assert Trip.objects.get(pk=own).number in response.data["companions"][0]
    assert Trip.objects.filter(traveller=cast["sales2"]).count() == 0


def test_7_7_travelling_as_a_companion_blocks_an_own_trip(api, cast):
    theirs = plan(api, "sales2", start=1, companions=[{"user": cast["sales1"].pk}])
    api("sales2").post(f"/api/trips/{theirs}/submit/")

    response = api("sales1").post(
        "/api/trips/",
        {
            "purpose": "customer_visit",
            "destinations": HANGZHOU,
            "depart": days_from_today(1),
            "return": days_from_today(1),
        },
        format="json",
    )

    assert response.status_code == 400
    assert Trip.objects.get(pk=theirs).number in response.data["depart"][0]


def test_7_7_cancelled_and_rejected_trips_do_not_count(api):
    cancelled, rejected = plan(api, start=1), plan(api, start=4)
    for trip in (cancelled, rejected):
        api("sales1").post(f"/api/trips/{trip}/submit/")
    api("sales1").post(f"/api/trips/{cancelled}/cancel/")
    api("head").post(f"/api/trips/{rejected}/reject/", {"comment": "日期冲突"})

    assert approve_trip(api, plan(api, start=1, days=5))
    # The rejected trip is checked again when it is submitted again.
    assert api("sales1").post(f"/api/trips/{rejected}/submit/").status_code == 400


def test_7_7_trip_form_names_the_overlapping_trip(api, login):
    first = plan(api, start=1)
    api("sales1").post(f"/api/trips/{first}/submit/")

    response = login("sales1").post(
        "/trips/new/",
        {
            "purpose": "customer_visit",
            "province": "浙江省",
            "city": "杭州市",
            "depart": days_from_today(2),
            "return_date": days_from_today(3),
            "submit": "1",
        },
    )

    assert response.status_code == 200
    assert Trip.objects.get(pk=first).number in response.context["form"].errors["depart"][0]
    assert Trip.objects.count() == 1


# ---------------------------------------------------------------- 7.17


def p1_3(estimate):
    return [v for v in estimate["violations"] if v["rule"] == "P1.3"]


def test_7_17_a_trip_planned_in_the_past_warns_of_p1_3(api):
    late = api("sales1").get(f"/api/trips/{plan(api, start=-3)}/").data["estimate"]
    today = api("sales1").get(f"/api/trips/{plan(api, start=0, days=1)}/").data["estimate"]

    assert [v["code"] for v in p1_3(late)] == ["trip_not_approved"]
    assert "出发当天或之前完成全部审批" in p1_3(late)[0]["message"]
    assert late["lines"][0]["reimbursed"] != "0.00"  # a warning: the claim decides
    assert p1_3(today) == []


def test_7_17_approved_in_time_has_no_warning(api):
    trip = approve_trip(api, plan(api, start=0, days=1))

    assert p1_3(api("sales1").get(f"/api/trips/{trip}/").data["estimate"]) == []


def test_7_17_estimate_preview_and_trip_page_warn(api, login):
    preview = login("sales1").post(
        "/trips/estimate/",
        {
            "purpose": "customer_visit",
            "province": "浙江省",
            "city": "杭州市",
            "depart": days_from_today(-2),
            "return_date": days_from_today(-1),
        },
    )
    assert "P1.3" in preview.content.decode()
    assert "出发当天或之前完成全部审批" in preview.content.decode()

    page = login("sales1").get(f"/trips/{plan(api, start=-2)}/").content.decode()
    assert "出发当天或之前完成全部审批" in page

    future = login("sales1").post(
        "/trips/estimate/",
        {
            "purpose": "customer_visit",
            "province": "浙江省",
            "city": "杭州市",
            "depart": days_from_today(1),
            "return_date": days_from_today(2),
        },
    )
    assert "P1.3" not in future.content.decode()
