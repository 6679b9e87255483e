"""`/sales/collection-rate/` (S6.3 on a page): the collection rate per salesperson and
department, for the three months of a quarter and the quarter, from `rates.rate_grid` (the
querysets and formula of `/api/collection-rate/`), and its Excel export. Seen by those who
see receivables, each their own scope (rates.rate_orders)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.core.lists import Column, export_filename, xlsx_bytes, xlsx_response
from fieldsales.core.people import display_name
from fieldsales.sales.orders import rates
from fieldsales.sales.orders.rates import Figure, Grid

QUARTERS = [(q, str(q)) for q in (1, 2, 3, 4)]
DASH = "—"


class PeriodForm(forms.Form):
    """The year and the quarter; a missing one is the current one, a bad one too (and said)."""

    year = forms.IntegerField(
        label=gettext_lazy("年份"), min_value=2000, max_value=2100, required=False
    )
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("季度"), choices=QUARTERS, coerce=int, required=False, empty_value=None
    )

    def period(self) -> tuple[int, int]:
        today = timezone.localdate()
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return cleaned.get("year") or today.year, cleaned.get("quarter") or rates.quarter_of(today)

    def ignored(self) -> list[str]:
        return [f"{self.fields[n].label}：{'；'.join(e)}" for n, e in self.errors.items() if n]


def rate_text(figure: Figure) -> str:
    rate = figure.rate
    return DASH if rate is None else f"{rate}%"


@dataclass(frozen=True)
class Line:
    """One row of the page and the sheet: a salesperson, a department total or the company's."""

    kind: str  # person | department | company
    department: str
    name: str
    cells: list[Figure]


def lines(grid: Grid) -> list[Line]:
    out = []
    for group in grid.departments:
        department = group.department.name if group.department else str(_("未分部门"))
        for row in group.people:
            name = display_name(row.person) or row.person.get_username()
            out.append(Line("person", department, name, row.cells))
        if grid.show_totals:
            label = _("部门合计") if grid.whole_departments else _("合计")
            out.append(Line("department", department, str(label), group.total))
    if grid.show_company and grid.departments:
        out.append(Line("company", str(_("全公司")), str(_("合计")), grid.total))
    return out


def period_labels(grid: Grid) -> list[str]:
    months = [str(_("%(m)s月") % {"m": m.month}) for m in grid.months]
    return [*months, str(_("第%(q)s季度") % {"q": grid.quarter})]


def sheet_columns(grid: Grid) -> list[Column]:
    columns = [
        Column(gettext_lazy("部门"), lambda r: r.department, width=14),
        Column(gettext_lazy("销售员"), lambda r: r.name, width=12),
    ]
    for index, label in enumerate(period_labels(grid)):
        columns += [
            Column(f"{label} {_('应回款')}", lambda r, i=index: r.cells[i].due, kind="money"),
            Column(f"{label} {_('已回款')}", lambda r, i=index: r.cells[i].collected, kind="money"),
            Column(f"{label} {_('回款率')}", lambda r, i=index: rate_text(r.cells[i]), width=10),
        ]
    return columns


def _gate(request: HttpRequest) -> None:
    from fieldsales.sales.orders.entries import _uses_orders

    if not _uses_orders(request.user):
        raise Http404


def _grid(request: HttpRequest) -> tuple[PeriodForm, Grid]:
    _gate(request)
    form = PeriodForm(request.GET)
    year, quarter = form.period()
    return form, rates.rate_grid(user=request.user, year=year, quarter=quarter)


@login_required
def collection_rate_page(request: HttpRequest) -> HttpResponse:
    form, grid = _grid(request)
    labels = period_labels(grid)
    rows = [
        {
            "line": line,
            "cells": [
                {"label": label, "figure": figure, "rate": rate_text(figure)}
                for label, figure in zip(labels, line.cells, strict=True)
            ],
        }
        for line in lines(grid)
    ]
    context = {
        "form": form,
        "grid": grid,
        "labels": labels,
        "rows": rows,
        "ignored": form.ignored(),
        "years": range(timezone.localdate().year + 1, timezone.localdate().year - 6, -1),
        "quarters": QUARTERS,
        "export_url": reverse("sales:collection_rate_export"),
        "query": f"year={grid.year}&quarter={grid.quarter}",
    }
    return render(request, "sales/orders/collection_rate.html", context)


@login_required
def collection_rate_export(request: HttpRequest) -> HttpResponse:
    """The page's grid: one row per salesperson and total, due / collected / rate per period."""
    _form, grid = _grid(request)
    title = _("回款率") + f" {grid.year}Q{grid.quarter}"
    content = xlsx_bytes(title=title, columns=sheet_columns(grid), objects=lines(grid))
    return xlsx_response(content, export_filename(title.replace(" ", "-")))


def _admits(user: Any) -> bool:
    from fieldsales.sales.orders.entries import _uses_orders

    return _uses_orders(user)


collection_rate_page.admits = _admits  # type: ignore[attr-defined]
collection_rate_export.admits = _admits  # type: ignore[attr-defined]
