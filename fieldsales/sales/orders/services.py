"""Writes for orders (S5) and collections (S6): one transaction each, audited; every state
move through core.workflow.apply."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core import workflow
from fieldsales.core.audit import audit
from fieldsales.core.counters import next_number
from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken, ServiceError
from fieldsales.core.uploads import PDF, Accepts, atomic_with_files, checked_upload
from fieldsales.crm.customers import rules as customer_rules
from fieldsales.crm.customers.models import Customer, CustomerKind
from fieldsales.crm.customers.selectors import visible_customers
from fieldsales.crm.pipeline.models import Opportunity, Stage
from fieldsales.crm.pipeline.services import onward_stage, opportunity_move
from fieldsales.org.access import has_role, visible_people
from fieldsales.org.models import Role
from fieldsales.sales.catalogue.models import Product
from fieldsales.sales.catalogue.selectors import price_list_in_force, tiers_for
from fieldsales.sales.floor import check_price, line_amount
from fieldsales.sales.orders import hooks, selectors
from fieldsales.sales.orders.models import (
    CHECKLIST,
    CHECKLIST_LABELS,
    SIGNED_OR_LATER,
    Collection,
    CollectionMethod,
    Delivery,
    DeliveryLine,
    Installment,
    Order,
    OrderLine,
    OrderReview,
    OrderStatus,
)
from fieldsales.sales.quotes.models import Quote, QuoteStatus

ZERO = Decimal("0.00")
MAX_LINES = 200
MAX_INSTALLMENTS = 60
REFERENCE_MAX = 60
# A second identical collection (same order, date, amount, method, reference) recorded this
# soon after the first is a double click: 409 (without an Idempotency-Key header).
DOUBLE_CLICK = timedelta(minutes=2)
SCAN = Accepts(
    types=frozenset({"image/jpeg", "image/png", PDF}),
    wrong_type=_("合同扫描件须为 PDF、JPG 或 PNG 文件"),
    too_big=_("合同扫描件不能超过 %(mb)d MB"),
)


# ---------------------------------------------------------------- create and edit


def _customer_for(actor: Any, customer_id: Any) -> Customer:
    customer = visible_customers(user=actor).filter(pk=customer_id).first() if customer_id else None
    if customer is None:
        raise RuleBroken(_("客户不存在"), field="customer")
    return customer


def _opportunity_for(customer: Customer, opportunity_id: Any) -> Opportunity | None:
    if opportunity_id in (None, ""):
        return None
    opportunity = Opportunity.objects.filter(pk=opportunity_id, customer=customer).first()
    if opportunity is None:
        raise RuleBroken(_("商机不存在或不属于该客户"), field="opportunity")
    return opportunity


def _priced_lines(customer: Customer, day: date, lines: Any) -> list[dict[str, Any]]:
    """S2.1: each line priced against the list in force on `day`; a price below the floor is a
    400 naming S2.1 and the line."""
    if not isinstance(lines, list) or not lines:
        raise RuleBroken(_("至少填写一行产品"), field="lines")
    if len(lines) > MAX_LINES:
        raise RuleBroken(_("最多%(n)d行产品") % {"n": MAX_LINES}, field="lines")
    price_list = price_list_in_force(day)
    if price_list is None:
        raise RuleBroken(_("%(day)s没有生效的价格表（S1.2）") % {"day": day}, field="lines")
    priced = []
    for number, line in enumerate(lines, start=1):
        product = Product.objects.filter(pk=line.get("product")).first()
        if product is None or not product.active:
            raise RuleBroken(_("第%(n)d行：产品不存在或已停售") % {"n": number}, field="lines")
        tiers = tiers_for(price_list, [product.pk]).get(product.pk)
        if tiers is None:
            raise RuleBroken(
                _("第%(n)d行：%(product)s不在生效的价格表%(list)s中")
                % {"n": number, "product": product.name, "list": price_list.number},
                field="lines",
            )
        quantity, unit_price = line["quantity"], line["unit_price"]
        if quantity <= 0:
            raise RuleBroken(_("第%(n)d行：数量须大于0") % {"n": number}, field="lines")
        check = check_price(tiers, customer.kind, unit_price)
        if check.below_floor:
            raise RuleBroken(
                _("S2.1 第%(n)d行：%(product)s单价%(price)s元低于底价%(floor)s元")
                % {
                    "n": number,
                    "product": product.name,
                    "price": f"{unit_price:.2f}",
                    "floor": f"{check.floor:.2f}",
                },
                field="lines",
            )
        priced.append(
            {
                "product": product,
                "quantity": quantity,
                "unit_price": unit_price,
                "amount": line_amount(quantity, unit_price),
                "market": tiers.market,
                "floor": check.floor,
            }
        )
    return priced


def _quote_lines(quote: Quote) -> list[dict[str, Any]]:
    return [
        {
            "product": line.product,
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "amount": line.amount,
            "market": line.market,
            "floor": line.floor,
        }
        for line in quote.lines.select_related("product")
    ]


def _check_installments(installments: Any, total: Decimal) -> list[dict[str, Any]]:
    """S5.1: installments [{label, amount, due}] adding up to the total to the fen."""
    if not isinstance(installments, list) or not installments:
        raise RuleBroken(_("请填写付款节点（金额合计须等于合同金额）"), field="installments")
    if len(installments) > MAX_INSTALLMENTS:
        raise RuleBroken(_("最多%(n)d个付款节点") % {"n": MAX_INSTALLMENTS}, field="installments")
    checked = []
    for number, row in enumerate(installments, start=1):
        label = str(row.get("label") or "").strip()
        if not label:
            raise RuleBroken(
                _("第%(n)d个付款节点：请填写名称") % {"n": number}, field="installments"
            )
        if row["amount"] <= 0:
            raise RuleBroken(
                _("第%(n)d个付款节点：金额须大于0") % {"n": number}, field="installments"
            )
        checked.append({"label": label[:40], "amount": row["amount"], "due": row["due"]})
    summed = sum((row["amount"] for row in checked), ZERO)
    if summed != total:
        gap = total - summed
        raise RuleBroken(
            _("付款节点合计%(sum)s元，合同金额%(total)s元，相差%(gap)s元：须恰好相等（S5.1）")
            % {"sum": f"{summed:.2f}", "total": f"{total:.2f}", "gap": f"{gap:.2f}"},
            field="installments",
        )
    return checked


def _write_lines(order: Order, lines: list[dict[str, Any]]) -> None:
    order.lines.all().delete()
    for position, line in enumerate(lines):
        OrderLine.objects.create(order=order, position=position, **line)
    order.total = sum((line["amount"] for line in lines), ZERO)


def _write_installments(order: Order, rows: list[dict[str, Any]]) -> None:
    order.installments.all().delete()
    for position, row in enumerate(rows):
        Installment.objects.create(order=order, position=position, **row)


def _accepted_quote(actor: Any, quote_id: Any) -> Quote:
    """The quote, locked: 400 when the actor cannot see it, 409 unless accepted and not ordered."""
    quote = Quote.objects.select_for_update().filter(pk=quote_id).first() if quote_id else None
    people = visible_people(actor)
    if (
        quote is not None
        and people is not None
        and quote.salesperson_id not in people
        and not visible_customers(user=actor).filter(pk=quote.customer_id).exists()
    ):
        quote = None
    if quote is None:
        raise RuleBroken(_("报价单不存在"), field="quote")
    if quote.status != QuoteStatus.ACCEPTED:
        raise InvalidTransition(_("只有客户已接受的报价单可以生成订单"))
    ordered = Order.objects.filter(quote=quote).exclude(status=OrderStatus.CANCELLED)
    if ordered.exists():
        raise InvalidTransition(
            _("该报价单已生成订单%(number)s") % {"number": ordered.first().number}
        )
    return quote


@transaction.atomic
def order_create(*, actor: Any, data: dict[str, Any]) -> Order:
    """S5.1: from an accepted quote (lines copied) or directly (lines under S2.1)."""
    if not customer_rules.is_sales(actor):
        raise Forbidden(_("只有销售人员可以录入订单"))
    today = timezone.localdate()
    if data.get("quote") not in (None, ""):
        quote = _accepted_quote(actor, data["quote"])
        customer = quote.customer
        lines = _quote_lines(quote)
        opportunity_id = data.get("opportunity") or quote.opportunity_id
    else:
        quote = None
        customer = _customer_for(actor, data.get("customer"))
        lines = _priced_lines(customer, today, data.get("lines"))
        opportunity_id = data.get("opportunity")
    opportunity = _opportunity_for(customer, opportunity_id)
    total = sum((line["amount"] for line in lines), ZERO)
    installments = None
    if data.get("installments") is not None:
        installments = _check_installments(data["installments"], total)
    employee = getattr(actor, "employee", None)
    order = Order.objects.create(
        status=OrderStatus.DRAFT,
        year=today.year,
        seq=next_number(f"sales.order.{today.year}"),
        customer=customer,
        salesperson=actor,
        department_id=getattr(employee, "department_id", None),
        opportunity=opportunity,
        quote=quote,
        ordered_on=today,
        planned_delivery=data.get("planned_delivery"),
        note=str(data.get("note") or "")[:2000],
    )
    _write_lines(order, lines)
    order.save(update_fields=["total"])
    if installments is not None:
        _write_installments(order, installments)
    audit(document=order, actor=actor, action="create", to_status=order.status)
    return order


@transaction.atomic
def order_update(*, order: Order, actor: Any, data: dict[str, Any]) -> Order:
    """A draft or rejected order's lines (direct orders only), installments, dates, note."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.salesperson_id != actor.pk:
        raise Forbidden(_("只有单据的填写人可以修改订单"))
    if order.status not in Order.EDITABLE:
        raise InvalidTransition(_("已提交的订单不能修改"))
    if data.get("lines") is not None:
        if order.quote_id:
            raise RuleBroken(_("由报价单生成的订单，明细与报价单一致，不能修改"), field="lines")
        _write_lines(order, _priced_lines(order.customer, order.ordered_on, data["lines"]))
    if "opportunity" in data:
        order.opportunity = _opportunity_for(order.customer, data.get("opportunity"))
    if "planned_delivery" in data:
        order.planned_delivery = data.get("planned_delivery")
    if "note" in data:
        order.note = str(data.get("note") or "")[:2000]
    order.save()
    if data.get("installments") is not None:
        _write_installments(order, _check_installments(data["installments"], order.total))
    elif data.get("lines") is not None and order.installments.exists():
        _check_installments(
            [
                {"label": i.label, "amount": i.amount, "due": i.due}
                for i in order.installments.all()
            ],
            order.total,
        )
    audit(document=order, actor=actor, action="edit")
    return order


# ---------------------------------------------------------------- review


def order_submit(*, order: Order, actor: Any) -> Order:
    """To contract review (S5.2); the installments must add up to the total (S5.1)."""

    def before(locked: Order) -> None:
        rows = [
            {"label": i.label, "amount": i.amount, "due": i.due} for i in locked.installments.all()
        ]
        _check_installments(rows, locked.total)

    return workflow.apply(model=Order, pk=order.pk, actor=actor, action="submit", before=before)


def _ticked(checklist: Any) -> list[str]:
    """The checklist items ticked, from {"item": true, …} or ["item", …]."""
    if isinstance(checklist, dict):
        return [item for item in CHECKLIST if checklist.get(item) is True]
    if isinstance(checklist, list | tuple):
        return [item for item in CHECKLIST if item in checklist]
    return []


def order_decide(
    *, order: Order, actor: Any, action: str, comment: str = "", checklist: Any = None
) -> Order:
    """S5.2: approve with every checklist item ticked (400 `checklist` naming the missing
    ones), or reject with a comment."""
    ticks = _ticked(checklist)

    def before(locked: Order) -> None:
        if action == "approve":
            missing = [item for item in CHECKLIST if item not in ticks]
            if missing:
                raise RuleBroken(
                    _("合同审核须逐项确认，尚未勾选：%(items)s（%(codes)s）")
                    % {
                        "items": "、".join(str(CHECKLIST_LABELS[m]) for m in missing),
                        "codes": ", ".join(missing),
                    },
                    field="checklist",
                )
        OrderReview.objects.create(
            order=locked,
            round=locked.round,
            step=locked.step,
            reviewer=actor,
            ticks=ticks,
            decision=action,
            comment=(comment or "").strip(),
        )

    return workflow.apply(
        model=Order,
        pk=order.pk,
        actor=actor,
        action=action,
        comment=comment,
        before=before,
        data={"checklist": ticks} if action == "approve" else None,
    )


# ---------------------------------------------------------------- signing


def _move_opportunity(order: Order, actor: Any) -> str:
    """S5.3: the linked opportunity to 确定合作意向、签订合同 through the pipeline's service,
    stepping onwards from an earlier stage; what happened, for the audit row."""
    opportunity = order.opportunity
    if opportunity is None:
        return "none"
    try:
        with transaction.atomic():
            while opportunity.stage in (Stage.LEAD_FOUND, Stage.CONTACTED):
                onward = onward_stage(opportunity.stage)
                assert onward is not None
                opportunity = opportunity_move(
                    opportunity=opportunity, actor=actor, to_stage=onward, note=order.number
                )
            if opportunity.stage != Stage.NEEDS_UNDERSTOOD:
                return f"left_at_{opportunity.stage}"
            opportunity_move(
                opportunity=opportunity,
                actor=actor,
                to_stage=Stage.CONTRACT_SIGNED,
                note=order.number,
                amount=f"{order.total:.2f}",
            )
    except ServiceError as error:
        return f"not_moved: {error.message}"
    return "contract_signed"


def _customer_signed(order: Order) -> None:
    """S5.3, S7.1: the customer's last signed order date is its latest signed order's (P6.1
    restarts there; a cancelled one no longer counts) and a prospect becomes an end customer.
    crm has no service for these two fields outside an opportunity move, so they are written
    here."""
    customer = Customer.objects.select_for_update().get(pk=order.customer_id)
    customer.last_order_signed = selectors.last_signed_order_on(customer.pk)
    fields = ["last_order_signed"]
    if order.status != OrderStatus.CANCELLED and customer.kind == CustomerKind.PROSPECT:
        customer.kind = CustomerKind.END_CUSTOMER
        fields.append("kind")
    customer.save(update_fields=fields)


def order_sign(*, order: Order, actor: Any, signed_on: Any, scan: Any) -> Order:
    """S5.3: an approved order with its signing date (not in the future) and the signed scan
    (PDF, JPEG or PNG) becomes `signed`; the opportunity, the customer and P6.1 follow."""
    with atomic_with_files() as files:

        def before(locked: Order) -> None:
            if not isinstance(signed_on, date):
                raise RuleBroken(_("请填写签订日期"), field="signed_on")
            if signed_on > timezone.localdate():
                raise RuleBroken(_("签订日期不能晚于今天"), field="signed_on")
            if scan is None:
                raise RuleBroken(_("请上传签字盖章的合同扫描件"), field="scan")
            checked = checked_upload(scan, accepts=SCAN, field="scan")
            locked.signed_on = signed_on
            files.save_with(
                locked, "scan", f"{locked.number}.{checked.extension}", checked.file, field="scan"
            )

        signed = workflow.apply(
            model=Order,
            pk=order.pk,
            actor=actor,
            action="sign",
            before=before,
            data={"signed_on": signed_on.isoformat() if isinstance(signed_on, date) else ""},
        )
        moved = _move_opportunity(signed, actor)
        _customer_signed(signed)
        audit(document=signed, actor=actor, action="sign_effects", data={"opportunity": moved})
        hooks.order_signed(signed, actor)
    return signed


# ---------------------------------------------------------------- execution


@transaction.atomic
def delivery_record(*, order: Order, actor: Any, day: Any, lines: Any) -> Delivery:
    """S5.4: a shipment; more than ordered minus delivered is a 400 naming the line."""
    if not isinstance(day, date):
        raise RuleBroken(_("请填写发货日期"), field="date")
    if not isinstance(lines, list) or not lines:
        raise RuleBroken(_("至少填写一行发货明细"), field="lines")
    holder: dict[str, Any] = {}

    def before(locked: Order) -> None:
        if locked.signed_on and day < locked.signed_on:
            raise RuleBroken(_("发货日期不能早于签订日期"), field="date")
        ordered = selectors.ordered_quantities(locked)
        delivered = selectors.delivered_quantities(locked)
        wanted: dict[int, Decimal] = {}
        for number, line in enumerate(lines, start=1):
            product = line.get("product")
            if product not in ordered:
                raise RuleBroken(_("第%(n)d行：订单中没有该产品") % {"n": number}, field="lines")
            if line["quantity"] <= 0:
                raise RuleBroken(_("第%(n)d行：数量须大于0") % {"n": number}, field="lines")
            wanted[product] = wanted.get(product, ZERO) + line["quantity"]
            left = ordered[product] - delivered.get(product, ZERO)
            if wanted[product] > left:
                raise RuleBroken(
                    _("第%(n)d行：发货数量超过未发数量%(left)s（订购%(ordered)s）")
                    % {"n": number, "left": f"{left:.3f}", "ordered": f"{ordered[product]:.3f}"},
                    field="lines",
                )
        delivery = Delivery.objects.create(order=locked, date=day, recorded_by=actor)
        for product, quantity in wanted.items():
            DeliveryLine.objects.create(delivery=delivery, product_id=product, quantity=quantity)
        holder["delivery"] = delivery
        holder["all"] = all(
            delivered.get(p, ZERO) + wanted.get(p, ZERO) >= q for p, q in ordered.items()
        )

    # Whether the shipment completes the order is known only inside; try both actions'
    # permission the same way (they share the actor), then take the one that fits.
    locked = Order.objects.select_for_update().get(pk=order.pk)
    action = "deliver_all" if _completes(locked, lines) else "deliver_part"
    moved = workflow.apply(
        model=Order,
        pk=order.pk,
        actor=actor,
        action=action,
        before=before,
        data={"date": day.isoformat()},
    )
    _maybe_complete(moved)
    return holder["delivery"]


def _completes(order: Order, lines: list[Any]) -> bool:
    ordered = selectors.ordered_quantities(order)
    delivered = selectors.delivered_quantities(order)
    for line in lines:
        product = line.get("product") if isinstance(line, dict) else None
        if product in delivered or product in ordered:
            delivered[product] = delivered.get(product, ZERO) + (line.get("quantity") or ZERO)
    return all(delivered.get(p, ZERO) >= q for p, q in ordered.items())


def _maybe_complete(order: Order) -> None:
    """S5.4: completed when all delivered and all collected; back when a void reopens it."""
    owed = selectors.outstanding(order)
    if order.status == OrderStatus.DELIVERED and owed <= 0:
        workflow.apply(model=Order, pk=order.pk, actor=None, action="complete")
    elif order.status == OrderStatus.COMPLETED and owed > 0:
        workflow.apply(model=Order, pk=order.pk, actor=None, action="reopen")


def order_cancel(*, order: Order, actor: Any, reason: str) -> Order:
    """S5.4: the manager cancels with a reason, only before any delivery or collection."""

    def before(locked: Order) -> None:
        if locked.deliveries.exists():
            raise InvalidTransition(_("订单已有发货，不能取消"))
        if locked.collections.exists():
            raise InvalidTransition(_("订单已有回款记录，不能取消"))
        if not (reason or "").strip():
            raise RuleBroken(_("请填写取消原因"), field="reason")
        locked.cancel_reason = reason.strip()[:2000]
        locked.save(update_fields=["cancel_reason"])

    def after(locked: Order, old: str) -> None:
        if old in SIGNED_OR_LATER:  # P6.1 counts from the latest order still signed (S7.1)
            _customer_signed(locked)

    return workflow.apply(
        model=Order,
        pk=order.pk,
        actor=actor,
        action="cancel",
        comment=reason,
        before=before,
        after=after,
    )


# ---------------------------------------------------------------- collections


def _refill(order: Order) -> None:
    """S6.2: the non-voided collections fill the installments, oldest due first."""
    rows = selectors.installments_of(order)
    filled = selectors.fill([i.amount for i in rows], selectors.collected_total(order.pk))
    for row, collected in zip(rows, filled, strict=True):
        if row.collected != collected:
            row.collected = collected
            row.save(update_fields=["collected"])


def _require_finance(actor: Any) -> None:
    if not has_role(actor, Role.FINANCE):
        raise Forbidden(_("只有财务可以登记或作废回款"))


@transaction.atomic
def collection_record(
    *,
    order: Order,
    actor: Any,
    day: Any,
    amount: Decimal,
    method: str,
    reference: str = "",
    key: str = "",
) -> tuple[Collection, bool]:
    """S6.1: finance records money received on a signed-or-later order; more than the
    outstanding amount is 400. The order row is locked, so two clicks are serialised; a
    repeated Idempotency-Key answers the first collection (created False), an identical one
    within two minutes without a key is 409."""
    _require_finance(actor)
    locked = Order.objects.select_for_update().get(pk=order.pk)
    key = (key or "").strip()[:80]
    if key:
        earlier = Collection.objects.filter(order=locked, idempotency_key=key).first()
        if earlier is not None:
            return earlier, False
    if locked.status not in (
        OrderStatus.SIGNED,
        OrderStatus.PARTLY_DELIVERED,
        OrderStatus.DELIVERED,
    ):
        raise InvalidTransition(
            _("订单当前状态为“%(status)s”，不能登记回款（签订后才能登记）")
            % {"status": locked.get_status_display()}
        )
    if not isinstance(day, date):
        raise RuleBroken(_("请填写回款日期"), field="date")
    if day > timezone.localdate():
        raise RuleBroken(_("回款日期不能晚于今天"), field="date")
    if method not in CollectionMethod.values:
        raise RuleBroken(_("回款方式须为转账、承兑汇票、现金或其他"), field="method")
    reference = (reference or "").strip()
    if len(reference) > REFERENCE_MAX or not reference.isprintable():
        raise RuleBroken(_("凭证号最多60个可打印字符"), field="reference")
    if amount <= 0:
        raise RuleBroken(_("回款金额须大于0"), field="amount")
    owed = selectors.outstanding(locked)
    if amount > owed:
        raise RuleBroken(
            _("回款金额%(amount)s元超过订单未回款金额%(owed)s元（S6.1）")
            % {"amount": f"{amount:.2f}", "owed": f"{owed:.2f}"},
            field="amount",
        )
    if not key:
        twin = Collection.objects.filter(
            order=locked,
            date=day,
            amount=amount,
            method=method,
            reference=reference,
            voided_at__isnull=True,
            created_at__gte=timezone.now() - DOUBLE_CLICK,
        )
        if twin.exists():
            raise InvalidTransition(
                _("刚刚已登记过一笔相同的回款（同日期、金额、方式、凭证号），请勿重复提交")
            )
    collection = Collection.objects.create(
        order=locked,
        date=day,
        amount=amount,
        method=method,
        reference=reference,
        idempotency_key=key,
        recorded_by=actor,
    )
    _refill(locked)
    audit(
        document=locked,
        actor=actor,
        action="collect",
        data={
            "collection": collection.pk,
            "date": day.isoformat(),
            "amount": f"{amount:.2f}",
            "method": method,
            "reference": reference,
        },
    )
    _maybe_complete(locked)
    return collection, True


@transaction.atomic
def collection_void(*, collection: Collection, actor: Any, reason: str) -> Collection:
    """S6.1: finance voids a mistaken collection with a reason; it stays, marked void."""
    _require_finance(actor)
    order = Order.objects.select_for_update().get(pk=collection.order_id)
    collection = Collection.objects.select_for_update().get(pk=collection.pk)
    if collection.voided_at is not None:
        raise InvalidTransition(_("该回款已作废"))
    if not (reason or "").strip():
        raise RuleBroken(_("请填写作废原因"), field="reason")
    collection.voided_at = timezone.now()
    collection.voided_by = actor
    collection.void_reason = reason.strip()[:2000]
    collection.save(update_fields=["voided_at", "voided_by", "void_reason"])
    _refill(order)
    audit(
        document=order,
        actor=actor,
        action="void_collection",
        comment=collection.void_reason,
        data={"collection": collection.pk, "amount": f"{collection.amount:.2f}"},
    )
    audit(document=collection, actor=actor, action="void", comment=collection.void_reason)
    _maybe_complete(Order.objects.get(pk=order.pk))
    return collection
