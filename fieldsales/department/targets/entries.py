"""What targets plug into the shared pages at start-up (DepartmentConfig.ready): the approval
chain, department splits waiting for the GM in the inbox, the 目标 section, labels and how the
audit rows of a target read."""

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
from fieldsales.core.registry import PageBlock, register_block
from fieldsales.department.sections import Section, register_section
from fieldsales.department.targets import rules, selectors, services
from fieldsales.department.targets.models import Target, TargetStatus

STATUS_LABELS = dict(TargetStatus.choices)
ACTIONS = {
    "create": gettext_lazy("创建"),
    "edit": gettext_lazy("修改"),
    "adjust": gettext_lazy("发起目标调整"),
    "submit": gettext_lazy("提交"),
    "publish": gettext_lazy("下达"),
    "approve": gettext_lazy("批准"),
    "reject": gettext_lazy("驳回"),
    "withdraw": gettext_lazy("撤回"),
    "cancel": gettext_lazy("作废"),
    "supersede": gettext_lazy("被新版本取代"),
}


def target_number(pk: int, created_at: datetime) -> str:
    found = Target.objects.filter(pk=pk).only("year", "level", "department_id", "version").first()
    return found.number if found is not None else ""


def _returned(user: Any) -> QuerySet[Target]:
    return Target.objects.filter(created_by=user, status=TargetStatus.REJECTED)


def _started(user: Any) -> QuerySet[Target]:
    return Target.objects.filter(created_by=user, submitted_at__isnull=False)


def _find(pk: int, user: Any) -> Target:
    found = selectors.target_detail(user=user, pk=pk) if 0 < pk <= MAX_ID else None
    if found is None:
        raise NotFound(_("未找到。"))
    return found


def _approve(target: Target, actor: Any, comment: str) -> Target:
    return services.target_decide(target=target, actor=actor, action="approve", comment=comment)


def _search(q: str) -> Q:
    return Q(department__name__icontains=q) | Q(reason__icontains=q)


SOURCE = InboxSource(
    name="department.target",
    kind="target",
    label=gettext_lazy("销售目标"),
    waiting=selectors.targets_waiting,
    page_url="department:target_detail",
    api_path="/api/targets/{id}/",
    number=target_number,
    numbers=model_numbers("department.Target", "year", "level", "department_id", "version"),
    person="created_by",
    amount="sales_total",
    status_labels=lambda code: str(STATUS_LABELS.get(code, code)),
    order=70,
    returned=_returned,
    started=_started,
    decided=True,
    subject=lambda: F("department__name"),
    search=_search,
    find=_find,
    approve=_approve,
)

SECTION = Section("department:targets", gettext_lazy("目标"), 10, rules.reads_targets)


def _home_progress(request: Any) -> dict[str, Any]:
    """D1 on home: this year's progress, the company's for the GM and finance, the department's
    for its head or manager, one's own for a salesperson (no target in force: nothing)."""
    from django.utils import timezone

    from fieldsales.department.targets.progress import progress

    year = timezone.localdate().year
    # The company's row for who reads every target (no person's row built: the GM's company
    # has hundreds), the departments' for a head, else one's own; asked as the dashboard's
    # home block asks, so that the request computes it once.
    people = not rules.reads_every_target(request.user)
    result = progress(user=request.user, year=year, with_people=people)
    if result.company is not None:
        rows = [result.company]
    elif result.departments:
        rows = result.departments
    else:
        rows = [r for r in result.people if r.id == request.user.pk]
    shown = [r for r in rows if any(s.year.target > 0 for s in r.measures.values())]
    return {"rows": shown, "year": year}


HOME = PageBlock(
    "home",
    "department.targets.progress",
    "department/targets/_home_progress.html",
    25,
    _home_progress,
    rules.reads_targets,
)

VOICE = audit_text.AuditVoice(
    noun=pgettext_lazy("audit", "销售目标"),
    actions="department.target.action",
    statuses="department.target.status",
    sentences={},
)


def register() -> None:
    from fieldsales.department.targets import chains

    chains.register()
    register_section(SECTION)
    register_source(SOURCE)
    register_block(HOME)
    labels.register("department.target.status", STATUS_LABELS)
    labels.register("department.target.action", ACTIONS)
    audit_text.register_voice("department.target", VOICE)
