"""Reading an uploaded Excel file: the upload's size, the zip's unpacked sizes (a 1.5 MB
file can hold a gigabyte of shared strings), and then rows, columns and cell length are
checked before and while openpyxl reads the sheet in read-only mode. Anything over a limit
is a RuleBroken (400) naming the limit.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from fieldsales.core.errors import RuleBroken


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
        # One row and one column past the limits: a value there means the sheet is too big.
        rows = wb.worksheets[0].iter_rows(
            values_only=True, max_row=limits.max_rows + 1, max_col=limits.max_columns + 1
        )
        return bounded_grid(rows, limits)
    except RuleBroken:
        raise
    except Exception as error:
        raise _refuse(_("不是有效的 Excel（.xlsx）文件")) from error
    finally:
        wb.close()


def _filled(value: Any) -> bool:
    return value not in (None, "")


def bounded_grid(rows: Iterable[Sequence[Any]], limits: ReadLimits = LIMITS) -> list[list[Any]]:
    """The rows as lists, refused when a filled row or column lies past the limits or a cell
    is too long; trailing empty rows dropped. The caller reads at most one row past the limit."""
    grid: list[list[Any]] = []
    for number, row in enumerate(rows, start=1):
        values = list(row)
        if any(_filled(v) for v in values):
            if number > limits.max_rows:
                raise _refuse(_("表格最多 %(n)d 行") % {"n": limits.max_rows})
            if any(_filled(v) for v in values[limits.max_columns :]):
                raise _refuse(_("表格最多 %(n)d 列") % {"n": limits.max_columns})
        for column, value in enumerate(values, start=1):
            if isinstance(value, str) and len(value) > limits.max_cell_chars:
                raise _refuse(
                    _("第%(row)d行第%(col)d列超过 %(n)d 个字")
                    % {"row": number, "col": column, "n": limits.max_cell_chars}
                )
        grid.append(values[: limits.max_columns])
    while grid and not any(_filled(v) for v in grid[-1]):
        grid.pop()
    return grid
