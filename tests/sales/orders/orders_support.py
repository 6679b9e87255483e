"""Helpers of the orders tests: bodies, the review and signing steps through the API."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from helpers import tiny_pdf

from fieldsales.sales.quotes.models import Quote, QuoteLine, QuoteStatus

FULL_CHECKLIST = {
    "parties": True,
    "amount_and_lines": True,
    "delivery": True,
    "payment": True,
    "liability": True,
}


def today() -> date:
    return timezone.localdate()


def day(offset: int) -> str:
    return (today() + timedelta(days=offset)).isoformat()


def accepted_quote(customer: Any, salesperson: Any, price_list: Any, product: Any) -> Quote:
    seq = (Quote.objects.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
    quote = Quote.objects.create(
        status=QuoteStatus.ACCEPTED,
        seq=seq,
        year=today().year,
        customer=customer,
        salesperson=salesperson,
        price_list=price_list,
        valid_until=today() + timedelta(days=30),
        total=Decimal("9500.00"),
    )
    QuoteLine.objects.create(
        quote=quote,
        product=product,
        quantity=Decimal("10.000"),
        unit_price=Decimal("950.00"),
        amount=Decimal("9500.00"),
        market=Decimal("1000.00"),
        floor=Decimal("900.00"),
        below_market_pct=Decimal("5.0"),
    )
    return quote


def order_body(customer: Any, product: Any, **extra: Any) -> dict[str, Any]:
    """10 modules at 950.00 = 9500.00, in two installments."""
    return {
        "customer": customer.pk,
        "lines": [{"product": product.pk, "quantity": "10", "unit_price": "950.00"}],
        "installments": [
            {"label": "预付款", "amount": "3000.00", "due": day(10)},
            {"label": "到货款", "amount": "6500.00", "due": day(40)},
        ],
        "planned_delivery": day(20),
    } | extra


def scan() -> SimpleUploadedFile:
    return SimpleUploadedFile("contract.pdf", tiny_pdf(), content_type="application/pdf")


def new_order(api: Any, ready: Any, products: Any, user: str = "sales1", **extra: Any) -> dict:
    response = api(user).post(
        "/api/orders/",
        order_body(ready["customer"], products["module"], **extra),
        format="json",
    )
    assert response.status_code == 201, response.data
    return response.data


def approved_order(api: Any, ready: Any, products: Any, **extra: Any) -> dict:
    order = new_order(api, ready, products, **extra)
    submitted = api("sales1").post(f"/api/orders/{order['id']}/submit/")
    assert submitted.status_code == 200, submitted.data
    for reviewer in submitted.data["chain"]:
        who = "gm" if reviewer["role"] == "gm" else "head"
        response = api(who).post(
            f"/api/orders/{order['id']}/approve/",
            {"checklist": FULL_CHECKLIST, "comment": "同意"},
            format="json",
        )
        assert response.status_code == 200, response.data
    assert response.data["status"] == "approved"
    return response.data


def signed_order(api: Any, ready: Any, products: Any, signed_on: str | None = None, **extra: Any):
    order = approved_order(api, ready, products, **extra)
    response = api("sales1").post(
        f"/api/orders/{order['id']}/sign/",
        {"signed_on": signed_on or day(0), "scan": scan()},
        format="multipart",
    )
    assert response.status_code == 200, response.data
    return response.data


def collect(api: Any, order_id: int, amount: str, on: str | None = None, **extra: Any):
    body = {"date": on or day(0), "amount": amount, "method": "transfer"} | extra
    return api("finance").post(f"/api/orders/{order_id}/collections/", body, format="json")
