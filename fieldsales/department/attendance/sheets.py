"""The monthly attendance sheet (D7) in Excel through core.sheets: one row per person, one
column per day with a short mark, then the totals of absent, late and early leave days."""

from __future__ import annotations

from datetime import date
from typing import Any

from fieldsales.core import sheets
from fieldsales.core.people import display_name
from fieldsales.department.attendance.selectors import DayStatus, totals

MARKS = {
    "present": "√",
    "late": "迟",
    "absent": "旷",
    "early_leave": "早",
    "trip": "差",
    "exception": "批",
    "unknown": "?",
    "off": "休",
    "future": "",
}
LEGEND = "√ 正常　迟 迟到（已告知）　旷 旷工　早 早退　差 出差　批 特批　? 未导入　休 休息"


def attendance_month_xlsx(
    *, people: list[Any], found: dict[int, list[DayStatus]], first: date, last: date, title: str
) -> bytes:
    wb = sheets.new_workbook()
    ws = wb.active
    ws.title = f"{first:%Y-%m}"
    sheets.put(ws, 1, 1, title)
    sheets.put(ws, 2, 1, LEGEND)
    days = (last - first).days + 1
    sheets.put(ws, 3, 1, "姓名")
    for offset in range(days):
        sheets.put(ws, 3, 2 + offset, offset + 1)
    headers = ("旷工", "迟到", "早退", "出差", "特批")
    for index, header in enumerate(headers):
        sheets.put(ws, 3, 2 + days + index, header)
    for row, person in enumerate(people, start=4):
        entries = found.get(person.pk, [])
        sheets.put(ws, row, 1, display_name(person))
        for entry in entries:
            sheets.put(ws, row, 2 + (entry.day - first).days, MARKS[entry.status])
        counted = totals(entries)
        for index, key in enumerate(("absent", "late", "early_leave", "trip", "exception")):
            sheets.put(ws, row, 2 + days + index, counted[key])
    ws.column_dimensions["A"].width = 12
    ws.freeze_panes = "B4"
    return sheets.workbook_bytes(wb)
