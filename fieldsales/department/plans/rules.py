"""May this user do this to a plan, and if not, why (department.md D2).

A salesperson writes their monthly sales plan and submits it to their department manager; the
head or manager of a department keeps its yearly, monthly, weekly and daily work plans and
submits the yearly and monthly ones to the GM. Who sees what: selectors.py.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fieldsales.core.workflow import available_actions, is_actor, may_decide
from fieldsales.department.plans.models import (
    EDITABLE,
    Plan,
    PlanKind,
    PlanStatus,
)
from fieldsales.org.access import (
    ALLOWED,
    DEPARTMENT_ROLES,
    Denied,
    Verdict,
    department_ids,
    has_role,
)
from fieldsales.org.models import Role

# Who reads plans at all (others: 404); the GM reads every one.
READING_ROLES = (Role.SALESPERSON, *DEPARTMENT_ROLES, Role.GM)


def _signed_in(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def reads_plans(user: Any) -> bool:
    return _signed_in(user) and has_role(user, *READING_ROLES)


def reads_every_plan(user: Any) -> bool:
    return _signed_in(user) and has_role(user, Role.GM)


def managed_departments(user: Any) -> list[int]:
    """The departments whose work plans this user keeps (as their head or manager)."""
    if not _signed_in(user) or not has_role(user, *DEPARTMENT_ROLES):
        return []
    return department_ids(user)


def writes_sales_plan(user: Any) -> bool:
    return _signed_in(user) and has_role(user, Role.SALESPERSON)


def can_create(user: Any, *, kind: str, department_id: int | None) -> Verdict:
    """D2: a salesperson their own monthly sales plan (in their department); a department's
    head or manager its work plans."""
    if kind == PlanKind.SALES:
        if not writes_sales_plan(user):
            return Denied(_("月度销售计划由销售员本人制定（D2）"))
        if department_id is None:
            return Denied(_("您不属于任何部门，无法制定月度销售计划"), 400)
        return ALLOWED
    if department_id is not None and department_id in managed_departments(user):
        return ALLOWED
    return Denied(_("工作计划由本部门负责人或部门经理制定（D2）"))


def _keeps(user: Any, plan: Plan) -> bool:
    return plan.department_id in managed_departments(user)


def can_edit(user: Any, plan: Plan) -> Verdict:
    """A sales plan or a yearly/monthly version: its owner, while a draft or rejected (approved:
    409, a change is a new version). A weekly or daily plan: the department's head or manager
    while it runs."""
    if plan.is_kept:
        if not _keeps(user, plan):
            return Denied(_("只有本部门负责人或部门经理可以修改工作计划"))
        if plan.status != PlanStatus.ACTIVE:
            return Denied(
                _("计划“%(status)s”，不能修改") % {"status": plan.get_status_display()}, 409
            )
        return ALLOWED
    if user is None or user.pk != plan.owner_id:
        return Denied(_("只有计划的制定人可以修改"))
    if plan.status not in EDITABLE:
        if plan.is_versioned and plan.status == PlanStatus.APPROVED:
            reason = _("计划已批准，不能修改：请提出计划变更（新版本）")
        else:
            reason = _("计划“%(status)s”，不能修改") % {"status": plan.get_status_display()}
        return Denied(reason, 409)
    return ALLOWED


def can_edit_items(user: Any, plan: Plan) -> Verdict:
    """Adding, removing or re-wording items (task, owner, due): as editing the plan; a sales
    plan has no items."""
    if plan.is_sales:
        return Denied(_("月度销售计划没有事项"), 409)
    return can_edit(user, plan)


def can_report_progress(user: Any, plan: Plan) -> Verdict:
    """An item's status and result: the department's head or manager keeps them up to date,
    also on an approved yearly or monthly plan (executing it is not changing it)."""
    if plan.is_sales:
        return Denied(_("月度销售计划没有事项"), 409)
    if plan.status == PlanStatus.APPROVED and plan.is_versioned:
        if _keeps(user, plan) or (user is not None and user.pk == plan.owner_id):
            return ALLOWED
        return Denied(_("只有本部门负责人或部门经理可以更新事项进度"))
    return can_edit(user, plan)


def can_take(user: Any, plan: Plan, action: str) -> Verdict:
    """submit, withdraw, cancel: the transition table (403 not yours, 409 not now)."""
    if action in ("submit", "withdraw") and plan.is_kept:
        return Denied(_("周、日工作计划无需审批"), 409)
    if action in available_actions(plan, user):
        return ALLOWED
    whos = {t.who for (_s, a), t in Plan.TRANSITIONS.items() if a == action}
    if not whos or not any(is_actor(plan, who, user) for who in whos):
        return Denied(_("您的角色不能执行此操作"))
    return Denied(
        _("计划当前状态为“%(status)s”，不能执行此操作（%(action)s）")
        % {"status": plan.get_status_display(), "action": action},
        409,
    )


def can_decide(user: Any, plan: Plan) -> Verdict:
    """Approve or reject: the approver of the current step, never the owner."""
    if may_decide(document=plan, user=user):
        return ALLOWED
    if user is not None and user.pk == plan.owner_id:
        return Denied(_("不能审批自己的单据"))
    if not plan.awaiting_decision():
        return Denied(
            _("计划当前状态为“%(status)s”，不能审批") % {"status": plan.get_status_display()},
            409,
        )
    return Denied(_("您不是此计划的审批人"))


def can_propose_change(user: Any, plan: Plan) -> Verdict:
    """计划变更: a new version of an approved yearly or monthly plan, by the department's head
    or manager (the GM approves it)."""
    if not _keeps(user, plan):
        return Denied(_("计划变更由本部门负责人或部门经理提出"))
    if not plan.is_versioned:
        return Denied(_("只有年度、月度工作计划可以提出计划变更"), 409)
    if plan.status != PlanStatus.APPROVED:
        return Denied(
            _("只能变更已批准的计划（当前：%(status)s）") % {"status": plan.get_status_display()},
            409,
        )
    return ALLOWED
