"""The demo company's order (selling.md S5–S6), loaded idempotently by `fieldsales demo`
through the order services: sales1's order from the accepted quote, in two installments (the
first already past due, so overdue; the second next month), approved by the head (and the GM
when the chain asks), signed by sales1 with a generated PDF as the scan, partly delivered,
and the first installment partly collected by finance. Without the accepted quote nothing is
loaded."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fieldsales.sales.orders import services
from fieldsales.sales.orders.models import CHECKLIST, Order, OrderStatus
from fieldsales.sales.quotes.models import Quote, QuoteStatus

CENT = Decimal("0.01")


def scan_pdf() -> bytes:
    """A blank one-page PDF standing in for the signed contract."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=298, height=420)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def load(users: dict[str, Any]) -> None:
    """One order in execution, once."""
    if Order.objects.exists():
        return
    quote = (
        Quote.objects.filter(status=QuoteStatus.ACCEPTED, salesperson=users["sales1"])
        .order_by("pk")
        .first()
    )
    if quote is None:
        return
    today = timezone.localdate()
    first = (quote.total * Decimal("0.3")).quantize(CENT, rounding=ROUND_HALF_UP)
    order = services.order_create(
        actor=users["sales1"],
        data={
            "quote": quote.pk,
            "installments": [
                {"label": "预付款", "amount": first, "due": today - timedelta(days=10)},
                {
                    "label": "到货款",
                    "amount": quote.total - first,
                    "due": today + timedelta(days=30),
                },
            ],
            "planned_delivery": today + timedelta(days=20),
            "note": "演示订单",
        },
    )
    services.order_submit(order=order, actor=users["sales1"])
    ticks = dict.fromkeys(CHECKLIST, True)
    for reviewer in ("head", "gm"):
        order.refresh_from_db()
        if order.status != OrderStatus.SUBMITTED:
            break
        services.order_decide(
            order=order, actor=users[reviewer], action="approve", comment="同意", checklist=ticks
        )
    order.refresh_from_db()
    signed_on = today - timedelta(days=15)
    scan = SimpleUploadedFile(f"{order.number}.pdf", scan_pdf(), content_type="application/pdf")
    services.order_sign(order=order, actor=users["sales1"], signed_on=signed_on, scan=scan)
    line = order.lines.order_by("position").first()
    half = (line.quantity / 2).quantize(Decimal("0.001"))
    services.delivery_record(
        order=order,
        actor=users["sales1"],
        day=today - timedelta(days=5),
        lines=[{"product": line.product_id, "quantity": half}],
    )
    services.collection_record(
        order=order,
        actor=users["finance"],
        day=today - timedelta(days=3),
        amount=(first / 2).quantize(CENT, rounding=ROUND_HALF_UP),
        method="transfer",
        reference="DEMO-0001",
    )
