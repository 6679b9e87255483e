"""Who may do what with a customer, and if not, why (org.access verdicts).

Services enforce these answers, pages show or hide by them: one place decides. The rules
take the customer object and read its transition table through it, so the models may ask
them who acts (`Customer.may_act_as`) without an import cycle.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fieldsales.core.people import display_name
from fieldsales.org import access
from fieldsales.org.access import ALLOWED, Denied, Verdict
from fieldsales.org.models import Role

# Who works customers (claims, visits, records surveys); finance and admin only read.
SALES_ROLES = (Role.SALESPERSON, Role.DEPT_HEAD, Role.DEPT_MANAGER, Role.GM)
# Who may take a customer from the pool or be handed one.
CLAIM_ROLES = (Role.SALESPERSON, Role.DEPT_HEAD, Role.DEPT_MANAGER)
# Who may act on customers nobody owns (the pool) besides claiming them.
POOL_MANAGERS = (Role.DEPT_HEAD, Role.DEPT_MANAGER, Role.GM, Role.ADMIN)


# Roles with no business in the CRM (issue 8 item 17): finance sees a customer's name and
# code only where a trip or claim names it, never the customer file, contacts or visits.
NO_CRM = frozenset({Role.FINANCE})


def uses_crm(user: Any) -> bool:
    """Whether the user may open the CRM at all (its pages and API; others get 404): anyone
    signed in but those whose every role is one with no CRM."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    roles = access.load_roles(user)
    return not roles or not roles <= NO_CRM


def is_sales(user: Any) -> bool:
    return access.has_role(user, *SALES_ROLES)


def is_claimant(user: Any) -> bool:
    """Whether the user may take customers from the pool."""
    return access.has_role(user, *CLAIM_ROLES)


def directs(user: Any, person: Any) -> bool:
    """Whether `user` directs `person`'s work (org.access.manages), a head counting as
    directing their own work too (they are in the department they head)."""
    if person is None or user is None:
        return False
    if access.manages(user, person):
        return True
    department = getattr(getattr(person, "employee", None), "department_id", None)
    return person.pk == user.pk and department in access.department_ids(user)


def works_for(user: Any, person: Any) -> bool:
    """The person themselves or whoever directs their work."""
    return person is not None and (person.pk == user.pk or directs(user, person))


def manages_customer(user: Any, customer: Any) -> bool:
    """Edit, release, open opportunities: the owner, their head, the GM (pool: heads and GM)."""
    if customer.owner_id is not None and customer.owner_id == user.pk:
        return True
    if customer.owner_id is None:
        return access.has_role(user, *POOL_MANAGERS) or bool(user.is_superuser)
    return directs(user, customer.owner)


def may_transfer(user: Any, customer: Any) -> bool:
    """A head or the GM hands a customer on: one they direct the owner of, or from the pool."""
    if customer.owner_id is not None:
        return directs(user, customer.owner)
    return access.has_role(user, *POOL_MANAGERS)


def _state_allows(customer: Any, action: str) -> bool:
    return (customer.status, action) in type(customer).TRANSITIONS


def can_manage(user: Any, customer: Any) -> Verdict:
    if not manages_customer(user, customer):
        return Denied(_("只有负责业务员或其主管可以修改客户资料"))
    return ALLOWED


def can_claim(user: Any, customer: Any) -> Verdict:
    """A salesperson takes a customer from the pool (公海)."""
    if not is_claimant(user):
        return Denied(_("只有业务员可以从公海认领客户"))
    if not _state_allows(customer, "claim"):
        who = holder_name(customer.owner)
        return Denied(_("该客户不在公海中，已由%(who)s负责") % {"who": who}, 409)
    return ALLOWED


def can_release(user: Any, customer: Any) -> Verdict:
    if not manages_customer(user, customer):
        return Denied(_("只有负责业务员或其主管可以把客户放回公海"))
    if not _state_allows(customer, "release"):
        return Denied(_("只有正常状态的客户可以放回公海"), 409)
    return ALLOWED


def can_transfer(user: Any, customer: Any) -> Verdict:
    if not may_transfer(user, customer):
        return Denied(_("只有部门负责人或总经理可以转交客户"))
    if not _state_allows(customer, "transfer"):
        return Denied(_("已停用的客户不能转交"), 409)
    return ALLOWED


def can_transfer_to(user: Any, customer: Any, to_user: Any) -> Verdict:
    """The person a customer is handed to: an active salesperson the user directs."""
    if to_user is None or not getattr(to_user, "is_active", False):
        return Denied(_("请选择接手的业务员"), 400)
    if not access.has_role(to_user, *CLAIM_ROLES):
        return Denied(_("只能转交给业务员"), 400)
    if not directs(user, to_user):
        return Denied(_("只能转交给自己部门的业务员"))
    if customer.owner_id == to_user.pk:
        return Denied(_("该客户已由此业务员负责"), 400)
    return ALLOWED


def acts_as(who: str, user: Any, customer: Any) -> bool:
    """Whether `user` is `who` of the customer's transition table (Customer.CUSTOM_ACTORS);
    the state is the table's business, not the actor's."""
    if who == "claimant":
        return is_claimant(user)
    if who == "manager":
        return manages_customer(user, customer)
    if who == "transferrer":
        return may_transfer(user, customer)
    return False


def holder_name(user: Any) -> str:
    """Who holds a customer: a person's display name, or the pool."""
    return _("公海") if user is None else display_name(user)
