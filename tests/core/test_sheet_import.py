"""core.sheets' import preview: an XLSX or CSV read into rows, every row checked by the
caller's validator, errors per row, and an apply that saves all rows or none."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from fieldsales.core import sheets
from fieldsales.core.errors import RuleBroken
from fieldsales.core.models import Counter


def _xlsx(rows):
    wb = sheets.new_workbook()
    for row in rows:
        wb.active.append(row)
    return sheets.workbook_bytes(wb)


def _counter_row(values):
    """The validator under test: a name and a whole number."""
    errors = []
    if not values.get("名称"):
        errors.append("请填写名称")
    if not values.get("数值", "").isdigit():
        errors.append(f"数值无效：{values.get('数值', '')}")
    if errors:
        raise sheets.RowError(*errors)
    return {"name": values["名称"], "value": int(values["数值"])}


def _save(data):
    return Counter.objects.create(**data)


SHEET = [
    ["计数器导入表"],  # a title above the header
    ["名称", "数值", "备注"],
    ["订单", 12, None],
    [None, None, None],  # a blank row is skipped
    ["", "x", "无名"],
]


def test_preview_lists_each_rows_errors_under_its_spreadsheet_row_number():
    preview = sheets.preview_import(_xlsx(SHEET), header="名称", validate=_counter_row)

    assert [(r.number, r.data, r.errors) for r in preview.rows] == [
        (3, {"name": "订单", "value": 12}, []),
        (5, None, ["请填写名称", "数值无效：x"]),
    ]
    assert preview.rows[1].values == {"名称": "", "数值": "x", "备注": "无名"}
    assert not preview.ok
    assert preview.messages() == ["第5行：请填写名称", "第5行：数值无效：x"]


def test_a_csv_reads_like_the_sheet_in_utf8_with_bom_and_in_gb18030():
    text = "名称,数值\r\n订单,12\r\n客户,7\r\n"
    for content in (text.encode("utf-8-sig"), text.encode("gb18030")):
        preview = sheets.preview_import(content, header="名称", validate=_counter_row)
        assert preview.ok
        assert [(r.number, r.data) for r in preview.rows] == [
            (2, {"name": "订单", "value": 12}),
            (3, {"name": "客户", "value": 7}),
        ]


def test_an_exported_formula_like_text_comes_back_as_it_was_typed():
    preview = sheets.preview_import(
        _xlsx([["名称", "数值"], ["=1+1", "3"]]), header="名称", validate=_counter_row
    )
    assert preview.rows[0].data == {"name": "=1+1", "value": 3}


def test_validation_error_and_service_error_become_row_errors():
    def validate(values):
        if values["名称"] == "a":
            raise ValidationError(["名称太短", "名称须为中文"])
        raise RuleBroken("规则不允许", field="名称")

    preview = sheets.preview_import("名称\na\nb\n".encode(), header="名称", validate=validate)
    assert [r.errors for r in preview.rows] == [["名称太短", "名称须为中文"], ["规则不允许"]]


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("备注\n无\n".encode(), "找不到表头“名称”"),
        ("名称,数值\n".encode(), "表中没有数据"),
        (b"PK\x03\x04 not really a zip", "不是有效的 Excel（.xlsx）文件"),
        ("名称\n".encode() + "名\n".encode() * 4, "一次最多导入 3 行"),
    ],
)
def test_a_file_that_cannot_be_read_is_a_file_error_and_no_rows(content, error):
    preview = sheets.preview_import(content, header="名称", validate=_counter_row, max_rows=3)
    assert (preview.rows, preview.file_errors, preview.ok) == ([], [error], False)


def test_the_csv_is_held_to_the_sheet_limits():
    limits = sheets.ReadLimits(max_rows=2, max_columns=2, max_cell_chars=5)
    with pytest.raises(RuleBroken, match="表格最多 2 行"):
        sheets.read_csv(b"a\nb\nc\n", limits)
    with pytest.raises(RuleBroken, match="表格最多 2 列"):
        sheets.read_csv(b"a,b,c\n", limits)
    with pytest.raises(RuleBroken, match="第1行第1列超过 5 个字"):
        sheets.read_csv(b"abcdef\n", limits)
    assert sheets.read_csv(b"a,b,,\n,,\n", limits) == [["a", "b"]]


@pytest.mark.django_db
def test_apply_saves_every_row_of_a_clean_preview():
    content = "名称,数值\n订单,12\n客户,7\n".encode()
    preview = sheets.preview_import(content, header="名称", validate=_counter_row)

    saved = sheets.apply_import(preview, save=_save)

    assert [(c.name, c.value) for c in saved] == [("订单", 12), ("客户", 7)]
    assert Counter.objects.count() == 2


@pytest.mark.django_db
def test_apply_refuses_a_preview_with_any_error_and_saves_nothing():
    preview = sheets.preview_import(_xlsx(SHEET), header="名称", validate=_counter_row)

    with pytest.raises(RuleBroken, match="导入的表格有错误"):
        sheets.apply_import(preview, save=_save)
    assert not Counter.objects.exists()


@pytest.mark.django_db
def test_a_row_that_fails_while_saving_undoes_the_rows_saved_before_it():
    content = "名称,数值\n订单,12\n客户,7\n".encode()
    preview = sheets.preview_import(content, header="名称", validate=_counter_row)

    def save(data):
        if data["name"] == "客户":
            raise RuleBroken("客户已存在")
        return _save(data)

    with pytest.raises(RuleBroken, match="客户已存在"):
        sheets.apply_import(preview, save=save)
    assert not Counter.objects.exists()
