"""What reports plug into the shared pages at start-up (DepartmentConfig.ready): the 报告
section, the notification kinds and the due/overdue sweep, labels, and 周目标 for crm's weekly
sheet (crm's hook: crm names no department)."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy

from fieldsales.core import labels
from fieldsales.department.reports import rules
from fieldsales.department.reports.models import ReportKind, ReportStatus
from fieldsales.department.sections import Section, register_section

SECTION = Section("department:reports", gettext_lazy("报告"), 40, rules.uses_reports)

KINDS = (
    ("report.due", gettext_lazy("周报、月报即将到期"), 60),
    ("report.overdue", gettext_lazy("周报、月报逾期未交"), 61),
    ("report.submitted", gettext_lazy("下属提交了报告"), 62),
    ("report.comment", gettext_lazy("报告的批阅意见"), 63),
)


def register() -> None:
    from fieldsales.crm.sheets.figures import register_weekly_targets
    from fieldsales.department.dashboard.overdue import OverdueCount, register_overdue
    from fieldsales.department.reports import figures, selectors, services
    from fieldsales.notifications.registry import Kind, Sweep, register_kind, register_sweep

    register_section(SECTION)
    for code, label, order in KINDS:
        register_kind(Kind(code, label, order))
    register_sweep(Sweep("department.reports", services.sweep, every=timedelta(hours=1)))
    register_weekly_targets(figures.period_targets)
    register_overdue(
        OverdueCount(
            "reports",
            gettext_lazy("未交周报、月报"),
            selectors.overdue_count,
            "department:reports",
            45,
        )
    )
    labels.register("department.report.kind", dict(ReportKind.choices))
    labels.register("department.report.status", dict(ReportStatus.choices))
