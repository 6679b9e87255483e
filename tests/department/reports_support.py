"""Data for the reports tests (D4): orders, collections, visits and customers in a given week,
made as rows the reports must find, and the sums computed independently of the app."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from factories import CustomerFactory, VisitFactory

from fieldsales.sales.orders.models import Collection, Order, OrderStatus

SEQ = itertools.count(7000)
SIGNED = ["signed", "partly_delivered", "delivered", "completed"]  # S5.3, spelled out


def order(cast, who, total, signed_on, *, status=OrderStatus.SIGNED):
    person = cast[who]
    return Order.objects.create(
        status=status,
        year=(signed_on or date(2027, 1, 1)).year,
        seq=next(SEQ),
        customer=CustomerFactory(actor=person),
        salesperson=person,
        department=person.employee.department,
        total=Decimal(total),
        signed_on=signed_on,
        ordered_on=signed_on or date(2027, 1, 1),
    )


def collect(cast, on, day, amount, *, voided=False):
    return Collection.objects.create(
        order=on,
        date=day,
        amount=Decimal(amount),
        method="transfer",
        recorded_by=cast["finance"],
        voided_at=timezone.now() if voided else None,
    )


def visit(cast, who, day, *, made=True, content="介绍新产品"):
    """A visit planned for `day`, checked in when `made` (the check-in written as the phone
    would have, at 10:00 that day)."""
    person = cast[who]
    planned = VisitFactory(customer=CustomerFactory(actor=person), actor=person, date=day)
    if made:
        at = timezone.make_aware(datetime.combine(day, time(10, 0)))
        type(planned).objects.filter(pk=planned.pk).update(
            check_in_at=at, status="checked_in", content=content
        )
    return planned


def customer_created_on(cast, who, day):
    made = CustomerFactory(actor=cast[who])
    at = timezone.make_aware(datetime.combine(day, time(11, 0)))
    type(made).objects.filter(pk=made.pk).update(created_at=at)
    return made


def sold(person, start, end):
    rows = Order.objects.filter(
        salesperson=person, signed_on__gte=start, signed_on__lte=end, status__in=SIGNED
    )
    return rows.aggregate(t=Sum("total"))["t"] or Decimal("0.00")


def signed_count(person, start, end):
    return Order.objects.filter(
        salesperson=person, signed_on__gte=start, signed_on__lte=end, status__in=SIGNED
    ).count()


def collected(person, start, end):
    rows = Collection.objects.filter(
        order__salesperson=person, date__gte=start, date__lte=end, voided_at__isnull=True
    )
    return rows.aggregate(t=Sum("amount"))["t"] or Decimal("0.00")


def week(start: date) -> tuple[date, date]:
    return start, start + timedelta(days=6)
