"""目标客户基本信息情况统计表 exports every customer the user sees (no silent cut at 5,000),
read through one cursor in chunks in the same number of queries however many there are, and
still opens with its title, header and footer (issue 15)."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import CustomerFactory
from openpyxl import load_workbook

from fieldsales.crm.customers import selectors as customers_selectors
from fieldsales.crm.sheets import exports as sheets_exports

pytestmark = pytest.mark.django_db


def test_target_sheet_download_has_every_visible_customer_across_chunks(client, cast, monkeypatch):
    for n in range(5):
        CustomerFactory(actor=cast["sales1" if n % 2 else "sales2"])
    visible = list(
        customers_selectors.visible_customers(user=cast["head"])
        .order_by("code")
        .values_list("code", flat=True)
    )
    # Read three customers at a time: rows from every chunk, numbered on across them.
    monkeypatch.setattr(sheets_exports, "EXPORT_CHUNK", 3)
    client.force_login(cast["head"])
    response = client.get("/crm/customers/sheet.xlsx", {"scope": "team"})
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "浙江诚兴光伏公司"
    assert ws["A2"].value == "目标客户基本信息情况统计表"
    assert ws["A3"].value.startswith("部门：销售部    制表日期：")
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:S1", "A2:S2", "A3:S3"}
    assert [c.value for c in ws[4]] == sheets_exports.TARGET_HEADERS
    body = [[c.value for c in row] for row in ws.iter_rows(min_row=5, max_row=4 + len(visible))]
    assert [row[1] for row in body] == visible
    assert [row[0] for row in body] == list(range(1, len(visible) + 1))
    assert len(visible) == 12
    footer = [c.value for c in ws[ws.max_row] if c.value]
    assert footer == ["制表人：王强", "审核人："]
    assert ws.max_row == 4 + len(visible) + 2
    assert (ws.page_setup.orientation, ws.freeze_panes, ws.print_title_rows) == (
        "landscape",
        "A5",
        "$4:$4",
    )
    header, cell = ws["C4"], ws["C5"]
    assert (header.font.bold, header.fill.fgColor.rgb, header.border.left.style) == (
        True,
        "00E8EEF9",
        "thin",
    )
    assert (cell.border.bottom.style, cell.alignment.wrap_text) == ("thin", True)


def test_target_sheet_download_needs_as_many_queries_for_ten_customers_as_for_one(client, cast):
    client.force_login(cast["head"])

    def download() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/crm/customers/sheet.xlsx", {"scope": "team"})
        assert response.status_code == 200
        return len(queries)

    CustomerFactory(actor=cast["sales1"])
    few = download()
    for _ in range(10):
        CustomerFactory(actor=cast["sales2"])
    assert download() == few
