"""Writes of inquiries and tenders (selling.md S3): register (and submit at once), decide,
ask for and answer technical or purchasing input, attach files, record the outcome."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core import workflow
from fieldsales.core.audit import audit
from fieldsales.core.counters import next_number
from fieldsales.core.errors import RuleBroken
from fieldsales.core.numbers import AMOUNT
from fieldsales.core.uploads import FileBatch, atomic_with_files
from fieldsales.crm.customers.selectors import visible_customers
from fieldsales.crm.models import Customer
from fieldsales.crm.pipeline.models import Opportunity
from fieldsales.crm.pipeline.selectors import visible_opportunities
from fieldsales.org.access import enforce
from fieldsales.sales.inquiries import rules
from fieldsales.sales.inquiries.models import (
    InputRequest,
    Inquiry,
    InquiryAttachment,
    InquiryKind,
    RequestKind,
)
from fieldsales.sales.inquiries.uploads import MAX_FILES, checked_inquiry_file

MAX_ITEMS = 100
AMOUNT_MAX = Decimal("9999999999.99")  # what the money column holds
QUANTITY_MAX = Decimal("999999999.999")
QUANTITY = re.compile(r"^[0-9]{1,9}(\.[0-9]{1,3})?$")
LAST_DAY = date(2999, 12, 31)


# ---------------------------------------------------------------- input


def _text(data: dict[str, Any], key: str, limit: int) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RuleBroken(_("须为文字"), field=key)
    value = value.strip()
    if "\x00" in value:
        raise RuleBroken(_("含有无效字符"), field=key)
    if len(value) > limit:
        raise RuleBroken(_("不能超过 %(n)d 个字") % {"n": limit}, field=key)
    return value


def parse_money(value: Any) -> Decimal | None:
    """An amount typed on a page ("750000", "750000.00"), else None."""
    if isinstance(value, str) and AMOUNT.match(value.strip()):
        return Decimal(value.strip())
    return None


def parse_quantity(value: Any) -> Decimal | None:
    """A quantity as a decimal string ("10", "2.5", "0.125"): > 0, at most 3 decimals."""
    if isinstance(value, str) and QUANTITY.match(value.strip()):
        quantity = Decimal(value.strip())
        return quantity if quantity > 0 else None
    return None


def clean_items(items: Any) -> list[dict[str, str]]:
    """S3.1: the requested items, free text lines with a quantity; 400 on `items` naming the
    line otherwise. Quantities are kept as strings with 3 decimals."""
    if not isinstance(items, list) or not items:
        raise RuleBroken(_("至少填写一项询价内容"), field="items")
    if len(items) > MAX_ITEMS:
        raise RuleBroken(_("询价内容最多 %(n)d 项") % {"n": MAX_ITEMS}, field="items")
    cleaned = []
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise RuleBroken(_("第%(n)d项格式不正确") % {"n": index}, field="items")
        description = item.get("description")
        if not isinstance(description, str) or not description.strip() or "\x00" in description:
            raise RuleBroken(_("第%(n)d项须填写名称/规格") % {"n": index}, field="items")
        if len(description.strip()) > 200:
            raise RuleBroken(_("第%(n)d项名称不能超过 200 个字") % {"n": index}, field="items")
        quantity = parse_quantity(item.get("quantity"))
        if quantity is None:
            raise RuleBroken(
                _('第%(n)d项数量须为大于 0 的数字字符串，最多三位小数，例如 "10" 或 "2.5"')
                % {"n": index},
                field="items",
            )
        unit = item.get("unit") or ""
        if not isinstance(unit, str) or len(unit.strip()) > 10 or "\x00" in unit:
            raise RuleBroken(_("第%(n)d项单位不能超过 10 个字") % {"n": index}, field="items")
        cleaned.append(
            {
                "description": description.strip(),
                "quantity": f"{quantity:.3f}",
                "unit": unit.strip(),
            }
        )
    return cleaned


def _check_fields(data: dict[str, Any]) -> dict[str, Any]:
    kind = data.get("kind")
    if kind not in InquiryKind.values:
        raise RuleBroken(_("类型须为询价（inquiry）或招标（tender）"), field="kind")
    deadline = data.get("deadline")
    if not isinstance(deadline, date):
        raise RuleBroken(_("请填写截止日期"), field="deadline")
    if deadline < timezone.localdate():
        raise RuleBroken(_("截止日期不能早于今天"), field="deadline")
    if deadline > LAST_DAY:
        raise RuleBroken(_("截止日期不正确"), field="deadline")
    amount = data.get("estimated_amount")
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise RuleBroken(_('请填写预计金额，例如 "800000.00"'), field="estimated_amount")
    if amount < 0 or amount > AMOUNT_MAX or amount != amount.quantize(Decimal("0.01")):
        raise RuleBroken(_("预计金额须为不小于 0 的金额，最多两位小数"), field="estimated_amount")
    return {
        "kind": kind,
        "deadline": deadline,
        "estimated_amount": amount.quantize(Decimal("0.01")),
        "items": clean_items(data.get("items")),
        "title": _text(data, "title", 120),
        "note": _text(data, "note", 4000),
    }


def _customer(actor: Any, customer: Any) -> Customer:
    """A customer the salesperson may see (crm's visibility), else 400 on `customer`."""
    pk = customer.pk if isinstance(customer, Customer) else customer
    found = None
    if isinstance(pk, int) and not isinstance(pk, bool) and pk > 0:
        found = visible_customers(user=actor).filter(pk=pk).first()
    if found is None:
        raise RuleBroken(_("客户不存在"), field="customer")
    return found


def _opportunity(actor: Any, customer: Customer, opportunity: Any) -> Opportunity | None:
    if opportunity in (None, ""):
        return None
    pk = opportunity.pk if isinstance(opportunity, Opportunity) else opportunity
    found = None
    if isinstance(pk, int) and not isinstance(pk, bool) and pk > 0:
        found = visible_opportunities(user=actor).filter(pk=pk).first()
    if found is None:
        raise RuleBroken(_("商机不存在"), field="opportunity")
    if found.customer_id != customer.pk:
        raise RuleBroken(_("商机须属于同一客户"), field="opportunity")
    return found


# ---------------------------------------------------------------- files


def _store_files(
    files: FileBatch,
    inquiry: Inquiry,
    actor: Any,
    uploads: Sequence[Any],
    *,
    field: str,
    request: InputRequest | None = None,
) -> list[InquiryAttachment]:
    stored = []
    for upload in uploads:
        checked = checked_inquiry_file(upload, field=field)
        attachment = InquiryAttachment(
            inquiry=inquiry,
            request=request,
            name=checked.name[:120],
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=actor,
        )
        name = f"{checked.sha256[:16]}.{checked.extension}"
        files.save_with(attachment, "file", name, checked.file, field=field)
        stored.append(attachment)
    return stored


def _too_many(count: int, field: str) -> None:
    if count > MAX_FILES:
        raise RuleBroken(_("附件最多 %(n)d 个") % {"n": MAX_FILES}, field=field)


# ---------------------------------------------------------------- services


def inquiry_register(
    *, actor: Any, data: dict[str, Any], attachments: Sequence[Any] = ()
) -> Inquiry:
    """S3.1: register an inquiry or tender with its files and submit it for the decision
    (S3.2) in one transaction: the department manager, then the GM when it is major.
    Meant as the outermost transaction: see core.uploads.atomic_with_files."""
    with atomic_with_files() as files:
        enforce(rules.can_register(actor))
        fields = _check_fields(data)
        customer = _customer(actor, data.get("customer"))
        opportunity = _opportunity(actor, customer, data.get("opportunity"))
        _too_many(len(attachments), "attachments")
        inquiry = Inquiry.objects.create(
            seq=next_number("inquiry"),
            customer=customer,
            opportunity=opportunity,
            salesperson=actor,
            **fields,
        )
        audit(document=inquiry, actor=actor, action="create", to_status=inquiry.status)
        _store_files(files, inquiry, actor, attachments, field="attachments")
        inquiry = workflow.apply(model=Inquiry, pk=inquiry.pk, actor=actor, action="submit")
    return inquiry


def inquiry_decide(*, inquiry: Inquiry, actor: Any, participate: bool, reason: str = "") -> Inquiry:
    """S3.2: participate (approve the step) or decline (reject it, a reason required)."""
    with transaction.atomic():
        locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
        enforce(rules.can_decide(actor, locked))
        reason = (reason or "").strip()
        if not participate and not reason:
            raise RuleBroken(_("不参与须填写理由"), field="reason")
        return workflow.apply(
            model=Inquiry,
            pk=inquiry.pk,
            actor=actor,
            action="approve" if participate else "reject",
            comment=reason[:2000],
        )


@transaction.atomic
def inquiry_ask(*, inquiry: Inquiry, actor: Any, kind: str, question: str) -> InputRequest:
    """S3.3: a request for technical (型号、技术参数) or purchasing input (原材料采购价格及交货期)."""
    locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    enforce(rules.can_ask(actor, locked))
    if kind not in RequestKind.values:
        raise RuleBroken(_("类型须为技术支持（technical）或采购询价（purchasing）"), field="kind")
    question = _text({"question": question}, "question", 4000)
    if not question:
        raise RuleBroken(_("请填写问题"), field="question")
    request = InputRequest.objects.create(
        inquiry=locked, kind=kind, question=question, asked_by=actor
    )
    audit(document=locked, actor=actor, action="ask", data={"request": request.pk, "kind": kind})
    return request


def inquiry_answer(
    *, request: InputRequest, actor: Any, answer: str, attachments: Sequence[Any] = ()
) -> InputRequest:
    """S3.3: a technical or purchasing answer in text with optional files, given once.
    Meant as the outermost transaction: see core.uploads.atomic_with_files."""
    with atomic_with_files() as files:
        locked = (
            InputRequest.objects.select_for_update().select_related("inquiry").get(pk=request.pk)
        )
        enforce(rules.can_answer(actor, locked))
        answer = _text({"answer": answer}, "answer", 4000)
        if not answer:
            raise RuleBroken(_("请填写答复"), field="answer")
        _too_many(len(attachments), "attachments")
        locked.answer, locked.answered_by, locked.answered_at = answer, actor, timezone.now()
        locked.save(update_fields=["answer", "answered_by", "answered_at"])
        _store_files(files, locked.inquiry, actor, attachments, field="attachments", request=locked)
        audit(document=locked.inquiry, actor=actor, action="answer", data={"request": locked.pk})
    return locked


def inquiry_attach(
    *, inquiry: Inquiry, actor: Any, attachments: Sequence[Any]
) -> list[InquiryAttachment]:
    """询价书/招标文件 added after registering. Meant as the outermost transaction."""
    with atomic_with_files() as files:
        locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
        enforce(rules.can_attach(actor, locked))
        if not attachments:
            raise RuleBroken(_("请选择文件"), field="attachments")
        _too_many(
            locked.attachments.filter(request__isnull=True).count() + len(attachments),
            "attachments",
        )
        stored = _store_files(files, locked, actor, attachments, field="attachments")
        audit(document=locked, actor=actor, action="attach", data={"files": [a.pk for a in stored]})
    return stored


OUTCOME_ACTIONS = {"won": "win", "lost": "lose", "withdrawn": "withdraw"}


def inquiry_outcome(
    *,
    inquiry: Inquiry,
    actor: Any,
    outcome: str,
    reason: str = "",
    winning_price: Decimal | None = None,
) -> Inquiry:
    """S3.4: won, lost (a reason required; the winning price if known) or withdrawn. The order
    a won inquiry leads to is linked when orders exist (S5)."""
    if outcome not in OUTCOME_ACTIONS:
        raise RuleBroken(_("结果须为 won、lost 或 withdrawn"), field="outcome")
    reason = (reason or "").strip() if isinstance(reason, str) else ""

    def check(locked: Inquiry) -> None:
        enforce(rules.can_record_outcome(actor, locked, outcome))
        if outcome == "lost" and not reason:
            raise RuleBroken(_("未中标须填写原因"), field="reason")
        if winning_price is not None and (winning_price < 0 or winning_price > AMOUNT_MAX):
            raise RuleBroken(_("中标价须为不小于 0 的金额"), field="winning_price")
        locked.outcome_reason = reason[:4000]
        locked.winning_price = winning_price
        locked.outcome_at = timezone.now()
        locked.save(update_fields=["outcome_reason", "winning_price", "outcome_at"])

    with transaction.atomic():
        locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
        enforce(rules.can_record_outcome(actor, locked, outcome))
        return workflow.apply(
            model=Inquiry,
            pk=inquiry.pk,
            actor=actor,
            action=OUTCOME_ACTIONS[outcome],
            comment=reason[:2000],
            before=check,
        )
