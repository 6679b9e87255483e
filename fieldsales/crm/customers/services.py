"""Writes of the customer file: create, edit, claim, release, transfer, sweep, contacts."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core.audit import audit
from fieldsales.core.counters import next_number
from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken
from fieldsales.core.people import display_name
from fieldsales.core.workflow import role_of
from fieldsales.crm.customers import inputs
from fieldsales.crm.customers.models import (
    CUSTOMER_CONTACT_TEXT,
    CUSTOMER_TEXT,
    Contact,
    Customer,
    CustomerKind,
    CustomerStatus,
    CustomerTransfer,
    Grade,
    Intent,
    Source,
    TransferKind,
)
from fieldsales.crm.customers.selectors import (
    MANAGES_ALL,
    SEES_DEPARTMENT,
    Duplicate,
    crm_settings,
    is_sales,
    manages,
    may_manage_customer,
    possible_duplicates,
)
from fieldsales.org.models import Role


def touch(customer: Customer) -> None:
    """Any follow-up keeps the customer out of the pool (pool_after_days)."""
    Customer.objects.filter(pk=customer.pk).update(last_activity_at=timezone.now())


def owner_name(user: Any) -> str:
    """Who holds a customer: a person's display name, or the pool."""
    if user is None:
        return _("公海")
    return display_name(user)


def require_sales(actor: Any) -> None:
    if not is_sales(actor):
        raise Forbidden(_("您的角色不能办理客户业务"))


_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def customer_fields(data: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Validated model fields from the input; `partial` keeps only the keys present."""
    fields: dict[str, Any] = {}
    for key, limit in CUSTOMER_TEXT.items():
        if key in data or not partial:
            fields[key] = inputs.text(data, key, limit)
    if "name" in fields and not fields["name"]:
        raise RuleBroken(_("请填写客户名称（与营业执照一致）"), field="name")
    code = fields.get("credit_code", "")
    if code and not _CREDIT_CODE.match(code.upper()):
        raise RuleBroken(_("统一社会信用代码须为18位"), field="credit_code")
    if code:
        fields["credit_code"] = code.upper()
    if not partial or "province" in data or "city" in data:
        fields |= inputs.region(data)
    for key, choices, default in (
        ("kind", CustomerKind, CustomerKind.PROSPECT),
        ("grade", Grade, Grade.C),
        ("source", Source, ""),
        ("intent", Intent, ""),
    ):
        if key in data or not partial:
            fields[key] = inputs.choice(data, key, choices, default)
    if "credit_limit" in data or not partial:
        fields["credit_limit"] = inputs.money(data.get("credit_limit"), "credit_limit")
    if "latitude" in data or "longitude" in data:
        lat, lng = data.get("latitude"), data.get("longitude")
        if lat in (None, "") and lng in (None, ""):
            fields["latitude"] = fields["longitude"] = None
        else:
            fields["latitude"], fields["longitude"] = inputs.point(lat, lng)
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
    if not manages(actor, owner):
        raise Forbidden(_("只能把客户分配给自己部门的业务员"))
    return owner


class DuplicateSuspected(RuleBroken):
    """Possible duplicates: shown before saving, saved only once the user confirms."""

    def __init__(self, duplicates: list[Duplicate]) -> None:
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
    require_sales(actor)
    fields = customer_fields(data)
    contact_name = inputs.text(data, "contact_name", CUSTOMER_CONTACT_TEXT["contact_name"])
    contact_phone = inputs.text(data, "contact_phone", CUSTOMER_CONTACT_TEXT["contact_phone"])
    duplicates = possible_duplicates(
        name=fields["name"], phone=contact_phone, address=fields["address"], user=actor
    )
    if duplicates and not confirm_duplicates:
        raise DuplicateSuspected(duplicates)
    owner = _owner_for(actor, data.get("owner"))
    code = inputs.text(data, "code", 20) or next_customer_code()
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
            title=inputs.text(data, "contact_title", CUSTOMER_CONTACT_TEXT["contact_title"]),
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
    if not may_manage_customer(actor, customer):
        raise Forbidden(_("只有负责业务员或其主管可以修改客户资料"))
    fields = customer_fields(data, partial=True)
    for key in ("contact_name", "contact_phone"):
        if key in data:
            fields[key] = inputs.text(data, key, CUSTOMER_CONTACT_TEXT[key])
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


# What follows a customer to a new owner (open opportunities, planned visits) is registered
# here by the subdomains above customers, which customers may not import.
OwnerFollower = Callable[[Customer, Any], None]
_owner_followers: list[OwnerFollower] = []


def follows_owner(follower: OwnerFollower) -> OwnerFollower:
    """Register `follower(customer, new_owner)`, run whenever a customer changes owner."""
    if follower not in _owner_followers:
        _owner_followers.append(follower)
    return follower


def _move_open_work(customer: Customer, new_owner: Any) -> None:
    """Open work follows the customer to its new salesperson (see follows_owner)."""
    for follower in _owner_followers:
        follower(customer, new_owner)


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
            _("该客户不在公海中，已由%(who)s负责") % {"who": owner_name(customer.owner)}
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
    if not may_manage_customer(actor, customer):
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
        manages(actor, customer.owner)
        if customer.owner_id is not None
        else role_of(actor) in (SEES_DEPARTMENT | MANAGES_ALL)
    )
    if not may:
        raise Forbidden(_("只有部门负责人或总经理可以转交客户"))
    if to_user is None or not getattr(to_user, "is_active", False):
        raise RuleBroken(_("请选择接手的业务员"), field="to_user")
    if role_of(to_user) not in {Role.SALESPERSON, Role.DEPT_HEAD, Role.DEPT_MANAGER}:
        raise RuleBroken(_("只能转交给业务员"), field="to_user")
    if not manages(actor, to_user):
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
    days = crm_settings().pool_after_days
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


@transaction.atomic
def contact_add(*, customer: Customer, actor: Any, data: dict[str, Any]) -> Contact:
    """A contact person at the customer; the primary one is mirrored on the customer."""
    if not may_manage_customer(actor, customer):
        raise Forbidden(_("只有负责业务员或其主管可以维护联系人"))
    name = inputs.text(data, "name", 40)
    if not name:
        raise RuleBroken(_("请填写联系人姓名"), field="name")
    phone = inputs.text(data, "phone", 30)
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
        title=inputs.text(data, "title", 40),
        role=inputs.text(data, "role", 40),
        email=inputs.text(data, "email", 254),
        note=inputs.text(data, "note", 200),
    )
    if primary:
        Customer.objects.filter(pk=customer.pk).update(contact_name=name, contact_phone=phone)
    touch(customer)
    audit(document=customer, actor=actor, action="contact_add", data={"contact": contact.pk})
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, actor: Any, data: dict[str, Any]) -> Contact:
    customer = contact.customer
    if not may_manage_customer(actor, customer):
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
            setattr(contact, key, inputs.text(data, key, limit))
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
