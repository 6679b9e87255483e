"""Every Excel file the system writes or reads goes through here.

Writing: a cell from user text is always a plain string (data_type "s"), never a formula,
and text that a spreadsheet would take for a formula (= + - @, tab, CR: OWASP "CSV
injection") is prefixed with an apostrophe. `workbook_bytes` checks every cell once more
before saving, so an export that forgets `put` is still safe.

Reading: the upload's size, the zip's unpacked sizes (a 1.5 MB file can hold a gigabyte of
shared strings), and then rows, columns and cell length are checked before and while
openpyxl reads the sheet in read-only mode. Anything over a limit is a RuleBroken (400)
naming the limit.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from fieldsales.core.errors import RuleBroken

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a spreadsheet reads as the start of a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
TYPED = (bool, int, float, Decimal, date, datetime, time)


# ---------------------------------------------------------------- writing


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


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class ReadLimits:
    max_bytes: int = 5 * 1024 * 1024  # the uploaded file
    max_unpacked: int = 50 * 1024 * 1024  # all zip members together, uncompressed
    max_member: int = 20 * 1024 * 1024  # one zip member (a sheet, sharedStrings.xml)
    max_members: int = 200
    max_rows: int = 5000
    max_columns: int = 40
    max_cell_chars: int = 2000


LIMITS = ReadLimits()


def _refuse(message: str) -> RuleBroken:
    return RuleBroken(message, field="file")


def check_upload_size(size: int | None, limits: ReadLimits = LIMITS) -> None:
    """Before the upload is read into memory."""
    if size is not None and size > limits.max_bytes:
        raise _refuse(_("文件不能超过 %(mb)s MB") % {"mb": f"{limits.max_bytes / 1024 / 1024:g}"})


def check_zip(content: bytes, limits: ReadLimits = LIMITS) -> None:
    """The declared uncompressed sizes of the .xlsx's parts, before anything is unpacked.

    Python's zipfile never unpacks more than a member's declared size, so these bounds hold.
    """
    check_upload_size(len(content), limits)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _refuse(_("不是有效的 Excel（.xlsx）文件")) from error
    if len(members) > limits.max_members:
        raise _refuse(_("文件内部结构异常（部件过多），已拒绝"))
    total = 0
    for member in members:
        if member.file_size > limits.max_member:
            raise _refuse(
                _("文件解压后过大（%(part)s 超过 %(mb)s MB），已拒绝")
                % {"part": member.filename[:60], "mb": f"{limits.max_member / 1024 / 1024:g}"}
            )
        total += member.file_size
    if total > limits.max_unpacked:
        raise _refuse(
            _("文件解压后过大（超过 %(mb)s MB），已拒绝")
            % {"mb": f"{limits.max_unpacked / 1024 / 1024:g}"}
        )


def read_first_sheet(content: bytes, limits: ReadLimits = LIMITS) -> list[list[Any]]:
    """The first sheet's values, row by row (trailing empty rows dropped), within the limits."""
    check_zip(content, limits)
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not an xlsx
        raise _refuse(_("不是有效的 Excel（.xlsx）文件")) from error
    try:
        ws = wb.worksheets[0]
        grid: list[list[Any]] = []
        # One row and one column past the limits: a value there means the sheet is too big.
        rows = ws.iter_rows(
            values_only=True, max_row=limits.max_rows + 1, max_col=limits.max_columns + 1
        )
        for number, values in enumerate(rows, start=1):
            values = list(values)
            if any(v not in (None, "") for v in values):
                if number > limits.max_rows:
                    raise _refuse(_("表格最多 %(n)d 行") % {"n": limits.max_rows})
                if len(values) > limits.max_columns and values[limits.max_columns] not in (
                    None,
                    "",
                ):
                    raise _refuse(_("表格最多 %(n)d 列") % {"n": limits.max_columns})
            for column, value in enumerate(values, start=1):
                if isinstance(value, str) and len(value) > limits.max_cell_chars:
                    raise _refuse(
                        _("第%(row)d行第%(col)d列超过 %(n)d 个字")
                        % {"row": number, "col": column, "n": limits.max_cell_chars}
                    )
            grid.append(values[: limits.max_columns])
    except RuleBroken:
        raise
    except Exception as error:
        raise _refuse(_("不是有效的 Excel（.xlsx）文件")) from error
    finally:
        wb.close()
    while grid and not any(v not in (None, "") for v in grid[-1]):
        grid.pop()
    return grid
