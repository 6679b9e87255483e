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

from fieldsales.core import workflow
from fieldsales.core.audit import audit
from fieldsales.core.counters import next_number
from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken
from fieldsales.core.people import display_name
from fieldsales.crm.customers import inputs, rules
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
from fieldsales.crm.customers.selectors import Duplicate, crm_settings, possible_duplicates
from fieldsales.org.access import enforce


def touch(customer: Customer) -> None:
    """Any follow-up keeps the customer out of the pool (pool_after_days)."""
    Customer.objects.filter(pk=customer.pk).update(last_activity_at=timezone.now())


def owner_name(user: Any) -> str:
    """Who holds a customer: a person's display name, or the pool."""
    if user is None:
        return _("公海")
    return display_name(user)


def require_sales(actor: Any) -> None:
    if not rules.is_sales(actor):
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
    if not rules.directs(actor, owner):
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
    if not rules.manages_customer(actor, customer):
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


def with_fields(**fields: Any) -> Callable[..., None]:
    """A workflow `before` or `after` hook: set and save these fields on the locked document
    as it moves (a document's other fields are the service's; its state is the machine's)."""

    def save(document: Any, *_old: Any) -> None:
        for name, value in fields.items():
            setattr(document, name, value)
        document.save(update_fields=list(fields))

    return save


def _move_owner(
    customer: Customer,
    *,
    actor: Any,
    action: str,
    kind: str,
    to: Any,
    reason: str = "",
    **fields: Any,
) -> Customer:
    """Apply the pool transition `action` handing the customer to `to`: logged and audited
    (the audit row is the machine's, with the old and new owner)."""
    old = customer.owner
    # A pool customer has no owner (a constraint): the owner goes before the status moves to
    # the pool and comes after it leaves it.
    hook = with_fields(owner=to, **fields)
    moved = workflow.apply(
        model=Customer,
        pk=customer.pk,
        actor=actor,
        action=action,
        comment=reason,
        before=hook if to is None else None,
        after=hook if to is not None else None,
        data={"from": getattr(old, "pk", None), "to": getattr(to, "pk", None)},
    )
    if to is not None:
        _move_open_work(moved, to)
    _log_transfer(moved, kind, old, to, actor, reason)
    return moved


def _locked(pk: int) -> Customer:
    return Customer.objects.select_for_update(of=("self",)).select_related("owner").get(pk=pk)


@transaction.atomic
def customer_claim_from_pool(*, customer: Customer, actor: Any) -> Customer:
    """A salesperson takes a customer from the pool (公海)."""
    customer = _locked(customer.pk)
    enforce(rules.can_claim(actor, customer))
    return _move_owner(
        customer,
        actor=actor,
        action="claim",
        kind=TransferKind.CLAIM,
        to=actor,
        pooled_at=None,
        last_activity_at=timezone.now(),
    )


@transaction.atomic
def customer_release_to_pool(*, customer: Customer, actor: Any, reason: str) -> Customer:
    """The owner (or their head) gives a customer back to the pool, with a reason."""
    customer = _locked(customer.pk)
    enforce(rules.can_release(actor, customer))
    if not (reason or "").strip():
        raise RuleBroken(_("请填写放回公海的原因"), field="reason")
    return _move_owner(
        customer,
        actor=actor,
        action="release",
        kind=TransferKind.RELEASE,
        to=None,
        reason=reason.strip()[:200],
        pooled_at=timezone.now(),
    )


@transaction.atomic
def customer_transfer(*, customer: Customer, actor: Any, to_user: Any, reason: str) -> Customer:
    """A head or the GM hands a customer to another salesperson; the move is logged."""
    customer = _locked(customer.pk)
    if not rules.may_transfer(actor, customer):
        raise Forbidden(_("只有部门负责人或总经理可以转交客户"))
    enforce(rules.can_transfer_to(actor, customer, to_user), field="to_user")
    enforce(rules.can_transfer(actor, customer))
    if not (reason or "").strip():
        raise RuleBroken(_("请填写转交原因"), field="reason")
    return _move_owner(
        customer,
        actor=actor,
        action="transfer",
        kind=TransferKind.TRANSFER,
        to=to_user,
        reason=reason.strip()[:200],
        pooled_at=None,
        last_activity_at=timezone.now(),
    )


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
            customer = _locked(pk)
            activity = customer.last_activity_at or customer.created_at
            if customer.status != CustomerStatus.ACTIVE or activity >= cutoff:
                continue  # claimed or followed up meanwhile
            reason = _("%(days)d 天无跟进") % {"days": days}
            swept.append(
                _move_owner(
                    customer,
                    actor=None,
                    action="sweep",
                    kind=TransferKind.SWEEP,
                    to=None,
                    reason=reason,
                    pooled_at=now,
                )
            )
    return swept


@transaction.atomic
def contact_add(*, customer: Customer, actor: Any, data: dict[str, Any]) -> Contact:
    """A contact person at the customer; the primary one is mirrored on the customer."""
    if not rules.manages_customer(actor, customer):
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
    if not rules.manages_customer(actor, customer):
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
