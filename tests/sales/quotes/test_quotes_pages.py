"""The quote pages: list, new (from a customer or an opportunity), detail with the chain and
the distance below market, actions, print (409 page before approval), inbox, customer and
opportunity pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fieldsales.crm.models import Opportunity
from fieldsales.sales.models import Quote

pytestmark = pytest.mark.django_db


def client_for(client, cast, username):
    client.force_login(cast[username])
    return client


def post_new(client, catalogue, customer, price="800.00", **extra):
    product = catalogue["products"]["TQ-M550"].pk
    body = {
        "customer": customer.pk,
        "product": [product],
        "quantity": ["10"],
        "unit_price": [price],
        "valid_until": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "delivery_terms": "送货到现场",
    } | extra
    return client.post("/sales/quotes/new/", body)


def test_new_quote_page_lists_the_price_list_products_and_prefills(
    client, cast, catalogue, end_customer
):
    opportunity = Opportunity.objects.create(
        customer=end_customer, owner=cast["sales1"], title="屋顶电站"
    )
    page = client_for(client, cast, "sales1").get(
        f"/sales/quotes/new/?opportunity={opportunity.pk}"
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "单晶组件 550W" in html and "停售组件" not in html
    assert f'value="{opportunity.pk}"' in html and "屋顶电站" in html
    assert client.get(f"/sales/quotes/new/?customer={end_customer.pk}").status_code == 200
    assert client.get("/sales/quotes/new/?customer=abc&inquiry=x").status_code == 200


def test_create_submit_approve_from_the_pages(client, cast, catalogue, end_customer):
    response = post_new(client_for(client, cast, "sales1"), catalogue, end_customer)
    quote = Quote.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/sales/quotes/{quote.pk}/"
    detail = client.get(f"/sales/quotes/{quote.pk}/").content.decode()
    assert "低于市场价 20.0%" in detail and "badge-danger" in detail
    assert "提交审核" in detail
    assert client.post(f"/sales/quotes/{quote.pk}/submit/").status_code == 302
    quote.refresh_from_db()
    assert quote.status == "submitted"
    head = client_for(client, cast, "head")
    inbox = head.get("/approvals/").content.decode()
    assert quote.number in inbox and "报价单" in inbox and "低于市场价超过审核幅度" in inbox
    page = head.get(f"/sales/quotes/{quote.pk}/").content.decode()
    assert "等待审批" in page and "同意" in page
    head.post(f"/sales/quotes/{quote.pk}/approve/", {"comment": ""})
    gm = client_for(client, cast, "gm")
    gm.post(f"/sales/quotes/{quote.pk}/approve/", {"comment": "同意"})
    quote.refresh_from_db()
    assert quote.status == "approved"
    printed = gm.get(f"/sales/quotes/{quote.pk}/print/")
    assert printed.status_code == 200 and printed["Content-Type"] == "application/pdf"
    quote.refresh_from_db()
    assert quote.status == "sent"
    trail = gm.get(f"/sales/quotes/{quote.pk}/").content.decode()
    assert "打印了报价单" in trail and "打印后标记为已发出" in trail


def test_floor_refusal_re_renders_the_form_with_the_rule(client, cast, catalogue, end_customer):
    response = post_new(client_for(client, cast, "sales1"), catalogue, end_customer, price="799.99")
    assert response.status_code == 400
    html = response.content.decode()
    assert "S2.1 第1行" in html and 'value="799.99"' in html
    assert not Quote.objects.exists()


def test_print_before_approval_is_409_and_says_why(client, cast, catalogue, end_customer):
    post_new(client_for(client, cast, "sales1"), catalogue, end_customer)
    quote = Quote.objects.get()
    response = client.get(f"/sales/quotes/{quote.pk}/print/")
    assert response.status_code == 409
    assert "S4.4" in response.content.decode()


def test_list_filters_and_visibility(client, cast, catalogue, end_customer):
    post_new(client_for(client, cast, "sales1"), catalogue, end_customer)
    quote = Quote.objects.get()
    assert quote.number in client.get("/sales/quotes/").content.decode()
    assert quote.number not in client.get("/sales/quotes/?status=expired").content.decode()
    assert client.get("/sales/quotes/?status=bad&page=x").status_code == 200
    assert (
        quote.number
        in client_for(client, cast, "head").get("/sales/quotes/?scope=visible").content.decode()
    )
    assert client_for(client, cast, "sales2").get(f"/sales/quotes/{quote.pk}/").status_code == 404
    assert client_for(client, cast, "tech").get("/sales/quotes/").status_code == 404


def test_customer_and_opportunity_pages_show_quotes(client, cast, catalogue, end_customer):
    opportunity = Opportunity.objects.create(
        customer=end_customer, owner=cast["sales1"], title="屋顶电站"
    )
    post_new(
        client_for(client, cast, "sales1"), catalogue, end_customer, opportunity=opportunity.pk
    )
    quote = Quote.objects.get()
    customer_page = client.get(f"/crm/customers/{end_customer.pk}/").content.decode()
    assert quote.number in customer_page
    assert f"/sales/quotes/new/?customer={end_customer.pk}" in customer_page
    opportunity_page = client.get(f"/crm/opportunities/{opportunity.pk}/").content.decode()
    assert quote.number in opportunity_page
    assert f"/sales/quotes/new/?opportunity={opportunity.pk}" in opportunity_page


def test_edit_rejected_then_expired_and_revise_from_the_pages(
    client, cast, catalogue, end_customer
):
    sales1 = client_for(client, cast, "sales1")
    post_new(sales1, catalogue, end_customer, price="1000.00")
    quote = Quote.objects.get()
    assert sales1.get(f"/sales/quotes/{quote.pk}/edit/").status_code == 200
    sales1.post(f"/sales/quotes/{quote.pk}/submit/")
    assert sales1.get(f"/sales/quotes/{quote.pk}/edit/").status_code == 409
    client_for(client, cast, "head").post(f"/sales/quotes/{quote.pk}/approve/", {"comment": ""})
    Quote.objects.filter(pk=quote.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    sales1 = client_for(client, cast, "sales1")
    page = sales1.get(f"/sales/quotes/{quote.pk}/").content.decode()
    assert "已过期" in page and "S4.3" in page and f"/sales/quotes/{quote.pk}/accept/" not in page
    response = sales1.post(f"/sales/quotes/{quote.pk}/revise/")
    new = Quote.objects.get(revision=2)
    assert response["Location"] == f"/sales/quotes/{new.pk}/"
    assert sales1.get(f"/sales/quotes/{new.pk}/edit/").status_code == 200
    assert sales1.post(f"/sales/quotes/{quote.pk}/nonsense/").status_code == 404
