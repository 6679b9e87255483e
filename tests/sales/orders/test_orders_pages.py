"""The order pages: the list, one screen with installments, deliveries and collections, and its
buttons (review with the checklist, sign, deliver, collect, cancel)."""

from __future__ import annotations

import pytest
from orders_support import (
    FULL_CHECKLIST,
    approved_order,
    day,
    new_order,
    scan,
    signed_order,
    today,
)

from fieldsales.sales.orders.models import Collection, Order

pytestmark = pytest.mark.django_db


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_list_and_detail_pages(client, api, cast, ready, products):
    order = signed_order(api, ready, products)
    listed = page(client, cast["sales1"], "/sales/orders/")
    assert listed.status_code == 200
    assert order["number"] in listed.content.decode()
    detail = page(client, cast["sales1"], f"/sales/orders/{order['id']}/")
    html = detail.content.decode()
    assert detail.status_code == 200
    assert "预付款" in html and "到货款" in html and "登记发货" in html
    assert page(client, cast["sales2"], f"/sales/orders/{order['id']}/").status_code == 404


def test_review_from_the_page_needs_every_tick(client, api, cast, ready, products):
    oid = new_order(api, ready, products)["id"]
    client.force_login(cast["sales1"])
    client.post(f"/sales/orders/{oid}/submit/")
    assert Order.objects.get(pk=oid).status == "submitted"
    client.force_login(cast["head"])
    assert "合同双方" in client.get(f"/sales/orders/{oid}/").content.decode()
    client.post(f"/sales/orders/{oid}/approve/", {"checklist": ["parties"]})
    assert Order.objects.get(pk=oid).status == "submitted"
    client.post(f"/sales/orders/{oid}/approve/", {"checklist": list(FULL_CHECKLIST)})
    assert Order.objects.get(pk=oid).status == "approved"


def test_sign_deliver_and_collect_from_the_page(client, api, cast, ready, products):
    oid = approved_order(api, ready, products)["id"]
    client.force_login(cast["sales1"])
    client.post(f"/sales/orders/{oid}/sign/", {"signed_on": day(0), "scan": scan()})
    assert Order.objects.get(pk=oid).status == "signed"
    module = products["module"].pk
    client.post(f"/sales/orders/{oid}/deliver/", {"date": day(0), f"qty_{module}": "1e99"})
    client.post(f"/sales/orders/{oid}/deliver/", {"date": day(0), f"qty_{module}": "0.0001"})
    assert not Order.objects.get(pk=oid).deliveries.exists()
    client.post(f"/sales/orders/{oid}/deliver/", {"date": day(0), f"qty_{module}": "10"})
    assert Order.objects.get(pk=oid).status == "delivered"
    client.force_login(cast["finance"])
    assert "登记回款" in client.get(f"/sales/orders/{oid}/").content.decode()
    client.post(f"/sales/orders/{oid}/collect/", {"date": day(0), "amount": "abc"})
    body = {"date": day(0), "amount": "9500.00", "method": "transfer", "reference": "P1"}
    client.post(f"/sales/orders/{oid}/collect/", body)
    assert Collection.objects.filter(order_id=oid).count() == 1
    assert Order.objects.get(pk=oid).status == "completed"


def test_cancel_from_the_page(client, api, cast, ready, products):
    oid = new_order(api, ready, products)["id"]
    client.force_login(cast["head"])
    client.post(f"/sales/orders/{oid}/cancel/", {"reason": ""})
    assert Order.objects.get(pk=oid).status == "draft"
    client.post(f"/sales/orders/{oid}/cancel/", {"reason": "客户放弃"})
    assert Order.objects.get(pk=oid).status == "cancelled"
    assert client.post(f"/sales/orders/{oid}/other/").status_code == 302


def test_home_shows_installments_due_soon_and_overdue(client, api, cast, ready, products):
    from datetime import timedelta

    from fieldsales.sales.orders.models import Installment
    from fieldsales.sales.orders.selectors import installments_to_chase

    oid = signed_order(api, ready, products)["id"]  # due in 10 and 40 days
    assert installments_to_chase(user=cast["sales1"], today=today()) == []
    soon = installments_to_chase(user=cast["sales1"], today=today() + timedelta(days=3))
    assert [i.label for i in soon] == ["预付款"]
    Installment.objects.filter(order_id=oid, label="预付款").update(due=today() - timedelta(days=1))
    html = page(client, cast["head"], "/").content.decode()
    assert "待回款" in html and "逾期" in html
    assert "待回款" not in page(client, cast["sales2"], "/").content.decode()
