"""Writing a large Excel file row by row: openpyxl's write-only mode with named styles.

A sheet of tens of thousands of rows is written as it is read (the rows go to a temporary
file, not a grid of cell objects in memory), and each cell names a style registered once
instead of carrying its own font, border and alignment. A write-only sheet cannot be read
back before saving, so every cell is escaped as it is written (`safe_text`): `append` is the
one way in.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from copy import copy
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import NamedStyle
from openpyxl.utils import get_column_letter

from fieldsales.core.sheets.writing import TYPED, safe_text


class StreamingSheet:
    """One write-only sheet: set its columns, page and frozen rows first, then `append`
    rows in order (escaped, styled by name), then `to_bytes`."""

    def __init__(
        self, title: str, *, styles: Iterable[NamedStyle] = (), widths: Sequence[float] = ()
    ) -> None:
        self._wb = Workbook(write_only=True)
        for style in styles:
            self._wb.add_named_style(style)
        self.ws = self._wb.create_sheet(title=title)
        # Each named style's resolved ids, looked up once: a cell takes a copy of them
        # (naming the style per cell costs as much again as writing the cell).
        self._styles: dict[str, Any] = {}
        for column, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(column)].width = width
        self.rows = 0

    def _cell(self, value: Any, style: str | None) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws)
        if value is None or isinstance(value, TYPED):
            cell.value = value
        else:
            cell.value = safe_text(str(value))
            cell.data_type = "s"  # openpyxl would otherwise read a leading "=" as a formula
        if style is not None:
            if style not in self._styles:
                template = WriteOnlyCell(self.ws)
                template.style = style
                self._styles[style] = template._style
            cell._style = copy(self._styles[style])
        return cell

    def append(
        self,
        values: Iterable[Any],
        *,
        style: str | None = None,
        height: float | None = None,
        merge_to: int | None = None,
    ) -> int:
        """Write the next row (every cell in `style`); `merge_to` merges it from column A to
        that column. Returns the row's number."""
        self.rows += 1
        if height is not None:
            self.ws.row_dimensions[self.rows].height = height
        if merge_to is not None:
            self.ws.merged_cells.add(f"A{self.rows}:{get_column_letter(merge_to)}{self.rows}")
        self.ws.append([self._cell(value, style) for value in values])
        return self.rows

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self._wb.save(out)
        return out.getvalue()
