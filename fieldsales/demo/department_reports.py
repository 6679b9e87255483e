"""The demo's reports (department.md D4), loaded idempotently through the report services:
sales1's and sales2's weekly reports for the past year (most submitted on time, a few late,
some commented by the head, this week's still a draft), their monthly reports, and the sales
department's monthly reports for the last two months (one commented by the GM)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from fieldsales.department.reports import periods, services
from fieldsales.department.reports.models import DepartmentMonthlyReport, SalesReport

PROBLEMS = ("", "样机交期偏紧，需生产部确认排产。", "客户希望延长账期，请主管协助沟通。", "")
COMMENTS = ("继续跟进重点客户，注意回款。", "本周拜访量不足，下周加强。", "做得好，保持。")


def _checked(report: SalesReport, n: int) -> list[dict[str, Any]]:
    """Last period's plan ticked: most done, one in four not, with a reason."""
    rows = []
    for i, row in enumerate(report.plan_check):
        done = (i + n) % 4 != 0
        rows.append({**row, "done": done, "reason": "" if done else "客户临时改期"})
    return rows


def _file(report: SalesReport, actor: Any, n: int, late: bool) -> SalesReport:
    report = services.report_update(
        report=report,
        actor=actor,
        data={
            "problems": PROBLEMS[n % len(PROBLEMS)],
            "plan_check": _checked(report, n),
            "plan": report.plan or [{"content": "回访老客户", "outcome": "了解需求", "due": None}],
        },
    )
    due = report.due_at
    at = due + timedelta(hours=5) if late else due - timedelta(hours=16)
    return services.report_submit(report=report, actor=actor, now=at)


def _series(kind: str, person: Any, head: Any, first: Any, today: Any, late_every: int) -> None:
    start, n = first, 0
    while start <= today:
        report = services.report_create(actor=person, kind=kind, period_start=start, today=today)
        due = report.due_at
        if due <= timezone.now():
            report = _file(report, person, n, late=n % late_every == late_every - 1)
            if n % 3 != 2:
                services.report_comment(report=report, actor=head, comment=COMMENTS[n % 3])
        start, n = periods.next_period(kind, start), n + 1


def _read_old_news() -> None:
    """A year of comments would fill the bell: the demo leaves only the two newest unread."""
    from fieldsales.notifications.models import Notification

    news = Notification.objects.filter(kind__startswith="report.", read_at__isnull=True)
    for recipient in set(news.values_list("recipient_id", flat=True)):
        keep = news.filter(recipient_id=recipient).order_by("-pk").values_list("pk", flat=True)[:2]
        news.filter(recipient_id=recipient).exclude(pk__in=list(keep)).update(
            read_at=timezone.now()
        )


def load(users: dict[str, Any]) -> None:
    """A year of reports, once."""
    if SalesReport.objects.exists():
        return
    today = timezone.localdate()
    head = users["head"]
    year_ago = periods.week_start(today - timedelta(days=364))
    for person, late_every in ((users["sales1"], 11), (users["sales2"], 7)):
        _series("weekly", person, head, year_ago, today, late_every)
        first_month = periods.month_start(today - timedelta(days=330))
        _series("monthly", person, head, first_month, today, 5)
    _read_old_news()
    if DepartmentMonthlyReport.objects.exists():
        return
    department = head.employee.department
    last = periods.previous_period("monthly", periods.month_start(today))
    for start, commented in ((periods.previous_period("monthly", last), True), (last, False)):
        report = services.department_report_create(
            actor=head, department_id=department.pk, period_start=start, today=today
        )
        report = services.department_report_update(
            report=report,
            actor=head,
            data={
                "summary": f"{start:%Y年%m月}：重点客户跟进顺利，新签合同见上表。",
                "problems": "个别客户回款滞后，需财务配合对账。",
                "plan": "下月重点：义乌、永康两地新客户开发；督促回款。",
            },
        )
        report = services.department_report_submit(report=report, actor=head)
        if commented:
            services.department_report_comment(
                report=report, actor=users["gm"], comment="回款率要提高，下月重点抓应收。"
            )
