"""What plans plug into the shared pages at start-up (DepartmentConfig.ready): the approval
chain, plans waiting for the manager or the GM in the inbox, the 计划 section, labels and how
the audit rows of a plan read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from fieldsales.core import audit_text, labels
from fieldsales.core.api import MAX_ID
from fieldsales.core.errors import NotFound
from fieldsales.core.inbox import InboxSource, model_numbers, register_source
from fieldsales.department.plans import rules, selectors, services
from fieldsales.department.plans.models import ItemStatus, Plan, PlanKind, PlanStatus
from fieldsales.department.sections import Section, register_section

STATUS_LABELS = dict(PlanStatus.choices)
ACTIONS = {
    "create": gettext_lazy("创建"),
    "edit": gettext_lazy("修改"),
    "item_add": gettext_lazy("添加事项"),
    "item_edit": gettext_lazy("更新事项"),
    "item_delete": gettext_lazy("删除事项"),
    "change": gettext_lazy("提出计划变更"),
    "submit": gettext_lazy("提交"),
    "approve": gettext_lazy("批准"),
    "reject": gettext_lazy("驳回"),
    "withdraw": gettext_lazy("撤回"),
    "cancel": gettext_lazy("作废"),
    "supersede": gettext_lazy("被新版本取代"),
}


def plan_number(pk: int, created_at: datetime) -> str:
    found = (
        Plan.objects.filter(pk=pk)
        .only("kind", "period_start", "owner_id", "department_id", "version")
        .first()
    )
    return found.number if found is not None else ""


def _returned(user: Any) -> QuerySet[Plan]:
    return Plan.objects.filter(owner=user, status=PlanStatus.REJECTED)


def _started(user: Any) -> QuerySet[Plan]:
    return Plan.objects.filter(owner=user, submitted_at__isnull=False)


def _find(pk: int, user: Any) -> Plan:
    found = selectors.plan_detail(user=user, pk=pk) if 0 < pk <= MAX_ID else None
    if found is None:
        raise NotFound(_("未找到。"))
    return found


def _approve(plan: Plan, actor: Any, comment: str) -> Plan:
    return services.plan_decide(plan=plan, actor=actor, action="approve", comment=comment)


def _search(q: str) -> Q:
    return Q(goal__icontains=q) | Q(department__name__icontains=q) | Q(reason__icontains=q)


SOURCE = InboxSource(
    name="department.plan",
    kind="plan",
    label=gettext_lazy("计划"),
    waiting=selectors.plans_waiting,
    page_url="department:plan_detail",
    api_path="/api/plans/{id}/",
    number=plan_number,
    numbers=model_numbers(
        "department.Plan", "kind", "period_start", "owner_id", "department_id", "version"
    ),
    person="owner",
    status_labels=lambda code: str(STATUS_LABELS.get(code, code)),
    order=72,
    returned=_returned,
    started=_started,
    decided=True,
    subject=lambda: F("department__name"),
    dates=("period_start", "period_end"),
    search=_search,
    find=_find,
    approve=_approve,
)

SECTION = Section("department:plans", gettext_lazy("计划"), 20, rules.reads_plans)

VOICE = audit_text.AuditVoice(
    noun=pgettext_lazy("audit", "计划"),
    actions="department.plan.action",
    statuses="department.plan.status",
    sentences={},
)


def register() -> None:
    from fieldsales.department.plans import chains

    chains.register()
    register_section(SECTION)
    register_source(SOURCE)
    labels.register("department.plan.status", STATUS_LABELS)
    labels.register("department.plan.kind", dict(PlanKind.choices))
    labels.register("department.plan.item_status", dict(ItemStatus.choices))
    labels.register("department.plan.action", ACTIONS)
    audit_text.register_voice("department.plan", VOICE)
