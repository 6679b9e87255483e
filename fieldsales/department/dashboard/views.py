"""/dashboard/ (D12): every chart for the user's scope and the chosen period, each with its
table, and the Excel workbook of the same numbers; the home block (two charts)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core.lists import export_filename, xlsx_response
from fieldsales.department.dashboard import charts, periods, tables
from fieldsales.department.dashboard.scope import Scope, scope_of
from fieldsales.department.dashboard.serializers import payload


def _scope(request: HttpRequest) -> Scope:
    scope = scope_of(request.user)
    if scope is None:
        raise Http404
    return scope


def _period(request: HttpRequest, today: Any) -> periods.Period:
    try:
        return periods.parse(request.GET.get("period"), today=today)
    except periods.BadPeriod as bad:
        messages.warning(request, _("期间无效，已显示本月：%(reason)s") % {"reason": bad})
        return periods.current(today)


def _payload(request: HttpRequest) -> tuple[periods.Period, dict[str, Any]]:
    scope = _scope(request)
    today = timezone.localdate()
    period = _period(request, today)
    data = charts.dashboard(scope, period, today)
    return period, payload(scope, period, data)


def labels() -> dict[str, str]:
    """The charts' series names, translated, for dashboard.js."""
    return {
        "sales": _("签单额"),
        "collections": _("回款额"),
        "target": _("目标"),
        "actual": _("实际"),
        "sales_target": _("签单目标"),
        "sales_actual": _("签单实际"),
        "collections_target": _("回款目标"),
        "collections_actual": _("回款实际"),
        "due": _("到期应收"),
        "collected": _("实际回款"),
        "rate": _("回款率"),
        "count": _("数量"),
        "visits": _("拜访次数"),
        "amount": _("金额"),
        "per_order": _("每单出差成本"),
        "overdue": _("逾期数"),
        "total": _("合计"),
    }


def _selector(period: periods.Period) -> dict[str, Any]:
    """The period selector: the kinds, this kind's periods of the year, the year before and
    after."""
    kinds = [
        ("month", _("月"), periods.Period("month", period.year, period.months[0])),
        (
            "quarter",
            _("季度"),
            periods.Period("quarter", period.year, (period.start.month - 1) // 3 + 1),
        ),
        ("year", _("年"), periods.Period("year", period.year, 0)),
    ]
    if period.kind == "year":
        choices = [periods.Period("year", y, 0) for y in range(period.year - 2, period.year + 2)]
    elif period.kind == "quarter":
        choices = [periods.Period("quarter", period.year, q) for q in range(1, 5)]
    else:
        choices = [periods.Period("month", period.year, m) for m in range(1, 13)]
    step = {"month": "month", "quarter": "quarter", "year": "year"}[period.kind]
    number = period.number
    earlier = periods.Period(step, max(period.year - 1, periods.FIRST_YEAR), number)
    later = periods.Period(step, min(period.year + 1, periods.LAST_YEAR), number)
    return {
        "kinds": [{"kind": k, "label": label, "code": p.code} for k, label, p in kinds],
        "choices": [{"code": p.code, "label": _short(p)} for p in choices],
        "earlier": earlier.code if period.kind != "year" else None,
        "later": later.code if period.kind != "year" else None,
        "earlier_year": earlier.year,
        "later_year": later.year,
    }


def _short(period: periods.Period) -> str:
    if period.kind == "month":
        return _("%(month)s月") % {"month": period.number}
    if period.kind == "quarter":
        return f"Q{period.number}"
    return str(period.year)


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    period, body = _payload(request)
    context = {
        "period": period,
        "data": body,
        "labels": labels(),
        "tables": tables.tables(body),
        "selector": _selector(period),
        "export_url": f"{reverse('department:dashboard_export')}?period={period.code}",
    }
    return render(request, "department/dashboard.html", context)


@login_required
def dashboard_export(request: HttpRequest) -> HttpResponse:
    period, body = _payload(request)
    title = _("看板") + "-" + period.code
    return xlsx_response(tables.workbook(body), export_filename(title))


dashboard_page.admits = lambda user: scope_of(user) is not None  # type: ignore[attr-defined]
dashboard_export.admits = dashboard_page.admits  # type: ignore[attr-defined]


def home_block(request: HttpRequest) -> dict[str, Any]:
    """Home: this month's target vs actual (the scope's first row) and the overdue counts."""
    scope = scope_of(request.user)
    if scope is None:
        return {}
    today = timezone.localdate()
    period = periods.current(today)
    data = charts.home(scope, period, today)
    body = {
        "period": {"code": period.code, "label": period.label},
        "targets": [
            {
                "name": r["name"],
                "sales": {k: None if v is None else str(v) for k, v in r["sales"].items()},
                "collections": {
                    k: None if v is None else str(v) for k, v in r["collections"].items()
                },
            }
            for r in data["targets"]
        ],
        "overdue": data["overdue"],
    }
    return {"home_data": body, "labels": labels(), "period": period}
