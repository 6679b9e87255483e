"""Writes for quotes (selling.md S4): draft, price, submit, decide, send, print, answer, revise.

Every line is priced by the list in force on the quote's date (S1.2): its unit price may not
be below the floor (S2.1), its distance below market is kept with it (S2.2). Lines errors are
a 400 on `lines` whose message starts with the rule and the line: "S2.1 第2行：…".
"""

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
from fieldsales.core.errors import RuleBroken
from fieldsales.crm.customers.selectors import visible_customers
from fieldsales.crm.models import Customer, Opportunity
from fieldsales.org.access import enforce
from fieldsales.sales import floor
from fieldsales.sales.quotes import pricing, rules, selectors
from fieldsales.sales.quotes.models import Quote, QuoteLine, QuoteStatus

MAX_LINES = 100
MAX_AMOUNT = Decimal("9999999999.99")  # what a 12-digit money column holds
MAX_QUANTITY = Decimal("999999999.999")  # a 12-digit quantity column with 3 decimals
THOUSANDTH = Decimal("0.001")
DEFAULT_VALIDITY_DAYS = 30  # when a new quote names no `valid_until`
TEXT_FIELDS = {"delivery_terms": 200, "payment_terms": 200, "note": 4000}


# ---------------------------------------------------------------- what a quote names


def _pk(value: Any) -> Any:
    return getattr(value, "pk", value)


def _customer(actor: Any, value: Any) -> Customer:
    customer = visible_customers(user=actor).filter(pk=_pk(value)).first() if value else None
    if customer is None:
        raise RuleBroken(_("客户不存在或您无权为其报价"), field="customer")
    return customer


def _inquiry(actor: Any, value: Any, customer: Customer) -> Any:
    if value in (None, ""):
        return None
    inquiry = selectors.visible_inquiry(actor, _pk(value))
    if inquiry is None:
        raise RuleBroken(_("询价/招标不存在"), field="inquiry")
    if inquiry.customer_id != customer.pk:
        raise RuleBroken(_("询价/招标属于另一个客户"), field="inquiry")
    if not selectors.can_quote(inquiry):
        raise RuleBroken(
            _("只有决定参与的询价/招标可以报价（S3.2），该询价当前为“%(status)s”")
            % {"status": inquiry.get_status_display()},
            field="inquiry",
        )
    return inquiry


def _opportunity(value: Any, customer: Customer) -> Opportunity | None:
    if value in (None, ""):
        return None
    opportunity = Opportunity.objects.filter(pk=_pk(value)).first()
    if opportunity is None or opportunity.customer_id != customer.pk:
        raise RuleBroken(_("商机不存在或不属于该客户"), field="opportunity")
    return opportunity


# ---------------------------------------------------------------- pricing (S1.2, S2, S4.1)


def _line_error(number: int, message: str) -> RuleBroken:
    return RuleBroken(
        _("第%(n)d行：%(message)s") % {"n": number, "message": message}, field="lines"
    )


def _check_line_input(number: int, line: Any) -> tuple[Any, Decimal, Decimal]:
    if not isinstance(line, dict):
        raise _line_error(number, _("须包含产品、数量和单价"))
    product, quantity, unit_price = (
        line.get("product"),
        line.get("quantity"),
        line.get("unit_price"),
    )
    if product in (None, ""):
        raise _line_error(number, _("请选择产品"))
    if not isinstance(quantity, Decimal) or not quantity.is_finite() or quantity <= 0:
        raise _line_error(number, _("数量须大于0"))
    if quantity > MAX_QUANTITY:
        raise _line_error(number, _("数量过大"))
    if quantity != quantity.quantize(THOUSANDTH):
        raise _line_error(number, _("数量最多三位小数"))
    if not isinstance(unit_price, Decimal) or not unit_price.is_finite() or unit_price < 0:
        raise _line_error(number, _("单价须为非负金额"))
    if unit_price > MAX_AMOUNT:
        raise _line_error(number, _("单价过大"))
    if unit_price != unit_price.quantize(floor.FEN):
        raise _line_error(number, _("单价最多两位小数"))
    return _pk(product), quantity, unit_price


def price_lines(
    *, customer: Customer, lines: list[Any], on: date
) -> tuple[Any, list[dict[str, Any]]]:
    """The list in force on `on` and each line priced by it (S2.1 refused, S2.2 measured,
    S4.1 amount); a 400 on `lines` naming the rule and the line otherwise."""
    if not isinstance(lines, list) or not lines:
        raise RuleBroken(_("报价单至少要有一行产品"), field="lines")
    if len(lines) > MAX_LINES:
        raise RuleBroken(_("报价单最多%(n)d行") % {"n": MAX_LINES}, field="lines")
    price_list = pricing.price_list_in_force(on)
    if price_list is None:
        raise RuleBroken(
            _("%(day)s没有生效的价格表（S1.2），不能报价") % {"day": on.isoformat()},
            field="lines",
        )
    parsed = [_check_line_input(n, line) for n, line in enumerate(lines, start=1)]
    ids = [p for p, _q, _u in parsed if isinstance(p, int)]
    tiers = pricing.tiers_for(price_list, ids)
    names = pricing.products_named(ids)
    priced = []
    for number, (product, quantity, unit_price) in enumerate(parsed, start=1):
        if product not in tiers:
            raise RuleBroken(
                _("S1.2 第%(n)d行：产品不在生效的价格表%(list)s中或已停售")
                % {"n": number, "list": price_list.number},
                field="lines",
            )
        check = floor.check_price(tiers[product], customer.kind, unit_price)
        if check.below_floor:
            raise RuleBroken(
                _("S2.1 第%(n)d行（%(product)s）：单价%(price)s元低于底价%(floor)s元")
                % {
                    "n": number,
                    "product": names[product].name,
                    "price": f"{unit_price:.2f}",
                    "floor": f"{check.floor:.2f}",
                },
                field="lines",
            )
        amount = floor.line_amount(quantity, unit_price)
        if amount > MAX_AMOUNT:
            raise _line_error(number, _("金额过大"))
        priced.append(
            {
                "position": number,
                "product_id": product,
                "quantity": quantity,
                "unit_price": unit_price,
                "amount": amount,
                "market": tiers[product].market,
                "floor": check.floor,
                "below_market_pct": check.below_market_pct,
            }
        )
    if sum(line["amount"] for line in priced) > MAX_AMOUNT:
        raise RuleBroken(_("报价单合计金额过大"), field="lines")
    return price_list, priced


def _store_lines(quote: Quote, price_list: Any, priced: list[dict[str, Any]]) -> None:
    quote.lines.all().delete()
    QuoteLine.objects.bulk_create(QuoteLine(quote=quote, **line) for line in priced)
    quote.price_list = price_list
    quote.total = sum((line["amount"] for line in priced), Decimal("0.00"))


def _stored_lines(quote: Quote) -> list[dict[str, Any]]:
    return [
        {"product": line.product_id, "quantity": line.quantity, "unit_price": line.unit_price}
        for line in quote.lines.all()
    ]


def _check_valid_until(valid_until: Any, quoted_on: date) -> None:
    if not isinstance(valid_until, date):
        raise RuleBroken(_("请填写有效期"), field="valid_until")
    if valid_until < quoted_on:
        raise RuleBroken(_("有效期不能早于报价日期"), field="valid_until")


def _texts(data: dict[str, Any]) -> dict[str, str]:
    texts = {}
    for field, limit in TEXT_FIELDS.items():
        if field in data:
            value = str(data[field] or "").strip()
            if len(value) > limit or "\x00" in value:
                raise RuleBroken(_("内容过长或含有无效字符"), field=field)
            texts[field] = value
    return texts


# ---------------------------------------------------------------- drafts


@transaction.atomic
def quote_create(*, actor: Any, data: dict[str, Any]) -> Quote:
    """A draft quote priced by the list in force today (S4.1)."""
    enforce(rules.can_create(actor))
    today = timezone.localdate()
    customer = _customer(actor, data.get("customer"))
    inquiry = _inquiry(actor, data.get("inquiry"), customer)
    opportunity = _opportunity(data.get("opportunity"), customer)
    valid_until = data.get("valid_until") or today + timedelta(days=DEFAULT_VALIDITY_DAYS)
    _check_valid_until(valid_until, today)
    price_list, priced = price_lines(customer=customer, lines=data.get("lines"), on=today)
    quote = Quote(
        seq=next_number(f"quote-{today.year}"),
        year=today.year,
        customer=customer,
        salesperson=actor,
        inquiry=inquiry,
        opportunity=opportunity,
        price_list=price_list,
        quoted_on=today,
        valid_until=valid_until,
        status=QuoteStatus.DRAFT,
        **_texts(data),
    )
    quote.save()
    _store_lines(quote, price_list, priced)
    quote.save(update_fields=["total", "price_list"])
    audit(document=quote, actor=actor, action="create", to_status=quote.status)
    return quote


@transaction.atomic
def quote_update(*, quote: Quote, actor: Any, data: dict[str, Any]) -> Quote:
    """Edit a draft or rejected quote (409 once submitted or approved); re-priced today."""
    quote = Quote.objects.select_for_update().get(pk=quote.pk)
    enforce(rules.can_edit(actor, quote))
    today = timezone.localdate()
    customer = _customer(actor, data["customer"]) if "customer" in data else quote.customer
    inquiry = _inquiry(actor, data["inquiry"], customer) if "inquiry" in data else quote.inquiry
    if inquiry is not None and inquiry.customer_id != customer.pk:
        raise RuleBroken(_("询价/招标属于另一个客户"), field="inquiry")
    opportunity = (
        _opportunity(data["opportunity"], customer) if "opportunity" in data else quote.opportunity
    )
    if opportunity is not None and opportunity.customer_id != customer.pk:
        raise RuleBroken(_("商机不存在或不属于该客户"), field="opportunity")
    valid_until = data.get("valid_until", quote.valid_until)
    _check_valid_until(valid_until, today)
    lines = data["lines"] if "lines" in data else _stored_lines(quote)
    price_list, priced = price_lines(customer=customer, lines=lines, on=today)
    for field, value in _texts(data).items():
        setattr(quote, field, value)
    quote.customer, quote.inquiry, quote.opportunity = customer, inquiry, opportunity
    quote.valid_until, quote.quoted_on = valid_until, today
    _store_lines(quote, price_list, priced)
    quote.save()
    audit(
        document=quote, actor=actor, action="edit", from_status=quote.status, to_status=quote.status
    )
    return quote


# ---------------------------------------------------------------- review (S4.2)


def _reprice(locked: Quote) -> None:
    """Submitting prices the quote again by the list in force today (S1.2, S2.1)."""
    today = timezone.localdate()
    _check_valid_until(locked.valid_until, today)
    price_list, priced = price_lines(
        customer=locked.customer, lines=_stored_lines(locked), on=today
    )
    _store_lines(locked, price_list, priced)
    locked.quoted_on = today
    locked.save(update_fields=["price_list", "total", "quoted_on", "updated_at"])


def quote_submit(*, quote: Quote, actor: Any) -> Quote:
    """Send the quote to the department manager, then the GM when S4.2 says so (409 while
    its inquiry has an unanswered request, S3.3)."""

    def check(locked: Quote) -> None:
        enforce(rules.can_submit(actor, locked))
        _reprice(locked)

    return workflow.apply(model=Quote, pk=quote.pk, actor=actor, action="submit", before=check)


def quote_decide(*, quote: Quote, actor: Any, action: str, comment: str = "") -> Quote:
    """Approve or reject the current step (a rejection needs a comment)."""
    if action not in ("approve", "reject"):
        raise RuleBroken(_("未知的审批操作"), field="action")
    return workflow.apply(model=Quote, pk=quote.pk, actor=actor, action=action, comment=comment)


def quote_withdraw(*, quote: Quote, actor: Any) -> Quote:
    """The author takes a submitted quote back to draft."""
    return workflow.apply(model=Quote, pk=quote.pk, actor=actor, action="withdraw")


def quote_cancel(*, quote: Quote, actor: Any) -> Quote:
    """The author voids a draft or rejected quote."""
    return workflow.apply(model=Quote, pk=quote.pk, actor=actor, action="cancel")


# ---------------------------------------------------------------- to the customer (S4.3, S4.4)


def _mark_sent(locked: Quote) -> None:
    locked.customer_sent_at = timezone.now()
    locked.save(update_fields=["customer_sent_at"])


def quote_send(*, quote: Quote, actor: Any) -> Quote:
    """The author marks an approved quote as sent to the customer."""
    return workflow.apply(model=Quote, pk=quote.pk, actor=actor, action="send", before=_mark_sent)


@transaction.atomic
def quote_printed(*, quote: Quote, actor: Any) -> Quote:
    """S4.4: an approved quote is printed (409 before); printing marks it sent, once, however
    often it is printed; every print is an audit row."""
    locked = Quote.objects.select_for_update().get(pk=quote.pk)
    enforce(rules.can_print(actor, locked))
    if locked.status == QuoteStatus.APPROVED:
        workflow.apply(
            model=Quote,
            pk=locked.pk,
            actor=None,
            action="printed",
            before=_mark_sent,
            data={"printed_by": actor.pk},
        )
    audit(document=locked, actor=actor, action="print", data={"rule": "S4.4"})
    return Quote.objects.get(pk=locked.pk)


def _answered(check: Any, actor: Any, reason: str = "") -> Any:
    def before(locked: Quote) -> None:
        enforce(check(actor, locked))
        locked.decided_at = timezone.now()
        locked.decline_reason = reason
        locked.save(update_fields=["decided_at", "decline_reason"])

    return before


def quote_accept(*, quote: Quote, actor: Any) -> Quote:
    """The customer accepted it (409 once expired, S4.3)."""
    before = _answered(rules.can_accept, actor)
    return workflow.apply(model=Quote, pk=quote.pk, actor=actor, action="accept", before=before)


def quote_decline(*, quote: Quote, actor: Any, reason: str = "") -> Quote:
    """The customer declined it (409 once expired, S4.3); the reason is kept."""
    if len(reason or "") > 2000:
        raise RuleBroken(_("内容过长"), field="reason")
    before = _answered(rules.can_decline, actor, (reason or "").strip())
    return workflow.apply(
        model=Quote, pk=quote.pk, actor=actor, action="decline", before=before, comment=reason or ""
    )


def quote_revise(*, quote: Quote, actor: Any) -> Quote:
    """S4.3: an approved or sent quote gives way to a new draft, revision + 1, with the same
    number and lines; the old one is superseded. The new draft is priced again when edited
    or submitted."""
    created: list[Quote] = []

    def after(old: Quote, _state: str) -> None:
        today = timezone.localdate()
        span = max((old.valid_until - old.quoted_on).days, 0)
        new = Quote.objects.create(
            seq=old.seq,
            year=old.year,
            revision=old.revision + 1,
            previous=old,
            customer=old.customer,
            salesperson=old.salesperson,
            inquiry=old.inquiry,
            opportunity=old.opportunity,
            price_list=old.price_list,
            quoted_on=today,
            valid_until=max(old.valid_until, today + timedelta(days=span)),
            delivery_terms=old.delivery_terms,
            payment_terms=old.payment_terms,
            note=old.note,
            total=old.total,
            status=QuoteStatus.DRAFT,
        )
        QuoteLine.objects.bulk_create(
            QuoteLine(
                quote=new,
                position=line.position,
                product_id=line.product_id,
                quantity=line.quantity,
                unit_price=line.unit_price,
                amount=line.amount,
                market=line.market,
                floor=line.floor,
                below_market_pct=line.below_market_pct,
            )
            for line in old.lines.all()
        )
        audit(
            document=new,
            actor=actor,
            action="create",
            to_status=new.status,
            data={"revises": old.number},
        )
        created.append(new)

    workflow.apply(model=Quote, pk=quote.pk, actor=actor, action="revise", after=after)
    return created[0]
