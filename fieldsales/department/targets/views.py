"""Pages of targets (D1): the year's targets with progress bars, the GM's company form, the
head's person-by-month grid (running sums and the gap live), a version with its approvals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.core.actions import action_view
from fieldsales.core.api import id_param
from fieldsales.core.errors import ServiceError
from fieldsales.core.people import display_name
from fieldsales.department.targets import progress as progress_of
from fieldsales.department.targets import rules, selectors, services
from fieldsales.department.targets.api import names_of
from fieldsales.department.targets.models import (
    Measure,
    Target,
    TargetLevel,
    TargetLine,
    TargetStatus,
)
from fieldsales.department.targets.splits import MONTHS, ZERO
from fieldsales.org.models import Department, Employee
from fieldsales.sales.catalogue.models import ProductCategory

MONTH_NUMBERS = list(range(1, MONTHS + 1))
PEOPLE_PAGE = 20  # people's progress rows a page shows (the GM's company has hundreds)


def _reader(request: HttpRequest) -> None:
    if not rules.reads_targets(request.user):
        raise Http404


def _year(request: HttpRequest) -> int:
    text = request.GET.get("year") or request.POST.get("year") or ""
    if text.isascii() and text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return timezone.localdate().year


def _visible(request: HttpRequest, pk: int) -> Target:
    _reader(request)
    lines = TargetLine.objects.select_related("department", "category").order_by("pk")
    target = (
        selectors.visible_targets(user=request.user)
        .prefetch_related(Prefetch("lines", queryset=lines))
        .filter(pk=pk)
        .first()
    )
    if target is None:
        raise Http404
    return target


@login_required
def targets_page(request: HttpRequest) -> HttpResponse:
    """The year's company and department targets the user may see, with progress bars."""
    _reader(request)
    user = request.user
    year = _year(request)
    targets = list(
        selectors.visible_targets(user=user)
        .filter(year=year)
        .order_by("level", "department_id", "-version")
    )
    result = progress_of.progress(user=user, year=year)
    company = selectors.in_force(year=year)
    may_start_company = bool(rules.can_set_company_target(user)) and not any(
        t.is_company and t.status != TargetStatus.CANCELLED for t in targets
    )
    to_split = []
    if company is not None:
        started = {
            t.department_id
            for t in targets
            if not t.is_company and t.status != TargetStatus.CANCELLED
        }
        to_split = list(
            Department.objects.filter(pk__in=rules.split_departments(user)).exclude(pk__in=started)
        )
    people = Paginator(result.people, PEOPLE_PAGE).get_page(request.GET.get("page"))
    shown = {row.id for row in people}
    return render(
        request,
        "department/targets/list.html",
        {
            "year": year,
            "years": [year - 1, year, year + 1],
            "targets": targets,
            "progress": result,
            "people_page": people,
            "people_rows": [_with_months(row) for row in people],
            "category_rows": [
                row
                for row in progress_of.category_progress(user=user, year=year)
                if row.person_id in shown
            ],
            "measures": Measure.choices,
            "company": company,
            "may_start_company": may_start_company,
            "to_split": to_split,
        },
    )


def _with_months(row: progress_of.Row) -> dict[str, Any]:
    """A person's row for the page, with (sales, collections) per month side by side."""
    sales, collected = row.measures[Measure.SALES], row.measures[Measure.COLLECTIONS]
    return {
        "id": row.id,
        "name": row.name,
        "measures": row.measures,
        "month_pairs": list(zip(sales.months, collected.months, strict=True)),
    }


targets_page.admits = rules.reads_targets  # type: ignore[attr-defined]


# ---------------------------------------------------------------- the forms


def _typed(request: HttpRequest, name: str, value: Decimal | None) -> str:
    if request.method == "POST":
        return request.POST.get(name, "").strip()
    return f"{value:.2f}" if value is not None else ""


def _company_form(request: HttpRequest, source: Target | None) -> dict[str, Any]:
    current = {}
    if source is not None:
        current = {row["department"].pk: row for row in selectors.department_rows(source)}
    rows = []
    for department in Department.objects.order_by("pk"):
        row = current.get(department.pk, {})
        cells = [
            (m, label, f"{m}_{department.pk}", _typed(request, f"{m}_{department.pk}", row.get(m)))
            for m, label in Measure.choices
        ]
        rows.append({"department": department, "cells": cells})
    totals = [
        (m, label, f"{m}_total", _typed(request, f"{m}_total", getattr(source, f"{m}_total", None)))
        for m, label in Measure.choices
    ]
    return {"rows": rows, "totals": totals}


def _company_data(request: HttpRequest, form: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = dict.fromkeys(Measure.values, "")
    for measure, _label, _name, value in form["totals"]:
        data[f"{measure}_total"] = value or "0"
    data["departments"] = [
        {"department": row["department"].pk, **{m: v or "0" for m, _l, _n, v in row["cells"]}}
        for row in form["rows"]
        if any(v for _m, _l, _n, v in row["cells"])
    ]
    return data


def _grid(request: HttpRequest, department: Department, source: Target | None) -> dict[str, Any]:
    """The head's grid: per person and measure, the year and twelve months (typed or stored)."""
    stored = {}
    if source is not None:
        stored = {(r.salesperson_id, r.measure): r for r in selectors.person_rows(source)}
    members = Employee.objects.filter(department=department).select_related("user").order_by("pk")
    categories = list(ProductCategory.objects.order_by("position", "name"))
    people = []
    for member in members:
        blocks = []
        for measure, label in Measure.choices:
            row = stored.get((member.user_id, measure))
            prefix = f"{measure}_{member.user_id}"
            months = [
                (
                    n,
                    f"{prefix}_m{n}",
                    _typed(request, f"{prefix}_m{n}", row.months[n - 1] if row else None),
                )
                for n in MONTH_NUMBERS
            ]
            year = _typed(request, f"{prefix}_year", row.year if row else None)
            # D1 optionally by product category: the 签单额 year split over categories.
            by_category = [
                (
                    category,
                    f"{prefix}_c{category.pk}",
                    _typed(
                        request,
                        f"{prefix}_c{category.pk}",
                        row.categories.get(category.pk) if row else None,
                    ),
                )
                for category in (categories if measure == Measure.SALES else [])
            ]
            blocks.append(
                {
                    "measure": measure,
                    "label": label,
                    "name": f"{prefix}_year",
                    "year": year,
                    "months": months,
                    "categories": by_category,
                }
            )
        people.append({"member": member, "name": display_name(member.user), "blocks": blocks})
    return {"people": people}


def _grid_data(form: dict[str, Any]) -> dict[str, Any]:
    rows = []
    for person in form["people"]:
        for block in person["blocks"]:
            months = [value for _n, _name, value in block["months"]]
            if not block["year"] and not any(months):
                continue
            rows.append(
                {
                    "salesperson": person["member"].user_id,
                    "measure": block["measure"],
                    "year": block["year"] or "0",
                    "months": [m or "0" for m in months],
                    "categories": [
                        {"category": category.pk, "amount": value}
                        for category, _name, value in block["categories"]
                        if value
                    ],
                }
            )
    return {"people": rows}


def _edit(
    request: HttpRequest,
    *,
    target: Target | None,
    level: str,
    year: int,
    department: Department | None,
) -> HttpResponse:
    company = level == TargetLevel.COMPANY
    source = target
    if source is None:
        source = selectors.in_force(year=year, department_id=None if company else department.pk)  # type: ignore[union-attr]
    form = _company_form(request, source) if company else _grid(request, department, source)  # type: ignore[arg-type]
    totals = (
        None if company else selectors.department_totals(year=year, department_id=department.pk)
    )  # type: ignore[union-attr]
    errors: list[str] = []
    reason = request.POST.get("reason", target.reason if target else "")
    if request.method == "POST":
        data = _company_data(request, form) if company else _grid_data(form)
        data |= {"year": year, "level": level, "department": getattr(department, "pk", None)}
        if target is not None and target.version > 1:
            data["reason"] = reason
        try:
            if target is None:
                saved = services.target_create(actor=request.user, data=data)
            else:
                saved = services.target_update(target=target, actor=request.user, data=data)
        except ServiceError as error:
            errors.append(error.message)
        else:
            messages.success(request, _("目标已保存"))
            return redirect("department:target_detail", pk=saved.pk)
    return render(
        request,
        "department/targets/form.html",
        {
            "target": target,
            "level": level,
            "company": company,
            "year": year,
            "department": department,
            "form": form,
            "totals": totals,
            "summary": [
                (m, label, totals.get(m) if totals else None) for m, label in Measure.choices
            ],
            "measures": Measure.choices,
            "months": MONTH_NUMBERS,
            "errors": errors,
            "reason": reason,
        },
        status=400 if errors else 200,
    )


@login_required
def target_new(request: HttpRequest) -> HttpResponse:
    """Version 1: the GM's company target (?level=company) or a department's split."""
    _reader(request)
    level = request.GET.get("level") or request.POST.get("level") or TargetLevel.DEPARTMENT
    if level not in TargetLevel.values:
        raise Http404
    year = _year(request)
    department = None
    if level == TargetLevel.DEPARTMENT:
        pk = id_param(request.GET.get("department") or request.POST.get("department"))
        department = Department.objects.filter(pk=pk).first() if pk else None
        if department is None:
            raise Http404
    verdict = rules.can_create(
        request.user,
        company=level == TargetLevel.COMPANY,
        department_id=getattr(department, "pk", None),
    )
    if not verdict:
        raise PermissionDenied(verdict.reason)
    return _edit(request, target=None, level=level, year=year, department=department)


@login_required
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = _visible(request, pk)
    verdict = rules.can_edit(request.user, target)
    if not verdict:
        messages.error(request, verdict.reason)
        return redirect("department:target_detail", pk=pk)
    return _edit(
        request, target=target, level=target.level, year=target.year, department=target.department
    )


@login_required
def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = _visible(request, pk)
    user = request.user
    scope = selectors.line_scope(user)
    names = names_of([target])
    categories = {
        line.category_id: line.category.name for line in target.lines.all() if line.category_id
    }
    people = [
        {
            "name": names.get(row.salesperson_id, ""),
            "measure": Measure(row.measure).label,
            "year": row.year,
            "months": row.months,
            "categories": [
                (categories.get(pk, ""), amount) for pk, amount in row.categories.items()
            ],
        }
        for row in selectors.person_rows(target, scope)
    ]
    visible = selectors.visible_targets(user=user).values("pk")
    return render(
        request,
        "department/targets/detail.html",
        {
            "target": target,
            "departments": selectors.department_rows(target, scope),
            "people": people,
            "months": MONTH_NUMBERS,
            "versions": selectors.versions_of(target).filter(pk__in=visible),
            "can_edit": bool(rules.can_edit(user, target)),
            "can_submit": bool(rules.can_take(user, target, "submit")),
            "can_publish": bool(rules.can_take(user, target, "publish")),
            "can_withdraw": bool(rules.can_take(user, target, "withdraw")),
            "can_cancel": bool(rules.can_take(user, target, "cancel")),
            "can_decide": bool(rules.can_decide(user, target)),
            "can_adjust": bool(rules.can_adjust(user, target)),
            "zero": ZERO,
        },
    )


ACTIONS = {
    "submit": gettext_lazy("目标分解已提交总经理审批"),
    "publish": gettext_lazy("公司年度目标已下达"),
    "approve": gettext_lazy("目标分解已批准"),
    "reject": gettext_lazy("目标分解已驳回"),
    "withdraw": gettext_lazy("已撤回"),
    "cancel": gettext_lazy("已作废"),
    "adjust": gettext_lazy("已发起目标调整：请修改新版本后提交"),
}


@action_view(fallback="department:targets")
def target_action(request: HttpRequest, pk: int, action: str) -> tuple[Any, str]:
    target = _visible(request, pk)
    if action not in ACTIONS:
        raise Http404
    actor = request.user
    comment = request.POST.get("comment", "")[:2000]
    if action == "submit":
        services.target_submit(target=target, actor=actor)
    elif action == "publish":
        services.target_publish(target=target, actor=actor)
    elif action == "withdraw":
        services.target_withdraw(target=target, actor=actor)
    elif action == "cancel":
        services.target_cancel(target=target, actor=actor)
    elif action == "adjust":
        adjusted = services.target_adjust(
            target=target, actor=actor, reason=request.POST.get("reason", "")
        )
        return ("department:target_edit", adjusted.pk), str(ACTIONS[action])
    else:
        services.target_decide(target=target, actor=actor, action=action, comment=comment)
    return ("department:target_detail", pk), str(ACTIONS[action])
