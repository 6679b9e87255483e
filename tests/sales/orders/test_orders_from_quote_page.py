"""An order from an accepted quote on the pages: the quote page links to the small order form,
which creates the order through order_create and opens it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from orders_support import accepted_quote, day

from fieldsales.sales.orders.models import Order
from fieldsales.sales.quotes.models import QuoteStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def quote(ready, products, cast):
    return accepted_quote(
        ready["customer"], cast["sales1"], ready["price_list"], products["module"]
    )


def form(**rows):
    body = {"planned_delivery": day(20)}
    body.update(rows)
    return body


def test_quote_page_links_to_the_order_form(client, cast, quote):
    client.force_login(cast["sales1"])
    html = client.get(f"/sales/quotes/{quote.pk}/").content.decode()
    assert f"/sales/orders/new/?quote={quote.pk}" in html and "生成订单" in html
    page = client.get(f"/sales/orders/new/?quote={quote.pk}")
    assert page.status_code == 200
    assert "9500.00" in page.content.decode()


def test_no_link_unless_accepted(client, cast, quote):
    quote.status = QuoteStatus.SENT
    quote.save(update_fields=["status"])
    client.force_login(cast["sales1"])
    assert "/sales/orders/new/" not in client.get(f"/sales/quotes/{quote.pk}/").content.decode()
    response = client.post(
        f"/sales/orders/new/?quote={quote.pk}",
        form(label_0="全款", amount_0="9500.00", due_0=day(30)),
    )
    assert response.status_code == 400
    assert not Order.objects.exists()


def test_the_form_creates_the_order_and_opens_it(client, cast, quote):
    client.force_login(cast["sales1"])
    response = client.post(
        f"/sales/orders/new/?quote={quote.pk}",
        form(
            label_0="预付款",
            amount_0="3000.00",
            due_0=day(10),
            label_1="到货款",
            amount_1="6500.00",
            due_1=day(40),
        ),
    )
    order = Order.objects.get(quote=quote)
    assert response.status_code == 302
    assert response["Location"] == f"/sales/orders/{order.pk}/"
    assert order.total == Decimal("9500.00")
    assert [i.amount for i in order.installments.order_by("position")] == [
        Decimal("3000.00"),
        Decimal("6500.00"),
    ]
    assert order.planned_delivery.isoformat() == day(20)
    again = client.post(
        f"/sales/orders/new/?quote={quote.pk}", form(label_0="全款", amount_0="9500", due_0=day(9))
    )
    assert again.status_code == 400 and "已生成订单" in again.content.decode()


def test_installments_must_add_up(client, cast, quote):
    client.force_login(cast["sales1"])
    response = client.post(
        f"/sales/orders/new/?quote={quote.pk}",
        form(label_0="预付款", amount_0="3000.00", due_0=day(10)),
    )
    assert response.status_code == 400
    assert "S5.1" in response.content.decode()
    assert 'value="3000.00"' in response.content.decode()
    assert not Order.objects.exists()


@pytest.mark.parametrize("amount", ["abc", "1e400", "1.001", "NaN"])
def test_bad_amounts_are_400(client, cast, quote, amount):
    client.force_login(cast["sales1"])
    response = client.post(
        f"/sales/orders/new/?quote={quote.pk}", form(label_0="全款", amount_0=amount, due_0=day(9))
    )
    assert response.status_code == 400
    assert not Order.objects.exists()


def test_someone_elses_quote_is_404(client, cast, quote):
    client.force_login(cast["sales2"])
    assert client.get(f"/sales/orders/new/?quote={quote.pk}").status_code == 404
    assert client.get("/sales/orders/new/?quote=x").status_code == 404
    assert client.get("/sales/orders/new/").status_code == 404
