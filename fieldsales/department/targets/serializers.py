"""The targets API's shapes (docs/notes-targets.md): input serializers, and the bodies of a
target and of progress as plain dicts (money as strings, percent as a string to one decimal or
null)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from fieldsales.core.api import MAX_ID, MoneyField
from fieldsales.core.people import display_name
from fieldsales.core.workflow import available_actions
from fieldsales.department.targets import selectors
from fieldsales.department.targets.models import Measure, Target, TargetLevel
from fieldsales.department.targets.progress import CategoryRow, Cell, Progress, Row, Series
from fieldsales.department.targets.splits import MONTHS, quarters


class DepartmentSplitSerializer(serializers.Serializer):
    department = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    sales = MoneyField()
    collections = MoneyField()


class CategorySplitSerializer(serializers.Serializer):
    category = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    amount = MoneyField()


class PersonSplitSerializer(serializers.Serializer):
    salesperson = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    measure = serializers.ChoiceField(choices=Measure.choices)
    year = MoneyField()
    months = serializers.ListField(child=MoneyField(), min_length=MONTHS, max_length=MONTHS)
    categories = CategorySplitSerializer(many=True, required=False)  # optional (D1)


class TargetWriteSerializer(serializers.Serializer):
    """company: totals and `departments`; department: `department` and `people`."""

    year = serializers.IntegerField(min_value=2000, max_value=2100)
    level = serializers.ChoiceField(choices=TargetLevel.choices)
    department = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )
    sales_total = MoneyField(required=False)
    collections_total = MoneyField(required=False)
    departments = DepartmentSplitSerializer(many=True, required=False)
    people = PersonSplitSerializer(many=True, required=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class TargetUpdateSerializer(TargetWriteSerializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    level = serializers.ChoiceField(choices=TargetLevel.choices, required=False)


class TargetCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class TargetAdjustSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


def _money(amount: Decimal) -> str:
    return f"{amount:.2f}"


def target_body(
    target: Target, *, user: Any, names: dict[int, str] | None = None, lines: Any = None
) -> dict[str, Any]:
    """A target as the API shows it; lines (`lines`, else its prefetched ones) limited to what
    the user may read (D1 visibility)."""
    scope = selectors.line_scope(user)
    if lines is None:
        lines = target.lines.all()
    body: dict[str, Any] = {
        "id": target.pk,
        "number": target.number,
        "year": target.year,
        "level": target.level,
        "level_label": str(target.get_level_display()),
        "department": (
            {"id": target.department_id, "name": target.department.name}
            if target.department_id
            else None
        ),
        "version": target.version,
        "previous": target.previous_id,
        "reason": target.reason,
        "status": target.status,
        "status_label": str(target.get_status_display()),
        "created_by": {"id": target.created_by_id, "name": display_name(target.created_by)},
        "submitted_at": target.submitted_at,
        "approved_at": target.approved_at,
        "actions": available_actions(target, user),
    }
    if target.is_company:
        body["sales_total"] = _money(target.sales_total)
        body["collections_total"] = _money(target.collections_total)
        rows = selectors.department_rows(target, scope, lines)
        body["departments"] = [
            {
                "department": row["department"].pk,
                "name": row["department"].name,
                **{m: _money(row[m]) for m in Measure.values},
            }
            for row in rows
        ]
    else:
        full = scope.everything or target.department_id in scope.departments
        body["sales_total"] = _money(target.sales_total) if full else None
        body["collections_total"] = _money(target.collections_total) if full else None
        names = names or {}
        categories = {line.category_id: line.category.name for line in lines if line.category_id}
        body["people"] = [
            {
                "salesperson": row.salesperson_id,
                "name": names.get(row.salesperson_id, ""),
                "measure": row.measure,
                "year": _money(row.year),
                "months": [_money(m) for m in row.months],
                "quarters": [_money(q) for q in quarters(row.months)],
                "categories": [
                    {"category": pk, "name": categories.get(pk, ""), "amount": _money(amount)}
                    for pk, amount in row.categories.items()
                ],
            }
            for row in selectors.person_rows(target, scope, lines)
        ]
    return body


def _cell(cell: Cell) -> dict[str, Any]:
    value = cell.percent
    return {
        "target": _money(cell.target),
        "actual": _money(cell.actual),
        "percent": None if value is None else f"{value:.1f}",
    }


def _series(series: Series) -> dict[str, Any]:
    return {
        "year": _cell(series.year),
        "quarters": [_cell(c) for c in series.quarters],
        "months": [_cell(c) for c in series.months],
    }


def _row(row: Row) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "id": row.id,
        "name": row.name,
        "department": row.department_id,
        **{m: _series(s) for m, s in row.measures.items()},
    }


def progress_body(progress: Progress, categories: list[CategoryRow]) -> dict[str, Any]:
    return {
        "year": progress.year,
        "company": _row(progress.company) if progress.company else None,
        "departments": [_row(r) for r in progress.departments],
        "people": [_row(r) for r in progress.people],
        "categories": [
            {
                "salesperson": r.person_id,
                "name": r.person,
                "category": r.category_id,
                "category_name": r.category,
                "sales": _cell(r.cell),
            }
            for r in categories
        ],
    }
