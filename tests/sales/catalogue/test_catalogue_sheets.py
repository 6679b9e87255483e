"""S1.3 export and print (audit row, the "<name> <time> 内部资料" mark on every page) and the
S1.2 import: a row-by-row preview, all or nothing."""

from __future__ import annotations

import io
import subprocess

import pytest
from openpyxl import Workbook, load_workbook

from fieldsales.core.models import AuditEvent
from fieldsales.sales.catalogue import services
from fieldsales.sales.models import PriceList, Product

pytestmark = pytest.mark.django_db

HEADER = ["产品编码", "市场报价", "最低出厂价", "经销商最低价"]


def _demo_list():
    return PriceList.objects.get(name="2026年产品价格表")


def _xlsx(rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _draft(cast):
    return services.price_list_create(
        actor=cast["head"],
        data={
            "name": "导入测试",
            "effective": __import__("datetime").date(2027, 1, 1),
            "prices": [],
        },
    )


def test_export_is_audited_and_marked_on_every_page(api, cast):
    pl = _demo_list()
    response = api("sales1").get(f"/api/price-lists/{pl.pk}/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    event = AuditEvent.objects.filter(action="export", object_id=pl.pk).get()
    assert event.actor == cast["sales1"]
    ws = load_workbook(io.BytesIO(response.content)).active
    mark = ws["A1"].value
    assert mark.startswith("张伟 ") and mark.endswith(" 内部资料")
    assert ws.oddHeader.center.text == mark
    assert ws.oddFooter.center.text == mark
    codes = [ws.cell(row=r, column=1).value for r in range(5, ws.max_row + 1)]
    assert "PV-M550" in codes
    row = codes.index("PV-M550") + 5
    assert [ws.cell(row=row, column=c).value for c in (6, 7, 8)] == [880, 800, 700]


def test_print_is_audited_and_every_page_carries_the_mark(api, cast):
    pl = _demo_list()
    response = api("finance").get(f"/api/price-lists/{pl.pk}/print/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(
        action="print", object_id=pl.pk, actor=cast["finance"]
    ).exists()
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    pages = [p for p in text.split("\f") if p.strip()]
    assert pages
    for page in pages:
        assert "刘芳" in page and "内部资料" in page
    assert "PV-M550" in text


def test_export_refused_for_technical(api):
    pl = _demo_list()
    assert api("tech").get(f"/api/price-lists/{pl.pk}/export/").status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()


def test_export_service_writes_the_audit_row(cast):
    pl = _demo_list()
    content = services.price_list_export(price_list=pl, actor=cast["gm"])
    assert content[:2] == b"PK"
    assert AuditEvent.objects.filter(action="export", actor=cast["gm"]).count() == 1
    assert services.price_list_print(price_list=pl, actor=cast["gm"])[:4] == b"%PDF"
    assert AuditEvent.objects.filter(action="print", actor=cast["gm"]).count() == 1


def test_import_preview_lists_every_rows_errors_and_saves_nothing(api, cast):
    pl = _draft(cast)
    content = _xlsx(
        [
            ["PV-M550", "880.00", "800.00", "760.00"],
            ["NOPE-1", "10", "9", "8"],
            ["INV-S10K", "abc", "9", "8"],
            ["CB-MC4", "10.00", "11.00", "9.00"],
        ]
    )
    response = api("head").post(
        f"/api/price-lists/{pl.pk}/import/?dry_run=1",
        {"file": io.BytesIO(content)},
        format="multipart",
    )
    assert response.status_code == 200, response.data
    rows = response.data["rows"]
    assert response.data["ok"] is False
    assert rows[0]["errors"] == []
    assert "NOPE-1" in rows[1]["errors"][0]
    assert "市场报价" in rows[2]["errors"][0]
    assert "CB-MC4" in rows[3]["errors"][0]
    # Without dry_run: 400 and nothing saved (all or nothing)
    again = api("head").post(
        f"/api/price-lists/{pl.pk}/import/", {"file": io.BytesIO(content)}, format="multipart"
    )
    assert again.status_code == 400
    assert "file" in again.data
    assert pl.lines.count() == 0


def test_import_all_good_rows_replace_the_prices(api, cast):
    pl = _draft(cast)
    content = _xlsx([["PV-M550", 890, 810.5, "770.00"], ["CB-PV4", "4.90", "4.40", "4.10"]])
    response = api("head").post(
        f"/api/price-lists/{pl.pk}/import/", {"file": io.BytesIO(content)}, format="multipart"
    )
    assert response.status_code == 200, response.data
    prices = {p["product_code"]: p for p in response.data["prices"]}
    assert prices["PV-M550"]["factory_min"] == "810.50"
    assert prices["CB-PV4"]["market"] == "4.90"
    assert AuditEvent.objects.filter(action="import", object_id=pl.pk).exists()


def test_exported_sheet_imports_back(api, cast):
    exported = services.price_list_export(price_list=_demo_list(), actor=cast["head"])
    pl = _draft(cast)
    done = services.price_list_import(price_list=pl, actor=cast["head"], content=exported)
    assert done.lines.count() == Product.objects.filter(active=True).count()


def test_import_only_into_an_editable_list(api, cast):
    content = _xlsx([["PV-M550", "880.00", "800.00", "760.00"]])
    pl = _demo_list()
    response = api("head").post(
        f"/api/price-lists/{pl.pk}/import/", {"file": io.BytesIO(content)}, format="multipart"
    )
    assert response.status_code == 409
    preview = services.price_list_import_preview(
        price_list=_draft(cast), actor=cast["head"], content=content
    )
    assert preview.ok


def test_import_of_a_file_that_is_no_sheet(api, cast):
    pl = _draft(cast)
    response = api("head").post(
        f"/api/price-lists/{pl.pk}/import/?dry_run=1",
        {"file": io.BytesIO(b"not a sheet at all")},
        format="multipart",
    )
    assert response.status_code == 200
    assert response.data["ok"] is False
    assert response.data["errors"]
