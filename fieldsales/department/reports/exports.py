"""部门月报 as Excel (core.lists, one sheet per table) and as a PDF (WeasyPrint, A4)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fieldsales.core.lists import Column, xlsx_bytes
from fieldsales.core.printing import cn_date, form_context, render_pdf
from fieldsales.department.reports.models import DepartmentMonthlyReport
from fieldsales.org.selectors import company_name


def _money(key: str) -> Any:
    return lambda row: Decimal(row[key])


def _pct(key: str) -> Any:
    return lambda row: f"{row[key]}%" if row.get(key) is not None else "—"


COLUMNS = (
    Column("业务员", lambda r: r["name"]),
    Column("月目标", _money("target"), "money"),
    Column("实际销售额", _money("sales"), "money"),
    Column("完成率", _pct("percent")),
    Column("回款额", _money("collected"), "money"),
    Column("新增客户", lambda r: r["new_customers"], "number"),
    Column("拜访次数", lambda r: r["visits"], "number"),
    Column("报价数", lambda r: r["quotes"], "number"),
    Column("订单数", lambda r: r["orders"], "number"),
)


def title_of(report: DepartmentMonthlyReport) -> str:
    return f"{report.department.name} {report.period_start.year}年{report.period_start.month}月部门月报"


def rows_of(report: DepartmentMonthlyReport) -> list[dict[str, Any]]:
    """Each person's row and the department's total (named 合计)."""
    people = list(report.figures.get("people", []))
    total = report.figures.get("total")
    return [*people, {"name": "合计", **total}] if total else people


def department_xlsx(report: DepartmentMonthlyReport) -> bytes:
    texts = [
        {"item": "本月总结", "text": report.summary},
        {"item": "问题与需支持事项", "text": report.problems},
        {"item": "下月计划", "text": report.plan},
        {"item": "总经理批阅意见", "text": report.comment},
    ]
    text_columns = (
        Column("项目", lambda r: r["item"]),
        Column("内容", lambda r: r["text"], width=80),
    )
    return xlsx_bytes(
        title=title_of(report)[:31],
        columns=COLUMNS,
        objects=rows_of(report),
        more=[("总结与计划", text_columns, texts)],
    )


def department_pdf(report: DepartmentMonthlyReport) -> bytes:
    context = form_context(
        report,
        company=company_name(),
        title="部门月报",
        number=f"{report.department.name}-{report.period_start:%Y%m}",
        department=report.department.name,
        filled_on=report.submitted_at or report.created_at,
        boxes=("gm", "dept_head"),
    )
    context |= {
        "report": report,
        "month": f"{report.period_start.year}年{report.period_start.month}月",
        "rows": [{"cells": [c.value(r) for c in COLUMNS]} for r in rows_of(report)],
        "headers": [c.label for c in COLUMNS],
        "status": report.get_status_display(),
        "commented_on": cn_date(report.commented_at) if report.commented_at else "",
    }
    return render_pdf("department/reports/print.html", context, paper="A4")
