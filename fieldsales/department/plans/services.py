"""Writes of plans (D2): a salesperson's monthly sales plan, a department's work plans and
their items, their life through the workflow machine, and 计划变更 as a new version.
Keyword-only, one transaction each."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.core import workflow
from fieldsales.core.audit import audit
from fieldsales.core.errors import InvalidTransition, RuleBroken
from fieldsales.crm.customers.selectors import visible_customers
from fieldsales.department.plans import rules, selectors
from fieldsales.department.plans.models import (
    KEPT_KINDS,
    OPEN,
    ItemStatus,
    Plan,
    PlanItem,
    PlanKind,
    PlanStatus,
)
from fieldsales.department.plans.periods import period_of
from fieldsales.org.access import enforce
from fieldsales.org.models import Employee

TEXTS = ("goal", "strategy", "action_plan", "visit_plan", "note")
SALES_PARTS = {
    "goal": gettext_lazy("目标"),
    "strategy": gettext_lazy("策略"),
    "action_plan": gettext_lazy("行动计划"),
    "visit_plan": gettext_lazy("拜访计划"),
}
TEXT_MAX = 4000
TASK_MAX = 200
ITEMS_MAX = 200
CUSTOMERS_MAX = 100
YEARS = (2000, 2100)


def _date(value: Any, field: str) -> date:
    day = value if isinstance(value, date) else None
    if day is None and isinstance(value, str):
        try:
            day = parse_date(value.strip())
        except ValueError:
            day = None
    if day is None or not YEARS[0] <= day.year <= YEARS[1]:
        raise RuleBroken(_("日期格式不对（例如 2026-12-01）"), field=field)
    return day


def _text(value: Any, field: str, limit: int = TEXT_MAX) -> str:
    text = "" if value is None else str(value)
    if "\x00" in text:
        raise RuleBroken(_("不能包含空字符"), field=field)
    text = text.strip()
    if len(text) > limit:
        raise RuleBroken(_("最多 %(n)d 个字") % {"n": limit}, field=field)
    return text


def _customers(actor: Any, ids: Any) -> list[int]:
    """The planned customers (拜访计划): each once, each one the owner may see."""
    if not isinstance(ids, list) or len(ids) > CUSTOMERS_MAX:
        raise RuleBroken(_("计划拜访客户格式不对"), field="customers")
    wanted = [i for i in ids if isinstance(i, int) and not isinstance(i, bool)]
    if len(wanted) != len(ids) or len(set(wanted)) != len(wanted):
        raise RuleBroken(_("计划拜访客户须为不重复的客户编号"), field="customers")
    found = set(visible_customers(user=actor).filter(pk__in=wanted).values_list("pk", flat=True))
    if found != set(wanted):
        raise RuleBroken(_("客户不存在或不是您可以查看的客户"), field="customers")
    return wanted


def _member(plan: Plan, user_id: Any, field: str) -> int:
    """D2: an item's owner is an employee of the plan's department."""
    ok = isinstance(user_id, int) and not isinstance(user_id, bool)
    if (
        not ok
        or not Employee.objects.filter(
            user_id=user_id, department_id=plan.department_id, user__is_active=True
        ).exists()
    ):
        raise RuleBroken(_("负责人须为本部门员工"), field=field)
    return int(user_id)


def _item_fields(plan: Plan, data: dict[str, Any], field: str | None = None) -> dict[str, Any]:
    """An item's fields from input (those given), checked; `field` names them all in a 400."""
    fields: dict[str, Any] = {}
    if "task" in data:
        fields["task"] = _text(data["task"], field or "task", TASK_MAX)
        if not fields["task"]:
            raise RuleBroken(_("请填写任务"), field=field or "task")
    if "owner" in data:
        fields["owner_id"] = _member(plan, data["owner"], field or "owner")
    if "due" in data:
        fields["due"] = _date(data["due"], field or "due")
    if "status" in data:
        if data["status"] not in ItemStatus.values:
            raise RuleBroken(
                _("状态须为 %(v)s 之一") % {"v": ", ".join(ItemStatus.values)},
                field=field or "status",
            )
        fields["status"] = data["status"]
    if "result" in data:
        fields["result"] = _text(data["result"], field or "result")
    return fields


def _new_items(plan: Plan, rows: Any) -> list[PlanItem]:
    if not isinstance(rows, list) or len(rows) > ITEMS_MAX:
        raise RuleBroken(_("事项格式不对"), field="items")
    items = []
    for position, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise RuleBroken(_("事项格式不对"), field="items")
        missing = [k for k in ("task", "owner", "due") if k not in row]
        if missing:
            raise RuleBroken(
                _("每个事项须有任务、负责人和完成期限（缺 %(k)s）") % {"k": ", ".join(missing)},
                field="items",
            )
        items.append(PlanItem(plan=plan, position=position, **_item_fields(plan, row, "items")))
    return items


def _kind(value: Any) -> str:
    if value not in PlanKind.values:
        raise RuleBroken(
            _("计划类型须为 %(v)s 之一") % {"v": ", ".join(PlanKind.values)}, field="kind"
        )
    return str(value)


def _department_for(actor: Any, kind: str, value: Any) -> int | None:
    """A sales plan's department is its salesperson's; a work plan names one the actor keeps
    (or the only one)."""
    if kind == PlanKind.SALES:
        employee = getattr(actor, "employee", None)
        return employee.department_id if employee is not None else None
    if value is None:
        managed = rules.managed_departments(actor)
        return managed[0] if len(managed) == 1 else None
    if not isinstance(value, int) or isinstance(value, bool):
        raise RuleBroken(_("部门须为编号"), field="department")
    return value


@transaction.atomic
def plan_create(*, actor: Any, data: dict[str, Any]) -> Plan:
    """D2: a salesperson's plan for a month, or version 1 of a department's work plan for a
    year, month, week or day (weekly and daily ones run at once, without approval)."""
    kind = _kind(data.get("kind"))
    department_id = _department_for(actor, kind, data.get("department"))
    enforce(rules.can_create(actor, kind=kind, department_id=department_id))
    assert department_id is not None
    start, end = period_of(kind, _date(data.get("period_start"), "period_start"))
    plan = Plan(
        kind=kind,
        period_start=start,
        period_end=end,
        department_id=department_id,
        owner=actor,
        status=PlanStatus.ACTIVE if kind in KEPT_KINDS else PlanStatus.DRAFT,
    )
    for name in TEXTS:
        setattr(plan, name, _text(data.get(name), name))
    customers = _customers(actor, data.get("customers") or []) if kind == PlanKind.SALES else []
    items = [] if kind == PlanKind.SALES else _new_items(plan, data.get("items") or [])
    if kind == PlanKind.SALES:
        same = Plan.objects.filter(kind=kind, owner=actor, period_start=start)
    else:
        same = Plan.objects.filter(kind=kind, department_id=department_id, period_start=start)
    if same.exclude(status__in=[PlanStatus.CANCELLED, PlanStatus.SUPERSEDED]).exists():
        raise InvalidTransition(
            _("该期间的计划已存在：请打开它修改")
            if kind in (PlanKind.SALES, *KEPT_KINDS)
            else _("该期间的计划已存在：修改已批准的计划请提出计划变更")
        )
    plan.version = (same.aggregate(m=Max("version"))["m"] or 0) + 1
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        raise InvalidTransition(_("计划已由他人同时创建，请刷新")) from None
    plan.customers.set(customers)
    PlanItem.objects.bulk_create(items)
    audit(document=plan, actor=actor, action="create", to_status=plan.status)
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, actor: Any, data: dict[str, Any]) -> Plan:
    """Edit the texts (and planned customers) of a draft or rejected plan, or of a running weekly
    or daily one; approved: 409 (a change is a new version)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    enforce(rules.can_edit(actor, plan))
    fields = []
    for name in TEXTS:
        if name in data:
            setattr(plan, name, _text(data[name], name))
            fields.append(name)
    if "reason" in data and plan.version > 1:
        plan.reason = _text(data["reason"], "reason")
        if not plan.reason:
            raise RuleBroken(_("请填写变更原因"), field="reason")
        fields.append("reason")
    if "customers" in data:
        if not plan.is_sales:
            raise RuleBroken(_("只有月度销售计划列出计划拜访客户"), field="customers")
        plan.customers.set(_customers(plan.owner, data["customers"] or []))
    plan.save(update_fields=[*fields, "updated_at"])
    audit(document=plan, actor=actor, action="edit", from_status=plan.status, to_status=plan.status)
    return plan


# ---------------------------------------------------------------- items


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def item_add(*, plan: Plan, actor: Any, data: dict[str, Any]) -> PlanItem:
    """A new task on a work plan that may be edited (draft/rejected, or a running weekly or
    daily plan)."""
    plan = _locked(plan)
    enforce(rules.can_edit_items(actor, plan))
    missing = [k for k in ("task", "owner", "due") if k not in data]
    if missing:
        raise RuleBroken(_("此项为必填项"), field=missing[0])
    if plan.items.count() >= ITEMS_MAX:
        raise RuleBroken(_("事项最多 %(n)d 条") % {"n": ITEMS_MAX}, field="items")
    position = (plan.items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = PlanItem.objects.create(plan=plan, position=position, **_item_fields(plan, data))
    audit(document=plan, actor=actor, action="item_add", comment=item.task)
    return item


@transaction.atomic
def item_update(*, item: PlanItem, actor: Any, data: dict[str, Any]) -> PlanItem:
    """Change an item: its status and result whenever the plan runs (also an approved yearly or
    monthly one); its task, owner or due only where the plan may be edited."""
    plan = _locked(item.plan)
    structure = any(k in data for k in ("task", "owner", "due"))
    enforce(
        rules.can_edit_items(actor, plan) if structure else rules.can_report_progress(actor, plan)
    )
    fields = _item_fields(plan, data)
    item = PlanItem.objects.get(pk=item.pk)
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()
    audit(document=plan, actor=actor, action="item_edit", comment=item.task)
    return item


@transaction.atomic
def item_delete(*, item: PlanItem, actor: Any) -> None:
    plan = _locked(item.plan)
    enforce(rules.can_edit_items(actor, plan))
    audit(document=plan, actor=actor, action="item_delete", comment=item.task)
    PlanItem.objects.filter(pk=item.pk).delete()


# ---------------------------------------------------------------- 计划变更


@transaction.atomic
def plan_propose_change(*, plan: Plan, actor: Any, reason: str) -> Plan:
    """计划变更: a new draft version of an approved yearly or monthly plan, its texts and items
    copied, with a reason; the approved one stays in force until the GM approves the new one
    (then: superseded)."""
    plan = _locked(plan)
    enforce(rules.can_propose_change(actor, plan))
    reason = _text(reason, "reason")
    if not reason:
        raise RuleBroken(_("请填写变更原因"), field="reason")
    versions = selectors.versions_of(plan)
    if versions.filter(status__in=OPEN).exists():
        raise InvalidTransition(_("已有一个变更中的版本，请先处理它"))
    changed = Plan.objects.create(
        kind=plan.kind,
        period_start=plan.period_start,
        period_end=plan.period_end,
        department_id=plan.department_id,
        owner=actor,
        version=(versions.aggregate(m=Max("version"))["m"] or 0) + 1,
        previous=plan,
        reason=reason,
        **{name: getattr(plan, name) for name in TEXTS},
    )
    PlanItem.objects.bulk_create(
        PlanItem(
            plan=changed,
            position=item.position,
            task=item.task,
            owner_id=item.owner_id,
            due=item.due,
            status=item.status,
            result=item.result,
        )
        for item in plan.items.all()
    )
    audit(document=changed, actor=actor, action="change", to_status=changed.status, comment=reason)
    return changed


# ---------------------------------------------------------------- its life


def _complete(plan: Plan) -> None:
    """Before it goes to the approver: a sales plan's four parts written, a work plan's items
    listed, a change's reason given."""
    if plan.is_sales:
        for name, label in SALES_PARTS.items():
            if not getattr(plan, name).strip():
                raise RuleBroken(_("请填写%(part)s") % {"part": label}, field=name)
    elif not plan.items.exists():
        raise RuleBroken(_("请至少列出一项工作"), field="items")
    if plan.version > 1 and not plan.reason.strip():
        raise RuleBroken(_("请填写变更原因"), field="reason")


def _supersede(document: Plan, old: str) -> None:
    """The newly approved version takes over: the one in force before it is superseded."""
    if document.status != PlanStatus.APPROVED or not document.is_versioned:
        return
    earlier = selectors.versions_of(document).filter(status=PlanStatus.APPROVED)
    for pk in earlier.exclude(pk=document.pk).values_list("pk", flat=True):
        workflow.apply(model=Plan, pk=pk, actor=None, action="supersede")


def plan_submit(*, plan: Plan, actor: Any) -> Plan:
    """D2: a sales plan to the department manager, a yearly or monthly work plan to the GM."""

    def check(locked: Plan) -> None:
        enforce(rules.can_take(actor, locked, "submit"))
        _complete(locked)

    return workflow.apply(model=Plan, pk=plan.pk, actor=actor, action="submit", before=check)


def plan_decide(*, plan: Plan, actor: Any, action: str, comment: str = "") -> Plan:
    """The approver approves (a change's earlier version is superseded) or sends it back with a
    comment."""
    if action not in ("approve", "reject"):
        raise RuleBroken(_("不支持的操作"), field="action")
    return workflow.apply(
        model=Plan, pk=plan.pk, actor=actor, action=action, comment=comment, after=_supersede
    )


def plan_withdraw(*, plan: Plan, actor: Any) -> Plan:
    """The owner takes a submitted plan back before it is decided."""

    def check(locked: Plan) -> None:
        enforce(rules.can_take(actor, locked, "withdraw"))

    return workflow.apply(model=Plan, pk=plan.pk, actor=actor, action="withdraw", before=check)


def plan_cancel(*, plan: Plan, actor: Any) -> Plan:
    """The owner drops a draft, rejected or running weekly/daily plan."""
    return workflow.apply(model=Plan, pk=plan.pk, actor=actor, action="cancel")
