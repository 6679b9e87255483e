"""Writes of the CRM: one transaction each, audited; errors as RuleBroken/Forbidden/InvalidTransition."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core import seals
from fieldsales.core.audit import audit
from fieldsales.core.counters import next_number
from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken
from fieldsales.core.numbers import ascii_decimal
from fieldsales.core.regions import find_city, find_province
from fieldsales.core.signatures import decode_signature
from fieldsales.core.uploads import PHOTO, atomic_with_files, checked_upload
from fieldsales.core.workflow import role_of
from fieldsales.crm import selectors
from fieldsales.crm.geo import haversine_m
from fieldsales.crm.models import (
    Contact,
    Customer,
    CustomerKind,
    CustomerStatus,
    CustomerTransfer,
    Grade,
    Intent,
    Opportunity,
    SatisfactionSurvey,
    SealStatus,
    ServiceKind,
    ServiceRequest,
    ServiceStep,
    Source,
    Stage,
    StageChange,
    SurveyKind,
    TransferKind,
    Visit,
    VisitPhoto,
    VisitSignature,
    VisitStatus,
)
from fieldsales.org.models import Role

# ---------------------------------------------------------------- shared helpers


def _text(data: dict[str, Any], key: str, limit: int) -> str:
    value = data.get(key)
    value = "" if value is None else str(value).strip()
    if len(value) > limit:
        raise RuleBroken(_("最多 %(n)d 个字") % {"n": limit}, field=key)
    return value


def _touch(customer: Customer) -> None:
    """Any follow-up keeps the customer out of the pool (pool_after_days)."""
    Customer.objects.filter(pk=customer.pk).update(last_activity_at=timezone.now())


def _name(user: Any) -> str:
    if user is None:
        return _("公海")
    from fieldsales.core.people import display_name

    return display_name(user)


def _money(value: Any, key: str) -> Decimal:
    if value in (None, ""):
        return Decimal("0.00")
    amount = ascii_decimal(value.replace(",", "") if isinstance(value, str) else value)
    if amount is None:
        raise RuleBroken(_("金额格式不正确"), field=key)
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
        raise RuleBroken(_("金额须为非负数"), field=key)
    return amount.quantize(Decimal("0.01"))


def _coordinate(value: Any, key: str, limit: int) -> Decimal:
    number = ascii_decimal(value)
    if number is None:
        raise RuleBroken(_("定位坐标无效，请允许浏览器获取位置"), field=key)
    if not number.is_finite() or abs(number) > limit:
        raise RuleBroken(_("定位坐标超出范围"), field=key)
    return number.quantize(Decimal("0.000001"))


def _point(lat: Any, lng: Any) -> tuple[Decimal, Decimal]:
    if lat in (None, "") or lng in (None, ""):
        raise RuleBroken(_("没有获取到手机定位，请允许浏览器使用位置信息后重试"), field="latitude")
    return _coordinate(lat, "latitude", 90), _coordinate(lng, "longitude", 180)


def _region(data: dict[str, Any]) -> dict[str, str]:
    province = find_province(str(data.get("province") or ""))
    if province is None:
        raise RuleBroken(_("请选择有效的省份"), field="province")
    city = find_city(province, str(data.get("city") or ""))
    if city is None:
        raise RuleBroken(
            _("城市不属于%(province)s：%(city)s")
            % {"province": province.name, "city": data.get("city") or ""},
            field="city",
        )
    return {
        "province_code": province.code,
        "province": province.name,
        "city_code": city.code,
        "city": city.name,
    }


def _choice(data: dict[str, Any], key: str, choices: Any, default: str = "") -> str:
    value = data.get(key)
    if value in (None, ""):
        return default
    if value not in choices.values:
        raise RuleBroken(_("选项无效：%(value)s") % {"value": value}, field=key)
    return str(value)


def _require_sales(actor: Any) -> None:
    if not selectors.is_sales(actor):
        raise Forbidden(_("您的角色不能办理客户业务"))


# ---------------------------------------------------------------- customers

CUSTOMER_TEXT = {
    "name": 120,
    "address": 200,
    "industry": 60,
    "credit_code": 18,
    "scale": 60,
    "products_needed": 200,
    "annual_demand": 100,
    "competitors": 200,
    "remarks": 2000,
}
_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def _customer_fields(data: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Validated model fields from the input; `partial` keeps only the keys present."""
    fields: dict[str, Any] = {}
    for key, limit in CUSTOMER_TEXT.items():
        if key in data or not partial:
            fields[key] = _text(data, key, limit)
    if "name" in fields and not fields["name"]:
        raise RuleBroken(_("请填写客户名称（与营业执照一致）"), field="name")
    code = fields.get("credit_code", "")
    if code and not _CREDIT_CODE.match(code.upper()):
        raise RuleBroken(_("统一社会信用代码须为18位"), field="credit_code")
    if code:
        fields["credit_code"] = code.upper()
    if not partial or "province" in data or "city" in data:
        fields |= _region(data)
    for key, choices, default in (
        ("kind", CustomerKind, CustomerKind.PROSPECT),
        ("grade", Grade, Grade.C),
        ("source", Source, ""),
        ("intent", Intent, ""),
    ):
        if key in data or not partial:
            fields[key] = _choice(data, key, choices, default)
    if "credit_limit" in data or not partial:
        fields["credit_limit"] = _money(data.get("credit_limit"), "credit_limit")
    if "latitude" in data or "longitude" in data:
        lat, lng = data.get("latitude"), data.get("longitude")
        if lat in (None, "") and lng in (None, ""):
            fields["latitude"] = fields["longitude"] = None
        else:
            fields["latitude"], fields["longitude"] = _point(lat, lng)
    return fields


def _highest_customer_number() -> int:
    codes = Customer.objects.filter(code__regex=r"^C-[0-9]+$").values_list("code", flat=True)
    return max((int(code[2:]) for code in codes), default=0)


def next_customer_code(reserved: frozenset[str] | set[str] = frozenset()) -> str:
    """C-0008 after C-0007, from the locked `customer` counter (issue 8 item 13).

    The counter starts after the highest code in use; a number someone typed in by hand
    (an import's own 客户编号, `reserved` for rows still to come) is skipped.
    """
    while True:
        code = f"C-{next_number('customer', start=_highest_customer_number):04d}"
        if code not in reserved and not Customer.objects.filter(code=code).exists():
            return code


def _owner_for(actor: Any, owner: Any) -> Any:
    """A salesperson's new customer is theirs; a head may give it to a team member."""
    if owner is None or owner == "" or getattr(owner, "pk", owner) == actor.pk:
        return actor
    if not selectors.manages(actor, owner):
        raise Forbidden(_("只能把客户分配给自己部门的业务员"))
    return owner


class DuplicateSuspected(RuleBroken):
    """Possible duplicates: shown before saving, saved only once the user confirms."""

    def __init__(self, duplicates: list[selectors.Duplicate]) -> None:
        self.duplicates = duplicates
        lines = "；".join(d.message() for d in duplicates)
        super().__init__(
            _("可能与已有客户重复：%(lines)s。请核对；确认不是同一客户后再保存。")
            % {"lines": lines},
            field="confirm_duplicates",
        )


@dataclass
class CustomerCreated:
    customer: Customer
    warnings: list[str] = field(default_factory=list)


@transaction.atomic
def customer_create(
    *, actor: Any, data: dict[str, Any], confirm_duplicates: bool = False
) -> CustomerCreated:
    """A new customer or prospect, owned by its salesperson; possible duplicates first (400)."""
    _require_sales(actor)
    fields = _customer_fields(data)
    contact_name = _text(data, "contact_name", 40)
    contact_phone = _text(data, "contact_phone", 30)
    duplicates = selectors.possible_duplicates(
        name=fields["name"], phone=contact_phone, address=fields["address"], user=actor
    )
    if duplicates and not confirm_duplicates:
        raise DuplicateSuspected(duplicates)
    owner = _owner_for(actor, data.get("owner"))
    code = _text(data, "code", 20) or next_customer_code()
    if Customer.objects.filter(code=code).exists():
        raise RuleBroken(_("客户编号已存在：%(code)s") % {"code": code}, field="code")
    now = timezone.now()
    try:
        with transaction.atomic():
            customer = Customer.objects.create(
                code=code,
                owner=owner,
                created_by=actor,
                status=CustomerStatus.ACTIVE,
                contact_name=contact_name,
                contact_phone=contact_phone,
                last_activity_at=now,
                **fields,
            )
    except IntegrityError as error:  # two saves raced for the same next code
        raise InvalidTransition(_("客户编号冲突，请重新保存"), field="code") from error
    if contact_name:
        Contact.objects.create(
            customer=customer,
            name=contact_name,
            phone=contact_phone,
            is_primary=True,
            title=_text(data, "contact_title", 40),
        )
    CustomerTransfer.objects.create(
        customer=customer, kind=TransferKind.CREATE, to_owner=owner, by=actor
    )
    warnings = [d.message() for d in duplicates]
    audit(
        document=customer,
        actor=actor,
        action="create",
        to_status=customer.status,
        data={"possible_duplicates": warnings} if warnings else None,
    )
    return CustomerCreated(customer, warnings)


@transaction.atomic
def customer_update(*, customer: Customer, actor: Any, data: dict[str, Any]) -> Customer:
    """Edit a customer's file (owner, their head, the GM)."""
    customer = Customer.objects.select_for_update(of=("self",)).get(pk=customer.pk)
    if not selectors.may_manage_customer(actor, customer):
        raise Forbidden(_("只有负责业务员或其主管可以修改客户资料"))
    fields = _customer_fields(data, partial=True)
    for key in ("contact_name", "contact_phone"):
        if key in data:
            fields[key] = _text(data, key, 40 if key == "contact_name" else 30)
    for key, value in fields.items():
        setattr(customer, key, value)
    customer.save()
    audit(document=customer, actor=actor, action="edit", data={"fields": sorted(fields)})
    return customer


def _log_transfer(
    customer: Customer, kind: str, old: Any, new: Any, actor: Any, reason: str = ""
) -> None:
    CustomerTransfer.objects.create(
        customer=customer, kind=kind, from_owner=old, to_owner=new, by=actor, reason=reason
    )
    audit(
        document=customer,
        actor=actor,
        action=f"owner_{kind}",
        comment=reason,
        data={"from": getattr(old, "pk", None), "to": getattr(new, "pk", None)},
    )


def _move_open_work(customer: Customer, new_owner: Any) -> None:
    """Open opportunities and planned visits follow the customer to its new salesperson."""
    Opportunity.objects.filter(customer=customer, stage__in=selectors.BOARD_STAGES).update(
        owner=new_owner
    )
    # A planned visit belongs to whoever will go; a trip it was planned on was the old
    # salesperson's, so the link goes with it. Visits already checked in stay with who made them.
    planned = Visit.objects.filter(customer=customer, status=VisitStatus.PLANNED)
    if new_owner is not None:
        planned.exclude(salesperson=new_owner).update(
            salesperson=new_owner, trip=None, updated_at=timezone.now()
        )


@transaction.atomic
def customer_claim_from_pool(*, customer: Customer, actor: Any) -> Customer:
    """A salesperson takes a customer from the pool (公海)."""
    customer = (
        Customer.objects.select_for_update(of=("self",)).select_related("owner").get(pk=customer.pk)
    )
    if role_of(actor) not in {Role.SALESPERSON, Role.DEPT_HEAD, Role.DEPT_MANAGER}:
        raise Forbidden(_("只有业务员可以从公海认领客户"))
    if customer.status != CustomerStatus.POOL:
        raise InvalidTransition(
            _("该客户不在公海中，已由%(who)s负责") % {"who": _name(customer.owner)}
        )
    customer.status = CustomerStatus.ACTIVE
    customer.owner = actor
    customer.pooled_at = None
    customer.last_activity_at = timezone.now()
    customer.save(update_fields=["status", "owner", "pooled_at", "last_activity_at"])
    _move_open_work(customer, actor)
    _log_transfer(customer, TransferKind.CLAIM, None, actor, actor)
    return customer


@transaction.atomic
def customer_release_to_pool(*, customer: Customer, actor: Any, reason: str) -> Customer:
    """The owner (or their head) gives a customer back to the pool, with a reason."""
    customer = (
        Customer.objects.select_for_update(of=("self",)).select_related("owner").get(pk=customer.pk)
    )
    if not selectors.may_manage_customer(actor, customer):
        raise Forbidden(_("只有负责业务员或其主管可以把客户放回公海"))
    if customer.status != CustomerStatus.ACTIVE:
        raise InvalidTransition(_("只有正常状态的客户可以放回公海"))
    if not (reason or "").strip():
        raise RuleBroken(_("请填写放回公海的原因"), field="reason")
    old = customer.owner
    customer.status = CustomerStatus.POOL
    customer.owner = None
    customer.pooled_at = timezone.now()
    customer.save(update_fields=["status", "owner", "pooled_at"])
    _log_transfer(customer, TransferKind.RELEASE, old, None, actor, reason.strip()[:200])
    return customer


@transaction.atomic
def customer_transfer(*, customer: Customer, actor: Any, to_user: Any, reason: str) -> Customer:
    """A head or the GM hands a customer to another salesperson; the move is logged."""
    customer = (
        Customer.objects.select_for_update(of=("self",)).select_related("owner").get(pk=customer.pk)
    )
    may = (
        selectors.manages(actor, customer.owner)
        if customer.owner_id is not None
        else role_of(actor) in (selectors.SEES_DEPARTMENT | selectors.MANAGES_ALL)
    )
    if not may:
        raise Forbidden(_("只有部门负责人或总经理可以转交客户"))
    if to_user is None or not getattr(to_user, "is_active", False):
        raise RuleBroken(_("请选择接手的业务员"), field="to_user")
    if role_of(to_user) not in {Role.SALESPERSON, Role.DEPT_HEAD, Role.DEPT_MANAGER}:
        raise RuleBroken(_("只能转交给业务员"), field="to_user")
    if not selectors.manages(actor, to_user):
        raise Forbidden(_("只能转交给自己部门的业务员"))
    if customer.owner_id == to_user.pk:
        raise RuleBroken(_("该客户已由此业务员负责"), field="to_user")
    if customer.status == CustomerStatus.INACTIVE:
        raise InvalidTransition(_("已停用的客户不能转交"))
    if not (reason or "").strip():
        raise RuleBroken(_("请填写转交原因"), field="reason")
    old = customer.owner
    customer.owner = to_user
    customer.status = CustomerStatus.ACTIVE
    customer.pooled_at = None
    customer.last_activity_at = timezone.now()
    customer.save(update_fields=["owner", "status", "pooled_at", "last_activity_at"])
    _move_open_work(customer, to_user)
    _log_transfer(customer, TransferKind.TRANSFER, old, to_user, actor, reason.strip()[:200])
    return customer


def pool_sweep(*, now: Any = None) -> list[Customer]:
    """Customers without any follow-up for pool_after_days go back to the pool, each logged."""
    now = now or timezone.now()
    days = selectors.crm_settings().pool_after_days
    cutoff = now - timedelta(days=days)
    due = (
        Customer.objects.filter(status=CustomerStatus.ACTIVE, owner__isnull=False)
        .annotate(activity=Coalesce("last_activity_at", "created_at"))
        .filter(activity__lt=cutoff)
        .values_list("pk", flat=True)
    )
    swept = []
    for pk in list(due):
        with transaction.atomic():
            customer = (
                Customer.objects.select_for_update(of=("self",)).select_related("owner").get(pk=pk)
            )
            activity = customer.last_activity_at or customer.created_at
            if customer.status != CustomerStatus.ACTIVE or activity >= cutoff:
                continue  # claimed or followed up meanwhile
            old = customer.owner
            customer.status = CustomerStatus.POOL
            customer.owner = None
            customer.pooled_at = now
            customer.save(update_fields=["status", "owner", "pooled_at"])
            reason = _("%(days)d 天无跟进") % {"days": days}
            _log_transfer(customer, TransferKind.SWEEP, old, None, None, reason)
            swept.append(customer)
    return swept


# ---------------------------------------------------------------- contacts


@transaction.atomic
def contact_add(*, customer: Customer, actor: Any, data: dict[str, Any]) -> Contact:
    """A contact person at the customer; the primary one is mirrored on the customer."""
    if not selectors.may_manage_customer(actor, customer):
        raise Forbidden(_("只有负责业务员或其主管可以维护联系人"))
    name = _text(data, "name", 40)
    if not name:
        raise RuleBroken(_("请填写联系人姓名"), field="name")
    phone = _text(data, "phone", 30)
    if phone and not re.fullmatch(r"[0-9+\- ()转]{5,30}", phone):
        raise RuleBroken(_("电话号码格式不正确"), field="phone")
    primary = bool(data.get("is_primary")) or not customer.contacts.exists()
    if primary:
        customer.contacts.update(is_primary=False)
    contact = Contact.objects.create(
        customer=customer,
        name=name,
        phone=phone,
        is_primary=primary,
        title=_text(data, "title", 40),
        role=_text(data, "role", 40),
        email=_text(data, "email", 254),
        note=_text(data, "note", 200),
    )
    if primary:
        Customer.objects.filter(pk=customer.pk).update(contact_name=name, contact_phone=phone)
    _touch(customer)
    audit(document=customer, actor=actor, action="contact_add", data={"contact": contact.pk})
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, actor: Any, data: dict[str, Any]) -> Contact:
    customer = contact.customer
    if not selectors.may_manage_customer(actor, customer):
        raise Forbidden(_("只有负责业务员或其主管可以维护联系人"))
    for key, limit in (
        ("name", 40),
        ("title", 40),
        ("role", 40),
        ("phone", 30),
        ("email", 254),
        ("note", 200),
    ):
        if key in data:
            setattr(contact, key, _text(data, key, limit))
    if not contact.name:
        raise RuleBroken(_("请填写联系人姓名"), field="name")
    if data.get("is_primary"):
        customer.contacts.exclude(pk=contact.pk).update(is_primary=False)
        contact.is_primary = True
    contact.save()
    if contact.is_primary:
        Customer.objects.filter(pk=customer.pk).update(
            contact_name=contact.name, contact_phone=contact.phone
        )
    return contact


# ---------------------------------------------------------------- the pipeline

# 五、客户开发与维护 2: one step forward, one step back before the contract, lost from any
# open stage, a lost opportunity may be reopened as a lead; won only after execution.
PIPELINE: dict[tuple[str, str], str] = {
    (Stage.LEAD_FOUND, Stage.CONTACTED): "forward",
    (Stage.LEAD_FOUND, Stage.LOST): "lose",
    (Stage.CONTACTED, Stage.NEEDS_UNDERSTOOD): "forward",
    (Stage.CONTACTED, Stage.LEAD_FOUND): "back",
    (Stage.CONTACTED, Stage.LOST): "lose",
    (Stage.NEEDS_UNDERSTOOD, Stage.CONTRACT_SIGNED): "sign",
    (Stage.NEEDS_UNDERSTOOD, Stage.CONTACTED): "back",
    (Stage.NEEDS_UNDERSTOOD, Stage.LOST): "lose",
    (Stage.CONTRACT_SIGNED, Stage.IN_EXECUTION): "forward",
    (Stage.CONTRACT_SIGNED, Stage.LOST): "lose",
    (Stage.IN_EXECUTION, Stage.WON): "win",
    (Stage.IN_EXECUTION, Stage.LOST): "lose",
    (Stage.LOST, Stage.LEAD_FOUND): "reopen",
}


_MOVE_ORDER = ("forward", "sign", "win", "reopen", "back", "lose")


def next_stages(stage: str) -> list[str]:
    """The stages an opportunity may move to from `stage`: onwards first, then back, then lost."""
    moves = [(kind, to) for (frm, to), kind in PIPELINE.items() if frm == stage]
    return [to for kind, to in sorted(moves, key=lambda m: _MOVE_ORDER.index(m[0]))]


def _may_work(actor: Any, owner: Any) -> bool:
    return owner is not None and (owner.pk == actor.pk or selectors.manages(actor, owner))


@transaction.atomic
def opportunity_create(*, customer: Customer, actor: Any, data: dict[str, Any]) -> Opportunity:
    """A new opportunity at 查找潜在客户 (or a later stage named in `stage`, never closed)."""
    customer = (
        Customer.objects.select_for_update(of=("self",)).select_related("owner").get(pk=customer.pk)
    )
    if customer.status == CustomerStatus.POOL:
        raise InvalidTransition(_("客户在公海中，请先认领"))
    if not selectors.may_manage_customer(actor, customer):
        raise Forbidden(_("只有负责业务员或其主管可以为该客户建立商机"))
    title = _text(data, "title", 120)
    if not title:
        raise RuleBroken(_("请填写商机名称"), field="title")
    stage = data.get("stage") or Stage.LEAD_FOUND
    if stage not in selectors.BOARD_STAGES or stage in (Stage.CONTRACT_SIGNED, Stage.IN_EXECUTION):
        raise RuleBroken(_("新商机只能从前三个阶段开始"), field="stage")
    opportunity = Opportunity.objects.create(
        customer=customer,
        owner=customer.owner or actor,
        title=title,
        stage=stage,
        amount=_money(data.get("amount"), "amount"),
        expected_close=data.get("expected_close") or None,
        next_follow_up=data.get("next_follow_up") or None,
        products=_text(data, "products", 200),
        note=_text(data, "note", 2000),
    )
    StageChange.objects.create(
        opportunity=opportunity, to_stage=stage, by=actor, note=_("新建商机")
    )
    _touch(customer)
    audit(document=opportunity, actor=actor, action="create", to_status=stage)
    return opportunity


@transaction.atomic
def opportunity_update(
    *, opportunity: Opportunity, actor: Any, data: dict[str, Any]
) -> Opportunity:
    """Amount, dates and notes of an open opportunity."""
    opportunity = (
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("owner")
        .get(pk=opportunity.pk)
    )
    if not _may_work(actor, opportunity.owner):
        raise Forbidden(_("只有负责业务员或其主管可以修改商机"))
    if not opportunity.is_open:
        raise InvalidTransition(_("已结束的商机不能修改"))
    if "title" in data:
        opportunity.title = _text(data, "title", 120)
        if not opportunity.title:
            raise RuleBroken(_("请填写商机名称"), field="title")
    if "amount" in data:
        opportunity.amount = _money(data.get("amount"), "amount")
    for key in ("expected_close", "next_follow_up"):
        if key in data:
            setattr(opportunity, key, data.get(key) or None)
    for key, limit in (("products", 200), ("note", 2000)):
        if key in data:
            setattr(opportunity, key, _text(data, key, limit))
    opportunity.save()
    audit(document=opportunity, actor=actor, action="edit")
    return opportunity


@transaction.atomic
def opportunity_move(
    *,
    opportunity: Opportunity,
    actor: Any,
    to_stage: str,
    note: str = "",
    reason: str = "",
    amount: Any = None,
) -> Opportunity:
    """Move along the pipeline by the PIPELINE table; the history keeps every move with its date."""
    opportunity = (
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("owner", "customer")
        .get(pk=opportunity.pk)
    )
    if to_stage not in Stage.values:
        raise RuleBroken(_("阶段无效：%(stage)s") % {"stage": to_stage}, field="stage")
    if not _may_work(actor, opportunity.owner):
        raise Forbidden(_("只有负责业务员或其主管可以推进商机"))
    kind = PIPELINE.get((opportunity.stage, to_stage))
    if kind is None:
        raise InvalidTransition(
            _("商机当前处于“%(frm)s”，不能转到“%(to)s”")
            % {"frm": opportunity.get_stage_display(), "to": Stage(to_stage).label}
        )
    reason = (reason or "").strip()[:200]
    now = timezone.now()
    fields = ["stage", "stage_changed_at"]
    if kind == "lose":
        if not reason:
            raise RuleBroken(_("请填写丢单原因"), field="reason")
        opportunity.lost_reason = reason
        opportunity.closed_at = now
        fields += ["lost_reason", "closed_at"]
    elif kind == "win":
        opportunity.won_reason = reason
        opportunity.closed_at = now
        fields += ["won_reason", "closed_at"]
    elif kind == "reopen":
        opportunity.closed_at = None
        fields.append("closed_at")
    elif kind == "sign":
        if amount not in (None, ""):
            opportunity.amount = _money(amount, "amount")
            fields.append("amount")
        if opportunity.amount <= 0:
            raise RuleBroken(_("签订合同须填写合同金额"), field="amount")
        # P6.1: a signed order restarts the same-customer trip count.
        customer = opportunity.customer
        customer.last_order_signed = timezone.localdate(now)
        if customer.kind == CustomerKind.PROSPECT:
            customer.kind = CustomerKind.END_CUSTOMER
        customer.save(update_fields=["last_order_signed", "kind"])
    old = opportunity.stage
    opportunity.stage = to_stage
    opportunity.stage_changed_at = now
    opportunity.save(update_fields=fields)
    StageChange.objects.create(
        opportunity=opportunity,
        from_stage=old,
        to_stage=to_stage,
        by=actor,
        note=(reason or (note or "").strip())[:200],
    )
    _touch(opportunity.customer)
    audit(
        document=opportunity,
        actor=actor,
        action="move",
        from_status=old,
        to_status=to_stage,
        comment=reason or note,
    )
    return opportunity


# ---------------------------------------------------------------- visits


def _visit_state(visit: Visit, action: str) -> None:
    if (visit.status, action) not in Visit.TRANSITIONS:
        raise InvalidTransition(
            _("拜访当前状态为“%(status)s”，不能执行此操作") % {"status": visit.get_status_display()}
        )


def _own_visit(visit: Visit, actor: Any) -> None:
    if visit.salesperson_id != actor.pk:
        raise Forbidden(_("只有拜访的业务员本人可以执行此操作"))


def _lock_visit(visit: Visit) -> Visit:
    return (
        Visit.objects.select_for_update(of=("self",))
        .select_related("customer", "salesperson")
        .get(pk=visit.pk)
    )


def _visit_links(visit: Visit, data: dict[str, Any], actor: Any) -> None:
    """Contact, opportunity and trip named in `data` must belong to this customer and person."""
    if "contact" in data:
        contact = data.get("contact")
        contact_id = getattr(contact, "pk", contact)
        if (
            contact_id
            and not Contact.objects.filter(pk=contact_id, customer=visit.customer).exists()
        ):
            raise RuleBroken(_("联系人不属于该客户"), field="contact")
        visit.contact_id = contact_id or None
    if "opportunity" in data:
        opportunity = data.get("opportunity")
        opportunity_id = getattr(opportunity, "pk", opportunity)
        if (
            opportunity_id
            and not Opportunity.objects.filter(pk=opportunity_id, customer=visit.customer).exists()
        ):
            raise RuleBroken(_("商机不属于该客户"), field="opportunity")
        visit.opportunity_id = opportunity_id or None
    if "trip" in data:
        from fieldsales.trips.models import Trip

        trip = data.get("trip")
        trip_id = getattr(trip, "pk", trip)
        if trip_id:
            found = (
                Trip.objects.filter(pk=trip_id, traveller=visit.salesperson)
                .exclude(status__in=["cancelled", "rejected"])
                .first()
            )
            if found is None:
                raise RuleBroken(_("只能关联本人有效的出差申请"), field="trip")
            from fieldsales.trips.selectors import actual_dates

            # The trip's actual dates once its report gives them, else the planned ones.
            first_day, last_day = actual_dates(found)
            if not first_day <= visit.date <= last_day:
                raise RuleBroken(_("拜访日期不在该出差的起止日期内"), field="trip")
        visit.trip_id = trip_id or None


@transaction.atomic
def visit_plan(*, actor: Any, customer: Customer, data: dict[str, Any]) -> Visit:
    """A visit filed ahead: date, order, purpose, materials (上门走访客户管理制度 四(一)2-3)."""
    _require_sales(actor)
    if not selectors.visible_customers(user=actor).filter(pk=customer.pk).exists():
        raise RuleBroken(_("客户不存在"), field="customer")
    day = data.get("date")
    if not isinstance(day, date):
        raise RuleBroken(_("请填写拜访日期"), field="date")
    if day < timezone.localdate():
        raise RuleBroken(_("拜访计划须提前制定，日期不能早于今天"), field="date")
    purpose = _text(data, "purpose", 200)
    if not purpose:
        raise RuleBroken(_("请填写拜访目的"), field="purpose")
    salesperson = data.get("salesperson") or actor
    if salesperson.pk != actor.pk and not selectors.manages(actor, salesperson):
        raise Forbidden(_("只能为自己或本部门业务员安排拜访"))
    seq = data.get("seq")
    if seq in (None, ""):
        last = Visit.objects.filter(salesperson=salesperson, date=day).aggregate(m=Max("seq"))
        seq = (last["m"] or 0) + 1
    if not isinstance(seq, int) or not 1 <= seq <= 99:
        raise RuleBroken(_("拜访顺序须为1-99"), field="seq")
    visit = Visit(
        customer=customer,
        salesperson=salesperson,
        date=day,
        seq=seq,
        purpose=purpose,
        materials=_text(data, "materials", 200),
        appointment_confirmed=bool(data.get("appointment_confirmed")),
        appointment_note=_text(data, "appointment_note", 200),
    )
    if visit.appointment_confirmed:
        visit.appointment_confirmed_at = timezone.now()
    _visit_links(visit, data, actor)
    visit.save()
    audit(document=visit, actor=actor, action="plan", to_status=visit.status)
    return visit


@transaction.atomic
def visit_update(*, visit: Visit, actor: Any, data: dict[str, Any]) -> Visit:
    """Change a planned visit (date, order, purpose, materials, links)."""
    visit = _lock_visit(visit)
    _own_visit(visit, actor)
    _visit_state(visit, "edit")
    if "date" in data:
        if not isinstance(data["date"], date) or data["date"] < timezone.localdate():
            raise RuleBroken(_("拜访日期不能早于今天"), field="date")
        visit.date = data["date"]
    if "seq" in data:
        if not isinstance(data["seq"], int) or not 1 <= data["seq"] <= 99:
            raise RuleBroken(_("拜访顺序须为1-99"), field="seq")
        visit.seq = data["seq"]
    if "purpose" in data:
        visit.purpose = _text(data, "purpose", 200)
        if not visit.purpose:
            raise RuleBroken(_("请填写拜访目的"), field="purpose")
    if "materials" in data:
        visit.materials = _text(data, "materials", 200)
    _visit_links(visit, data, actor)
    visit.save()
    audit(
        document=visit, actor=actor, action="edit", from_status=visit.status, to_status=visit.status
    )
    return visit


@transaction.atomic
def visit_confirm_appointment(*, visit: Visit, actor: Any, note: str = "") -> Visit:
    """The time was agreed with the customer (上门走访 四(二)1)."""
    visit = _lock_visit(visit)
    _own_visit(visit, actor)
    _visit_state(visit, "confirm")
    visit.appointment_confirmed = True
    visit.appointment_confirmed_at = timezone.now()
    visit.appointment_note = (note or "").strip()[:200]
    visit.save(
        update_fields=[
            "appointment_confirmed",
            "appointment_confirmed_at",
            "appointment_note",
            "updated_at",
        ]
    )
    audit(document=visit, actor=actor, action="confirm", comment=visit.appointment_note)
    return visit


@transaction.atomic
def visit_cancel(*, visit: Visit, actor: Any, reason: str) -> Visit:
    visit = _lock_visit(visit)
    if visit.salesperson_id != actor.pk and not selectors.manages(actor, visit.salesperson):
        raise Forbidden(_("只有拜访的业务员或其主管可以取消拜访"))
    _visit_state(visit, "cancel")
    if not (reason or "").strip():
        raise RuleBroken(_("请填写取消原因"), field="reason")
    visit.status = VisitStatus.CANCELLED
    visit.cancel_reason = reason.strip()[:200]
    visit.save(update_fields=["status", "cancel_reason", "updated_at"])
    audit(
        document=visit,
        actor=actor,
        action="cancel",
        from_status=VisitStatus.PLANNED,
        to_status=visit.status,
        comment=visit.cancel_reason,
    )
    return visit


def _distance(customer: Customer, lat: Decimal, lng: Decimal) -> int | None:
    if not customer.has_location:
        return None
    return haversine_m(customer.latitude, customer.longitude, lat, lng)


@transaction.atomic
def visit_check_in(
    *, visit: Visit, actor: Any, latitude: Any, longitude: Any, accuracy: Any = None
) -> Visit:
    """Check in at the customer with the phone's position; the distance is kept and flagged."""
    visit = _lock_visit(visit)
    _own_visit(visit, actor)
    _visit_state(visit, "check_in")
    lat, lng = _point(latitude, longitude)
    today = timezone.localdate()
    if visit.date != today:
        raise RuleBroken(
            _("该拜访计划在%(day)s，只能在当天签到；请先修改拜访日期") % {"day": visit.date},
            field="date",
        )
    customer = visit.customer
    distance = _distance(customer, lat, lng)
    if distance is None:
        # The first check-in pins a customer who had no recorded coordinates.
        Customer.objects.filter(pk=customer.pk).update(latitude=lat, longitude=lng)
        audit(
            document=customer,
            actor=actor,
            action="location_pinned",
            data={"visit": visit.pk, "latitude": str(lat), "longitude": str(lng)},
        )
    threshold = selectors.crm_settings().checkin_distance_alert_m
    visit.status = VisitStatus.CHECKED_IN
    visit.check_in_at = timezone.now()
    visit.check_in_lat, visit.check_in_lng = lat, lng
    visit.check_in_accuracy_m = _accuracy(accuracy)
    visit.check_in_distance_m = distance
    visit.check_in_flagged = distance is not None and distance > threshold
    visit.save()
    _touch(customer)
    audit(
        document=visit,
        actor=actor,
        action="check_in",
        from_status=VisitStatus.PLANNED,
        to_status=visit.status,
        data={"distance_m": distance, "flagged": visit.check_in_flagged},
    )
    return visit


def _accuracy(value: Any) -> int | None:
    """The phone's reported accuracy in metres, or None when it is not a sane number."""
    decimal = ascii_decimal(value)
    try:
        number = int(decimal.to_integral_value()) if decimal is not None else -1
    except (TypeError, ValueError, ArithmeticError):
        return None
    return number if 0 <= number < 10_000_000 else None


@transaction.atomic
def visit_check_out(*, visit: Visit, actor: Any, latitude: Any, longitude: Any) -> Visit:
    """Check out when leaving the customer, with the phone's position again."""
    visit = _lock_visit(visit)
    _own_visit(visit, actor)
    _visit_state(visit, "check_out")
    lat, lng = _point(latitude, longitude)
    customer = Customer.objects.get(pk=visit.customer_id)
    distance = _distance(customer, lat, lng)
    visit.status = VisitStatus.CHECKED_OUT
    visit.check_out_at = timezone.now()
    visit.check_out_lat, visit.check_out_lng = lat, lng
    visit.check_out_distance_m = distance
    visit.check_out_flagged = (
        distance is not None and distance > selectors.crm_settings().checkin_distance_alert_m
    )
    visit.save()
    audit(
        document=visit,
        actor=actor,
        action="check_out",
        from_status=VisitStatus.CHECKED_IN,
        to_status=visit.status,
        data={"distance_m": distance},
    )
    return visit


RECORD_FIELDS = ("content", "needs", "agreements", "objections", "next_step")
# What a signed version keeps of the visit record (VisitSignature has the same fields).
SIGNED_FIELDS = (*RECORD_FIELDS, "next_visit_date")


@transaction.atomic
def visit_record(*, visit: Visit, actor: Any, data: dict[str, Any]) -> Visit:
    """The visit record, the same day (走访 四(三)1).

    After the customer has signed version n, a change is a correction: the record becomes
    version n + 1, unsigned until the customer signs again, while the signed version n stays
    as it was (readable, printable, sealed). Saving an unchanged record changes nothing.
    """
    visit = _lock_visit(visit)
    _own_visit(visit, actor)
    _visit_state(visit, "record")
    signed = visit.signature
    values = {key: _text(data, key, 4000) for key in RECORD_FIELDS}
    if not values["content"]:
        raise RuleBroken(_("请填写洽谈内容"), field="content")
    next_day = data.get("next_visit_date") or None
    if next_day is not None and not isinstance(next_day, date):
        raise RuleBroken(_("下次跟进日期不能早于今天"), field="next_visit_date")
    unchanged = all(getattr(visit, key) == value for key, value in values.items()) and (
        visit.next_visit_date == next_day
    )
    if signed is not None and unchanged:
        return visit
    if next_day is not None and next_day < timezone.localdate():
        raise RuleBroken(_("下次跟进日期不能早于今天"), field="next_visit_date")
    revision = signed is not None and signed.version >= visit.record_version
    if signed is not None:
        _trip_still_open(visit, _("该出差的报销单已批准，拜访记录不能再修改"))
    if revision:
        visit.record_version = signed.version + 1
    for key, value in values.items():
        setattr(visit, key, value)
    visit.next_visit_date = next_day
    if signed is None:
        # A correction after signing keeps the time the visit was first recorded.
        visit.recorded_at = timezone.now()
        visit.recorded_late = timezone.localdate(visit.recorded_at) != timezone.localdate(
            visit.check_in_at
        )
    visit.save()
    if next_day is not None and visit.opportunity_id:
        Opportunity.objects.filter(pk=visit.opportunity_id).update(next_follow_up=next_day)
    _touch(visit.customer)
    if signed is None:
        audit(document=visit, actor=actor, action="record", data={"late": visit.recorded_late})
    else:
        audit(
            document=visit,
            actor=actor,
            action="revise",
            data={"version": visit.record_version, "signed_version": signed.version},
        )
    return visit


def visit_add_photo(*, visit: Visit, actor: Any, upload: Any, caption: str = "") -> VisitPhoto:
    """A photo taken at the customer (JPEG, PNG or WebP), stored outside the web root, opened
    and written again by core.uploads. One taken while checked in is a check-in photo and keeps
    its GPS position (it backs the check-in's); any other loses it with the rest of its metadata.
    Meant as the outermost transaction (a page view, an API call): see atomic_with_files."""
    with atomic_with_files() as files:
        visit = _lock_visit(visit)
        _own_visit(visit, actor)
        _visit_state(visit, "photo")
        if upload is None:
            raise RuleBroken(_("请选择照片"), field="photo")
        checked = checked_upload(
            upload,
            accepts=PHOTO,
            field="photo",
            keep_gps=visit.status == VisitStatus.CHECKED_IN,
        )
        photo = VisitPhoto(
            visit=visit,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            caption=(caption or "").strip()[:100],
            uploaded_by=actor,
        )
        name = f"{visit.number}-{checked.sha256[:12]}.{checked.extension}"
        files.save_with(photo, "file", name, checked.file, field="photo")
        audit(document=visit, actor=actor, action="photo", data={"photo": photo.pk})
    return photo


def _satisfaction(value: Any, key: str = "satisfaction") -> int | None:
    if value in (None, ""):
        return None
    try:
        score = int(value)
    except (TypeError, ValueError) as error:
        raise RuleBroken(
            _("满意度须为 1-4（4 非常满意、3 满意、2 一般、1 不满意）"), field=key
        ) from error
    if isinstance(value, bool) or score not in (1, 2, 3, 4) or str(value).strip() != str(score):
        raise RuleBroken(_("满意度须为 1-4（4 非常满意、3 满意、2 一般、1 不满意）"), field=key)
    return score


def _utc(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def visit_feedback_payload(signature: VisitSignature) -> bytes:
    """What the seal of a signed version covers: the visit and customer it belongs to, the
    record as the customer read it, the customer's part, signer, signing time, the drawing."""
    visit = signature.visit
    return json.dumps(
        [
            "crm.visit-feedback/2",
            visit.pk,
            visit.customer.code,
            visit.salesperson.username,
            visit.date.isoformat(),
            _utc(visit.check_in_at),
            signature.version,
            *(getattr(signature, key) for key in RECORD_FIELDS),
            signature.next_visit_date.isoformat() if signature.next_visit_date else None,
            signature.satisfaction,
            signature.comments,
            signature.signer_name,
            signature.signer_title,
            _utc(signature.signed_at),
            hashlib.sha256(bytes(signature.signature_png)).hexdigest(),
        ],
        ensure_ascii=False,
    ).encode()


def visit_feedback_hash(signature: VisitSignature) -> tuple[str, str]:
    """The one seal of signed feedback: (key version, HMAC-SHA256 hex) under the current key
    (core.seals); a changed row cannot be sealed again without the key."""
    return seals.seal(visit_feedback_payload(signature))


def visit_feedback_seal_status(signature: VisitSignature) -> str:
    """SealStatus of a signed version: intact, altered after signing, or cannot verify (its
    key version is not among ours). The visit's live record must still read as the version
    signed last, unless it has moved on to a new (unsigned) version."""
    status = seals.verify(
        visit_feedback_payload(signature), version=signature.seal_key, digest=signature.content_hash
    )
    visit = signature.visit
    moved_on = signature.version < visit.record_version
    if (
        status == SealStatus.INTACT
        and not moved_on
        and any(getattr(visit, key) != getattr(signature, key) for key in SIGNED_FIELDS)
    ):
        return SealStatus.ALTERED
    return status


def visit_feedback_intact(signature: VisitSignature) -> bool:
    """Whether the signed version still matches the seal taken at signing."""
    return visit_feedback_seal_status(signature) == SealStatus.INTACT


@transaction.atomic
def visit_sign(
    *,
    visit: Visit,
    actor: Any,
    signer_name: str,
    signature: str,
    satisfaction: Any = None,
    comments: str = "",
    signer_title: str = "",
) -> VisitSignature:
    """客户拜访反馈表 signed by the customer on the salesperson's phone (P7.2), sealed; after a
    correction the customer signs the new version the same way."""
    visit = _lock_visit(visit)
    _own_visit(visit, actor)
    _visit_state(visit, "sign")
    if not visit.is_recorded:
        raise InvalidTransition(_("请先填写拜访记录，再请客户签字"))
    signed = visit.signature
    if signed is not None and signed.version >= visit.record_version:
        raise InvalidTransition(_("客户已签字，反馈表不能重复签署"))
    _trip_still_open(visit)
    return _sign(
        visit,
        actor,
        signer_name=signer_name,
        signature=signature,
        satisfaction=satisfaction,
        comments=comments,
        signer_title=signer_title,
    )


def _trip_still_open(visit: Visit, message: str | None = None) -> None:
    """A trip's visit is signed until the trip's claim is approved (P7.2 is settled then)."""
    if visit.trip_id is None:
        return
    from fieldsales.trips.models import Claim, ClaimStatus

    if Claim.objects.filter(
        trip_id=visit.trip_id,
        claimant_id=visit.salesperson_id,
        corrects__isnull=True,
        status__in=[ClaimStatus.APPROVED, ClaimStatus.SETTLED],
    ).exists():
        raise InvalidTransition(message or _("该出差的报销单已批准，反馈表不能再补签"))


def _sign(
    visit: Visit,
    actor: Any,
    *,
    signer_name: Any,
    signature: Any,
    satisfaction: Any,
    comments: Any,
    signer_title: Any,
    prefix: str = "",
) -> VisitSignature:
    """The signed version (the record as the customer read it), its seal and the visit
    survey; `prefix` names fields (`visits[0].`)."""
    signer_name = str(signer_name or "").strip()
    if not signer_name:
        raise RuleBroken(_("请填写客户签字人姓名"), field=f"{prefix}signer_name")
    if len(signer_name) > 40:
        raise RuleBroken(_("最多 %(n)d 个字") % {"n": 40}, field=f"{prefix}signer_name")
    png = decode_signature(signature, field=f"{prefix}signature")
    score = _satisfaction(satisfaction, f"{prefix}satisfaction")
    comments = str(comments or "").strip()[:2000]
    signer_title = str(signer_title or "").strip()[:40]
    signed = VisitSignature(
        visit=visit,
        version=visit.record_version,
        signer_name=signer_name,
        signer_title=signer_title,
        satisfaction=score,
        comments=comments,
        signature_png=png,
        signed_at=timezone.now().replace(microsecond=0),
        **{key: getattr(visit, key) for key in SIGNED_FIELDS},
    )
    signed.seal_key, signed.content_hash = visit_feedback_hash(signed)
    signed.save()
    if score is not None:
        # The customer's satisfaction for the quarter of the visit (trip visits included);
        # signing a corrected version again gives the visit's one survey its latest answer.
        SatisfactionSurvey.objects.update_or_create(
            visit=visit,
            defaults={
                "customer": visit.customer,
                "kind": SurveyKind.VISIT,
                "quarter": selectors.quarter_of(visit.date),
                "score": score,
                "comments": comments,
                "respondent": signer_name,
                "salesperson": visit.salesperson,
                "recorded_by": actor,
            },
        )
    _touch(visit.customer)
    audit(
        document=visit,
        actor=actor,
        action="sign",
        data={"hash": signed.content_hash, "version": signed.version, "key": signed.seal_key},
    )
    return signed


@transaction.atomic
def trip_visit_file(
    *,
    trip: Any,
    actor: Any,
    customer: Customer,
    visited_on: date,
    content: str,
    signer_name: str,
    signature: str,
    satisfaction: Any = None,
    comments: str = "",
    signer_title: str = "",
    prefix: str = "",
) -> Visit:
    """A visit named in a trip report (P7.2): the customer's visit record with its signed
    feedback, the same record a visit checked in on the phone makes, linked to the trip.

    The caller (trips) checks the trip, the customer and the date; `prefix` names the fields.
    """
    content = str(content or "").strip()[:4000]
    if not content:
        raise RuleBroken(_("请填写拜访内容"), field=f"{prefix}content")
    now = timezone.now()
    last = Visit.objects.filter(salesperson=trip.traveller, date=visited_on).aggregate(m=Max("seq"))
    visit = Visit.objects.create(
        customer=customer,
        salesperson=trip.traveller,
        status=VisitStatus.CHECKED_OUT,
        date=visited_on,
        seq=min((last["m"] or 0) + 1, 99),
        purpose=(_("出差拜访（%(trip)s）") % {"trip": trip.number})[:200],
        trip=trip,
        content=content,
        recorded_at=now,
        recorded_late=visited_on != timezone.localdate(now),
    )
    audit(
        document=visit,
        actor=actor,
        action="trip_report",
        to_status=visit.status,
        data={"trip": trip.pk},
    )
    _sign(
        visit,
        actor,
        signer_name=signer_name,
        signature=signature,
        satisfaction=satisfaction,
        comments=comments,
        signer_title=signer_title,
        prefix=prefix,
    )
    return visit


# ---------------------------------------------------------------- service requests


def _lock_request(request: ServiceRequest) -> ServiceRequest:
    return (
        ServiceRequest.objects.select_for_update(of=("self",))
        .select_related("customer", "owner")
        .get(pk=request.pk)
    )


def _request_state(request: ServiceRequest, action: str) -> str:
    to = ServiceRequest.TRANSITIONS.get((request.status, action))
    if to is None:
        raise InvalidTransition(
            _("单据当前状态为“%(status)s”，不能执行此操作")
            % {"status": request.get_status_display()}
        )
    return to


def _handles(actor: Any, request: ServiceRequest) -> None:
    if request.owner_id != actor.pk and not selectors.manages(actor, request.owner):
        raise Forbidden(_("只有负责人或其主管可以处理该单据"))


def _step(request: ServiceRequest, actor: Any, action: str, note: str, old: str) -> None:
    ServiceStep.objects.create(request=request, action=action, note=note, by=actor)
    audit(
        document=request,
        actor=actor,
        action=action,
        from_status=old,
        to_status=request.status,
        comment=note,
    )


@transaction.atomic
def service_request_open(*, actor: Any, customer: Customer, data: dict[str, Any]) -> ServiceRequest:
    """An after-sales request or a complaint, with an owner and a deadline."""
    _require_sales(actor)
    kind = _choice(data, "kind", ServiceKind)
    if not kind:
        raise RuleBroken(_("请选择售后服务或投诉"), field="kind")
    title = _text(data, "title", 120)
    if not title:
        raise RuleBroken(_("请填写事项"), field="title")
    description = _text(data, "description", 4000)
    if not description:
        raise RuleBroken(_("请填写详细情况"), field="description")
    owner = data.get("owner") or customer.owner or actor
    if owner.pk != actor.pk and not selectors.manages(actor, owner) and owner != customer.owner:
        raise Forbidden(_("只能指派给自己部门的人员"))
    today = timezone.localdate()
    deadline = data.get("deadline") or today + timedelta(
        days=selectors.crm_settings().service_deadline_days
    )
    if not isinstance(deadline, date) or deadline < today:
        raise RuleBroken(_("处理期限不能早于今天"), field="deadline")
    request = ServiceRequest.objects.create(
        customer=customer,
        kind=kind,
        title=title,
        description=description,
        owner=owner,
        deadline=deadline,
        opened_by=actor,
        contact_name=_text(data, "contact_name", 40),
        contact_phone=_text(data, "contact_phone", 30),
    )
    ServiceStep.objects.create(request=request, action="open", note=description, by=actor)
    _touch(customer)
    audit(document=request, actor=actor, action="open", to_status=request.status)
    return request


def _move_with_text(
    request: ServiceRequest, actor: Any, action: str, text: str, *, field: str, missing: str
) -> ServiceRequest:
    """Apply `action` (409 when the state refuses it), which needs a written text (400)."""
    old = request.status
    request.status = _request_state(request, action)
    if not (text or "").strip():
        raise RuleBroken(missing, field=field)
    request.save(update_fields=["status", "updated_at"])
    _step(request, actor, action, text.strip()[:4000], old)
    return request


@transaction.atomic
def service_request_step(*, request: ServiceRequest, actor: Any, note: str) -> ServiceRequest:
    """One handling step (contact, on-site repair, replacement...); starts the handling."""
    request = _lock_request(request)
    _handles(actor, request)
    return _move_with_text(request, actor, "step", note, field="note", missing=_("请填写处理情况"))


@transaction.atomic
def service_request_assign(
    *, request: ServiceRequest, actor: Any, owner: Any, deadline: date | None = None, note: str = ""
) -> ServiceRequest:
    """Hand the request to another person (and optionally move the deadline)."""
    request = _lock_request(request)
    _handles(actor, request)
    old = request.status
    _request_state(request, "assign")
    if owner is None or not selectors.manages(actor, owner) and owner.pk != actor.pk:
        raise RuleBroken(_("请选择本部门的负责人"), field="owner")
    request.owner = owner
    if deadline is not None:
        if deadline < timezone.localdate():
            raise RuleBroken(_("处理期限不能早于今天"), field="deadline")
        request.deadline = deadline
    request.save(update_fields=["owner", "deadline", "updated_at"])
    _step(request, actor, "assign", note or _("转交给%(who)s") % {"who": _name(owner)}, old)
    return request


@transaction.atomic
def service_request_resolve(
    *, request: ServiceRequest, actor: Any, resolution: str
) -> ServiceRequest:
    """Handled: waits for the customer to confirm."""
    request = _lock_request(request)
    _handles(actor, request)
    old = request.status
    request.status = _request_state(request, "resolve")
    if not (resolution or "").strip():
        raise RuleBroken(_("请填写处理结果"), field="resolution")
    request.resolution = resolution.strip()[:4000]
    request.resolved_at = timezone.now()
    request.save(update_fields=["status", "resolution", "resolved_at", "updated_at"])
    _step(request, actor, "resolve", request.resolution, old)
    return request


@transaction.atomic
def service_request_confirm(
    *,
    request: ServiceRequest,
    actor: Any,
    confirmed_by_name: str,
    satisfaction: Any = None,
    comments: str = "",
) -> ServiceRequest:
    """The customer confirms the closure (and rates the handling)."""
    request = _lock_request(request)
    _handles(actor, request)
    old = request.status
    request.status = _request_state(request, "confirm")
    name = (confirmed_by_name or "").strip()[:40]
    if not name:
        raise RuleBroken(_("请填写确认关闭的客户联系人"), field="confirmed_by_name")
    score = _satisfaction(satisfaction)
    request.confirmed_by_name = name
    request.confirmed_at = timezone.now()
    request.confirmation_note = (comments or "").strip()[:200]
    request.save(
        update_fields=[
            "status",
            "confirmed_by_name",
            "confirmed_at",
            "confirmation_note",
            "updated_at",
        ]
    )
    if score is not None:
        SatisfactionSurvey.objects.create(
            customer=request.customer,
            kind=SurveyKind.SERVICE,
            service_request=request,
            quarter=selectors.quarter_of(timezone.localdate()),
            score=score,
            comments=request.confirmation_note,
            respondent=name,
            salesperson=request.customer.owner or request.owner,
            recorded_by=actor,
        )
    _touch(request.customer)
    _step(request, actor, "confirm", _("客户%(name)s确认关闭") % {"name": name}, old)
    return request


@transaction.atomic
def service_request_reopen(*, request: ServiceRequest, actor: Any, reason: str) -> ServiceRequest:
    """The customer is not satisfied with the resolution: back to handling."""
    request = _lock_request(request)
    _handles(actor, request)
    return _move_with_text(
        request, actor, "reopen", reason, field="reason", missing=_("请填写客户不满意的原因")
    )


@transaction.atomic
def service_request_cancel(*, request: ServiceRequest, actor: Any, reason: str) -> ServiceRequest:
    request = _lock_request(request)
    if request.opened_by_id != actor.pk:
        _handles(actor, request)
    return _move_with_text(
        request, actor, "cancel", reason, field="reason", missing=_("请填写撤销原因")
    )


# ---------------------------------------------------------------- satisfaction surveys

_QUARTER = re.compile(r"^(20[0-9][0-9])Q([1-4])$")


@transaction.atomic
def survey_record(
    *,
    actor: Any,
    customer: Customer,
    kind: str,
    score: Any,
    comments: str = "",
    respondent: str = "",
    quarter: str = "",
    visit: Visit | None = None,
    service_request: ServiceRequest | None = None,
) -> SatisfactionSurvey:
    """A satisfaction score (1-4) with comments, per visit, per request or per quarter."""
    _require_sales(actor)
    if kind not in SurveyKind.values:
        raise RuleBroken(_("调查类型无效"), field="kind")
    value = _satisfaction(score, "score")
    if value is None:
        raise RuleBroken(_("请选择满意度"), field="score")
    quarter = (quarter or "").strip().upper() or selectors.quarter_of(timezone.localdate())
    if not _QUARTER.match(quarter):
        raise RuleBroken(_("季度格式应为 2026Q1"), field="quarter")
    if kind == SurveyKind.VISIT:
        if visit is None or visit.customer_id != customer.pk:
            raise RuleBroken(_("请选择该客户的一次拜访"), field="visit")
        if SatisfactionSurvey.objects.filter(visit=visit).exists():
            raise InvalidTransition(_("该次拜访已有满意度记录"))
    if kind == SurveyKind.SERVICE:
        if service_request is None or service_request.customer_id != customer.pk:
            raise RuleBroken(_("请选择该客户的售后/投诉单"), field="service_request")
        if SatisfactionSurvey.objects.filter(service_request=service_request).exists():
            raise InvalidTransition(_("该单据已有满意度记录"))
    if (
        kind == SurveyKind.QUARTERLY
        and SatisfactionSurvey.objects.filter(
            customer=customer, kind=kind, quarter=quarter
        ).exists()
    ):
        raise InvalidTransition(_("该客户本季度的满意度回访已记录"))
    survey = SatisfactionSurvey.objects.create(
        customer=customer,
        kind=kind,
        quarter=quarter,
        score=value,
        comments=(comments or "").strip()[:2000],
        respondent=(respondent or "").strip()[:40],
        visit=visit if kind == SurveyKind.VISIT else None,
        service_request=service_request if kind == SurveyKind.SERVICE else None,
        salesperson=customer.owner,
        recorded_by=actor,
    )
    _touch(customer)
    audit(
        document=customer,
        actor=actor,
        action="survey",
        data={"survey": survey.pk, "score": value, "quarter": quarter},
    )
    return survey


# ---------------------------------------------------------------- import from Excel


class ImportRefused(RuleBroken):
    """The sheet has bad rows: nothing is imported; every refusal names its row and reason."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__(messages[0] if messages else _("导入失败"), field="file")

    def as_dict(self) -> dict[str, object]:
        return {"file": self.messages}


def import_customers_preview(*, content: bytes, actor: Any) -> Any:
    """Check an uploaded 目标客户基本信息情况统计表 row by row; nothing is saved."""
    from fieldsales.crm.sheets import parse_import

    _require_sales(actor)
    return parse_import(content, importer=actor)


@dataclass
class ImportDone:
    created: list[Customer]
    updated: list[Customer]  # rows with a known 客户编号 that changed something


def _import_update(*, row: Any, actor: Any) -> Customer | None:
    """Apply one update row's changes (the preview's) to its customer, under a row lock."""
    from fieldsales.crm.sheets import CONTACT_FIELDS, primary_contact

    if not row.changes:
        return None
    customer = Customer.objects.select_for_update(of=("self",)).get(pk=row.customer.pk)
    if not selectors.may_manage_customer(actor, customer):
        raise Forbidden(_("只有负责业务员或其主管可以修改客户资料"))
    fields = _customer_fields(dict(row.data))
    changed = {c.field: [c.old, c.new] for c in row.changes}
    for key in changed:
        if key not in CONTACT_FIELDS:
            setattr(customer, key, fields[key])
    if {"province", "city"} & set(changed):
        customer.province_code, customer.city_code = fields["province_code"], fields["city_code"]
    contact_changes = set(changed) & set(CONTACT_FIELDS)
    if contact_changes:
        name, title, phone = (row.data[k] for k in CONTACT_FIELDS)
        contact = primary_contact(customer)
        if contact is not None:
            contact.name = name or contact.name
            contact.title, contact.phone = title, phone
            contact.save(update_fields=["name", "title", "phone"])
        elif name:
            Contact.objects.create(
                customer=customer, name=name, title=title, phone=phone, is_primary=True
            )
        customer.contact_name = name or customer.contact_name
        customer.contact_phone = phone
    customer.save()
    audit(
        document=customer,
        actor=actor,
        action="import_edit",
        data={"row": row.number, "changes": changed, "warnings": row.warnings},
    )
    return customer


@transaction.atomic
def import_customers_from_excel(*, content: bytes, actor: Any) -> ImportDone:
    """Import every row or none: any bad row refuses the whole file (400 on `file`).

    A row with a known 客户编号 updates that customer (issue 8 item 7); the others create.
    """
    preview = import_customers_preview(content=content, actor=actor)
    if not preview.ok:
        raise ImportRefused(preview.messages() or [_("表中没有客户数据")])
    created, updated = [], []
    now = timezone.now()
    reserved = {row.data["code"] for row in preview.rows if row.data.get("code")}
    for row in preview.rows:
        if row.customer is not None:
            customer = _import_update(row=row, actor=actor)
            if customer is not None:
                updated.append(customer)
            continue
        data = dict(row.data)
        fields = _customer_fields(data)
        code = data.get("code") or next_customer_code(reserved)
        owner = data.get("owner")
        customer = Customer.objects.create(
            code=code,
            owner=owner,
            created_by=actor,
            status=CustomerStatus.ACTIVE if owner else CustomerStatus.POOL,
            pooled_at=None if owner else now,
            last_activity_at=now,
            contact_name=data.get("contact_name", ""),
            contact_phone=data.get("contact_phone", ""),
            **fields,
        )
        if customer.contact_name:
            Contact.objects.create(
                customer=customer,
                name=customer.contact_name,
                phone=customer.contact_phone,
                is_primary=True,
                title=data.get("contact_title", ""),
            )
        CustomerTransfer.objects.create(
            customer=customer,
            kind=TransferKind.IMPORT,
            to_owner=owner,
            by=actor,
            reason=f"第{row.number}行",
        )
        audit(
            document=customer,
            actor=actor,
            action="import",
            to_status=customer.status,
            data={"row": row.number, "warnings": row.warnings},
        )
        created.append(customer)
    return ImportDone(created, updated)
