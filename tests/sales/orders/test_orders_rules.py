"""Every rule of S5: installments to the fen, S2.1, quotes, checklist, the GM's step (major,
credit limit), signing and its effects, deliveries, cancelling."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from factories import OpportunityFactory
from orders_support import (
    FULL_CHECKLIST,
    accepted_quote,
    approved_order,
    collect,
    day,
    new_order,
    order_body,
    scan,
    signed_order,
    today,
)

from fieldsales.crm.models import Customer, CustomerKind
from fieldsales.crm.pipeline.models import Opportunity, Stage
from fieldsales.sales.orders import selectors, services
from fieldsales.sales.orders.models import Order
from fieldsales.sales.versions import SalesPolicyVersion

pytestmark = pytest.mark.django_db


def post_order(api, body, user="sales1"):
    return api(user).post("/api/orders/", body, format="json")


# ---------------------------------------------------------------- S5.1


def test_installments_must_add_up_to_the_total_to_the_fen(api, ready, products):
    body = order_body(ready["customer"], products["module"])
    body["installments"][1]["amount"] = "6499.99"
    response = post_order(api, body)
    assert response.status_code == 400
    assert "installments" in response.data
    assert "0.01" in response.data["installments"][0]
    assert not Order.objects.exists()


def test_an_order_without_installments_cannot_be_submitted(api, ready, products):
    order = new_order(api, ready, products, installments=None)
    assert order["installments"] == []
    response = api("sales1").post(f"/api/orders/{order['id']}/submit/")
    assert response.status_code == 400
    assert "installments" in response.data


def test_a_line_below_the_floor_is_refused_naming_s21_and_the_line(api, ready, products):
    body = order_body(ready["customer"], products["module"])
    body["lines"] = [
        {"product": products["inverter"].pk, "quantity": "1", "unit_price": "45000.00"},
        {"product": products["module"].pk, "quantity": "10", "unit_price": "899.99"},
    ]
    response = post_order(api, body)
    assert response.status_code == 400
    assert "S2.1" in response.data["lines"][0]
    assert "第2行" in response.data["lines"][0]


def test_a_distributor_may_go_down_to_the_distributor_minimum(api, ready, products):
    Customer.objects.filter(pk=ready["customer"].pk).update(kind=CustomerKind.DISTRIBUTOR)
    body = order_body(ready["customer"], products["module"])
    body["lines"][0]["unit_price"] = "800.00"
    body["installments"] = [{"label": "全款", "amount": "8000.00", "due": day(10)}]
    response = post_order(api, body)
    assert response.status_code == 201, response.data
    assert response.data["lines"][0]["floor"] == "800.00"


def test_an_order_needs_a_price_list_in_force(api, ready, products):
    ready["price_list"].delete()
    response = post_order(api, order_body(ready["customer"], products["module"]))
    assert response.status_code == 400
    assert "lines" in response.data


def test_a_customer_the_salesperson_cannot_see_is_400(api, ready, products, cast):
    from factories import CustomerFactory, user_with_role

    from fieldsales.org.models import Role

    stranger = CustomerFactory(actor=user_with_role(Role.SALESPERSON))
    response = post_order(api, order_body(stranger, products["module"]))
    assert response.status_code == 400
    assert "customer" in response.data


def test_an_order_from_an_accepted_quote_copies_its_lines_once(api, ready, products, cast):
    quote = accepted_quote(
        ready["customer"], cast["sales1"], ready["price_list"], products["module"]
    )
    body = {
        "quote": quote.pk,
        "installments": [{"label": "全款", "amount": "9500.00", "due": day(30)}],
    }
    created = post_order(api, body)
    assert created.status_code == 201, created.data
    assert created.data["quote"] == quote.pk
    assert created.data["total"] == "9500.00"
    assert created.data["lines"][0]["unit_price"] == "950.00"
    again = post_order(api, body)
    assert again.status_code == 409


def test_a_quote_not_accepted_gives_no_order(api, ready, products, cast):
    quote = accepted_quote(
        ready["customer"], cast["sales1"], ready["price_list"], products["module"]
    )
    quote.status = "sent"
    quote.save(update_fields=["status"])
    response = post_order(api, {"quote": quote.pk})
    assert response.status_code == 409


def test_a_service_creates_and_updates_an_order(ready, products, cast):
    data = {
        "customer": ready["customer"].pk,
        "lines": [
            {
                "product": products["module"].pk,
                "quantity": Decimal("2"),
                "unit_price": Decimal("1000.00"),
            }
        ],
    }
    order = services.order_create(actor=cast["sales1"], data=data)
    assert order.total == Decimal("2000.00")
    services.order_update(
        order=order,
        actor=cast["sales1"],
        data={"installments": [{"label": "全款", "amount": Decimal("2000.00"), "due": today()}]},
    )
    assert order.installments.count() == 1


# ---------------------------------------------------------------- S5.2


def test_every_checklist_item_is_required_to_approve(api, ready, products):
    oid = new_order(api, ready, products)["id"]
    api("sales1").post(f"/api/orders/{oid}/submit/")
    partial = dict(FULL_CHECKLIST, liability=False)
    del partial["delivery"]
    response = api("head").post(
        f"/api/orders/{oid}/approve/", {"checklist": partial}, format="json"
    )
    assert response.status_code == 400
    message = response.data["checklist"][0]
    assert "delivery" in message and "liability" in message and "parties" not in message
    as_list = api("head").post(
        f"/api/orders/{oid}/approve/", {"checklist": list(FULL_CHECKLIST)}, format="json"
    )
    assert as_list.status_code == 200, as_list.data


def test_a_major_order_goes_to_the_gm_after_the_manager(api, ready, products):
    SalesPolicyVersion.objects.create(
        name="测试", effective_from=today() - timedelta(days=1), major_amount=Decimal("9500.00")
    )
    order = approved_order(api, ready, products)
    assert [s["role"] for s in order["chain"]] == ["dept_manager", "gm"]
    assert order["gm_reasons"] == ["major"]


def test_below_major_only_the_manager_reviews(api, ready, products):
    SalesPolicyVersion.objects.create(
        name="测试", effective_from=today() - timedelta(days=1), major_amount=Decimal("9500.01")
    )
    order = approved_order(api, ready, products)
    assert [s["role"] for s in order["chain"]] == ["dept_manager"]


def test_over_the_credit_limit_the_gm_reviews_too(api, ready, products):
    customer = ready["customer"]
    first = signed_order(api, ready, products)  # 9500.00 owed
    collect(api, first["id"], "500.00")  # 9000.00 outstanding
    Customer.objects.filter(pk=customer.pk).update(credit_limit=Decimal("18500.00"))
    fits = new_order(api, ready, products)  # 9000 + 9500 = 18500: not over
    chain = api("sales1").post(f"/api/orders/{fits['id']}/submit/").data["chain"]
    assert [s["role"] for s in chain] == ["dept_manager"]
    Customer.objects.filter(pk=customer.pk).update(credit_limit=Decimal("18499.99"))
    over = new_order(api, ready, products)
    submitted = api("sales1").post(f"/api/orders/{over['id']}/submit/").data
    assert [s["role"] for s in submitted["chain"]] == ["dept_manager", "gm"]
    assert submitted["gm_reasons"] == ["credit_limit"]
    assert selectors.customer_outstanding(customer.pk) == Decimal("9000.00")


def test_no_credit_limit_set_means_no_credit_check(api, ready, products):
    signed_order(api, ready, products)
    order = new_order(api, ready, products)
    chain = api("sales1").post(f"/api/orders/{order['id']}/submit/").data["chain"]
    assert [s["role"] for s in chain] == ["dept_manager"]


def test_services_submit_and_decide(api, ready, products, cast):
    order = Order.objects.get(pk=new_order(api, ready, products)["id"])
    services.order_submit(order=order, actor=cast["sales1"])
    services.order_decide(
        order=order, actor=cast["head"], action="approve", checklist=list(FULL_CHECKLIST)
    )
    assert Order.objects.get(pk=order.pk).status == "approved"


# ---------------------------------------------------------------- S5.3


def test_signing_moves_the_opportunity_and_the_customer(api, ready, products, cast):
    customer = ready["customer"]
    assert customer.kind == CustomerKind.PROSPECT
    opportunity = OpportunityFactory(customer=customer, actor=cast["sales1"])
    assert opportunity.stage == Stage.LEAD_FOUND
    signed_on = day(-3)
    order = signed_order(api, ready, products, signed_on=signed_on, opportunity=opportunity.pk)
    assert order["opportunity"] == opportunity.pk
    assert Opportunity.objects.get(pk=opportunity.pk).stage == Stage.CONTRACT_SIGNED
    customer.refresh_from_db()
    assert customer.kind == CustomerKind.END_CUSTOMER
    assert customer.last_order_signed.isoformat() == signed_on
    assert selectors.last_signed_order_on(customer.pk).isoformat() == signed_on


def test_only_an_approved_order_is_signed(api, ready, products):
    oid = new_order(api, ready, products)["id"]
    response = api("sales1").post(
        f"/api/orders/{oid}/sign/", {"signed_on": day(0), "scan": scan()}, format="multipart"
    )
    assert response.status_code == 409


def test_signed_on_may_not_be_in_the_future_and_the_scan_must_open(api, ready, products):
    oid = approved_order(api, ready, products)["id"]
    future = api("sales1").post(
        f"/api/orders/{oid}/sign/", {"signed_on": day(1), "scan": scan()}, format="multipart"
    )
    assert future.status_code == 400
    assert "signed_on" in future.data
    junk = SimpleUploadedFile("x.pdf", b"%PDF-<html>", content_type="application/pdf")
    bad = api("sales1").post(
        f"/api/orders/{oid}/sign/", {"signed_on": day(0), "scan": junk}, format="multipart"
    )
    assert bad.status_code == 400
    assert "scan" in bad.data
    missing = api("sales1").post(
        f"/api/orders/{oid}/sign/", {"signed_on": day(0)}, format="multipart"
    )
    assert missing.status_code == 400
    assert "scan" in missing.data


def test_the_sign_service_stores_the_scan(api, ready, products, cast):
    order = Order.objects.get(pk=approved_order(api, ready, products)["id"])
    services.order_sign(order=order, actor=cast["sales1"], signed_on=today(), scan=scan())
    order.refresh_from_db()
    assert order.status == "signed" and order.scan.name.endswith(".pdf")


# ---------------------------------------------------------------- S5.4


def test_delivering_more_than_ordered_minus_delivered_is_400(api, ready, products, cast):
    oid = signed_order(api, ready, products)["id"]
    module = products["module"].pk
    url = f"/api/orders/{oid}/deliveries/"
    ok = api("sales1").post(
        url, {"date": day(0), "lines": [{"product": module, "quantity": "7"}]}, format="json"
    )
    assert ok.status_code == 201
    over = api("sales1").post(
        url, {"date": day(0), "lines": [{"product": module, "quantity": "3.001"}]}, format="json"
    )
    assert over.status_code == 400
    assert "lines" in over.data
    other = api("sales1").post(
        url,
        {"date": day(0), "lines": [{"product": products["inverter"].pk, "quantity": "1"}]},
        format="json",
    )
    assert other.status_code == 400
    delivery = services.delivery_record(
        order=Order.objects.get(pk=oid),
        actor=cast["sales1"],
        day=today(),
        lines=[{"product": module, "quantity": Decimal("3")}],
    )
    assert delivery.order.pk == oid
    assert Order.objects.get(pk=oid).status == "delivered"


def test_cancel_only_before_any_delivery_or_collection(api, ready, products, cast):
    fresh = signed_order(api, ready, products)["id"]
    by_author = api("sales1").post(f"/api/orders/{fresh}/cancel/", {"reason": "客户取消"})
    assert by_author.status_code == 403
    no_reason = api("head").post(f"/api/orders/{fresh}/cancel/", {})
    assert no_reason.status_code == 400
    cancelled = api("head").post(f"/api/orders/{fresh}/cancel/", {"reason": "客户取消"})
    assert cancelled.status_code == 200, cancelled.data
    assert cancelled.data["status"] == "cancelled"

    collected = signed_order(api, ready, products)["id"]
    assert collect(api, collected, "100.00").status_code == 201
    assert api("head").post(f"/api/orders/{collected}/cancel/", {"reason": "x"}).status_code == 409

    delivered = signed_order(api, ready, products)["id"]
    api("sales1").post(
        f"/api/orders/{delivered}/deliveries/",
        {"date": day(0), "lines": [{"product": products["module"].pk, "quantity": "1"}]},
        format="json",
    )
    assert api("head").post(f"/api/orders/{delivered}/cancel/", {"reason": "x"}).status_code == 409

    draft = Order.objects.get(pk=new_order(api, ready, products)["id"])
    services.order_cancel(order=draft, actor=cast["gm"], reason="录错")
    assert Order.objects.get(pk=draft.pk).status == "cancelled"


def test_the_checklist_may_come_as_form_fields(api, ready, products):
    oid = new_order(api, ready, products)["id"]
    api("sales1").post(f"/api/orders/{oid}/submit/")
    ticks = {"checklist": ["parties", "amount_and_lines", "delivery", "payment", "liability"]}
    response = api("head").post(f"/api/orders/{oid}/approve/", ticks, format="multipart")
    assert response.status_code == 200, response.data
    assert response.data["status"] == "approved"


def test_top_level_ticks_are_read_too(api, ready, products):
    oid = new_order(api, ready, products)["id"]
    api("sales1").post(f"/api/orders/{oid}/submit/")
    response = api("head").post(
        f"/api/orders/{oid}/approve/", dict(FULL_CHECKLIST, comment="同意"), format="json"
    )
    assert response.status_code == 200, response.data
