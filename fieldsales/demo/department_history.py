"""A year of history for the dashboards (department.md D12), so the charts show something on
a first run: for sales1 and sales2, on their demo customers, orders signed month by month over
the past twelve months, each in two installments (30 % at signing, 70 % sixty days later, so
they add up to the total) with the collections finance recorded (never more than what fell
due: most paid in full a few days after each due date, some late or partly, leaving overdue
amounts in every aging bucket), and the visits made week by week. Every row carries its past
date explicitly. Idempotent: nothing is loaded once the history is there (the orders are
marked by their note)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from fieldsales.core.counters import next_number
from fieldsales.crm.models import Customer, Visit, VisitStatus
from fieldsales.sales.catalogue.models import PriceListLine
from fieldsales.sales.orders.models import (
    Collection,
    Installment,
    Order,
    OrderLine,
    OrderStatus,
)
from fieldsales.sales.orders.selectors import fill

NOTE = "演示历史订单（看板）"
CENT = Decimal("0.01")
# Customers whose revisit clocks the CRM demo sets (C-0004, C-0005 overdue): left alone.
KEEP_CLOCKS = ("C-0004", "C-0005")
PURPOSES = ("例行回访，了解使用情况", "介绍新产品", "商务洽谈", "催收回款", "售后跟进")


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _months_back(today: date, n: int) -> date:
    day = today.replace(day=1)
    for _i in range(n):
        day = (day - timedelta(days=1)).replace(day=1)
    return day


def _customers(person: Any) -> list[Customer]:
    mine = list(Customer.objects.filter(owner=person).order_by("code"))
    kept = [c for c in mine if c.code not in KEEP_CLOCKS]
    return kept or mine


def _collect(order: Order, installments: list[Installment], today: date, finance: Any, k: int):
    """Collections up to what fell due: paid in full 5 days after the due date, except every
    fourth order's second installment (half paid) and every seventh order (nothing yet)."""
    paid = Decimal("0.00")
    for i, row in enumerate(installments):
        day = row.due + timedelta(days=5)
        if day > today or k % 7 == 6:
            continue
        amount = row.amount
        if i == 1 and k % 4 == 3:
            amount = (row.amount / 2).quantize(CENT, rounding=ROUND_HALF_UP)
        Collection.objects.create(
            order=order,
            date=day,
            amount=amount,
            method="transfer",
            reference=f"DEMO-H{order.seq:04d}-{i + 1}",
            recorded_by=finance,
        )
        paid += amount
    for row, part in zip(installments, fill([r.amount for r in installments], paid), strict=True):
        row.collected = part
        row.save(update_fields=["collected"])


def _order(person: Any, customer: Customer, line: PriceListLine, signed_on: date, qty: int):
    amount = (line.market * qty).quantize(CENT)
    order = Order.objects.create(
        status=OrderStatus.SIGNED,
        year=signed_on.year,
        seq=next_number(f"sales.order.{signed_on.year}"),
        customer=customer,
        salesperson=person,
        department=person.employee.department,
        ordered_on=signed_on - timedelta(days=7),
        signed_on=signed_on,
        planned_delivery=signed_on + timedelta(days=30),
        total=amount,
        note=NOTE,
    )
    # Entered the day it was ordered, not today (a day's work log lists the orders it made).
    entered = timezone.make_aware(datetime.combine(order.ordered_on, time(10)))
    Order.objects.filter(pk=order.pk).update(created_at=entered)
    OrderLine.objects.create(
        order=order,
        position=1,
        product=line.product,
        quantity=Decimal(qty),
        unit_price=line.market,
        amount=amount,
        market=line.market,
        floor=line.factory_min,
    )
    first = (amount * Decimal("0.3")).quantize(CENT, rounding=ROUND_HALF_UP)
    installments = [
        Installment.objects.create(
            order=order, position=1, label="预付款", amount=first, due=signed_on
        ),
        Installment.objects.create(
            order=order,
            position=2,
            label="尾款",
            amount=amount - first,
            due=signed_on + timedelta(days=60),
        ),
    ]
    return order, installments


def _visits(person: Any, number: int, customers: list[Customer], today: date) -> None:
    """One to three visits made each week of the past year, up to last week. How many in a
    week follows the person's `number` (sales1 1, sales2 2), never the user's id: ids differ
    from database to database (PostgreSQL does not roll its sequences back), the demo not."""
    monday = today - timedelta(days=today.weekday())
    for week in range(1, 53):
        start = monday - timedelta(weeks=week)
        for n in range(1 + (week + number) % 3):
            day = start + timedelta(days=(n * 2 + week) % 5)
            customer = customers[(week + n) % len(customers)]
            Visit.objects.create(
                customer=customer,
                salesperson=person,
                date=day,
                seq=n + 1,
                purpose=PURPOSES[(week + n) % len(PURPOSES)],
                status=VisitStatus.CHECKED_OUT,
                appointment_confirmed=True,
                check_in_at=_at(day, 9 + 2 * n),
                check_out_at=_at(day, 10 + 2 * n),
                check_in_lat=customer.latitude,
                check_in_lng=customer.longitude,
                check_in_distance_m=30,
                content="了解客户近期需求与使用情况。",
                next_step="按计划跟进",
                recorded_at=_at(day, 11 + 2 * n),
            )


@transaction.atomic
def load(users: dict[str, Any]) -> None:
    if Order.objects.filter(note=NOTE).exists():
        return
    lines = list(
        PriceListLine.objects.select_related("product").order_by("price_list_id", "pk")[:4]
    )
    if not lines:
        return
    today = timezone.localdate()
    finance = users["finance"]
    k = 0
    for person_index, name in enumerate(("sales1", "sales2")):
        person = users.get(name)
        if person is None or getattr(person, "employee", None) is None:
            continue
        customers = _customers(person)
        if not customers:
            continue
        for back in range(12, 0, -1):
            month = _months_back(today, back)
            for n in range(1 + (back + person_index) % 2):
                signed_on = month + timedelta(days=4 + 11 * n)
                customer = customers[(back + n) % len(customers)]
                line = lines[(back + n) % len(lines)]
                qty = 20 + 10 * ((back * 3 + n + person_index) % 7)
                order, installments = _order(person, customer, line, signed_on, qty)
                _collect(order, installments, today, finance, k)
                k += 1
        _visits(person, person_index + 1, customers, today)
