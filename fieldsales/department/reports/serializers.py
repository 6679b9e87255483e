"""What the reports API reads and answers (api.md: money as strings to the fen)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from rest_framework import serializers

from fieldsales.core.people import display_name
from fieldsales.department.reports import rules
from fieldsales.department.reports.models import DepartmentMonthlyReport, ReportKind, SalesReport

MAX_ROWS = 200


def _plain(rows: list[Any]) -> list[dict[str, Any]]:
    """Rows as JSON can store them (dates as ISO strings)."""
    return [
        {k: (v.isoformat() if isinstance(v, date) else v) for k, v in dict(row).items()}
        for row in rows
    ]


class WorkRow(serializers.Serializer):
    date = serializers.DateField()
    customer = serializers.CharField(max_length=200)
    content = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")
    progress = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")
    intent = serializers.CharField(max_length=20, allow_blank=True, required=False, default="")


class PlanRow(serializers.Serializer):
    content = serializers.CharField(max_length=500)
    outcome = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")
    due = serializers.DateField(required=False, allow_null=True, default=None)


class CheckRow(PlanRow):
    done = serializers.BooleanField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")


class ReportCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    period_start = serializers.DateField(required=False, allow_null=True, default=None)


class ReportUpdateSerializer(serializers.Serializer):
    work = serializers.ListField(child=WorkRow(), max_length=MAX_ROWS, required=False)
    problems = serializers.CharField(max_length=5000, allow_blank=True, required=False)
    plan = serializers.ListField(child=PlanRow(), max_length=MAX_ROWS, required=False)
    plan_check = serializers.ListField(child=CheckRow(), max_length=MAX_ROWS, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        for name in ("work", "plan", "plan_check"):
            if name in attrs:
                attrs[name] = _plain(attrs[name])
        return attrs


class ReportCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=2000, allow_blank=True)


class DepartmentCreateSerializer(serializers.Serializer):
    department = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1
    )
    period_start = serializers.DateField(required=False, allow_null=True, default=None)


class DepartmentUpdateSerializer(serializers.Serializer):
    summary = serializers.CharField(max_length=5000, allow_blank=True, required=False)
    problems = serializers.CharField(max_length=5000, allow_blank=True, required=False)
    plan = serializers.CharField(max_length=5000, allow_blank=True, required=False)


def _when(value: Any) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _person(user: Any) -> dict[str, Any] | None:
    return {"id": user.pk, "name": display_name(user)} if user is not None else None


def report_actions(report: SalesReport, user: Any) -> list[str]:
    checks = {
        "edit": rules.can_edit,
        "submit": rules.can_submit,
        "comment": rules.can_comment,
    }
    return [name for name, check in checks.items() if check(user, report)]


def report_body(report: SalesReport, *, user: Any, figures: dict[str, Any] | None = None) -> dict:
    return {
        "id": report.pk,
        "kind": report.kind,
        "salesperson": _person(report.salesperson),
        "department": report.department_id,
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        "status": report.status,
        "figures": figures if figures is not None else report.figures,
        "work": report.work,
        "problems": report.problems,
        "plan": report.plan,
        "plan_check": report.plan_check,
        "due_at": _when(report.due_at),
        "submitted_at": _when(report.submitted_at),
        "late": report.late,
        "comment": report.comment,
        "commented_by": _person(report.commented_by),
        "commented_at": _when(report.commented_at),
        "actions": report_actions(report, user),
    }


def department_actions(report: DepartmentMonthlyReport, user: Any) -> list[str]:
    checks = {
        "edit": rules.can_edit_department,
        "submit": rules.can_submit_department,
        "comment": rules.can_comment_department,
    }
    return [name for name, check in checks.items() if check(user, report)]


def department_body(report: DepartmentMonthlyReport, *, user: Any) -> dict:
    return {
        "id": report.pk,
        "department": {"id": report.department_id, "name": report.department.name},
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        "author": _person(report.author),
        "status": report.status,
        "figures": report.figures,
        "summary": report.summary,
        "problems": report.problems,
        "plan": report.plan,
        "submitted_at": _when(report.submitted_at),
        "comment": report.comment,
        "commented_by": _person(report.commented_by),
        "commented_at": _when(report.commented_at),
        "actions": department_actions(report, user),
    }
