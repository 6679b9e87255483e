"""The selling part's orders: a third made from accepted quotes, the rest drawn for the owners'
customers; each in a state its workflow could have reached, with its decisions and contract
reviews, installments that add up to the total, deliveries, and the collections finance
recorded: old orders mostly completed, some left overdue in every aging bucket."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType

from fieldsales.core.models import Approval
from fieldsales.demo.generate import Context
from fieldsales.demo.generate.helpers import at, explicit_times, money
from fieldsales.demo.generate.selling.catalogue import Lists, priced
from fieldsales.demo.generate.selling.workflow import (
    MAJOR,
    RECENT,
    ZERO,
    Chains,
    YearNumbers,
    choose,
    decisions,
    pending,
)
from fieldsales.sales.orders.models import (
    CHECKLIST,
    SIGNED_OR_LATER,
    Collection,
    Delivery,
    DeliveryLine,
    Installment,
    Order,
    OrderLine,
    OrderReview,
    OrderStatus,
)
from fieldsales.sales.orders.selectors import fill
from fieldsales.sales.quotes.models import Quote, QuoteStatus

METHODS = ("transfer", "transfer", "transfer", "acceptance_bill", "cash")

ORDER_RECENT = (
    (0.05, OrderStatus.DRAFT),
    (0.15, OrderStatus.SUBMITTED),
    (0.2, OrderStatus.APPROVED),
    (0.23, OrderStatus.REJECTED),
    (0.5, OrderStatus.SIGNED),
    (0.7, OrderStatus.PARTLY_DELIVERED),
    (0.9, OrderStatus.DELIVERED),
    (1.0, OrderStatus.COMPLETED),
)
ORDER_OLD = (
    (0.05, OrderStatus.CANCELLED),
    (0.17, OrderStatus.DELIVERED),
    (0.2, OrderStatus.PARTLY_DELIVERED),
    (1.0, OrderStatus.COMPLETED),
)
REVIEWED = (OrderStatus.APPROVED, *SIGNED_OR_LATER)


def _installments(total: Decimal, signed: date, delivery: date) -> list[tuple[str, Decimal, date]]:
    """30 % at signing, 60 % on delivery, 10 % retention a year on; they add up to the total."""
    first = money(total * Decimal("0.3"))
    second = money(total * Decimal("0.6"))
    rows = [("预付款", first, signed), ("到货款", second, delivery)]
    rows.append(("质保金", total - first - second, signed + timedelta(days=365)))
    return [r for r in rows if r[1] > 0]


def make_orders(
    ctx: Context,
    owned: list[tuple[int, int]],
    kinds: dict[int, str],
    lists: Lists,
    products: list[int],
    chains: Chains,
    approvals: list[Approval],
    quotes: list[Quote],
    finance: Any,
) -> int:
    rng = ctx.rng
    today = ctx.today
    numbers = YearNumbers("sales.order.{year}", Order)
    wanted = ctx.count("orders")
    plans: list[tuple[date, int, int, Quote | None]] = []
    for quote in quotes:
        if quote.status == QuoteStatus.ACCEPTED and len(plans) < wanted // 3:
            day = min(quote.decided_at.date() + timedelta(days=rng.randint(0, 5)), today)
            plans.append((day, quote.customer_id, quote.salesperson_id, quote))
    while len(plans) < wanted:
        customer, person = ctx.pick(owned)
        plans.append((ctx.day_in_past(), customer, person, None))
    plans.sort(key=lambda p: p[0])

    made: list[tuple[Order, list[dict[str, Any]], bool, str]] = []
    for day, customer, person, quote in plans:
        if quote is not None:
            lines = quote._generated_lines  # type: ignore[attr-defined]
        else:
            _list, lines = priced(
                ctx, lists, products, kinds.get(customer, ""), day, rng.randint(1, 4)
            )
        total = sum((line["amount"] for line in lines), ZERO)
        major = total >= MAJOR
        age = (today - day).days
        status = choose(rng, ORDER_RECENT if age < RECENT else ORDER_OLD)
        made_at = at(day, 10, rng.randrange(60))
        order = Order(
            status=status,
            year=day.year,
            seq=numbers.take(day.year),
            customer_id=customer,
            salesperson_id=person,
            department_id=ctx.department_of.get(person),
            quote=quote,
            opportunity_id=quote.opportunity_id if quote else None,
            ordered_on=day,
            total=total,
            planned_delivery=day + timedelta(days=rng.randint(15, 45)),
            created_at=made_at,
            updated_at=made_at,
        )
        chain = chains.chain(person, major)
        outcome = ""
        if status not in (OrderStatus.DRAFT,) and not (
            status == OrderStatus.CANCELLED and rng.random() < 0.5
        ):
            order.chain, order.round, order.submitted_at = chain, 1, made_at
        if status == OrderStatus.SUBMITTED:
            pending(order, chain)
        elif status == OrderStatus.REJECTED:
            outcome = "reject"
        elif status in REVIEWED:
            outcome = "approve"
            order.approved_at = at(min(day + timedelta(days=1), today), 16)
            order.step = len(chain) - 1
        if status in SIGNED_OR_LATER:
            order.signed_on = min(day + timedelta(days=rng.randint(1, 10)), today)
        if status == OrderStatus.CANCELLED:
            order.cancel_reason = "客户项目取消"
        made.append((order, lines, major, outcome))
    with explicit_times(Order):
        ctx.bulk(Order, (m[0] for m in made))
    numbers.save()

    ctx.bulk(
        OrderLine,
        (OrderLine(order_id=order.pk, **line) for order, lines, *_r in made for line in lines),
    )
    content_type = ContentType.objects.get_for_model(Order)
    reviews = []
    for order, _lines, major, outcome in made:
        if not outcome:
            continue
        decided = (order.approved_at or order.submitted_at).date()
        rows = decisions(content_type, order, chains, order.salesperson_id, major, decided, outcome)
        approvals += rows
        reviews += [
            OrderReview(
                order_id=order.pk,
                round=1,
                step=row.step,
                reviewer=row.user,
                ticks=list(CHECKLIST) if outcome == "approve" else [],
                decision=outcome,
                comment=row.comment,
                at=row.at,
            )
            for row in rows
        ]
    with explicit_times(OrderReview):
        ctx.bulk(OrderReview, reviews)

    installments, collections, deliveries, shipped = [], [], [], []
    for order, lines, _major, _outcome in made:
        if order.status in (OrderStatus.DRAFT, OrderStatus.CANCELLED) and rng.random() < 0.5:
            continue
        signed = order.signed_on or order.ordered_on
        rows = _installments(order.total, signed, order.planned_delivery)
        paid = ZERO
        if order.status in SIGNED_OR_LATER:
            paid = _collected(ctx, order, rows, collections, finance)
        for position, ((label, amount, due), part) in enumerate(
            zip(rows, fill([r[1] for r in rows], paid), strict=True), start=1
        ):
            installments.append(
                Installment(
                    order_id=order.pk,
                    position=position,
                    label=label,
                    amount=amount,
                    due=due,
                    collected=part,
                )
            )
        if order.status in (
            OrderStatus.PARTLY_DELIVERED,
            OrderStatus.DELIVERED,
            OrderStatus.COMPLETED,
        ):
            day = min(max(order.planned_delivery, order.signed_on), today)
            delivery = Delivery(
                order_id=order.pk,
                date=day,
                recorded_by_id=order.salesperson_id,
                created_at=at(day, 14),
            )
            part = order.status == OrderStatus.PARTLY_DELIVERED
            quantities = [
                (
                    line["product_id"],
                    (line["quantity"] / 2).quantize(Decimal("0.001")) if part else line["quantity"],
                )
                for line in (lines[:1] if part else lines)
            ]
            deliveries.append(delivery)
            shipped.append(quantities)
    ctx.bulk(Installment, installments)
    with explicit_times(Collection, Delivery):
        ctx.bulk(Collection, collections)
        deliveries = ctx.bulk(Delivery, deliveries)
    ctx.bulk(
        DeliveryLine,
        (
            DeliveryLine(delivery_id=delivery.pk, product_id=product, quantity=quantity)
            for delivery, quantities in zip(deliveries, shipped, strict=True)
            for product, quantity in quantities
        ),
    )
    return len(made)


def _collected(
    ctx: Context,
    order: Order,
    rows: list[tuple[str, Decimal, date]],
    collections: list[Collection],
    finance: Any,
) -> Decimal:
    """Finance's collections on a signed order, never more than its total: a completed order
    paid in full; otherwise what fell due mostly paid a few days after, some late or half paid
    (overdue), nothing due yet unpaid. A delivered order left fully paid would be completed, so
    its last installment stays open."""
    rng = ctx.rng
    today = ctx.today
    complete = order.status == OrderStatus.COMPLETED
    paid = ZERO
    for number, (_label, amount, due) in enumerate(rows, start=1):
        day = due + timedelta(days=rng.randint(0, 15))
        if complete:
            day = min(day, today)
            part = amount
        else:
            if day > today:
                continue
            r = rng.random()
            if r < 0.12:
                continue
            part = amount if r < 0.9 else money(amount / 2)
            if order.status == OrderStatus.DELIVERED and paid + part >= order.total:
                part = money(amount / 2)  # a delivered order fully paid would be completed
                if paid + part >= order.total:
                    continue
        day = max(day, order.signed_on or day)
        if part <= 0:
            continue
        collections.append(
            Collection(
                order_id=order.pk,
                date=day,
                amount=part,
                method=ctx.pick(METHODS),
                reference=f"HK{order.year}{order.seq:05d}-{number}",
                recorded_by=finance,
                created_at=at(day, 15),
            )
        )
        paid += part
    return paid
