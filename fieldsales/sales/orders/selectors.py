"""Reads: who sees which order; what is collected, outstanding and overdue (S6); the
collection rate (S6.3); the last signed order of a customer (S5.3, S7.1)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import (
    DateField,
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest

from fieldsales.core.workflow import prefetch_approvals, prefetch_history, waiting_for
from fieldsales.crm.customers.selectors import owned_by_q
from fieldsales.org.access import department_ids, has_role, visible_people
from fieldsales.org.models import Role
from fieldsales.sales.orders.models import (
    SIGNED_OR_LATER,
    Collection,
    Delivery,
    DeliveryLine,
    Installment,
    Order,
    OrderLine,
)
from fieldsales.sales.params import DEFAULT_SALES_PARAMS
from fieldsales.sales.versions import SalesPolicyVersion

ZERO = Decimal("0.00")
TENTH = Decimal("0.1")
# S6.2: days past due → bucket.
BUCKETS = ("1-30", "31-60", "61-90", ">90")


READING_ROLES = (Role.SALESPERSON, Role.DEPT_HEAD, Role.DEPT_MANAGER, Role.GM, Role.FINANCE)


def visible_orders(*, user: Any) -> QuerySet[Order]:
    """A salesperson's own orders and their customers'; a head's or manager's department's;
    the GM and finance all. Other roles (admin included: an order shows each line's floor, and
    S1.3 keeps prices from admin) none."""
    orders = Order.objects.select_related("customer", "salesperson", "department")
    if not getattr(user, "is_authenticated", False) or not has_role(user, *READING_ROLES):
        return orders.none()
    people = visible_people(user)
    if people is None:
        return orders
    condition = (
        Q(salesperson_id__in=people) | owned_by_q("customer", people) | Q(pending_user_id=user.pk)
    )
    departments = department_ids(user)
    if departments:
        condition |= Q(department_id__in=departments)
    return orders.filter(condition)


def search_q(q: str) -> Q:
    """An order number (SO-2026-001, 2026-001 or its digits) or part of the customer's name."""
    found = Q(customer__name__icontains=q)
    digits = re.fullmatch(r"(?:SO-?)?(?:(\d{4})-?)?0*(\d{1,9})", q.strip().upper())
    if digits is not None:
        year, seq = digits.groups()
        number = Q(seq=int(seq)) & (Q(year=int(year)) if year else Q())
        found |= number
    return found


def orders_waiting(user: Any) -> QuerySet[Order]:
    """Contracts waiting for this reviewer (the inbox)."""
    return waiting_for(Order, user)


def collected_total(order_id: int, *, on: date | None = None) -> Decimal:
    """Σ the order's non-voided collections (dated on or before `on`)."""
    rows = Collection.objects.filter(order_id=order_id, voided_at__isnull=True)
    if on is not None:
        rows = rows.filter(date__lte=on)
    return rows.aggregate(total=Sum("amount"))["total"] or ZERO


def outstanding(order: Order) -> Decimal:
    return order.total - collected_total(order.pk)


def customer_outstanding(customer_id: int, *, excluding: int | None = None) -> Decimal:
    """S5.2: Σ unpaid of the customer's signed-and-later orders."""
    orders = Order.objects.filter(customer_id=customer_id, status__in=SIGNED_OR_LATER)
    if excluding is not None:
        orders = orders.exclude(pk=excluding)
    total = orders.aggregate(total=Sum("total"))["total"] or ZERO
    paid = (
        Collection.objects.filter(order__in=orders, voided_at__isnull=True).aggregate(
            total=Sum("amount")
        )["total"]
        or ZERO
    )
    return total - paid


def fill(amounts: list[Decimal], collected: Decimal) -> list[Decimal]:
    """S6.2: `collected` fills the installments (oldest due first) in the order given."""
    filled = []
    left = collected
    for amount in amounts:
        part = min(amount, max(left, ZERO))
        filled.append(part)
        left -= part
    return filled


def installments_of(order: Order) -> list[Installment]:
    return list(order.installments.order_by("due", "position", "id"))


def delivered_quantities(order: Order) -> dict[int, Decimal]:
    """{product id: quantity delivered so far}."""
    rows = (
        DeliveryLine.objects.filter(delivery__order=order)
        .values("product_id")
        .annotate(total=Sum("quantity"))
    )
    return {r["product_id"]: r["total"] for r in rows}


def ordered_quantities(order: Order) -> dict[int, Decimal]:
    rows = order.lines.values("product_id").annotate(total=Sum("quantity"))
    return {r["product_id"]: r["total"] for r in rows}


def bucket_of(days: int) -> str | None:
    """S6.2: 1–30, 31–60, 61–90, > 90 days past due; None when not past due."""
    if days <= 0:
        return None
    if days <= 30:
        return BUCKETS[0]
    if days <= 60:
        return BUCKETS[1]
    if days <= 90:
        return BUCKETS[2]
    return BUCKETS[3]


@dataclass(frozen=True)
class InstallmentState:
    installment: Installment
    collected: Decimal
    outstanding: Decimal
    overdue: Decimal
    days_past_due: int
    bucket: str | None


def installment_states(order: Order, on: date) -> list[InstallmentState]:
    """Each installment on `on`: what the collections dated until then filled, what is still
    open, and how much of it is overdue (due before `on`, not fully collected)."""
    return states_of(installments_of(order), collected_total(order.pk, on=on), on)


def states_of(rows: list[Installment], collected: Decimal, on: date) -> list[InstallmentState]:
    """`installment_states` from the installments (oldest due first) and what was collected."""
    filled = fill([i.amount for i in rows], collected)
    states = []
    for row, part in zip(rows, filled, strict=True):
        open_ = row.amount - part
        days = (on - row.due).days
        late = open_ > 0 and days > 0
        states.append(
            InstallmentState(
                installment=row,
                collected=part,
                outstanding=open_,
                overdue=open_ if late else ZERO,
                days_past_due=days if late else 0,
                bucket=bucket_of(days) if late else None,
            )
        )
    return states


# Money is two decimals; SQLite sums decimals as floats, so "more than what was collected"
# means more by at least half a cent there.
HALF_CENT = Decimal("0.005")
_MONEY = DecimalField(max_digits=14, decimal_places=2)


def _sum_of(rows: QuerySet[Any], field: str) -> Any:
    """Σ `field` of `rows` (correlated to the outer order), 0.00 when there is none."""
    total = rows.order_by().values("order").annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(total, output_field=_MONEY), Value(ZERO), output_field=_MONEY)


def _past_due(total: str) -> Any:
    """What `collected` (oldest due first) leaves open of installments summing to `total`:
    the installments due before a date are a prefix of the fill order, so their open part
    is max(0, their sum − collected)."""
    return Greatest(F(total) - F("r_collected"), Value(ZERO), output_field=_MONEY)


def receivables_queryset(
    *, user: Any, on: date, salesperson: Any = None, department: Any = None
) -> QuerySet[Order]:
    """S6 in the database: per signed-or-later order the user sees, annotated with r_collected
    (collections dated until `on`), r_due (installments due by `on`), r_outstanding,
    r_overdue, r_b1..r_b4 (the overdue part per aging bucket) and r_oldest (the due date of
    the oldest overdue installment); ordered by signing date. Paginate it; every figure is
    a column, so a page costs the same queries whatever the number of orders."""
    mine = Installment.objects.filter(order=OuterRef("pk"))
    paid = Collection.objects.filter(order=OuterRef("pk"), voided_at__isnull=True, date__lte=on)
    # Σ of the order's installments due on or before this one's due date.
    upto = (
        Installment.objects.filter(order=OuterRef("order"), due__lte=OuterRef("due"))
        .order_by()
        .values("order")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    oldest = (
        Installment.objects.filter(order=OuterRef("pk"), due__lt=on)
        .annotate(upto=Subquery(upto, output_field=_MONEY))
        .filter(upto__gt=OuterRef("r_collected") + Value(HALF_CENT, output_field=_MONEY))
        .order_by()
        .values("order")
        .annotate(first=Min("due"))
        .values("first")
    )
    days = timedelta(days=1)
    return (
        scoped_orders(user=user, salesperson=salesperson, department=department)
        .filter(status__in=SIGNED_OR_LATER)
        .annotate(
            r_collected=_sum_of(paid, "amount"),
            r_due=_sum_of(mine.filter(due__lte=on), "amount"),
            # installments more than 0, 30, 60, 90 days past due
            r_p0=_sum_of(mine.filter(due__lt=on), "amount"),
            r_p30=_sum_of(mine.filter(due__lt=on - 30 * days), "amount"),
            r_p60=_sum_of(mine.filter(due__lt=on - 60 * days), "amount"),
            r_p90=_sum_of(mine.filter(due__lt=on - 90 * days), "amount"),
        )
        .annotate(
            r_outstanding=ExpressionWrapper(F("total") - F("r_collected"), output_field=_MONEY),
            r_overdue=_past_due("r_p0"),
            r_b1=ExpressionWrapper(_past_due("r_p0") - _past_due("r_p30"), output_field=_MONEY),
            r_b2=ExpressionWrapper(_past_due("r_p30") - _past_due("r_p60"), output_field=_MONEY),
            r_b3=ExpressionWrapper(_past_due("r_p60") - _past_due("r_p90"), output_field=_MONEY),
            r_b4=_past_due("r_p90"),
            r_oldest=Subquery(oldest, output_field=DateField()),
        )
        .order_by("signed_on", "pk")
    )


BUCKET_FIELDS = ("r_b1", "r_b2", "r_b3", "r_b4")


def receivable_row(order: Order, on: date) -> dict[str, Any]:
    """The page's and API's row of an order from `receivables_queryset`."""
    days = (on - order.r_oldest).days if order.r_oldest is not None else 0
    # Money to the cent: SQLite hands an expression's decimal back through a float.
    return {
        "order": order,
        "total": order.total,
        "due": _money(order.r_due),
        "collected": _money(order.r_collected),
        "outstanding": _money(order.r_outstanding),
        "overdue": _money(order.r_overdue),
        "days_past_due": days,
        "aging": bucket_of(days),
        "buckets": {
            code: _money(getattr(order, f)) for code, f in zip(BUCKETS, BUCKET_FIELDS, strict=True)
        },
    }


FIGURES = ("total", "due", "collected", "outstanding", "overdue")
# S6.2's aging: the open part of installments more than 0, 30, 60 and 90 days past due.
_PAST_DAYS = (0, 30, 60, 90)


def _open_part(column: str) -> str:
    """SQL: max(0, Σ installments of `column` − collected), portable (no GREATEST in SQLite)."""
    past, paid = f"COALESCE(i.{column}, 0)", "COALESCE(c.amount, 0)"
    return f"CASE WHEN {past} > {paid} THEN {past} - {paid} ELSE 0 END"


def receivables_groups(orders: QuerySet[Order], on: date) -> list[dict[str, Any]]:
    """S6's figures summed per (department, salesperson) over `orders` (signed or later) on
    `on`, in one query whatever their number: the collections and the installments are each
    summed per order once (two grouped tables joined to the orders), then per group. The
    correlated subqueries of `receivables_queryset` cost one lookup per order and figure,
    which a page of rows can afford and a whole company cannot."""
    from django.db import connection

    ops = connection.ops
    try:
        scope, scope_params = orders.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # orders.none(): a user who sees no order
        return []
    table = {m: m._meta.db_table for m in (Order, Collection, Installment)}
    pasts = ", ".join(f"SUM(CASE WHEN due < %s THEN amount ELSE 0 END) AS p{n}" for n in _PAST_DAYS)
    sql = f"""
        SELECT o.department_id, o.salesperson_id, SUM(o.total), SUM(COALESCE(i.due, 0)),
               SUM(COALESCE(c.amount, 0)), {", ".join(f"SUM({_open_part(f'p{n}')})" for n in _PAST_DAYS)}
        FROM {table[Order]} o
        LEFT JOIN (SELECT order_id, SUM(amount) AS amount FROM {table[Collection]}
                   WHERE voided_at IS NULL AND date <= %s GROUP BY order_id) c
               ON c.order_id = o.id
        LEFT JOIN (SELECT order_id, SUM(CASE WHEN due <= %s THEN amount ELSE 0 END) AS due,
                          {pasts}
                   FROM {table[Installment]} GROUP BY order_id) i
               ON i.order_id = o.id
        WHERE o.id IN ({scope})
        GROUP BY o.department_id, o.salesperson_id
    """  # noqa: S608 - table names from the models, values as parameters
    day = ops.adapt_datefield_value
    params = [day(on), day(on), *(day(on - timedelta(days=n)) for n in _PAST_DAYS)]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *scope_params])
        fetched = cursor.fetchall()
    groups = []
    for department_id, salesperson_id, total, due, collected, *past in fetched:
        open_ = [_money(p) for p in past] + [ZERO]
        groups.append(
            {
                "department_id": department_id,
                "salesperson_id": salesperson_id,
                "total": _money(total),
                "due": _money(due),
                "collected": _money(collected),
                "outstanding": _money(total) - _money(collected),
                "overdue": open_[0],
                "buckets": [open_[i] - open_[i + 1] for i in range(len(BUCKETS))],
            }
        )
    return groups


def receivables_totals(
    *, user: Any, on: date, salesperson: Any = None, department: Any = None
) -> dict[str, Any]:
    """Σ each figure and each aging bucket over the orders of `receivables_queryset`."""
    orders = scoped_orders(user=user, salesperson=salesperson, department=department)
    groups = receivables_groups(orders.filter(status__in=SIGNED_OR_LATER), on)
    return totals_of(groups)


def totals_of(groups: list[dict[str, Any]]) -> dict[str, Any]:
    """The company's (or the filter's) line of `receivables_groups`."""
    totals: dict[str, Any] = {key: sum((g[key] for g in groups), ZERO) for key in FIGURES}
    totals["buckets"] = {
        code: sum((g["buckets"][i] for g in groups), ZERO) for i, code in enumerate(BUCKETS)
    }
    return totals


def _money(value: Any) -> Decimal:
    """A sum as money: SQLite's SUM is a float, read through its shortest repr."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def receivables(*, user: Any, on: date, salesperson: Any = None, department: Any = None) -> Any:
    """S6: per signed-or-later order the user sees: due (installments due by `on`), collected,
    outstanding, overdue and the aging bucket of its oldest overdue installment; one query
    (page `receivables_queryset` instead where the list is long)."""
    orders = receivables_queryset(user=user, on=on, salesperson=salesperson, department=department)
    return [receivable_row(order, on) for order in orders]


def scoped_orders(*, user: Any, salesperson: Any = None, department: Any = None) -> QuerySet[Order]:
    orders = visible_orders(user=user)
    if salesperson is not None:
        orders = orders.filter(salesperson_id=salesperson)
    if department is not None:
        orders = orders.filter(department_id=department)
    return orders


def due_in(orders: Any, start: date, end: date) -> QuerySet[Installment]:
    """S6.3's denominator: the installments of `orders` due in [start, end]."""
    return Installment.objects.filter(order__in=orders, due__gte=start, due__lte=end)


def collected_in(orders: Any, start: date, end: date) -> QuerySet[Collection]:
    """S6.3's numerator: the non-voided collections of `orders` dated in [start, end]."""
    return Collection.objects.filter(
        order__in=orders, voided_at__isnull=True, date__gte=start, date__lte=end
    )


def rate_of(due: Decimal, collected: Decimal) -> Decimal | None:
    """S6.3: collected ÷ due in percent to one decimal; None ("—") when nothing fell due."""
    if due > 0:
        return (collected * 100 / due).quantize(TENTH, rounding=ROUND_HALF_UP)
    return None


def collection_rate(
    *, user: Any, start: date, end: date, salesperson: Any = None, department: Any = None
) -> dict[str, Any]:
    """S6.3: money collected in [start, end] ÷ the installments due in [start, end], percent
    to one decimal; None ("—") when nothing fell due. (`rates.rate_grid` groups the same
    querysets by salesperson and month.)"""
    orders = scoped_orders(user=user, salesperson=salesperson, department=department).filter(
        status__in=SIGNED_OR_LATER
    )
    due = due_in(orders, start, end).aggregate(total=Sum("amount"))["total"] or ZERO
    collected = collected_in(orders, start, end).aggregate(total=Sum("amount"))["total"] or ZERO
    return {"due": due, "collected": collected, "rate": rate_of(due, collected)}


def last_signed_order_on(customer_id: int) -> date | None:
    """S5.3: the signing date of the customer's latest signed order (S7.1 restarts P6.1)."""
    found = Order.objects.filter(customer_id=customer_id, status__in=SIGNED_OR_LATER).aggregate(
        last=Max("signed_on")
    )["last"]
    return found if isinstance(found, date) else None


def visible_collections(*, user: Any) -> QuerySet[Collection]:
    """The collections of the orders the user sees."""
    return Collection.objects.filter(order__in=visible_orders(user=user).values("pk"))


DUE_SOON_DAYS = 7  # S6.4


def installments_to_chase(*, user: Any, today: date, limit: int = 10) -> list[Installment]:
    """S6.4: the open installments of the orders the user sees that are overdue or fall due
    within 7 days, oldest due first (the salesperson's own, a manager's department's)."""
    from datetime import timedelta

    from django.db.models import F

    orders = visible_orders(user=user).filter(
        status__in=(
            SIGNED_OR_LATER[0],
            SIGNED_OR_LATER[1],
            SIGNED_OR_LATER[2],
        )
    )
    rows = (
        Installment.objects.filter(
            order__in=orders.values("pk"),
            collected__lt=F("amount"),
            due__lte=today + timedelta(days=DUE_SOON_DAYS),
        )
        .select_related("order", "order__customer")
        .order_by("due", "pk")
    )
    return list(rows[:limit])


def order_page(orders: QuerySet[Order]) -> QuerySet[Order]:
    """`orders` with everything the API's document reads (lines, installments, deliveries,
    collections, reviews, decisions, history, the major amount in force and what the customer
    owes on its other orders), in a fixed number of queries however many orders the page holds."""
    others = Order.objects.filter(
        customer_id=OuterRef("customer_id"), status__in=SIGNED_OR_LATER
    ).exclude(pk=OuterRef("pk"))
    others_total = others.order_by().values("customer_id").annotate(t=Sum("total")).values("t")
    others_paid = (
        Collection.objects.filter(
            order__customer_id=OuterRef("customer_id"),
            order__status__in=SIGNED_OR_LATER,
            voided_at__isnull=True,
        )
        .exclude(order_id=OuterRef("pk"))
        .order_by()
        .values("order__customer_id")
        .annotate(t=Sum("amount"))
        .values("t")
    )
    major = SalesPolicyVersion.objects.filter(effective_from__lte=OuterRef("ordered_on")).order_by(
        "-effective_from"
    )
    orders = orders.select_related("customer", "salesperson", "department").annotate(
        gm_major_amount=Coalesce(
            Subquery(major.values("major_amount")[:1], output_field=_MONEY),
            Value(DEFAULT_SALES_PARAMS.major_amount),
            output_field=_MONEY,
        ),
        gm_others_total=Coalesce(
            Subquery(others_total, output_field=_MONEY), Value(ZERO), output_field=_MONEY
        ),
        gm_others_paid=Coalesce(
            Subquery(others_paid, output_field=_MONEY), Value(ZERO), output_field=_MONEY
        ),
    )
    orders = prefetch_history(prefetch_approvals(orders))
    return orders.prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.select_related("product")),
        "installments",
        Prefetch("deliveries", queryset=Delivery.objects.prefetch_related("lines")),
        Prefetch("collections", queryset=Collection.objects.select_related("recorded_by")),
        "reviews",
    )
