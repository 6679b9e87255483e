"""The 销售合同 summary (A4): only once the contract review approved it; the parties, lines,
the total in capitals, the installments and the review's checklist, read back with pdftotext."""

from __future__ import annotations

import subprocess

import pytest
from orders_support import approved_order, new_order, signed_order

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "order.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_draft_does_not_print(api, client, cast, ready, products):
    order = new_order(api, ready, products)
    assert api("sales1").get(f"/api/orders/{order['id']}/print/").status_code == 409
    client.force_login(cast["sales1"])
    page = client.get(f"/sales/orders/{order['id']}/print/", follow=True)
    assert "合同审核通过后才能打印" in page.content.decode()
    assert "/print/" not in client.get(f"/sales/orders/{order['id']}/").content.decode()


def test_an_approved_order_prints_its_summary(api, client, cast, ready, products, tmp_path):
    order = approved_order(api, ready, products)
    response = api("sales1").get(f"/api/orders/{order['id']}/print/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content, tmp_path)
    for expected in (
        "销 售 合 同",
        "以双方签字盖章的合同文本为准",
        order["number"],
        "订单测试光伏有限公司",
        "测试组件",
        "人民币（大写）：玖仟伍佰元整",
        "预付款",
        "3,000.00",
        "到货款",
        "通过",
        "（未签订）",
    ):
        assert expected in text, expected
    client.force_login(cast["head"])
    assert client.get(f"/sales/orders/{order['id']}/print/").status_code == 200
    client.force_login(cast["sales2"])
    assert client.get(f"/sales/orders/{order['id']}/print/").status_code == 404


def test_a_signed_order_prints_its_signing_date(api, ready, products, tmp_path):
    order = signed_order(api, ready, products)
    text = text_of(api("sales1").get(f"/api/orders/{order['id']}/print/").content, tmp_path)
    assert "（未签订）" not in text and "签订日期" in text
