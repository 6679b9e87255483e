"""The duty API's shapes: input serializers (prefixed Duty for the schema), a shift as a dict."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from rest_framework import serializers

from fieldsales.core.api import MAX_ID
from fieldsales.core.people import display_name
from fieldsales.department.duty import rules
from fieldsales.department.duty.models import DutyShift
from fieldsales.department.versions import department_params_on


def parse_month(text: str | None, default: date) -> date:
    """`YYYY-MM` as the month's first day (400 naming `month` otherwise)."""
    if text in (None, ""):
        return default.replace(day=1)
    try:
        year, month = str(text).split("-")
        if not (len(year) == 4 and year.isdigit() and month.isdigit()):
            raise ValueError(text)
        return date(int(year), int(month), 1)
    except ValueError:
        raise serializers.ValidationError({"month": ["须为 YYYY-MM 格式的月份"]}) from None


class DutyGenerateSerializer(serializers.Serializer):
    department = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    month = serializers.RegexField(r"^\d{4}-\d{2}$", max_length=7)


class DutyEditSerializer(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class DutyDoneSerializer(serializers.Serializer):
    photo = serializers.FileField(required=False, allow_empty_file=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


def shift_body(shift: DutyShift, *, user: Any) -> dict[str, Any]:
    params = department_params_on(shift.day)
    return {
        "id": shift.pk,
        "number": shift.number,
        "department": {"id": shift.department_id, "name": shift.department.name},
        "day": shift.day.isoformat(),
        "start": f"{params.duty_start:%H:%M}",
        "end": f"{params.duty_end:%H:%M}",
        "done_by": f"{params.duty_done_by:%H:%M}",
        "team": {"id": shift.team_id, "name": shift.team.name} if shift.team else None,
        "person": {"id": shift.person_id, "name": display_name(shift.person)},
        "state": rules.state(shift),
        "done_at": shift.done_at.isoformat() if shift.done_at else None,
        "note": shift.note,
        "photo": reverse("department:duty_photo", args=[shift.pk]) if shift.photo else None,
        "can_edit": bool(rules.can_edit(user, shift)),
        "can_mark_done": bool(rules.can_mark_done(user, shift)),
    }
