"""Builders shared by the attendance tests (D7): the demo people's clock numbers (工号), a clock
file as CSV (UTF-8 or GBK) or XLSX, and an import previewed and confirmed through the services."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from fieldsales.core import sheets
from fieldsales.department.attendance import services
from fieldsales.department.attendance.models import ClockNumber

TZ = timezone.get_default_timezone()
NUMBERS = {"sales1": "1001", "sales2": "1002", "head": "1003"}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)), TZ)


def numbered(cast) -> None:
    for username, number in NUMBERS.items():
        ClockNumber.objects.get_or_create(person=cast[username], defaults={"number": number})


def clock_csv(rows, *, header=("工号", "日期", "时间"), encoding="utf-8") -> bytes:
    lines = [",".join(header)] + [",".join(str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def clock_xlsx(rows, *, header=("工号", "日期", "时间")) -> bytes:
    wb = sheets.new_workbook()
    ws = wb.active
    for column, value in enumerate(header, start=1):
        sheets.put(ws, 1, column, value)
    for r, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            sheets.put(ws, r, column, value)
    return sheets.workbook_bytes(wb)


def imported(cast, rows, *, actor="head"):
    """Rows [(工号, 'YYYY-MM-DD', 'HH:MM')] previewed and confirmed by the head."""
    batch, preview = services.clock_import_preview(
        actor=cast[actor], content=clock_csv(rows), filename="clock.csv"
    )
    assert preview.ok, preview.messages()
    return services.clock_import_confirm(actor=cast[actor], batch=batch)
