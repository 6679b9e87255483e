"""selling.md S7: the travel policy on real orders, through the API.

S7.1 P6.1 restarts at the latest signed order; S7.2 an entertainment line's deal is the named
order's or opportunity's; S7.3 a pending line pays 0.00 and the order's signing in time makes
one correction claim that waits for finance."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from helpers import png_data_url
from orders_support import FULL_CHECKLIST, day, scan

from fieldsales.crm.models import Customer
from fieldsales.crm.pipeline.models import Opportunity
from fieldsales.sales.orders.models import Order
from fieldsales.trips.models import Claim, Trip
from fieldsales.trips.services.deal_corrections import correct_for_signed_order

HANGZHOU = [{"province": "浙江省", "city": "杭州市"}]


def big_order(api, ready, products, **extra) -> dict:
    """One inverter at 50,000.00 in two installments, submitted and approved, not signed."""
    body = {
        "customer": ready["customer"].pk,
        "lines": [{"product": products["inverter"].pk, "quantity": "1", "unit_price": "50000.00"}],
        "installments": [
            {"label": "预付款", "amount": "20000.00", "due": day(10)},
            {"label": "到货款", "amount": "30000.00", "due": day(40)},
        ],
        "planned_delivery": day(20),
    } | extra
    created = api("sales1").post("/api/orders/", body, format="json")
    assert created.status_code == 201, created.data
    order_id = created.data["id"]
    assert api("sales1").post(f"/api/orders/{order_id}/submit/").status_code == 200
    approved = api("head").post(
        f"/api/orders/{order_id}/approve/", {"checklist": FULL_CHECKLIST}, format="json"
    )
    assert approved.data["status"] == "approved", approved.data
    return approved.data


def sign(api, order_id: int, on: str | None = None) -> dict:
    response = api("sales1").post(
        f"/api/orders/{order_id}/sign/", {"signed_on": on or day(0), "scan": scan()}
    )
    assert response.status_code == 200, response.data
    return response.data


def reported_trip(api) -> int:
    """sales1's trip to 杭州 today and tomorrow, approved by head and gm, with its report."""
    customer = Customer.objects.get(code="C-0001")
    body = {
        "purpose": "customer_visit",
        "destinations": HANGZHOU,
        "depart": day(0),
        "return": day(1),
        "customers": [customer.pk],
    }
    trip = api("sales1").post("/api/trips/", body, format="json").data["id"]
    assert api("sales1").post(f"/api/trips/{trip}/submit/").status_code == 200
    assert api("head").post(f"/api/trips/{trip}/approve/", {}).status_code == 200
    assert api("gm").post(f"/api/trips/{trip}/approve/", {}).data["status"] == "approved"
    visit = {
        "customer": customer.pk,
        "visited_on": day(0),
        "content": "宴请客户，商谈逆变器订单",
        "satisfaction": 4,
        "signer_name": "赵经理",
        "signature": png_data_url(),
    }
    report = {"route": "金华—杭州", "results": "客户有意向", "orders_signed": "无"}
    report |= {"follow_up": "等待签约", "visits": [visit]}
    assert (
        api("sales1").post(f"/api/trips/{trip}/report/", report, format="json").status_code == 200
    )
    return trip


OURS = "the order of the test"


def dinner(**link) -> dict:
    return {"id": "e1", "kind": "entertainment", "amount": "2000.00", "invoice": True} | link


def claim(api, trip: int, items: list[dict]) -> dict:
    response = api("sales1").post("/api/claims/", {"trip": trip, "items": items}, format="json")
    assert response.status_code == 201, response.data
    return response.data


def approved_claim(api, trip: int, items: list[dict]) -> dict:
    claim_id = claim(api, trip, items)["id"]
    assert api("sales1").post(f"/api/claims/{claim_id}/submit/").status_code == 200
    assert api("head").post(f"/api/claims/{claim_id}/approve/").status_code == 200
    final = api("finance").post(f"/api/claims/{claim_id}/approve/")
    assert final.data["status"] == "approved", final.data
    return final.data


def line(evaluation: dict, item: str = "e1") -> dict:
    return next(x for x in evaluation["lines"] if x["item"] == item)


def inbox_ids(api, user: str) -> set[tuple[str, int]]:
    rows = api(user).get("/api/approvals/inbox/").data["results"]
    return {(r["kind"], r["id"]) for r in rows}


# ---------------------------------------------------------------- S7.2 what an item names


@pytest.mark.parametrize(
    ("item", "field"),
    [
        (dinner(), "items[0].order"),
        (dinner(order=OURS, opportunity=1), "items[0].order"),
        (dinner(order="x"), "items[0].order"),
        (dinner(order=True), "items[0].order"),
        (dinner(order=2**70), "items[0].order"),
        (dinner(opportunity=0), "items[0].opportunity"),
        (dinner(order=OURS, deal_amount="50000.00"), "items[0].deal_amount"),
        (dinner(order=OURS, deal_closed=True), "items[0].deal_closed"),
        (dinner(order=OURS, deal_pending=False), "items[0].deal_pending"),
    ],
)
def test_s7_2_an_entertainment_item_names_one_order_or_opportunity_and_no_deal(
    api, ready, products, item, field
):
    order = big_order(api, ready, products)
    if item.get("order") == OURS:
        item = item | {"order": order["id"]}
    trip = reported_trip(api)
    response = api("sales1").post("/api/claims/", {"trip": trip, "items": [item]}, format="json")
    assert response.status_code == 400, response.data
    assert field in response.data
    assert "S7.2" in str(response.data[field])


def test_s7_2_an_order_the_claimant_cannot_see_is_refused_as_unknown(api, ready, products, cast):
    order = big_order(api, ready, products)
    trip = reported_trip(api)
    # sales2 cannot see sales1's order: the same 400 as for an order that does not exist
    for order_id in (order["id"], order["id"] + 1000):
        Trip.objects.filter(pk=trip).update(traveller=cast["sales2"])
        response = api("sales2").post(
            "/api/claims/", {"trip": trip, "items": [dinner(order=order_id)]}, format="json"
        )
        assert response.status_code == 400, response.data
        assert "S7.2" in str(response.data["items[0].order"])


def test_s7_2_a_signed_order_pays_two_percent_of_its_total(api, ready, products):
    order = big_order(api, ready, products)
    sign(api, order["id"])
    evaluation = claim(api, reported_trip(api), [dinner(order=order["id"])])
    assert (line(evaluation)["reimbursed"], line(evaluation)["rule"]) == ("1000.00", "P6.2")
    assert line(evaluation)["violation"] == "over_entertainment_cap"


def test_s7_2_an_opportunity_is_closed_by_its_signed_order(api, ready, products, cast):
    opportunity = Opportunity.objects.create(
        customer=ready["customer"], owner=cast["sales1"], title="逆变器项目", amount=Decimal("1")
    )
    order = big_order(api, ready, products, opportunity=opportunity.pk)
    trip = reported_trip(api)
    pending = claim(api, trip, [dinner(opportunity=opportunity.pk)])
    assert line(pending)["violation"] == "entertainment_deal_pending"
    sign(api, order["id"])
    edited = api("sales1").patch(
        f"/api/claims/{pending['id']}/",
        {"items": [dinner(opportunity=opportunity.pk)]},
        format="json",
    )
    assert edited.status_code == 200, edited.data
    assert line(edited.data)["reimbursed"] == "1000.00"


def test_s7_2_a_small_signed_order_is_not_eligible(api, ready, products):
    from orders_support import signed_order

    order = signed_order(api, ready, products)  # 9,500.00: not above 10,000.00
    evaluation = claim(api, reported_trip(api), [dinner(order=order["id"])])
    assert (line(evaluation)["reimbursed"], line(evaluation)["violation"]) == (
        "0.00",
        "entertainment_not_eligible",
    )


# ---------------------------------------------------------------- S7.3 pending and corrected


def test_s7_3_a_pending_dinner_pays_nothing_then_the_signing_corrects_it_once(
    api, ready, products, cast, client
):
    # Given a 2,000.00 dinner against an approved, unsigned 50,000.00 order
    order = big_order(api, ready, products)
    trip = reported_trip(api)
    original = approved_claim(api, trip, [dinner(order=order["id"])])
    assert line(original)["reimbursed"] == "0.00"
    assert line(original)["violation"] == "entertainment_deal_pending"
    assert line(original)["rule"] == "P6.2"
    paid_before = Decimal(original["totals"]["reimbursed"])

    # When sales1 signs the order
    sign(api, order["id"])

    # Then one correction claim waits for finance alone, for the 1,000.00 difference
    correction = Claim.objects.get(corrects_id=original["id"])
    shown = api("sales1").get(f"/api/claims/{correction.pk}/").data
    assert shown["status"] == "submitted"
    assert [step["role"] for step in correction.chain] == ["finance"]
    assert shown["current_step"]["role"] == "finance"
    assert shown["deal_order"] == order["id"]
    assert line(shown)["reimbursed"] == "1000.00"
    assert Decimal(shown["totals"]["reimbursed"]) == paid_before + Decimal("1000.00")
    assert shown["settlement"]["pay_to_traveller"] == "1000.00"
    assert ("claim", correction.pk) in inbox_ids(api, "sales1")
    assert ("claim", correction.pk) in inbox_ids(api, "finance")
    assert ("claim", correction.pk) not in inbox_ids(api, "head")
    client.force_login(cast["finance"])
    page = client.get(f"/claims/{correction.pk}/").content.decode()
    assert "data-deal-correction" in page
    assert Order.objects.get(pk=order["id"]).number in page

    # And it is made once only: the hook again, or signing again, makes no second one
    assert correct_for_signed_order(Order.objects.get(pk=order["id"]), cast["sales1"]) == []
    again = api("sales1").post(
        f"/api/orders/{order['id']}/sign/", {"signed_on": day(0), "scan": scan()}
    )
    assert again.status_code == 409
    assert Claim.objects.filter(corrects_id=original["id"]).count() == 1

    # And finance approves it: the traveller is paid the difference
    approved = api("finance").post(f"/api/claims/{correction.pk}/approve/")
    assert approved.data["status"] == "approved", approved.data
    assert approved.data["settlement"]["pay_to_traveller"] == "1000.00"
    assert ("claim", correction.pk) not in inbox_ids(api, "sales1")


def test_s7_3_a_claim_still_in_review_is_paid_at_its_approval_not_corrected(api, ready, products):
    order = big_order(api, ready, products)
    claim_id = claim(api, reported_trip(api), [dinner(order=order["id"])])["id"]
    assert api("sales1").post(f"/api/claims/{claim_id}/submit/").status_code == 200
    sign(api, order["id"])
    assert api("head").post(f"/api/claims/{claim_id}/approve/").status_code == 200
    final = api("finance").post(f"/api/claims/{claim_id}/approve/").data
    assert line(final)["reimbursed"] == "1000.00"
    assert not Claim.objects.filter(corrects_id=claim_id).exists()


def test_s7_3_an_order_signed_after_the_wait_makes_no_correction(api, ready, products):
    order = big_order(api, ready, products)
    trip = reported_trip(api)
    original = approved_claim(api, trip, [dinner(order=order["id"])])
    assert line(original)["violation"] == "entertainment_deal_pending"
    # The trip came back 181 days before today's signing (entertainment_wait_days = 180)
    back_in_time(trip, 182)
    sign(api, order["id"])
    assert not Claim.objects.filter(corrects_id=original["id"]).exists()


def back_in_time(trip: int, days: int) -> None:
    back = Trip.objects.get(pk=trip)
    Trip.objects.filter(pk=trip).update(
        depart=back.depart - timedelta(days=days),
        return_date=back.return_date - timedelta(days=days),
    )


def test_s7_3_after_the_wait_an_unsigned_order_is_refused_not_pending(api, ready, products):
    order = big_order(api, ready, products)
    trip = reported_trip(api)
    back_in_time(trip, 180)  # back 179 days ago: still waiting
    assert line(claim(api, trip, [dinner(order=order["id"])]))["violation"] == (
        "entertainment_deal_pending"
    )
    Claim.objects.filter(trip_id=trip).delete()
    back_in_time(trip, 2)  # back 181 days ago: the wait is over
    assert line(claim(api, trip, [dinner(order=order["id"])]))["violation"] == (
        "entertainment_not_eligible"
    )


def test_s7_3_a_cancelled_order_leaves_the_line_refused_not_pending(api, ready, products):
    order = big_order(api, ready, products)
    trip = reported_trip(api)
    cancelled = api("head").post(f"/api/orders/{order['id']}/cancel/", {"reason": "客户放弃"})
    assert cancelled.status_code == 200, cancelled.data
    evaluation = claim(api, trip, [dinner(order=order["id"])])
    assert line(evaluation)["violation"] == "entertainment_not_eligible"


# ---------------------------------------------------------------- S7.1 P6.1 and signed orders


def test_s7_1_p6_1_restarts_at_the_latest_signed_order_and_a_cancel_undoes_it(api, ready, products):
    customer = ready["customer"]
    first = big_order(api, ready, products)
    sign(api, first["id"], on=day(-10))
    second = big_order(api, ready, products)
    sign(api, second["id"], on=day(-3))
    customer.refresh_from_db()
    assert customer.last_order_signed.isoformat() == day(-3)
    assert api("head").post(f"/api/orders/{second['id']}/cancel/", {"reason": "合同作废"}).data[
        "status"
    ] == ("cancelled")
    customer.refresh_from_db()
    assert customer.last_order_signed.isoformat() == day(-10)
    shown = api("sales1").get(f"/api/customers/{customer.pk}/").data
    assert shown["last_order_signed"] == day(-10)


# ---------------------------------------------------------------- the claim page


def dinner_post(**extra) -> dict:
    return {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "40",
        "items-0-kind": "entertainment",
        "items-0-amount": "2000.00",
        "items-0-invoice": "on",
    } | extra


def test_the_claim_page_offers_the_orders_and_saves_the_one_chosen(api, ready, products, client):
    order = big_order(api, ready, products)
    trip = reported_trip(api)
    client.force_login(Order.objects.get(pk=order["id"]).salesperson)
    page = client.get(f"/trips/{trip}/claim/").content.decode()
    assert f'value="order:{order["id"]}"' in page
    assert "50,000.00" in page
    # Without an order or opportunity: refused, naming S7.2, nothing stored
    refused = client.post(f"/trips/{trip}/claim/", dinner_post())
    assert refused.status_code == 400
    assert "S7.2" in refused.content.decode()
    assert not Claim.objects.filter(trip_id=trip).exists()
    # With the order: saved, 0.00 while the order waits for its signature
    saved = client.post(
        f"/trips/{trip}/claim/", dinner_post(**{"items-0-deal": f"order:{order['id']}"})
    )
    assert saved.status_code == 302
    stored = Claim.objects.get(trip_id=trip)
    assert stored.items[0]["order"] == order["id"]
    assert "deal_amount" not in stored.items[0]
    assert line(stored.evaluation, stored.items[0]["id"])["violation"] == (
        "entertainment_deal_pending"
    )
    # The edit page shows the chosen order selected
    edit = client.get(f"/claims/{stored.pk}/edit/").content.decode()
    assert f'value="order:{order["id"]}" selected' in edit
