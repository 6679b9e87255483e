"""D2, plans: each department's yearly work plan and its monthly plans, approved."""

from __future__ import annotations

from datetime import date, timedelta

from fieldsales.demo.generate import Context
from fieldsales.demo.generate.selling import at, explicit_times
from fieldsales.department.plans.models import Plan, PlanKind, PlanStatus
from fieldsales.department.reports import periods


def generate(ctx: Context) -> int:
    """D2: each generated department's yearly work plan (approved by the GM) and its monthly
    plans for the last three months (approved)."""
    today = ctx.today
    have = set(Plan.objects.values_list("department_id", "kind", "period_start"))
    plans = []
    month = periods.month_start(today)
    wanted = [(PlanKind.YEARLY, date(today.year, 1, 1), date(today.year, 12, 31))]
    for _i in range(3):
        wanted.append((PlanKind.MONTHLY, month, periods.month_end(month)))
        month = periods.previous_period("monthly", month)
    for department in ctx.departments:
        head = ctx.heads[department.pk]
        for kind, start, end in wanted:
            if (department.pk, kind, start) in have:
                continue
            made = at(start - timedelta(days=3), 9)
            plans.append(
                Plan(
                    status=PlanStatus.APPROVED,
                    kind=kind,
                    period_start=start,
                    period_end=end,
                    department=department,
                    owner=head,
                    version=1,
                    goal="完成部门销售与回款目标",
                    strategy="重点客户深耕，新区域开发",
                    action_plan="每周例会复盘；每月走访重点客户",
                    note="生成的计划",
                    chain=[{"role": "gm", "user": None, "alternate": False}],
                    round=1,
                    submitted_at=made,
                    approved_at=made + timedelta(days=1),
                    created_at=made,
                    updated_at=made + timedelta(days=1),
                )
            )
    with explicit_times(Plan):
        ctx.bulk(Plan, plans)
    return len(plans)
