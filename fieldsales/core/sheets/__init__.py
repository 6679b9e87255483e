"""Every Excel file the system writes or reads goes through here.

- writing: `new_workbook`, `put` (one safe cell), `workbook_bytes` (saves with no formula
  anywhere), `safe_text` / `unescape_text`, `XLSX` (the content type);
- streaming: `StreamingSheet`, a write-only sheet for large exports (named styles, every
  cell escaped as it is appended);
- reading: `read_first_sheet`, `check_upload_size`, `check_zip` within `ReadLimits`;
- importing: `preview_import` (an XLSX or CSV upload checked row by row by the caller's
  validator, nothing saved) and `apply_import` (all rows or none).
"""

from __future__ import annotations

from fieldsales.core.sheets.preview import (
    ImportPreview,
    PreviewRow,
    RowError,
    apply_import,
    cell_text,
    preview_import,
    read_csv,
    read_grid,
    read_table,
)
from fieldsales.core.sheets.reading import (
    LIMITS,
    ReadLimits,
    bounded_grid,
    check_upload_size,
    check_zip,
    read_first_sheet,
)
from fieldsales.core.sheets.streaming import StreamingSheet
from fieldsales.core.sheets.writing import (
    ESCAPE,
    FORMULA_START,
    TYPED,
    XLSX,
    new_workbook,
    put,
    safe_text,
    unescape_text,
    workbook_bytes,
)

__all__ = [
    "ESCAPE",
    "FORMULA_START",
    "LIMITS",
    "TYPED",
    "XLSX",
    "ImportPreview",
    "PreviewRow",
    "ReadLimits",
    "RowError",
    "StreamingSheet",
    "apply_import",
    "bounded_grid",
    "cell_text",
    "check_upload_size",
    "check_zip",
    "new_workbook",
    "preview_import",
    "put",
    "read_csv",
    "read_first_sheet",
    "read_grid",
    "read_table",
    "safe_text",
    "unescape_text",
    "workbook_bytes",
]
