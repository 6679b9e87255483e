"""Importing a sheet in two steps: a preview that reads an uploaded XLSX or CSV, lets the
caller check every row and lists each row's errors before anything is saved; then an apply
that saves every row in one transaction, or refuses when any row has an error.

    preview = preview_import(content, header="客户名称", validate=row_to_customer)
    if preview.ok:
        apply_import(preview, save=customer_create_from_row)
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fieldsales.core.errors import RuleBroken, ServiceError
from fieldsales.core.sheets.reading import (
    LIMITS,
    ReadLimits,
    bounded_grid,
    check_upload_size,
    read_first_sheet,
)
from fieldsales.core.sheets.writing import unescape_text

T = TypeVar("T")
R = TypeVar("R")
ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip file
HEADER_SEARCH_ROWS = 15  # a title block may stand above the header


class RowError(Exception):
    """A validator's refusal of one row, with one message or more."""

    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = list(messages)


@dataclass
class PreviewRow(Generic[T]):
    """One data row: its number as the spreadsheet shows it, its cells by header, what the
    validator made of it and the validator's errors."""

    number: int
    values: dict[str, str]
    data: T | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportPreview(Generic[T]):
    rows: list[PreviewRow[T]]
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Nothing wrong with the file, at least one row, and no row with an error."""
        return not self.file_errors and bool(self.rows) and not any(r.errors for r in self.rows)

    def messages(self) -> list[str]:
        """Every problem, the file's first, then `第N行：…` per row."""
        lines = list(self.file_errors)
        for row in self.rows:
            lines += [_("第%(n)d行：%(error)s") % {"n": row.number, "error": e} for e in row.errors]
        return lines


def cell_text(value: Any) -> str:
    """A cell as text: blank for none, 12 not 12.0, a date as 2026-03-08, our own escaping
    of formula-like text undone (a sheet we exported coming back)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return unescape_text(str(value).strip())


def _csv_text(content: bytes) -> str:
    """UTF-8 (with or without the BOM Excel writes), else GB18030 (Excel's Chinese CSV)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RuleBroken(_("无法识别 CSV 文件的编码，请另存为 UTF-8 或 Excel 文件"), field="file")


def read_csv(content: bytes, limits: ReadLimits = LIMITS) -> list[list[Any]]:
    """A CSV upload's rows within the same limits as an Excel sheet."""
    check_upload_size(len(content), limits)
    reader = csv.reader(io.StringIO(_csv_text(content), newline=""))
    try:
        return bounded_grid(itertools.islice(reader, limits.max_rows + 1), limits)
    except csv.Error as error:
        raise RuleBroken(_("不是有效的 CSV 文件"), field="file") from error


def read_grid(content: bytes, limits: ReadLimits = LIMITS) -> list[list[Any]]:
    """An uploaded .xlsx (its first sheet) or .csv, told apart by content, not by name."""
    if content.startswith(ZIP_MAGIC):
        return read_first_sheet(content, limits)
    return read_csv(content, limits)


def read_table(
    content: bytes, *, header: str, limits: ReadLimits = LIMITS
) -> list[tuple[int, dict[str, str]]]:
    """The data rows below the header row (the first row holding `header`) as
    (row number, {header: text}); blank rows skipped. Refuses a file without the header."""
    grid = read_grid(content, limits)
    top = grid[:HEADER_SEARCH_ROWS]
    at = next((i for i, row in enumerate(top) if header in map(cell_text, row)), None)
    if at is None:
        raise RuleBroken(_("找不到表头“%(header)s”") % {"header": header}, field="file")
    headers = [cell_text(v) for v in grid[at]]
    rows = []
    for number, values in enumerate(grid[at + 1 :], start=at + 2):
        record = {h: cell_text(v) for h, v in zip(headers, values, strict=False) if h}
        if any(record.values()):
            rows.append((number, record))
    return rows


def _errors_of(error: Exception) -> list[str]:
    if isinstance(error, RowError):
        return error.messages
    if isinstance(error, ServiceError):
        return [error.message]
    assert isinstance(error, ValidationError)
    return [str(message) for message in error.messages]


def preview_import(
    content: bytes,
    *,
    header: str,
    validate: Callable[[dict[str, str]], T],
    limits: ReadLimits = LIMITS,
    max_rows: int | None = None,
) -> ImportPreview[T]:
    """Read the upload and run `validate` on every row; saves nothing. `validate` gets the
    row as {header: text} and returns what `apply_import` will save, or raises RowError,
    a ServiceError or a Django ValidationError, whose messages become the row's errors."""
    try:
        table = read_table(content, header=header, limits=limits)
    except RuleBroken as error:
        return ImportPreview([], [error.message])
    if not table:
        return ImportPreview([], [_("表中没有数据")])
    if max_rows is not None and len(table) > max_rows:
        return ImportPreview([], [_("一次最多导入 %(n)d 行") % {"n": max_rows}])
    rows: list[PreviewRow[T]] = []
    for number, values in table:
        row: PreviewRow[T] = PreviewRow(number, values)
        try:
            row.data = validate(values)
        except (RowError, ServiceError, ValidationError) as error:
            row.errors = _errors_of(error)
        rows.append(row)
    return ImportPreview(rows)


def apply_import(preview: ImportPreview[T], *, save: Callable[[T], R]) -> list[R]:
    """Save every row of a clean preview in one transaction: all rows or none. A preview
    with any error is refused whole (400), and an error raised by `save` undoes every row."""
    if not preview.ok:
        raise RuleBroken(_("导入的表格有错误，请改正后重新上传"), field="file")
    with transaction.atomic():
        return [save(row.data) for row in preview.rows]  # type: ignore[arg-type]
