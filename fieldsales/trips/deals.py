"""selling.md S7.2: an entertainment line's deal comes from the order or opportunity it names,
never from what the claimant types; S7.3: a deal not closed yet but still in time is pending.

The claimant's item names `order` (an id) or `opportunity` (an id); the engine gets
`deal_amount` and `deal_closed` from it, and `deal_pending` when the line waits for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core.api import MAX_ID
from fieldsales.core.errors import RuleBroken
from fieldsales.crm.pipeline.models import Opportunity, Stage
from fieldsales.crm.pipeline.selectors import visible_opportunities
from fieldsales.sales.orders.models import SIGNED_OR_LATER, Order, OrderStatus
from fieldsales.sales.orders.selectors import visible_orders
from fieldsales.sales.versions import sales_params_on

ENTERTAINMENT = "entertainment"
# From the claimant a 400: the deal's facts are the named document's (S7.2).
DEAL_FIELDS = ("deal_amount", "deal_closed", "deal_pending")
LINKS = ("order", "opportunity")
# An opportunity without a signed order counts as closed at these stages (a company that
# records the contract on the pipeline only); its amount is then the opportunity's.
CLOSED_STAGES = (Stage.CONTRACT_SIGNED, Stage.IN_EXECUTION, Stage.WON)


def _link_id(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise RuleBroken(_("S7.2 请选择订单或商机（编号须为正整数）"), field=field)
    return value


def check_links(items: list[dict[str, Any]], *, claimant: Any) -> None:
    """400 unless every entertainment item names exactly one order or opportunity the
    claimant can see, and no item states the deal's facts itself (S7.2)."""
    orders: dict[int, str] = {}
    opportunities: dict[int, str] = {}
    for index, item in enumerate(items):
        for name in DEAL_FIELDS:
            if name in item:
                raise RuleBroken(
                    _("S7.2 成交金额和是否成交取自所注明的订单或商机，不能填写"),
                    field=f"items[{index}].{name}",
                )
        if item.get("kind") != ENTERTAINMENT:
            continue
        named = [name for name in LINKS if item.get(name) is not None]
        if len(named) != 1:
            raise RuleBroken(
                _("S7.2 业务招待费须注明一个订单或一个商机"), field=f"items[{index}].order"
            )
        field = f"items[{index}].{named[0]}"
        target = orders if named[0] == "order" else opportunities
        target[_link_id(item[named[0]], field)] = field
    if orders:
        seen = set(visible_orders(user=claimant).filter(pk__in=orders).values_list("pk", flat=True))
        for pk, field in orders.items():
            if pk not in seen:
                raise RuleBroken(_("S7.2 找不到该订单"), field=field)
    if opportunities:
        visible = visible_opportunities(user=claimant).filter(pk__in=opportunities)
        seen = set(visible.values_list("pk", flat=True))
        for pk, field in opportunities.items():
            if pk not in seen:
                raise RuleBroken(_("S7.2 找不到该商机"), field=field)


def _named_ids(items: list[dict[str, Any]]) -> tuple[set[int], set[int]]:
    """The order ids and the opportunity ids the items name."""
    orders = {i["order"] for i in items if isinstance(i.get("order"), int)}
    opportunities = {i["opportunity"] for i in items if isinstance(i.get("opportunity"), int)}
    return orders, opportunities


@dataclass(frozen=True)
class Deal:
    amount: Decimal | None
    closed: bool
    pending: bool
    order: Order | None = None


def wait_until(trip: Any) -> date:
    """The last day an order may be signed for a pending line of this trip (S7.3)."""
    days = sales_params_on(trip.return_date).entertainment_wait_days
    return trip.return_date + timedelta(days=days)


def _order_deal(order: Order, in_time: bool) -> Deal:
    if order.status in SIGNED_OR_LATER:
        return Deal(order.total, True, False, order)
    return Deal(order.total, False, in_time and order.status != OrderStatus.CANCELLED, order)


def deals_of(items: list[dict[str, Any]], *, trip: Any) -> dict[str, Deal]:
    """Each entertainment item's deal, by item id, in three queries at most."""
    wanted = [i for i in items if i.get("kind") == ENTERTAINMENT]
    order_ids, opportunity_ids = _named_ids(wanted)
    orders = Order.objects.in_bulk(order_ids) if order_ids else {}
    opportunities = Opportunity.objects.in_bulk(opportunity_ids) if opportunity_ids else {}
    signed: dict[int, Order] = {}
    if opportunity_ids:
        latest = Order.objects.filter(
            opportunity_id__in=opportunity_ids, status__in=SIGNED_OR_LATER
        ).order_by("opportunity_id", "signed_on", "pk")
        signed = {o.opportunity_id: o for o in latest if o.opportunity_id is not None}
    in_time = timezone.localdate() <= wait_until(trip)
    deals: dict[str, Deal] = {}
    for item in wanted:
        key = str(item.get("id"))
        order = orders.get(item.get("order"))  # type: ignore[arg-type]
        opportunity = opportunities.get(item.get("opportunity"))  # type: ignore[arg-type]
        if order is not None:
            deals[key] = _order_deal(order, in_time)
        elif opportunity is not None and opportunity.pk in signed:
            deals[key] = _order_deal(signed[opportunity.pk], in_time)
        elif opportunity is not None:
            closed = opportunity.stage in CLOSED_STAGES
            pending = in_time and not closed and opportunity.stage != Stage.LOST
            deals[key] = Deal(opportunity.amount, closed, pending)
        else:
            deals[key] = Deal(None, False, False)
    return deals


def with_deals(items: list[dict[str, Any]], *, trip: Any) -> list[dict[str, Any]]:
    """The engine's items: each entertainment line with its deal's facts (S7.2), and
    `deal_pending` where it waits for the order (S7.3)."""
    deals = deals_of(items, trip=trip)
    out = []
    for item in items:
        deal = deals.get(str(item.get("id"))) if item.get("kind") == ENTERTAINMENT else None
        item = {k: v for k, v in item.items() if k not in DEAL_FIELDS}
        if deal is not None:
            if deal.amount is not None:
                item["deal_amount"] = f"{deal.amount:.2f}"
            item["deal_closed"] = deal.closed
            if deal.pending:
                item["deal_pending"] = True
        out.append(item)
    return out


CHOICES = 50  # the newest orders and opportunities a claim form offers (and the named ones)


def deal_choices(*, user: Any, trip: Any, named: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """What an entertainment line may name on the claim page (S7.2): the claimant's orders
    not cancelled and their open opportunities, newest first, and whatever the claim names."""
    order_ids, opportunity_ids = _named_ids(named)
    orders = visible_orders(user=user).select_related("customer")
    recent = orders.filter(salesperson=user).exclude(status=OrderStatus.CANCELLED)
    picked = list(recent.order_by("-created_at", "-pk")[:CHOICES])
    picked += [o for o in orders.filter(pk__in=order_ids) if o not in picked]
    opportunities = visible_opportunities(user=user).select_related("customer")
    open_ones = opportunities.filter(owner=user, closed_at__isnull=True)
    chosen = list(open_ones.order_by("-created_at", "-pk")[:CHOICES])
    chosen += [o for o in opportunities.filter(pk__in=opportunity_ids) if o not in chosen]
    status = dict(OrderStatus.choices)
    choices = [
        (f"order:{o.pk}", f"{o.number} {o.customer.name} {o.total:,.2f} {status[o.status]}")
        for o in picked
    ]
    choices += [
        (
            f"opportunity:{o.pk}",
            _("商机：%(title)s %(customer)s") % {"title": o.title, "customer": o.customer.name},
        )
        for o in chosen
    ]
    return choices


def named_documents(items: list[dict[str, Any]]) -> dict[str, Any]:
    """The order or opportunity each entertainment item names, by item id (for the page)."""
    order_ids, opportunity_ids = _named_ids(items)
    orders = Order.objects.in_bulk(order_ids) if order_ids else {}
    opportunities = Opportunity.objects.in_bulk(opportunity_ids) if opportunity_ids else {}
    named: dict[str, Any] = {}
    for item in items:
        found = orders.get(item.get("order")) or opportunities.get(item.get("opportunity"))  # type: ignore[arg-type]
        if found is not None:
            named[str(item.get("id"))] = found
    return named


def names_deal(item: dict[str, Any], order: Order) -> bool:
    """Whether a claimant's item is entertainment for this order or its opportunity."""
    if item.get("kind") != ENTERTAINMENT:
        return False
    if item.get("order") == order.pk:
        return True
    return order.opportunity_id is not None and item.get("opportunity") == order.opportunity_id
