"""May this user do this to a product or a price list, and if not, why (selling.md S1).

S1.3 prices are confidential: salespeople, the department head/manager, the GM and finance see
them; technical, purchasing and admin users do not (403). Products themselves (code, name,
model, unit) are read by all staff and written by the department head/manager and admin.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fieldsales.core.workflow import available_actions, is_actor, may_decide
from fieldsales.org.access import ALLOWED, DEPARTMENT_ROLES, Denied, Verdict, has_role
from fieldsales.org.models import Role
from fieldsales.sales.catalogue.models import PriceList, PriceListStatus

# S1.3: who sees prices. Admin is left out on purpose: running the system is no reason to
# know the price floor (docs/notes-catalogue.md).
PRICE_ROLES = (Role.SALESPERSON, Role.DEPT_HEAD, Role.DEPT_MANAGER, Role.GM, Role.FINANCE)
# Who sees every list, drafts and lists under review included.
LIST_REVIEWERS = (Role.DEPT_HEAD, Role.DEPT_MANAGER, Role.GM)
EDITABLE = (PriceListStatus.DRAFT, PriceListStatus.REJECTED)


def _signed_in(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def sees_prices(user: Any) -> bool:
    """S1.3 as a yes or no (navigation, templates)."""
    return _signed_in(user) and has_role(user, *PRICE_ROLES)


def can_see_prices(user: Any) -> Verdict:
    """S1.3: technical, purchasing and admin users get 403 on every price."""
    if sees_prices(user):
        return ALLOWED
    return Denied(_("价格属于内部资料（S1.3）：只有销售、部门负责人/经理、总经理和财务可以查看"))


def sees_every_list(user: Any) -> bool:
    """Drafts and lists under review: their author, heads/managers and the GM."""
    return _signed_in(user) and has_role(user, *LIST_REVIEWERS)


def decides_price_lists(user: Any) -> bool:
    """S1.2: the GM approves price lists (whose inbox shows them)."""
    return _signed_in(user) and has_role(user, Role.GM)


def can_manage_products(user: Any) -> Verdict:
    """S1.1: the department head/manager or admin create, edit and deactivate products."""
    if _signed_in(user) and (
        has_role(user, *DEPARTMENT_ROLES, Role.ADMIN) or getattr(user, "is_superuser", False)
    ):
        return ALLOWED
    return Denied(_("只有部门负责人、部门经理或系统管理员可以维护产品"))


def can_draft_price_list(user: Any) -> Verdict:
    """S1.2: a price list is drafted by the department manager (or head)."""
    if _signed_in(user) and has_role(user, *DEPARTMENT_ROLES):
        return ALLOWED
    return Denied(_("价格表由部门经理（或部门负责人）编制（S1.2）"))


def _is_author(user: Any, price_list: PriceList) -> bool:
    return user is not None and user.pk == price_list.created_by_id


def can_edit_price_list(user: Any, price_list: PriceList) -> Verdict:
    """Only its author, only while a draft or rejected; submitted or approved is read-only."""
    if not _is_author(user, price_list):
        return Denied(_("只有价格表的编制人可以修改"))
    if price_list.status not in EDITABLE:
        return Denied(
            _("价格表“%(status)s”，不能修改：价格变动请编制新的价格表（S1.2）")
            % {"status": price_list.get_status_display()},
            409,
        )
    return ALLOWED


def can_take(user: Any, price_list: PriceList, action: str) -> Verdict:
    """submit, cancel: what the transition table says (403 not yours, 409 not now)."""
    if action in available_actions(price_list, user):
        return ALLOWED
    whos = {t.who for (_s, a), t in PriceList.TRANSITIONS.items() if a == action}
    if not any(is_actor(price_list, who, user) for who in whos):
        return Denied(_("您的角色不能执行此操作"))
    return Denied(
        _("价格表当前状态为“%(status)s”，不能执行此操作（%(action)s）")
        % {"status": price_list.get_status_display(), "action": action},
        409,
    )


def can_decide(user: Any, price_list: PriceList) -> Verdict:
    """Approve or reject: the GM of the chain, never the author."""
    if may_decide(document=price_list, user=user):
        return ALLOWED
    if _is_author(user, price_list):
        return Denied(_("不能审批自己的单据"))
    if not price_list.awaiting_decision():
        return Denied(
            _("价格表当前状态为“%(status)s”，不能审批")
            % {"status": price_list.get_status_display()},
            409,
        )
    return Denied(_("您不是此价格表的审批人"))


def can_export(user: Any, price_list: PriceList) -> Verdict:
    """Export or print (S1.3): whoever sees the prices of a list they can see."""
    return can_see_prices(user)
