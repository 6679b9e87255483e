"""Filtered lists shown on a page and exported to Excel "as shown".

A list is a django-filter FilterSet (the app's, with visibility in its base queryset) and its
columns. The page shows one page of `filterset.qs`; the export writes every row of the same
queryset with the same columns (through core.sheets), so what a user filtered is what they get.
Bad filter input never fails: an invalid field is left out of the filter and the page says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from fieldsales.core import sheets
from fieldsales.core.money import format_yuan
from fieldsales.core.people import display_name

PAGE_SIZE = 20  # rows a list page shows
ALL = _("全部")  # a choice filter's empty choice
MAX_ID = 2**63 - 1
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True)
class Column:
    """One column of a list: its header, its value for a row (typed: Decimal, date, str),
    how it is shown (`kind`: text, money, date, number, status) and, for the first
    column, the row's page (`link`). `badge` gives a status cell its badge class."""

    label: Any
    value: Callable[[Any], Any]
    kind: str = "text"
    link: Callable[[Any], str] | None = None
    badge: Callable[[Any], str] | None = None
    width: int = 14


def shown(value: Any, kind: str) -> str:
    """A cell's text on the page: ¥2,777.00 for money, 2026-12-03 for a date."""
    if value is None or value == "":
        return ""
    if kind == "money":
        return format_yuan(Decimal(value))
    if isinstance(value, datetime):
        return timezone.localtime(value).date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Cell:
    label: str
    text: str
    kind: str
    link: str = ""
    badge: str = ""


@dataclass(frozen=True)
class Row:
    obj: Any
    cells: list[Cell]


def table_rows(objects: Sequence[Any], columns: Sequence[Column]) -> list[Row]:
    """The page's rows: each its object and its cells, in the columns' order."""
    rows = []
    for obj in objects:
        rows.append(
            Row(
                obj,
                [
                    Cell(
                        label=str(column.label),
                        text=shown(column.value(obj), column.kind),
                        kind=column.kind,
                        link=column.link(obj) if column.link else "",
                        badge=column.badge(obj) if column.badge else "",
                    )
                    for column in columns
                ],
            )
        )
    return rows


def _excel_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "money":
        return Decimal(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).date()
    return value


def _write_sheet(ws: Any, title: str, columns: Sequence[Column], objects: Any) -> None:
    ws.title = title[:31]
    for col, column in enumerate(columns, start=1):
        sheets.put(ws, 1, col, str(column.label))
        ws.column_dimensions[get_column_letter(col)].width = column.width
    for row, obj in enumerate(objects, start=2):
        for col, column in enumerate(columns, start=1):
            cell = sheets.put(ws, row, col, _excel_value(column.value(obj), column.kind))
            if column.kind == "money":
                cell.number_format = MONEY_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
    ws.freeze_panes = "A2"


def xlsx_bytes(
    *,
    title: str,
    columns: Sequence[Column],
    objects: Any,
    more: Sequence[tuple[str, Sequence[Column], Any]] = (),
) -> bytes:
    """The list as an Excel sheet: the page's headers in row 1, then every row, typed
    (amounts as numbers, dates as dates), written through core.sheets (no formulas);
    `more` adds sheets written the same way, each (title, columns, objects)."""
    wb = sheets.new_workbook()
    _write_sheet(wb.active, title, columns, objects)
    for sheet_title, sheet_columns, sheet_objects in more:
        _write_sheet(wb.create_sheet(), sheet_title, sheet_columns, sheet_objects)
    return sheets.workbook_bytes(wb)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=sheets.XLSX)
    # RFC 6266: the Chinese file name travels as UTF-8 in filename*.
    response["Content-Disposition"] = (
        f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def export_filename(title: str) -> str:
    return f"{title}-{timezone.localdate():%Y%m%d}.xlsx"


# ---------------------------------------------------------------- the filter form


def query_without_page(request: HttpRequest) -> str:
    """The list's query string without `page`: what the export link and the scope keep."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def active_filters(filterset: django_filters.FilterSet, *, skip: Sequence[str] = ()) -> int:
    """How many filters (beyond the search and `skip`) narrow the list: the panel's count."""
    if not filterset.is_bound or not hasattr(filterset.form, "cleaned_data"):
        return 0
    return sum(
        1
        for name, value in filterset.form.cleaned_data.items()
        if name not in ("q", *skip) and value not in (None, "", [])
    )


def ignored_filters(filterset: django_filters.FilterSet) -> list[str]:
    """The invalid filter inputs the list ignored, as "label: reason" lines for the page."""
    form = filterset.form
    if not filterset.is_bound or form.is_valid():
        return []
    lines = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else name
        lines.append(f"{label}：{'；'.join(errors)}")
    return lines


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return display_name(obj)


class PersonFilter(django_filters.ModelChoiceFilter):
    """A person picked by name among those the user sees (the app sets the queryset)."""

    field_class = PersonChoiceField


def people_choices(ids: list[int] | None) -> QuerySet[Any]:
    """Active people among `ids` (None: everyone), for a person filter."""
    users = get_user_model().objects.filter(is_active=True, employee__isnull=False)
    if ids is not None:
        users = users.filter(pk__in=ids)
    return users.order_by("username")


def person_q(field: str, text: str) -> Q:
    """Rows whose person `field` is named like `text` (张伟, 伟, or the login name)."""
    users = (
        get_user_model()
        .objects.annotate(full=Concat("last_name", "first_name"))
        .annotate(spaced=Concat("last_name", Value(" "), "first_name"))
        .filter(
            Q(full__icontains=text)
            | Q(spaced__icontains=text)
            | Q(first_name__icontains=text)
            | Q(username__icontains=text)
        )
    )
    return Q(**{f"{field}__in": users.values("pk")})


def number_q(text: str, prefix: str, field: str = "") -> Q | None:
    """A document number (CC202600012: prefix, year of creation, id) as a filter on its row,
    or None when `text` is not one. `field` names the document from another row ("trip__")."""
    match = re.fullmatch(rf"(?:{prefix})?(\d{{4}})(\d{{5,}})", text.strip().upper())
    if match is None:
        return None
    year, pk = int(match.group(1)), int(match.group(2))
    if pk > MAX_ID or not 1 <= year <= 9998:
        return None
    # The number prints created_at as stored (UTC), so the year is compared in UTC.
    return Q(
        **{
            f"{field}pk": pk,
            f"{field}created_at__gte": datetime(year, 1, 1, tzinfo=UTC),
            f"{field}created_at__lt": datetime(year + 1, 1, 1, tzinfo=UTC),
        }
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class AmountInput(forms.NumberInput):
    def __init__(self) -> None:
        super().__init__(attrs={"inputmode": "decimal", "step": "0.01", "min": "0"})


def date_filter(label: Any, method: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(label=label, method=method, widget=DateInput())


def amount_filter(label: Any, field: str, lookup: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(
        label=label,
        field_name=field,
        lookup_expr=lookup,
        widget=AmountInput(),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
    )


def search_filter(placeholder: Any) -> django_filters.CharFilter:
    return django_filters.CharFilter(
        label=_("搜索"),
        method="search",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}),
    )


# ---------------------------------------------------------------- the page


def first_rows(queryset: QuerySet[Any], stop: int | None, start: int = 0) -> list[Any]:
    """Rows `start`..`stop` of an ordered queryset in two reads: their ids, filtered and
    sorted over the table's own rows, then those rows with the queryset's joins and prefetches.
    In one read PostgreSQL may join every matching row to its customer before it sorts (the
    GM's follow-ups due at 30,000 opportunities: 31 → 5 ms). The second read repeats no
    filter, so it costs a lookup by primary key whatever the filter was."""
    ids = list(queryset.values_list("pk", flat=True)[start:stop])
    if queryset.query.annotations:  # what the rows carry besides their columns
        rows = queryset.order_by().in_bulk(ids)
    else:
        again = queryset.model._default_manager.all()
        again.query.select_related = queryset.query.select_related
        rows = again.prefetch_related(*queryset._prefetch_related_lookups).in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


def list_context(
    request: HttpRequest,
    filterset: django_filters.FilterSet,
    columns: Sequence[Column],
    *,
    page_size: int = PAGE_SIZE,
) -> dict[str, Any]:
    """What a list page shows: the filter form, one page of the filtered rows (paged in the
    database), the columns, the ignored inputs and the query its export link repeats."""
    page = Paginator(filterset.qs, page_size).get_page(request.GET.get("page"))
    return {
        "filter": filterset,
        "page": page,
        "columns": columns,
        "rows": table_rows(page.object_list, columns),
        "ignored": ignored_filters(filterset),
        "active_count": active_filters(filterset, skip=("scope",)),
        "query": query_without_page(request),
    }


@dataclass(frozen=True)
class UserRequest:
    """What a list's filter reads of its request (the user), for a list built outside one:
    a background export (notifications.exports.register_list_export)."""

    user: Any
