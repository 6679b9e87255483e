"""D1's actuals, in two grouped queries: sales = the totals of orders signed (selling.md S5.3:
signed or later, so a cancelled order never counts) by `signed_on`; collections = the
non-voided collections (S6.1) by their `date`. Grouped by salesperson, the order's department
and month, so a page of progress costs the same whatever the number of orders; the collections'
sums per month are kept by the database (sales.CollectedMonth), as grouping a year's
collections took the GM's pages 25-80 ms."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.db.models.functions import ExtractMonth

from fieldsales.sales.orders.models import SIGNED_OR_LATER, CollectedMonth, Order, OrderLine

ZERO = Decimal("0.00")

# {(salesperson id, department id or None, month): amount}
Amounts = dict[tuple[int, int | None, int], Decimal]


def signed_sales(*, year: int, people: Any = None, departments: Any = None) -> Amounts:
    """Σ order totals signed in `year` per salesperson, department and month."""
    orders = Order.objects.filter(status__in=SIGNED_OR_LATER, signed_on__year=year)
    return _grouped(orders, "signed_on", people, departments, "total")


def collections(*, year: int, people: Any = None, departments: Any = None) -> Amounts:
    """Σ non-voided collections dated in `year` per salesperson, department and month, read
    from the sums the database keeps (sales.CollectedMonth)."""
    rows = _among(CollectedMonth.objects.filter(year=year), "department", people, departments)
    result: Amounts = {}
    for person, department, month, cents in rows.exclude(cents=0).values_list(
        "salesperson_id", "department", "month", "cents"
    ):
        key = (person, department or None, month)  # department 0: none
        result[key] = result.get(key, ZERO) + Decimal(cents).scaleb(-2)
    return result


def _among(rows: Any, department: str, people: Any, departments: Any) -> Any:
    """The rows of `people` (salesperson_id) or of `departments`; all when both are None."""
    if people is None and departments is None:
        return rows
    condition = Q(pk__in=[])
    if people is not None:
        condition |= Q(salesperson_id__in=list(people))
    if departments is not None:
        condition |= Q(**{f"{department}__in": list(departments)})
    return rows.filter(condition)


def _grouped(rows: Any, day: str, people: Any, departments: Any, amount: str) -> Amounts:
    person, department = "salesperson_id", "department_id"
    rows = _among(rows, department, people, departments)
    grouped = (
        rows.annotate(month_of=ExtractMonth(day))
        .values(person, department, "month_of")
        .annotate(sum=Sum(amount))
        .order_by()
    )
    result: Amounts = defaultdict(lambda: ZERO)
    for row in grouped:
        result[(row[person], row[department], row["month_of"])] += row["sum"] or ZERO
    return dict(result)


def signed_sales_by_category(*, year: int, people: Any = None) -> dict[tuple[int, int], Decimal]:
    """Σ the lines of orders signed in `year` per salesperson and product category (one
    grouped query): {(salesperson id, category id): amount}."""
    lines = OrderLine.objects.filter(
        order__status__in=SIGNED_OR_LATER,
        order__signed_on__year=year,
        product__category__isnull=False,
    )
    if people is not None:
        lines = lines.filter(order__salesperson_id__in=list(people))
    grouped = (
        lines.values("order__salesperson_id", "product__category_id")
        .annotate(sum=Sum("amount"))
        .order_by()
    )
    return {
        (row["order__salesperson_id"], row["product__category_id"]): row["sum"] or ZERO
        for row in grouped
    }
