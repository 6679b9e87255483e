"""Pages of reports (D4), phone first: my weekly and monthly reports and the ones I comment,
a report to complete, submit or comment, and the department's monthly report with its charts."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers as drf

from fieldsales.core.actions import action_view
from fieldsales.core.api import id_param
from fieldsales.core.errors import RuleBroken
from fieldsales.core.lists import xlsx_response
from fieldsales.core.printing import pdf_response
from fieldsales.department.reports import exports, periods, rules, selectors, services
from fieldsales.department.reports import serializers as s
from fieldsales.department.reports.models import ReportKind, ReportStatus
from fieldsales.org.models import Department

FIGURES = (
    ("target", gettext_lazy("周目标"), "money"),
    ("sales", gettext_lazy("实际销售额"), "money"),
    ("percent", gettext_lazy("完成率"), "percent"),
    ("collected", gettext_lazy("回款额"), "money"),
    ("new_customers", gettext_lazy("新增客户"), "count"),
    ("visits", gettext_lazy("拜访次数"), "count"),
    ("quotes", gettext_lazy("报价数"), "count"),
    ("orders", gettext_lazy("订单数"), "count"),
    ("mtd_sales", gettext_lazy("月累计销售额"), "money"),
    ("mtd_percent", gettext_lazy("月累计完成率"), "percent"),
    ("mtd_collected", gettext_lazy("月累计回款额"), "money"),
)


def _shown(figures: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    rows = []
    for key, label, how in FIGURES:
        if kind == ReportKind.MONTHLY and key.startswith("mtd_"):
            continue  # a month's 月累计 is the month itself
        if key == "target" and kind == ReportKind.MONTHLY:
            label = _("月目标")
        rows.append({"key": key, "label": label, "how": how, "value": figures.get(key)})
    return rows


@login_required
def reports_page(request: HttpRequest) -> HttpResponse:
    """My reports, those of my department to comment, and the department monthly reports."""
    user = request.user
    if not rules.uses_reports(user):
        raise Http404
    reports = selectors.visible_reports(user=user).order_by("-period_start", "kind", "pk")
    mine = Paginator(reports.filter(salesperson=user), 20).get_page(request.GET.get("page"))
    to_comment = reports.exclude(salesperson=user).filter(status=ReportStatus.SUBMITTED)[:50]
    others = reports.exclude(salesperson=user).filter(status=ReportStatus.COMMENTED)[:20]
    today = timezone.localdate()
    now = timezone.now()
    overdue = selectors.missing(
        selectors.people_in_scope(user), now - selectors.OVERDUE_WINDOW, now
    )
    departments = Department.objects.filter(pk__in=rules.managed_departments(user))
    return render(
        request,
        "department/reports/list.html",
        {
            "mine": mine,
            "to_comment": to_comment,
            "others": others,
            "overdue": overdue,
            "writes": rules.writes_reports(user),
            "week": periods.period_of(ReportKind.WEEKLY, today),
            "month": periods.period_of(ReportKind.MONTHLY, today),
            "departments": departments,
            "last_month": periods.previous_period(ReportKind.MONTHLY, periods.month_start(today)),
            "department_reports": selectors.visible_department_reports(user=user).order_by(
                "-period_start"
            )[:24],
        },
    )


def _report(request: HttpRequest, pk: int) -> Any:
    found = selectors.report_detail(user=request.user, pk=pk) if id_param(str(pk)) else None
    if found is None:
        raise Http404
    return found


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    user = request.user
    editable = bool(rules.can_edit(user, report))
    figures = (
        services.live_figures(report) if report.status == ReportStatus.DRAFT else report.figures
    )
    blank = 3 if editable else 0
    return render(
        request,
        "department/reports/detail.html",
        {
            "report": report,
            "figures": _shown(figures, report.kind),
            "editable": editable,
            "work_rows": report.work + [{}] * blank,
            "plan_rows": report.plan + [{}] * blank,
            "may_submit": bool(rules.can_submit(user, report)),
            "may_comment": bool(rules.can_comment(user, report)),
        },
    )


def _rows(post: Any, prefix: str, names: tuple[str, ...]) -> list[dict[str, Any]]:
    """Repeated inputs (work_date, work_customer, ...) as rows; a row left blank is dropped."""
    columns = [post.getlist(f"{prefix}_{n}") for n in names]
    rows = []
    for values in zip(*columns, strict=False):
        row = dict(zip(names, (v.strip() for v in values), strict=True))
        if any(row.values()):
            rows.append(row)
    return rows


def _form_data(post: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "work": _rows(post, "work", ("date", "customer", "content", "progress", "intent")),
        "problems": post.get("problems", ""),
        "plan": [
            {**r, "due": r["due"] or None}
            for r in _rows(post, "plan", ("content", "outcome", "due"))
        ],
    }
    checks = []
    for i, row in enumerate(_rows(post, "check", ("content", "outcome", "due"))):
        done = post.get(f"check_done_{i}", "")
        checks.append(
            {
                **row,
                "due": row["due"] or None,
                "done": {"yes": True, "no": False}.get(done),
                "reason": post.get(f"check_reason_{i}", "").strip(),
            }
        )
    raw["plan_check"] = checks
    serializer = s.ReportUpdateSerializer(data=raw)
    if not serializer.is_valid():
        field, errors = next(iter(serializer.errors.items()))
        raise RuleBroken(
            _("%(field)s：请检查填写的内容（%(error)s）")
            % {"field": field, "error": _first(errors)}
        )
    return serializer.validated_data


def _first(errors: Any) -> str:
    while isinstance(errors, (list, dict)):
        errors = next(
            iter(errors.values() if isinstance(errors, dict) else [e for e in errors if e] or [""])
        )
    return str(errors)


REPORT_ACTIONS = {
    "save": gettext_lazy("报告已保存"),
    "submit": gettext_lazy("报告已提交"),
    "comment": gettext_lazy("批阅意见已发送"),
}


@action_view(fallback="department:reports")
def report_action(request: HttpRequest, pk: int, action: str) -> tuple[Any, str]:
    report = _report(request, pk)
    if action not in REPORT_ACTIONS:
        raise Http404
    if action in ("save", "submit"):
        if action == "save" or rules.can_edit(request.user, report):
            report = services.report_update(
                report=report, actor=request.user, data=_form_data(request.POST)
            )
        if action == "submit":
            services.report_submit(report=report, actor=request.user)
    else:
        services.report_comment(
            report=report, actor=request.user, comment=request.POST.get("comment", "")[:2000]
        )
    return ("department:report_detail", report.pk), str(REPORT_ACTIONS[action])


def _start(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise RuleBroken(_("日期格式不对"), field="period_start") from None


@action_view(fallback="department:reports")
def report_new(request: HttpRequest) -> tuple[Any, str]:
    kind = request.POST.get("kind", "")
    start = _start(request.POST.get("period_start", ""))
    existing = (
        selectors.visible_reports(user=request.user)
        .filter(
            salesperson=request.user,
            kind=kind,
            period_start=start
            or periods.period_of(
                kind if kind in ReportKind.values else "weekly", timezone.localdate()
            )[0],
        )
        .first()
    )
    if existing is not None:
        return ("department:report_detail", existing.pk), _("这一期的报告已经存在")
    report = services.report_create(actor=request.user, kind=kind, period_start=start)
    return ("department:report_detail", report.pk), _("已根据本期数据生成报告草稿，请补充后提交")


# ---------------------------------------------------------------- the department's monthly report


def _department_report(request: HttpRequest, pk: int) -> Any:
    found = selectors.department_report_detail(user=request.user, pk=pk)
    if found is None:
        raise Http404
    return found


@login_required
def department_report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _department_report(request, pk)
    user = request.user
    people = report.figures.get("people", [])
    chart = {
        "names": [p["name"] for p in people],
        "target": [p["target"] for p in people],
        "sales": [p["sales"] for p in people],
        "collected": [p["collected"] for p in people],
        "visits": [p["visits"] for p in people],
        "new_customers": [p["new_customers"] for p in people],
        "labels": {
            "target": _("月目标"),
            "sales": _("实际销售额"),
            "collected": _("回款额"),
            "visits": _("拜访次数"),
            "new_customers": _("新增客户"),
        },
    }
    return render(
        request,
        "department/reports/department.html",
        {
            "report": report,
            "rows": exports.rows_of(report),
            "chart": chart,
            "editable": bool(rules.can_edit_department(user, report)),
            "may_submit": bool(rules.can_submit_department(user, report)),
            "may_comment": bool(rules.can_comment_department(user, report)),
        },
    )


@login_required
def department_report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    report = _department_report(request, pk)
    return xlsx_response(exports.department_xlsx(report), f"{exports.title_of(report)}.xlsx")


@login_required
def department_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = _department_report(request, pk)
    return pdf_response(exports.department_pdf(report), f"{exports.title_of(report)}.pdf")


DEPARTMENT_ACTIONS = {
    "save": gettext_lazy("部门月报已保存"),
    "submit": gettext_lazy("部门月报已提交总经理"),
    "comment": gettext_lazy("批阅意见已发送"),
}


@action_view(fallback="department:reports")
def department_report_action(request: HttpRequest, pk: int, action: str) -> tuple[Any, str]:
    report = _department_report(request, pk)
    if action not in DEPARTMENT_ACTIONS:
        raise Http404
    post = request.POST
    if action in ("save", "submit"):
        if action == "save" or rules.can_edit_department(request.user, report):
            data = {k: post.get(k, "")[:5000] for k in services.DEPARTMENT_FIELDS if k in post}
            report = services.department_report_update(report=report, actor=request.user, data=data)
        if action == "submit":
            services.department_report_submit(report=report, actor=request.user)
    else:
        services.department_report_comment(
            report=report, actor=request.user, comment=post.get("comment", "")[:2000]
        )
    return ("department:report_department_detail", report.pk), str(DEPARTMENT_ACTIONS[action])


@action_view(fallback="department:reports")
def department_report_new(request: HttpRequest) -> tuple[Any, str]:
    department = id_param(request.POST.get("department"))
    start = _start(request.POST.get("period_start", ""))
    report = services.department_report_create(
        actor=request.user, department_id=department, period_start=start
    )
    return ("department:report_department_detail", report.pk), _("部门月报草稿已生成")


__all__ = ["drf"]
