"""Reads of the collections entry page (`/sales/collections/new/`, S6.1–S6.2): the orders a
finance clerk may pick by number or customer, what each still owes and its next installment,
and the collections this clerk entered today."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from fieldsales.sales.orders import selectors
from fieldsales.sales.orders.models import Collection, Installment, Order, OrderStatus

ZERO = Decimal("0.00")
SUGGESTIONS = 8
TODAY_ROWS = 100  # the running table shows the newest; its total counts every row of the day
# Orders a collection may be recorded on (services.collection_record refuses the others).
COLLECTABLE = (OrderStatus.SIGNED, OrderStatus.PARTLY_DELIVERED, OrderStatus.DELIVERED)
# "SO-2026-001", "so 2026-1", "2026-001": a year and a sequence number.
NUMBER = re.compile(r"^(?:so)?[\s-]*(\d{4})[\s-]+(\d{1,6})$", re.IGNORECASE)
# "SO-2026", "SO-12", "12": a year (four digits) or a sequence number.
PART = re.compile(r"^(?:so)?[\s-]*(\d{1,6})$", re.IGNORECASE)


@dataclass(frozen=True)
class OrderChoice:
    """One order as the entry page shows it: who, how much is still owed, what falls due next
    (`next_amount` is the unpaid rest of the oldest open installment, the amount's default)."""

    order: Order
    outstanding: Decimal
    next_label: str
    next_due: date | None
    next_amount: Decimal
    overdue: bool

    @property
    def label(self) -> str:
        return f"{self.order.number} · {self.order.customer.name}"


def _collected() -> Subquery:
    rows = (
        Collection.objects.filter(order=OuterRef("pk"), voided_at__isnull=True)
        .values("order")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Subquery(rows, output_field=DecimalField(max_digits=12, decimal_places=2))


def collectable_orders(*, user: Any) -> QuerySet[Order]:
    """The orders the user sees on which money may be recorded, with `collected_sum`."""
    return (
        selectors.visible_orders(user=user)
        .filter(status__in=COLLECTABLE)
        .annotate(collected_sum=Coalesce(_collected(), Value(ZERO)))
        .prefetch_related(
            Prefetch("installments", queryset=Installment.objects.order_by("due", "position", "id"))
        )
    )


def _matching(q: str) -> Q:
    q = q.strip()
    found = NUMBER.match(q)
    if found:
        return Q(year=int(found[1]), seq=int(found[2]))
    by_name = Q(customer__name__icontains=q) | Q(customer__code__iexact=q)
    found = PART.match(q)
    if found:
        digits = found[1]
        by_number = Q(seq=int(digits))
        if len(digits) == 4:
            by_number |= Q(year=int(digits))
        return by_number | by_name
    return by_name


def choice_of(order: Order, today: date) -> OrderChoice:
    """`order` from `collectable_orders` (annotated, installments prefetched)."""
    collected = getattr(order, "collected_sum", None)
    if collected is None:
        collected = selectors.collected_total(order.pk)
    outstanding = order.total - collected
    rows = list(order.installments.all())
    filled = selectors.fill([row.amount for row in rows], collected)
    for row, paid in zip(rows, filled, strict=True):
        if paid < row.amount:
            rest = min(row.amount - paid, outstanding)
            return OrderChoice(order, outstanding, row.label, row.due, rest, row.due < today)
    return OrderChoice(order, outstanding, "", None, max(outstanding, ZERO), False)


def suggest_orders(*, user: Any, q: str, today: date) -> list[OrderChoice]:
    """Up to eight open orders matching `q` (a number, part of one, or a customer's name or
    code), newest signed first. Two queries whatever the data size."""
    q = (q or "").strip()[:50]
    if not q:
        return []
    orders = (
        collectable_orders(user=user)
        .filter(_matching(q))
        .filter(total__gt=Coalesce(_collected(), Value(ZERO)))
        .order_by("-signed_on", "-pk")[:SUGGESTIONS]
    )
    return [choice_of(order, today) for order in orders]


def order_choice(*, user: Any, pk: Any, today: date) -> OrderChoice | None:
    """The order `pk` (an id from the form) if the user may record money on it."""
    text = str(pk or "")
    if not text.isdigit() or len(text) > 18:  # beyond a bigint: no such order, not a 500
        return None
    order = collectable_orders(user=user).filter(pk=int(text)).first()
    return choice_of(order, today) if order is not None else None


def order_by_number(*, user: Any, text: str, today: date) -> OrderChoice | None:
    """The order whose full number was typed (without picking from the list: no script)."""
    found = NUMBER.match((text or "").split("·")[0].strip())
    if not found:
        return None
    order = collectable_orders(user=user).filter(year=int(found[1]), seq=int(found[2])).first()
    return choice_of(order, today) if order is not None else None


def entered_today(*, user: Any, today: date) -> dict[str, Any]:
    """The collections `user` recorded today, newest first (voided ones too, marked), and the
    total of the ones that stand."""
    # The day as a range of times (an index on recorder and time answers it).
    start = timezone.make_aware(datetime.combine(today, time.min))
    rows = Collection.objects.filter(
        recorded_by=user, created_at__gte=start, created_at__lt=start + timedelta(days=1)
    )
    total = rows.filter(voided_at__isnull=True).aggregate(total=Sum("amount"))["total"] or ZERO
    listed = rows.select_related("order", "order__customer").order_by("-created_at", "-pk")
    return {
        "rows": list(listed[:TODAY_ROWS]),
        "count": rows.filter(voided_at__isnull=True).count(),
        "total": total,
    }
