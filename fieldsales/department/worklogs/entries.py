"""What work logs plug into the shared pages at start-up (DepartmentConfig.ready): the 日志
section of the 部门 tab, the notification kinds (a comment, coming due, overdue) and the
sweep that sends the reminders, labels."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy

from fieldsales.core import labels
from fieldsales.department.dashboard.overdue import OverdueCount, register_overdue
from fieldsales.department.sections import Section, register_section
from fieldsales.department.worklogs import rules, selectors, services, sweep
from fieldsales.department.worklogs.models import WorkLogStatus
from fieldsales.notifications.registry import Kind, Sweep, register_kind, register_sweep

SECTION = Section("department:worklogs", gettext_lazy("日志"), 30, rules.reads_logs)

KINDS = [
    Kind(services.COMMENT_KIND, gettext_lazy("工作日志批注"), 40),
    Kind(sweep.DUE_KIND, gettext_lazy("工作日志即将到期"), 41),
    Kind(sweep.OVERDUE_KIND, gettext_lazy("工作日志逾期"), 42),
]

STATES = {
    "on_time": gettext_lazy("按时提交"),
    "late": gettext_lazy("迟交"),
    "missing": gettext_lazy("未交"),
    "draft": gettext_lazy("草稿"),
    "pending": gettext_lazy("待填写"),
}


def register() -> None:
    register_section(SECTION)
    for kind in KINDS:
        register_kind(kind)
    register_sweep(Sweep("department.worklogs", sweep.run, timedelta(minutes=15)))
    register_overdue(
        OverdueCount(
            "logs",
            gettext_lazy("未交工作日志"),
            selectors.overdue_count,
            "department:worklogs",
            40,
        )
    )
    labels.register("department.worklog.status", dict(WorkLogStatus.choices))
    labels.register("department.worklog.state", STATES)
