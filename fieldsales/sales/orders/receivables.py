"""`/sales/receivables/` (S6.2 on the pages): per signed order the due, collected, outstanding,
overdue and aging bucket from `selectors.receivables` (what `/api/receivables/` answers),
filtered by salesperson and department among those the user sees, totals per aging bucket,
and its Excel export with the same columns (core.lists)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.core.lists import (
    ALL,
    Column,
    PersonChoiceField,
    export_filename,
    query_without_page,
    table_rows,
    xlsx_bytes,
)
from fieldsales.core.people import display_name
from fieldsales.notifications.exports import export_response
from fieldsales.org.models import Department
from fieldsales.sales.orders import selectors
from fieldsales.sales.orders.models import SIGNED_OR_LATER

PAGE_SIZE = 50
RECEIVABLES_EXPORT = "sales.receivables"
BUCKET_LABELS = {
    "1-30": gettext_lazy("1–30天"),
    "31-60": gettext_lazy("31–60天"),
    "61-90": gettext_lazy("61–90天"),
    ">90": gettext_lazy("90天以上"),
}


def _aging(row: dict[str, Any]) -> str:
    return str(BUCKET_LABELS[row["aging"]]) if row["aging"] else ""


COLUMNS = [
    Column(
        gettext_lazy("订单号"),
        lambda r: r["order"].number,
        link=lambda r: reverse("sales:order_detail", args=[r["order"].pk]),
        width=16,
    ),
    Column(gettext_lazy("客户"), lambda r: r["order"].customer.name, width=24),
    Column(gettext_lazy("销售员"), lambda r: display_name(r["order"].salesperson), width=10),
    Column(
        gettext_lazy("部门"),
        lambda r: r["order"].department.name if r["order"].department_id else "",
        width=12,
    ),
    Column(gettext_lazy("合同金额"), lambda r: r["total"], kind="money"),
    Column(gettext_lazy("已到期"), lambda r: r["due"], kind="money"),
    Column(gettext_lazy("已回款"), lambda r: r["collected"], kind="money"),
    Column(gettext_lazy("未回款"), lambda r: r["outstanding"], kind="money"),
    Column(gettext_lazy("逾期金额"), lambda r: r["overdue"], kind="money"),
    Column(gettext_lazy("逾期天数"), lambda r: r["days_past_due"] or "", kind="number", width=10),
    Column(gettext_lazy("账龄"), _aging, width=10),
]


class ReceivablesFilter(forms.Form):
    """Salesperson and department, the choices being those of the orders the user sees; a
    choice the user may not see is invalid and ignored (the page says so)."""

    salesperson = PersonChoiceField(
        label=gettext_lazy("销售员"), queryset=None, required=False, empty_label=ALL
    )
    department = forms.ModelChoiceField(
        label=gettext_lazy("部门"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=ALL,
    )

    def __init__(self, data: Any, *, user: Any) -> None:
        super().__init__(data)
        from fieldsales.core.lists import people_choices
        from fieldsales.org.access import department_ids, sees_company, visible_people

        people = visible_people(user)
        self.fields["salesperson"].queryset = people_choices(people)
        company = sees_company(user)
        departments = Department.objects.order_by("name")
        if not company:
            departments = departments.filter(pk__in=department_ids(user))
        self.fields["department"].queryset = departments
        if people is not None and len(people) <= 1:
            del self.fields["salesperson"]
        if not company and len(department_ids(user)) <= 1:
            del self.fields["department"]

    def chosen(self) -> dict[str, Any]:
        """The valid choices as `selectors.receivables` takes them."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        scope = {}
        for name in ("salesperson", "department"):
            if name not in self.errors and cleaned.get(name) is not None:
                scope[name] = cleaned[name].pk
        return scope

    def ignored(self) -> list[str]:
        return [
            f"{self.fields[name].label if name in self.fields else name}：{'；'.join(errors)}"
            for name, errors in self.errors.items()
        ]


def _gate(user: Any) -> None:
    from fieldsales.sales.orders.entries import _uses_orders

    if not _uses_orders(user):
        raise Http404


def _orders(user: Any, params: Any) -> tuple[ReceivablesFilter, Any, Any]:
    """The filter, the annotated orders (not yet run) and the day they are figured on."""
    _gate(user)
    form = ReceivablesFilter(params, user=user)
    on = timezone.localdate()
    orders = selectors.receivables_queryset(user=user, on=on, **form.chosen())
    return form, orders, on


def _groups(user: Any, form: ReceivablesFilter, on: Any) -> list[dict[str, Any]]:
    """The figures per department and salesperson (one query): the summary and the totals."""
    orders = selectors.scoped_orders(user=user, **form.chosen())
    return selectors.receivables_groups(orders.filter(status__in=SIGNED_OR_LATER), on)


def _totals(groups: list[dict[str, Any]]) -> dict[str, Any]:
    totals = selectors.totals_of(groups)
    totals["buckets"] = [
        {"code": code, "label": BUCKET_LABELS[code], "amount": totals["buckets"][code]}
        for code in selectors.BUCKETS
    ]
    return totals


def _summary_line(kind: str, department: str, name: str, rows: list[dict[str, Any]]) -> Any:
    zero = Decimal("0.00")
    return {
        "kind": kind,
        "department": department,
        "name": name,
        "outstanding": sum((r["outstanding"] for r in rows), zero),
        "overdue": sum((r["overdue"] for r in rows), zero),
        "buckets": [
            sum((r["buckets"][i] for r in rows), zero) for i in range(len(selectors.BUCKETS))
        ],
    }


def summary(people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """S6.2 per person and department: each department's salespeople (未回款, 逾期, each aging
    bucket), then the department's subtotal; from `selectors.receivables_groups` and the
    names of its people and departments (two queries)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk({row["salesperson_id"] for row in people})
    departments = Department.objects.in_bulk({row["department_id"] for row in people} - {None})
    groups: dict[tuple[str, int], dict[int, list[dict[str, Any]]]] = {}
    names: dict[int, str] = {}
    for row in people:
        named = row["department_id"] in departments
        department = departments[row["department_id"]].name if named else str(_("未分部门"))
        key = (department, 0 if named else 1)
        groups.setdefault(key, {}).setdefault(row["salesperson_id"], []).append(row)
        names[row["salesperson_id"]] = display_name(users.get(row["salesperson_id"]))
    lines = []
    for (department, _none), mine in sorted(groups.items(), key=lambda g: (g[0][1], g[0][0])):
        for person in sorted(mine, key=lambda pk: (names[pk], pk)):
            lines.append(_summary_line("person", department, names[person], mine[person]))
        everyone = [row for rows in mine.values() for row in rows]
        lines.append(_summary_line("department", department, str(_("部门合计")), everyone))
    return lines


SUMMARY_COLUMNS = [
    Column(gettext_lazy("部门"), lambda r: r["department"], width=14),
    Column(gettext_lazy("销售员"), lambda r: r["name"], width=12),
    Column(gettext_lazy("未回款"), lambda r: r["outstanding"], kind="money"),
    Column(gettext_lazy("逾期金额"), lambda r: r["overdue"], kind="money"),
    *[
        Column(BUCKET_LABELS[code], lambda r, i=index: r["buckets"][i], kind="money")
        for index, code in enumerate(selectors.BUCKETS)
    ],
]


@login_required
def receivables_page(request: HttpRequest) -> HttpResponse:
    form, orders, on = _orders(request.user, request.GET)
    groups = _groups(request.user, form, on)
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [selectors.receivable_row(order, on) for order in page.object_list]
    cleaned = getattr(form, "cleaned_data", {})
    context = {
        "filter": {"form": form},
        "page": page,
        "columns": COLUMNS,
        "rows": table_rows(rows, COLUMNS),
        "ignored": form.ignored(),
        "active_count": sum(1 for v in cleaned.values() if v is not None),
        "query": query_without_page(request),
        "list_url": reverse("sales:receivables"),
        "export_url": reverse("sales:receivables_export"),
        "totals": _totals(groups),
        "summary_columns": SUMMARY_COLUMNS,
        "summary": table_rows(summary(groups), SUMMARY_COLUMNS),
        "today": on,
    }
    return render(request, "sales/orders/receivables.html", context)


@login_required
def receivables_export(request: HttpRequest) -> HttpResponse:
    """Every row of the filtered page (all pages), the same columns, in an Excel file: now,
    or in the background when large (notifications.exports)."""
    _form, orders, _on = _orders(request.user, request.GET)
    return export_response(request, RECEIVABLES_EXPORT, rows=orders.count())


def receivables_file(user: Any, params: Any) -> tuple[str, bytes]:
    """The export's file, for the user and the list's filters (registered in sales.entries)."""
    form, orders, on = _orders(user, params)
    rows = (selectors.receivable_row(order, on) for order in orders.iterator(chunk_size=2000))
    title = _("应收账款")
    by_person = (str(_("按人员和部门")), SUMMARY_COLUMNS, summary(_groups(user, form, on)))
    content = xlsx_bytes(title=title, columns=COLUMNS, objects=rows, more=[by_person])
    return export_filename(title), content
