"""What scorecards plug into the shared pages at start-up (DepartmentConfig.ready): the 考核
section of the 部门 tab, the incident sources of P7.1 and D3, the notification kinds, the
inbox (scorecards waiting for me), labels and audit text."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy, pgettext_lazy

from fieldsales.core import audit_text, labels
from fieldsales.core.inbox import InboxSource, model_numbers, register_source
from fieldsales.department.incidents import register_incident_source
from fieldsales.department.scorecards import incident_sources, notify, rules, selectors
from fieldsales.department.scorecards.models import Scorecard, ScorecardStatus
from fieldsales.department.sections import Section, register_section
from fieldsales.notifications.registry import register_kind

STATUS_LABELS = dict(ScorecardStatus.choices)
ACTIONS = {
    "create": gettext_lazy("生成"),
    "gather": gettext_lazy("采集考核数据"),
    "review": gettext_lazy("考核人评分"),
    "acknowledge": gettext_lazy("被考核人确认"),
    "dispute": gettext_lazy("提出异议"),
    "approve": gettext_lazy("总经理审批"),
    "refresh": gettext_lazy("数据更新，重新确认"),
}

SECTION = Section("department:scorecards", gettext_lazy("考核"), 60, rules.reads_scorecards)

VOICE = audit_text.AuditVoice(
    noun=pgettext_lazy("audit", "季度考核表"),
    actions="department.scorecard.action",
    statuses="department.scorecard.status",
    sentences={},
)


def scorecard_number(pk: int, created_at: datetime) -> str:
    found = Scorecard.objects.filter(pk=pk).only("salesperson_id", "year", "quarter").first()
    return found.number if found is not None else ""


def _started(user: Any) -> QuerySet[Scorecard]:
    return Scorecard.objects.filter(reviewed_by=user)


def _search(q: str) -> Q:
    return Q(department__name__icontains=q) | Q(comment__icontains=q)


SOURCE = InboxSource(
    name="department.scorecard",
    kind="scorecard",
    label=gettext_lazy("季度考核"),
    waiting=selectors.scorecards_waiting,
    page_url="department:scorecard_detail",
    api_path="/api/scorecards/{id}/",
    number=scorecard_number,
    numbers=model_numbers("department.Scorecard", "salesperson_id", "year", "quarter"),
    person="salesperson",
    since=("acknowledged_at", "reviewed_at", "gathered_at", "created_at"),
    status_labels=lambda code: str(STATUS_LABELS.get(code, code)),
    order=74,
    started=_started,
    subject=lambda: F("department__name"),
    search=_search,
)


def register() -> None:
    register_section(SECTION)
    for source in incident_sources.SOURCES:
        register_incident_source(source)
    for kind in notify.KINDS:
        register_kind(kind)
    register_source(SOURCE)
    labels.register("department.scorecard.status", STATUS_LABELS)
    labels.register("department.scorecard.action", ACTIONS)
    audit_text.register_voice("department.scorecard", VOICE)
