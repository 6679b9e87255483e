"""What work logs plug into the shared pages at start-up (DepartmentConfig.ready): the 日志
section of the 部门 tab, the notification kinds (a comment, coming due, overdue) and the
sweep that sends the reminders, labels."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from fieldsales.core import labels
from fieldsales.core.registry import PageBlock, register_block
from fieldsales.core.workdays import is_working_day, previous_working_day
from fieldsales.department.dashboard.overdue import OverdueCount, register_overdue
from fieldsales.department.sections import Section, register_section
from fieldsales.department.worklogs import rules, selectors, services, sweep
from fieldsales.department.worklogs.due import due_at
from fieldsales.department.worklogs.models import WorkLog, WorkLogStatus
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


def home_logs(request: HttpRequest) -> dict[str, Any]:
    """D3 on a salesperson's home: the last working day's log while it may still be filed on
    time, and today's (one query)."""
    now = timezone.now()
    today = timezone.localdate(now)
    before = previous_working_day(today)
    days = [before, today] if is_working_day(today) else [before]
    logs = {
        log.day: log
        for log in WorkLog.objects.filter(person=request.user, day__in=days).only(
            "pk", "day", "status", "late"
        )
    }
    rows = []
    for day in days:
        log = logs.get(day)
        due = due_at(day)
        if day == before and (log is None or not log.is_submitted) and now >= due:
            continue  # overdue: the logs page marks it 未交, the reminder has told them
        rows.append({"day": day, "log": log, "due": due, "today": day == today})
    return {"log_rows": rows}


HOME = PageBlock(
    "home",
    "department.worklogs.today",
    "department/worklogs/_home.html",
    17,
    home_logs,
    rules.writes_logs,
)


def register() -> None:
    register_section(SECTION)
    register_block(HOME)
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
