"""Issue 8 items 6 and 8: Excel exports never carry a formula; imports are read within limits."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from fieldsales.core import sheets
from fieldsales.core.errors import RuleBroken

HOSTILE = ['=HYPERLINK("http://evil","点我")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_item6_text_that_looks_like_a_formula_is_written_as_an_escaped_string():
    wb = sheets.new_workbook()
    ws = wb.active
    for row, text in enumerate(HOSTILE, start=1):
        sheets.put(ws, row, 1, text)
    sheets.put(ws, 1, 2, 42)
    ws = load_workbook(io.BytesIO(sheets.workbook_bytes(wb))).active
    assert [(ws.cell(r, 1).data_type, ws.cell(r, 1).value) for r in range(1, 7)] == [
        # XML reads a carriage return back as a line feed; the apostrophe stays in front.
        ("s", "'" + text.replace("\r", "\n"))
        for text in HOSTILE
    ]
    assert (ws["B1"].data_type, ws["B1"].value) == ("n", 42)


def test_item6_a_cell_written_around_the_helper_is_made_safe_on_save():
    wb = Workbook()
    wb.active["A1"] = "=1+1"
    assert wb.active["A1"].data_type == "f"
    ws = load_workbook(io.BytesIO(sheets.workbook_bytes(wb))).active
    assert (ws["A1"].data_type, ws["A1"].value) == ("s", "'=1+1")


def test_item6_escaping_is_undone_when_the_sheet_comes_back():
    assert [sheets.unescape_text(sheets.safe_text(t)) for t in HOSTILE] == HOSTILE
    assert sheets.unescape_text("'普通文字") == "'普通文字"


def test_item6_every_workbook_is_saved_through_the_one_helper():
    root = Path(sheets.__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.parent != root / "core" / "sheets"
        if re.search(r"\bWorkbook\(|load_workbook\(|\bwb\.save\(", path.read_text())
    ]
    assert offenders == []


def _xlsx(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _refusal(content, limits=sheets.LIMITS):
    with pytest.raises(RuleBroken) as error:
        sheets.read_first_sheet(content, limits)
    assert error.value.field == "file"
    return error.value.message


SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'


def shared_string_sheet(megabytes=0, chars=0):
    """客户名称 over one cell that points at a shared string of `megabytes` MB (+ `chars`)."""
    plain = _xlsx([["客户名称"], ["x"]])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(plain)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b't="inlineStr"><is><t>x</t></is>', b't="s"><v>0</v>')
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml" Id="rId9" />'
                    b"</Relationships>",
                )
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml" />'
                    b"</Types>",
                )
            bomb.writestr(item.filename, data)
        with bomb.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(SST + b"A" * chars)
            for _ in range(megabytes):
                part.write(b"A" * (1 << 20))
            part.write(b"</t></si></sst>")
    return out.getvalue()


def test_item8_the_shared_string_sheet_is_a_real_workbook():
    assert sheets.read_first_sheet(shared_string_sheet(chars=5))[1][0] == "AAAAA"
    assert _refusal(shared_string_sheet(chars=2001)) == "第2行第1列超过 2000 个字"


def test_item8_a_small_file_with_a_huge_shared_string_is_refused_before_unpacking():
    # The reported attack in small: a file of some 200 kB whose sharedStrings.xml unpacks to 200 MB.
    content = shared_string_sheet(megabytes=200)
    assert len(content) < 1024 * 1024
    assert _refusal(content) == "文件解压后过大（xl/sharedStrings.xml 超过 20 MB），已拒绝"


def test_item8_the_uploaded_file_size_is_limited():
    assert _refusal(b"x" * (5 * 1024 * 1024 + 1)) == "文件不能超过 5 MB"
    with pytest.raises(RuleBroken):
        sheets.check_upload_size(5 * 1024 * 1024 + 1)


def test_item8_rows_columns_and_cell_length_are_limited():
    limits = sheets.ReadLimits(max_rows=3, max_columns=4, max_cell_chars=10)
    assert sheets.read_first_sheet(_xlsx([["a"], ["b"], ["c"]]), limits) == [
        ["a", None, None, None],
        ["b", None, None, None],
        ["c", None, None, None],
    ]
    assert _refusal(_xlsx([["a"], ["b"], ["c"], ["d"]]), limits) == "表格最多 3 行"
    assert _refusal(_xlsx([["a", 1, 2, 3, 4]]), limits) == "表格最多 4 列"
    assert _refusal(_xlsx([["a", "x" * 11]]), limits) == "第1行第2列超过 10 个字"


def test_item8_a_sheet_claiming_a_million_rows_and_columns_is_read_within_the_limits():
    content = _xlsx([["a", "b"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as forged:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'ref="A1:B1"', b'ref="A1:XFD1048576"')
                assert b"XFD1048576" in data
            forged.writestr(item, data)
    assert sheets.read_first_sheet(out.getvalue())[0][:3] == ["a", "b", None]


def test_item8_defaults_are_five_thousand_rows_forty_columns_two_thousand_chars():
    assert (sheets.LIMITS.max_rows, sheets.LIMITS.max_columns, sheets.LIMITS.max_cell_chars) == (
        5000,
        40,
        2000,
    )


def test_item8_openpyxl_parses_uploads_with_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True
