"""The catalogue's pages: the price finder, a product, the price lists (S1.3 403 for
technical and purchasing), the 价格 tab, the GM's inbox, the edit and import pages."""

from __future__ import annotations

import base64
import io

import pytest
from django.test import Client
from openpyxl import Workbook

from fieldsales.sales.catalogue import services
from fieldsales.sales.models import PriceList, Product, ProductCategory

pytestmark = pytest.mark.django_db


def client_for(cast, username):
    client = Client()
    client.force_login(cast[username])
    return client


def _demo_list():
    return PriceList.objects.get(name="2026年产品价格表")


def test_price_finder_shows_the_three_tiers_and_the_mark(cast):
    modules = ProductCategory.objects.get(name="光伏组件")
    page = client_for(cast, "sales1").get(f"/sales/prices/?category={modules.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "PV-M550" in html and "INV-S50K" not in html
    assert "¥880.00" in html and "¥800.00" in html and "¥700.00" in html
    assert "张伟" in html and "内部资料" in html


def test_price_finder_search(cast):
    html = client_for(cast, "sales1").get("/sales/prices/?q=MC4").content.decode()
    assert "CB-MC4" in html and "PV-M550" not in html


@pytest.mark.parametrize("user", ["tech", "buyer", "admin"])
def test_s1_3_price_pages_are_403(cast, user):
    client = client_for(cast, user)
    pl = _demo_list()
    for url in (
        "/sales/prices/",
        "/sales/price-lists/",
        f"/sales/price-lists/{pl.pk}/",
        f"/sales/price-lists/{pl.pk}/export/",
        f"/sales/price-lists/{pl.pk}/print/",
    ):
        assert client.get(url).status_code == 403, url


def test_product_page_hides_prices_from_technical(cast):
    product = Product.objects.get(code="PV-M550")
    tech = client_for(cast, "tech").get(f"/sales/products/{product.pk}/")
    assert tech.status_code == 200
    assert "¥880.00" not in tech.content.decode()
    sales = client_for(cast, "sales1").get(f"/sales/products/{product.pk}/").content.decode()
    assert "¥880.00" in sales and "PL-2026-001" in sales


def test_the_sales_tab_opens_on_prices_only_for_price_roles(cast):
    sales1 = client_for(cast, "sales1")
    assert 'href="/sales/"' in sales1.get("/").content.decode()
    assert sales1.get("/sales/")["Location"] == "/sales/prices/"
    for username in ("tech", "buyer"):
        assert 'href="/sales/"' not in client_for(cast, username).get("/").content.decode()
    admin = client_for(cast, "admin").get("/sales/quotes/").content.decode()
    assert 'href="/sales/prices/"' not in admin  # admin sees quotes, not prices


def test_draft_edit_submit_and_gm_approves_from_the_inbox(cast):
    head = client_for(cast, "head")
    new = head.get("/sales/price-lists/new/")
    assert new.status_code == 200
    module = Product.objects.get(code="PV-M550")
    data = {"name": "2027年价格表", "effective": "2027-01-01", "note": ""}
    data |= {f"market_{module.pk}": "900.00", f"factory_min_{module.pk}": "820.00"}
    data |= {f"distributor_min_{module.pk}": "780.00"}
    response = head.post("/sales/price-lists/new/", data)
    assert response.status_code == 302
    pl = PriceList.objects.get(name="2027年价格表")
    assert pl.lines.get().market == 900
    assert head.post(f"/sales/price-lists/{pl.pk}/submit/").status_code == 302
    pl.refresh_from_db()
    assert pl.status == "submitted"
    gm = client_for(cast, "gm")
    inbox = gm.get("/approvals/").content.decode()
    assert pl.number in inbox
    detail = gm.get(f"/sales/price-lists/{pl.pk}/").content.decode()
    assert "approve/" in detail and "reject/" in detail
    gm.post(f"/sales/price-lists/{pl.pk}/approve/", {"comment": "同意"})
    pl.refresh_from_db()
    assert pl.status == "approved"


def test_bad_tiers_on_the_form_name_the_product(cast):
    module = Product.objects.get(code="PV-M550")
    data = {"name": "错", "effective": "2027-01-01"}
    data |= {f"market_{module.pk}": "700.00", f"factory_min_{module.pk}": "820.00"}
    data |= {f"distributor_min_{module.pk}": "780.00"}
    response = client_for(cast, "head").post("/sales/price-lists/new/", data)
    assert response.status_code == 200
    assert "PV-M550" in response.content.decode()
    assert not PriceList.objects.filter(name="错").exists()


def test_salesperson_may_not_draft(cast):
    assert client_for(cast, "sales1").get("/sales/price-lists/new/").status_code == 403


def test_import_page_preview_then_confirm(cast):
    from datetime import date

    pl = services.price_list_create(
        actor=cast["head"], data={"name": "导入", "effective": date(2027, 1, 1), "prices": []}
    )
    wb = Workbook()
    wb.active.append(["产品编码", "市场报价", "最低出厂价", "经销商最低价"])
    wb.active.append(["PV-M550", "900.00", "820.00", "780.00"])
    out = io.BytesIO()
    wb.save(out)
    head = client_for(cast, "head")
    upload = io.BytesIO(out.getvalue())
    upload.name = "prices.xlsx"
    preview = head.post(f"/sales/price-lists/{pl.pk}/import/", {"file": upload})
    html = preview.content.decode()
    assert "import-preview" in html and "PV-M550" in html
    assert pl.lines.count() == 0
    content = base64.b64encode(out.getvalue()).decode()
    done = head.post(f"/sales/price-lists/{pl.pk}/import/", {"content": content})
    assert done.status_code == 302
    assert pl.lines.get().market == 900


def test_price_list_pages_render(cast):
    pl = _demo_list()
    for user in ("sales1", "head", "gm", "finance"):
        client = client_for(cast, user)
        assert client.get("/sales/price-lists/").status_code == 200
        assert client.get(f"/sales/price-lists/{pl.pk}/").status_code == 200
    export = client_for(cast, "sales1").get(f"/sales/price-lists/{pl.pk}/export/")
    assert export.status_code == 200
