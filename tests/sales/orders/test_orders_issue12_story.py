"""Issue 12, done when: the story a new user tries, on the pages and the API.

The accepted quote becomes an order with two installments; head approves the contract; sales1
signs it with a scanned PDF; the customer's page shows the signed order and P6.1's count
restarts; one delivery of part of the lines; finance records the first installment and the
month's collection rate shows it; a 2,000.00 dinner against an unsigned 50,000.00 order pays
0.00 and, once that order is signed, a correction claim pays 1,000.00."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from factories import ClaimFactory, TripFactory
from orders_support import FULL_CHECKLIST, accepted_quote, day, scan, today
from test_orders_travel_policy import approved_claim, big_order, dinner, line, reported_trip, sign

from fieldsales.sales.orders.models import Order
from fieldsales.trips import selectors as trip_selectors
from fieldsales.trips.models import Claim

pytestmark = pytest.mark.django_db


def month_bounds(on: date) -> tuple[str, str]:
    first = on.replace(day=1)
    following = (first.replace(day=28) + (date.resolution * 4)).replace(day=1)
    return first.isoformat(), (following - date.resolution).isoformat()


def test_issue_12_story(api, client, cast, ready, products):
    customer = ready["customer"]
    quote = accepted_quote(customer, cast["sales1"], ready["price_list"], products["module"])

    # A trip to this customer was reimbursed before the order (head's): P6.1 counts it
    earlier = TripFactory(
        traveller=cast["head"],
        customers=[customer.pk],
        status="approved",
        depart=today(),
        return_date=today(),
    )
    ClaimFactory(trip=earlier, items=[], status="approved")
    later = TripFactory(
        traveller=cast["sales1"],
        customers=[customer.pk],
        depart=today() + 3 * date.resolution,
        status="draft",
    )
    assert trip_selectors.prior_trips(customer=customer, trip=later) == 1

    # The quote becomes an order with two installments, on the page
    client.force_login(cast["sales1"])
    created = client.post(
        f"/sales/orders/new/?quote={quote.pk}",
        {
            "planned_delivery": day(20),
            "label_0": "预付款",
            "amount_0": "3000.00",
            "due_0": day(0),
            "label_1": "到货款",
            "amount_1": "6500.00",
            "due_1": day(40),
        },
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    order = Order.objects.get(quote=quote)
    assert [str(i.amount) for i in order.installments.order_by("due")] == ["3000.00", "6500.00"]

    # Head approves the contract with the checklist
    assert api("sales1").post(f"/api/orders/{order.pk}/submit/").status_code == 200
    approved = api("head").post(
        f"/api/orders/{order.pk}/approve/", {"checklist": FULL_CHECKLIST}, format="json"
    )
    assert approved.data["status"] == "approved", approved.data

    # sales1 signs it with the scanned PDF, on the page
    signed = client.post(f"/sales/orders/{order.pk}/sign/", {"signed_on": day(0), "scan": scan()})
    assert signed.status_code == 302
    order.refresh_from_db()
    assert order.status == "signed" and order.scan.name.endswith(".pdf")

    # The customer's page shows the signed order, and P6.1's count restarts
    page = client.get(f"/crm/customers/{customer.pk}/").content.decode()
    assert order.number in page and "已签订" in page
    customer.refresh_from_db()
    assert customer.last_order_signed == today()
    assert trip_selectors.prior_trips(customer=customer, trip=later) == 0

    # One delivery of part of the lines
    module = products["module"].pk
    part = api("sales1").post(
        f"/api/orders/{order.pk}/deliveries/",
        {"date": day(0), "lines": [{"product": module, "quantity": "4"}]},
        format="json",
    )
    assert part.status_code == 201, part.data
    assert api("sales1").get(f"/api/orders/{order.pk}/").data["status"] == "partly_delivered"

    # Finance records the first installment; the month's collection rate shows it
    collected = api("finance").post(
        f"/api/orders/{order.pk}/collections/",
        {"date": day(0), "amount": "3000.00", "method": "transfer", "reference": "HD-001"},
        format="json",
    )
    assert collected.status_code == 201, collected.data
    start, end = month_bounds(today())
    rate = api("head").get(f"/api/collection-rate/?from={start}&to={end}&salesperson=sales1")
    assert (rate.data["due"], rate.data["collected"], rate.data["rate"]) == (
        "3000.00",
        "3000.00",
        "100.0",
    )
    shown = api("sales1").get(f"/api/orders/{order.pk}/").data
    assert Decimal(shown["outstanding"]) == Decimal("6500.00")

    # A 2,000.00 dinner against an unsigned 50,000.00 order pays 0.00 ...
    big = big_order(api, ready, products)
    original = approved_claim(api, reported_trip(api), [dinner(order=big["id"])])
    assert (line(original)["reimbursed"], line(original)["violation"]) == (
        "0.00",
        "entertainment_deal_pending",
    )
    # ... and once it is signed, a correction claim pays 1,000.00
    sign(api, big["id"])
    correction = Claim.objects.get(corrects_id=original["id"])
    approved_correction = api("finance").post(f"/api/claims/{correction.pk}/approve/").data
    assert approved_correction["status"] == "approved"
    assert line(approved_correction)["reimbursed"] == "1000.00"
    assert approved_correction["settlement"]["pay_to_traveller"] == "1000.00"
