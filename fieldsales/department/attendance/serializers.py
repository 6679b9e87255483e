"""The attendance API's shapes (D7): input serializers (named Attendance* for the schema) and
bodies as plain dicts; times as HH:MM:SS, dates ISO 8601."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from fieldsales.core.people import display_name
from fieldsales.department.attendance import importing
from fieldsales.department.attendance.entries import STATUS_LABELS
from fieldsales.department.attendance.models import (
    AttendanceCorrection,
    AttendanceNotice,
    ClockImport,
    CorrectionKind,
)
from fieldsales.department.attendance.selectors import DayStatus
from fieldsales.department.attendance.services import NOTICE_REASON_MAX, REASON_MAX


class AttendanceNoticeSerializer(serializers.Serializer):
    day = serializers.DateField(required=False, help_text="日期，默认今天")
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=NOTICE_REASON_MAX, help_text="原因（可选）"
    )


class AttendanceCorrectionSerializer(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, help_text="员工编号")
    day = serializers.DateField(help_text="日期")
    kind = serializers.ChoiceField(
        choices=CorrectionKind.choices, help_text="add/void/exception/revoke"
    )
    reason = serializers.CharField(max_length=REASON_MAX, help_text="理由")
    time = serializers.TimeField(required=False, help_text="补录的打卡时间（add）")
    record = serializers.IntegerField(required=False, min_value=1, help_text="作废的记录（void）")


class AttendanceImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="考勤机导出的 CSV 或 XLSX：工号、日期、时间")


def person_body(user: Any) -> dict[str, Any]:
    return {"id": user.pk, "name": display_name(user)}


def _t(value: Any) -> str | None:
    return value.strftime("%H:%M:%S") if value is not None else None


def day_body(entry: DayStatus, person: Any) -> dict[str, Any]:
    trip = entry.trip
    return {
        "person": person_body(person),
        "day": entry.day,
        "status": entry.status,
        "status_label": str(STATUS_LABELS[entry.status]),
        "first": _t(entry.first),
        "last": _t(entry.last),
        "times": [_t(t) for t in entry.times],
        "notice_at": entry.notice_at,
        "notice_reason": entry.notice_reason,
        "exception_reason": entry.exception_reason,
        "p5_2": entry.p5_2,
        "trip": {"id": trip.trip_id, "number": trip.number, "url": trip.url} if trip else None,
    }


def notice_body(notice: AttendanceNotice) -> dict[str, Any]:
    return {
        "id": notice.pk,
        "person": person_body(notice.person),
        "day": notice.day,
        "given_at": notice.given_at,
        "reason": notice.reason,
    }


def correction_body(row: AttendanceCorrection) -> dict[str, Any]:
    return {
        "id": row.pk,
        "person": person_body(row.person),
        "day": row.day,
        "kind": row.kind,
        "kind_label": str(row.get_kind_display()),
        "time": _t(row.time),
        "record": row.record_id,
        "reason": row.reason,
        "actor": person_body(row.actor),
        "created_at": row.created_at,
    }


def preview_body(batch: ClockImport, preview: importing.ClockPreview) -> dict[str, Any]:
    """The preview: counts by fate (new, duplicate in the file, already imported, error) and
    each row with its errors."""
    return {
        "id": batch.pk,
        "status": batch.status,
        "ok": preview.ok,
        "errors": list(preview.file_errors),
        "first_day": batch.first_day,
        "last_day": batch.last_day,
        "counts": {
            "rows": len(preview.rows),
            "new": preview.count(importing.NEW),
            "duplicate": preview.count(importing.DUPLICATE),
            "existing": preview.count(importing.EXISTING),
            "error": preview.count(importing.ERROR),
        },
        "rows": [
            {
                "row": row.number,
                "number": row.values.get("工号", ""),
                "person": (
                    {"id": row.person_id, "name": row.person_name} if row.person_id else None
                ),
                "day": row.day,
                "time": _t(row.time),
                "state": row.state,
                "errors": row.errors or [],
            }
            for row in preview.rows
        ],
    }


def import_body(batch: ClockImport) -> dict[str, Any]:
    return {
        "id": batch.pk,
        "status": batch.status,
        "filename": batch.filename,
        "first_day": batch.first_day,
        "last_day": batch.last_day,
        "rows": batch.rows_total,
        "added": batch.rows_added,
        "confirmed_at": batch.confirmed_at,
    }
