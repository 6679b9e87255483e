"""S1.3 as read here: admin runs the system, not the prices: no price list, no quote (each line
shows its floor), no order; technical and purchasing staff neither."""

from __future__ import annotations

import pytest

from fieldsales.demo import sales_quotes
from fieldsales.sales.models import Quote

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["admin", "tech", "buyer"])
def test_no_prices_quotes_or_orders(api, cast, username):
    sales_quotes.load(cast)
    quote = Quote.objects.exclude(status="draft").first()
    assert api("gm").get(f"/api/quotes/{quote.pk}/").status_code == 200
    client = api(username)
    assert client.get("/api/price-lists/current/").status_code == 403
    assert client.get(f"/api/quotes/{quote.pk}/").status_code == 404
    assert client.get("/api/quotes/").status_code == 404  # not a quoting role
    assert client.get("/api/orders/").data["count"] == 0
