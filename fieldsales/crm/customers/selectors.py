"""Reads of the customer file: who sees which customers, and possible duplicates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from fieldsales.core.people import display_name
from fieldsales.crm.customers import rules
from fieldsales.crm.customers.models import (
    Contact,
    CrmSettings,
    Customer,
    CustomerStatus,
    CustomerTransfer,
)
from fieldsales.org import access
from fieldsales.org.models import Role


def crm_settings() -> CrmSettings:
    """The one row of CRM parameters (created with its defaults on first use)."""
    settings, _created = CrmSettings.objects.get_or_create(pk=1)
    return settings


# A page asks for several lists: the people a user sees are looked up once per user object
# (a request's user), as org.access keeps the roles it loaded.
_PEOPLE = "_crm_visible_people"


def people_q(user: Any, field: str) -> Q | None:
    """Rows whose `field` (a person) the user sees by their scope (org.access); None: all."""
    if not hasattr(user, _PEOPLE):
        setattr(user, _PEOPLE, access.visible_people(user))
    people = getattr(user, _PEOPLE)
    return None if people is None else Q(**{f"{field}_id__in": people})


def owned_by_q(field: str, people: Any) -> Q:
    """Rows whose `field` (a customer) is owned by one of `people`, as a subquery on the
    customers' owner index. Written as `customer__owner_id__in` inside an OR, the join made
    PostgreSQL read every customer to find one salesperson's orders (26 → 4 ms at 50,000)."""
    return Q(**{f"{field}_id__in": Customer.objects.filter(owner_id__in=list(people)).values("pk")})


def sees_more_than_own(user: Any) -> bool:
    """Whether the user sees anyone's work besides their own (the pages' team view)."""
    return access.scope_of(user) != access.Scope.OWN


def visible_customers(*, user: Any) -> QuerySet[Customer]:
    """A salesperson's own customers and the pool; a head's department's; the GM all."""
    customers = Customer.objects.select_related("owner")
    if not rules.uses_crm(user):
        return customers.none()
    owned = people_q(user, "owner")
    if owned is None:
        return customers
    return customers.filter(owned | Q(status=CustomerStatus.POOL))


def pool_customers(*, user: Any) -> QuerySet[Customer]:
    return visible_customers(user=user).filter(status=CustomerStatus.POOL)


def visible_contacts(*, user: Any) -> QuerySet[Contact]:
    contacts = Contact.objects.select_related("customer")
    if rules.uses_crm(user) and people_q(user, "owner") is None:
        return contacts  # the whole company: no semi-join over every customer
    return contacts.filter(customer__in=visible_customers(user=user).values("pk"))


def team_members(*, user: Any) -> QuerySet[Any]:
    """The salespeople whose work the user sees: themselves, their department's, or everyone."""
    users = get_user_model().objects.filter(is_active=True).select_related("employee")
    if not rules.uses_crm(user):
        return users.none()
    people = access.visible_people(user)
    if people is None:
        sales = [role for role in rules.SALES_ROLES if role != Role.GM]
        return users.filter(employee__role__in=sales).order_by("username")
    return users.filter(pk__in=people).order_by("username")


def transfer_targets(*, user: Any) -> QuerySet[Any]:
    """Salespeople a manager may hand a customer to."""
    return team_members(user=user).filter(employee__role__in=list(rules.CLAIM_ROLES))


def customer_history(customer: Customer) -> QuerySet[CustomerTransfer]:
    return customer.transfers.select_related("from_owner", "to_owner", "by")


_COMPANY_WORDS = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|集团|公司|分公司|厂|店|[（()）\s·.,，、-])"
)


_ADDRESS_NOISE = re.compile(r"[\s,，。.#号（）()-]")


def normal_name(name: str) -> str:
    """杭州阳光新能源科技有限公司 → 杭州阳光新能源科技 (legal-form words and spaces dropped)."""
    return _COMPANY_WORDS.sub("", (name or "").strip()).lower()


def normal_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return digits[-11:] if len(digits) >= 7 else ""


def normal_address(address: str) -> str:
    return _ADDRESS_NOISE.sub("", (address or "").strip()).lower()


def similar_names(a: str, b: str) -> bool:
    """Same or near-same normalised names: one inside the other, or 80% alike."""
    if not a or not b:
        return False
    if a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a)):
        return True
    return SequenceMatcher(None, a, b).ratio() >= 0.8


def duplicate_checks_per_minute() -> int:
    """How often one user may ask for possible duplicates (page and API together)."""
    return int(getattr(django_settings, "CRM_DUPLICATE_CHECKS_PER_MINUTE", 30))


# A name fragment shorter than this finds only the same name, never "similar" ones: short
# fragments would let a salesperson list other departments' customers (issue 8 item 11).
MIN_NAME_SEARCH = 4


@dataclass(frozen=True)
class Duplicate:
    customer: Customer
    reasons: tuple[str, ...]
    # The viewer may not see this customer: say only that it exists and whom to ask.
    hidden: bool = False

    @property
    def department(self) -> str:
        employee = getattr(self.customer.owner, "employee", None)
        return getattr(getattr(employee, "department", None), "name", "") or ""

    def message(self) -> str:
        reasons = "、".join(self.reasons)
        if self.hidden:
            department = self.department
            if department:
                return (
                    f"{department}已有相似客户（{reasons}），您无权查看，请向{department}负责人核实"
                )
            return f"已有相似客户（{reasons}），您无权查看，请向管理员核实"
        owner = self.customer.owner
        holder = display_name(owner) if owner is not None else "公海"
        return f"{self.customer.code} {self.customer.name}（{holder}）：{reasons}"


def possible_duplicates(
    *,
    name: str = "",
    phone: str = "",
    address: str = "",
    exclude: int | None = None,
    user: Any = None,
) -> list[Duplicate]:
    """Customers (any owner) with the same name, phone or address as the one being entered.

    With `user`, a customer that user may not see is `hidden`: its message names only the
    owner's department. Names are searched by fragments only from MIN_NAME_SEARCH characters;
    a shorter name finds only customers with exactly that name.
    """
    key, tel, addr = normal_name(name), normal_phone(phone), normal_address(address)
    condition = Q()
    if len(key) >= MIN_NAME_SEARCH:
        # Narrow in the database by three-character pieces, then compare whole names in Python.
        pieces = {key[i : i + 3] for i in range(0, max(len(key) - 2, 1), 3)} | {key[-3:]}
        for piece in list(pieces)[:10]:
            condition |= Q(name__icontains=piece)
    elif len(key) >= 2:
        condition |= Q(name__icontains=key)
    if tel:
        condition |= Q(contact_phone__contains=tel[-7:]) | Q(contacts__phone__contains=tel[-7:])
    if addr and len(addr) >= 6:
        condition |= Q(address__icontains=(address or "").strip()[-6:])
    if not condition:
        return []
    candidates = list(
        Customer.objects.filter(condition)
        .exclude(pk=exclude or 0)
        .select_related("owner__employee__department")
        .prefetch_related("contacts")
        .distinct()[:50]
    )
    visible: set[int] | None = None
    if user is not None:
        visible = set(
            visible_customers(user=user)
            .filter(pk__in=[c.pk for c in candidates])
            .values_list("pk", flat=True)
        )
    found = []
    for customer in candidates:
        reasons = []
        other = normal_name(customer.name)
        same = key == other if len(key) < MIN_NAME_SEARCH else similar_names(key, other)
        if key and same:
            reasons.append("名称相同或相近")
        phones = {normal_phone(customer.contact_phone)} | {
            normal_phone(c.phone) for c in customer.contacts.all()
        }
        if tel and tel in phones:
            reasons.append("电话相同")
        if addr and len(addr) >= 6 and normal_address(customer.address) == addr:
            reasons.append("地址相同")
        if reasons:
            hidden = visible is not None and customer.pk not in visible
            found.append(Duplicate(customer, tuple(reasons), hidden))
    return found


# ---------------------------------------------------------------- the forms' customer search

PICK_LIMIT = 20
# The scopes of the forms' customer drop-downs (core.widgets.SearchSelect's `query`).
PICK_SCOPES: dict[str, Q] = {
    "active": Q(status=CustomerStatus.ACTIVE),
    "not_pool": ~Q(status=CustomerStatus.POOL),
    "not_inactive": ~Q(status=CustomerStatus.INACTIVE),
}


def customer_label(customer: Customer) -> str:
    """How a drop-down names a customer: code and name (two customers may share a name)."""
    return f"{customer.code} {customer.name}"


def search_customers(customers: QuerySet[Customer], q: str) -> QuerySet[Customer]:
    """Those of `customers` whose name, code or city contains `q` (all when it is blank)."""
    q = q.strip()
    if not q:
        return customers
    return customers.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(city__icontains=q))


def pick_customers(*, user: Any, q: str, scope: str = "") -> list[dict[str, Any]]:
    """Visible customers (of the scope) whose name, code or city contains `q`, by code: id,
    label and what a form's script reads from an option (kind, primary contact)."""
    customers = visible_customers(user=user)
    if scope in PICK_SCOPES:
        customers = customers.filter(PICK_SCOPES[scope])
    customers = search_customers(customers, q)
    return [
        {
            "id": c.pk,
            "label": customer_label(c),
            "data": {
                "kind": c.kind,
                "contact-name": c.contact_name,
                "contact-phone": c.contact_phone,
            },
        }
        for c in customers.order_by("code")[:PICK_LIMIT]
    ]
