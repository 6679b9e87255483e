"""Signed orders with fixed installments and collections written with the ORM (the review and
signing are tested elsewhere): the figures of the collection rate and the weekly sheet."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from fieldsales.sales.orders.models import Collection, Installment, Order, OrderStatus


def make_order(
    salesperson: Any,
    customer: Any,
    *,
    signed_on: date,
    installments: list[tuple[str, date]],
    status: str = OrderStatus.SIGNED,
    department: Any = "own",
) -> Order:
    seq = (Order.objects.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
    if department == "own":
        department = salesperson.employee.department
    total = sum((Decimal(a) for a, _ in installments), Decimal("0.00"))
    order = Order.objects.create(
        status=status,
        year=signed_on.year,
        seq=seq,
        customer=customer,
        salesperson=salesperson,
        department=department,
        total=total,
        signed_on=signed_on,
    )
    for position, (amount, due) in enumerate(installments):
        Installment.objects.create(
            order=order, position=position, label=f"第{position + 1}期", amount=amount, due=due
        )
    return order


def pay(order: Order, amount: str, on: date, recorder: Any, *, voided: bool = False) -> Collection:
    return Collection.objects.create(
        order=order,
        date=on,
        amount=Decimal(amount),
        method="transfer",
        recorded_by=recorder,
        voided_at=timezone.now() if voided else None,
        void_reason="错录" if voided else "",
    )
