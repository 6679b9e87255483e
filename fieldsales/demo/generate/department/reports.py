"""D4, reports: each salesperson's weekly and monthly reports and each department's monthly
report, their figures frozen from the generated orders, collections and targets."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from fieldsales.demo.generate import Context
from fieldsales.demo.generate.department.figures import Figures, load_targets, percent
from fieldsales.demo.generate.department.texts import COMMENTS, PROBLEMS
from fieldsales.demo.generate.selling import at, explicit_times
from fieldsales.department.reports import periods
from fieldsales.department.reports.models import (
    DepartmentMonthlyReport,
    ReportStatus,
    SalesReport,
)
from fieldsales.department.versions import department_params_on

REPORT_WEEKS = 12
REPORT_MONTHS = 12


def generate(ctx: Context, people: list[int], figures: Figures) -> int:
    """D4: weekly and monthly reports for the past weeks and months (submitted, most on time,
    most commented), this period's as a draft; each department's monthly report."""
    rng = ctx.rng
    today = ctx.today
    load_targets(figures, ctx)
    params = department_params_on(today)
    have = set(SalesReport.objects.values_list("kind", "salesperson_id", "period_start"))
    starts = {"weekly": [periods.week_start(today)], "monthly": [periods.month_start(today)]}
    for kind, n in (("weekly", REPORT_WEEKS), ("monthly", REPORT_MONTHS)):
        for _i in range(n):
            starts[kind].append(periods.previous_period(kind, starts[kind][-1]))
    reports = []
    for person in people:
        head = ctx.heads[ctx.department_of[person]]
        for kind, kind_starts in starts.items():
            for start in kind_starts:
                if (kind, person, start) in have:
                    continue
                _s, end = periods.period_of(kind, start)
                due = timezone.make_aware(periods.due_on(kind, start, params))
                report = SalesReport(
                    kind=kind,
                    salesperson_id=person,
                    department_id=ctx.department_of[person],
                    period_start=start,
                    period_end=end,
                    status=ReportStatus.DRAFT,
                    figures=figures.of(person, start, min(end, today)),
                    work=[],
                    problems=ctx.pick(PROBLEMS),
                    plan=[{"content": "回访重点客户", "outcome": "了解需求", "due": None}],
                    plan_check=[],
                    due_at=due,
                    created_at=at(start, 9),
                    updated_at=at(start, 9),
                )
                if due < at(today, 0):
                    late = rng.random() < 0.07
                    report.submitted_at = due + (
                        timedelta(hours=5) if late else -timedelta(hours=16)
                    )
                    report.late = late
                    report.status = ReportStatus.SUBMITTED
                    if rng.random() < 0.7:
                        report.status = ReportStatus.COMMENTED
                        report.comment = ctx.pick(COMMENTS)
                        report.commented_by = head
                        report.commented_at = report.submitted_at + timedelta(hours=20)
                    report.updated_at = report.commented_at or report.submitted_at
                reports.append(report)
    with explicit_times(SalesReport):
        ctx.bulk(SalesReport, reports)
    have_department = set(
        DepartmentMonthlyReport.objects.values_list("department_id", "period_start")
    )
    members: dict[int, list[int]] = defaultdict(list)
    for person in people:
        members[ctx.department_of[person]].append(person)
    names = {u.pk: u.first_name for u in ctx.salespeople}
    monthly = []
    for department in ctx.departments:
        for start in starts["monthly"][1:]:
            if (department.pk, start) in have_department:
                continue
            end = periods.month_end(start)
            rows = [
                {"id": p, "name": names.get(p, ""), **figures.of(p, start, end)}
                for p in members[department.pk]
            ]
            total = {
                key: f"{sum((Decimal(r[key]) for r in rows), Decimal('0.00')):.2f}"
                for key in (
                    "target",
                    "sales",
                    "collected",
                    "mtd_target",
                    "mtd_sales",
                    "mtd_collected",
                )
            }
            for key in ("new_customers", "visits", "quotes", "orders"):
                total[key] = sum(r[key] for r in rows)
            total["percent"] = percent(Decimal(total["sales"]), Decimal(total["target"]))
            total["mtd_percent"] = total["percent"]
            submitted = at(end + timedelta(days=3), 10)
            monthly.append(
                DepartmentMonthlyReport(
                    department=department,
                    period_start=start,
                    period_end=end,
                    author=ctx.heads[department.pk],
                    status=ReportStatus.COMMENTED,
                    figures={"people": rows, "total": total},
                    summary=f"{start:%Y年%m月}：重点客户跟进顺利，新签合同见上表。",
                    problems="个别客户回款滞后，需财务配合对账。",
                    plan="下月重点：新客户开发；督促回款。",
                    submitted_at=submitted,
                    comment="同意，注意回款。",
                    commented_by=ctx.users["gm"],
                    commented_at=submitted + timedelta(days=1),
                    created_at=submitted,
                    updated_at=submitted + timedelta(days=1),
                )
            )
    with explicit_times(DepartmentMonthlyReport):
        ctx.bulk(DepartmentMonthlyReport, monthly)
    return len(reports) + len(monthly)
