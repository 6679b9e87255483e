"""Writing an Excel file: a cell from user text is always a plain string (data_type "s"),
never a formula, and text that a spreadsheet would take for a formula (= + - @, tab, CR:
OWASP "CSV injection") is prefixed with an apostrophe. `workbook_bytes` checks every cell
once more before saving, so an export that forgets `put` is still safe.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a spreadsheet reads as the start of a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
TYPED = (bool, int, float, Decimal, date, datetime, time)


def safe_text(text: str) -> str:
    """`=HYPERLINK(...)` → `'=HYPERLINK(...)`: shown as text by every spreadsheet."""
    return ESCAPE + text if text.startswith(FORMULA_START) else text


def unescape_text(text: str) -> str:
    """The reverse of `safe_text`, for a sheet we exported coming back as an import."""
    if text.startswith(ESCAPE) and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def put(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write one cell: numbers and dates stay typed, everything else is an escaped string."""
    cell = ws.cell(row=row, column=column)
    if value is None or isinstance(value, TYPED):
        cell.value = value
    else:
        cell.value = safe_text(str(value))
        cell.data_type = "s"  # openpyxl would otherwise read a leading "=" as a formula
    return cell


def new_workbook() -> Workbook:
    return Workbook()


def _make_safe(wb: Workbook) -> None:
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == "f" or isinstance(value, str):
                    text = "" if value is None else str(value)
                    cell.value = safe_text(text)
                    cell.data_type = "s"


def workbook_bytes(wb: Workbook) -> bytes:
    """The .xlsx file, with no formula anywhere: the one way exports save a workbook."""
    _make_safe(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
