"""May this user do this to a target, and if not, why (department.md D1).

The GM sets the company's annual target; the head or manager of a department splits its target
over people and months and submits the split to the GM. Who sees what: selectors.py.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fieldsales.core.workflow import available_actions, is_actor, may_decide
from fieldsales.department.targets.models import EDITABLE, Target, TargetStatus
from fieldsales.org.access import (
    ALLOWED,
    DEPARTMENT_ROLES,
    Denied,
    Verdict,
    department_ids,
    has_role,
)
from fieldsales.org.models import Role

# Who reads targets at all (others: 404); the GM and finance read every one.
READING_ROLES = (Role.SALESPERSON, *DEPARTMENT_ROLES, Role.GM, Role.FINANCE)
COMPANY_READERS = (Role.GM, Role.FINANCE)


def _signed_in(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def reads_targets(user: Any) -> bool:
    return _signed_in(user) and has_role(user, *READING_ROLES)


def reads_every_target(user: Any) -> bool:
    return _signed_in(user) and has_role(user, *COMPANY_READERS)


def split_departments(user: Any) -> list[int]:
    """The departments whose split this user makes (as their head or manager)."""
    if not _signed_in(user) or not has_role(user, *DEPARTMENT_ROLES):
        return []
    return department_ids(user)


def decides_targets(user: Any) -> bool:
    """D1: the GM approves a department's split (whose inbox shows them)."""
    return _signed_in(user) and has_role(user, Role.GM)


def can_set_company_target(user: Any) -> Verdict:
    """D1: the GM sets the company's annual target."""
    if _signed_in(user) and has_role(user, Role.GM):
        return ALLOWED
    return Denied(_("公司年度目标由总经理制定（D1）"))


def can_split(user: Any, department_id: int | None) -> Verdict:
    """D1: the department's head or manager splits its target over people and months."""
    if department_id is not None and department_id in split_departments(user):
        return ALLOWED
    return Denied(_("部门目标由本部门负责人或部门经理分解（D1）"))


def can_create(user: Any, *, company: bool, department_id: int | None) -> Verdict:
    return can_set_company_target(user) if company else can_split(user, department_id)


def can_edit(user: Any, target: Target) -> Verdict:
    """Only its author, only while a draft or rejected: an approved version is changed by a new
    version (目标调整), never edited (409)."""
    if user is None or user.pk != target.created_by_id:
        return Denied(_("只有目标的制定人可以修改"))
    if target.status not in EDITABLE:
        return Denied(
            _("目标“%(status)s”，不能修改：请提交目标调整（新版本）")
            % {"status": target.get_status_display()},
            409,
        )
    return ALLOWED


def can_take(user: Any, target: Target, action: str) -> Verdict:
    """submit, publish, withdraw, cancel: the transition table (403 not yours, 409 not now);
    a company target is published by the GM, a department's split submitted to the GM."""
    if action == "submit" and target.is_company:
        return Denied(_("公司年度目标由总经理直接下达，无需提交审批"), 409)
    if action == "publish" and not target.is_company:
        return Denied(_("部门目标分解须提交总经理审批"), 409)
    if action in available_actions(target, user):
        return ALLOWED
    whos = {t.who for (_s, a), t in Target.TRANSITIONS.items() if a == action}
    if not whos or not any(is_actor(target, who, user) for who in whos):
        return Denied(_("您的角色不能执行此操作"))
    return Denied(
        _("目标当前状态为“%(status)s”，不能执行此操作（%(action)s）")
        % {"status": target.get_status_display(), "action": action},
        409,
    )


def can_decide(user: Any, target: Target) -> Verdict:
    """Approve or reject: the GM of the chain, never the author."""
    if may_decide(document=target, user=user):
        return ALLOWED
    if user is not None and user.pk == target.created_by_id:
        return Denied(_("不能审批自己的单据"))
    if not target.awaiting_decision():
        return Denied(
            _("目标当前状态为“%(status)s”，不能审批") % {"status": target.get_status_display()},
            409,
        )
    return Denied(_("您不是此目标的审批人"))


def can_adjust(user: Any, target: Target) -> Verdict:
    """目标调整: a new version of the version in force, by whoever may set that target."""
    verdict = can_create(user, company=target.is_company, department_id=target.department_id)
    if not verdict:
        return verdict
    if target.status != TargetStatus.APPROVED:
        return Denied(
            _("只能调整执行中的目标（当前：%(status)s）") % {"status": target.get_status_display()},
            409,
        )
    return ALLOWED
