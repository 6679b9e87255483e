"""Builders shared by the work-log tests (D3): a day's real visit, signed order, collection and
service step made through their services, then dated to a chosen working day (the services
refuse other days than today, so the rows are moved afterwards, as a day gone by)."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factories import CustomerFactory, VisitFactory
from helpers import tiny_pdf

from fieldsales.crm.service.models import ServiceStep
from fieldsales.crm.service.services import service_request_open, service_request_step
from fieldsales.crm.visits.models import Visit
from fieldsales.crm.visits.services import visit_check_in
from fieldsales.sales.catalogue.models import (
    PriceList,
    PriceListLine,
    PriceListStatus,
    Product,
    ProductCategory,
)
from fieldsales.sales.orders import services as orders
from fieldsales.sales.orders.models import CHECKLIST, Collection, Order

TZ = timezone.get_default_timezone()


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """An aware moment in the company's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)), TZ)


def checked_in_visit(cast, *, day: date | None = None, customer_name="日志测试光伏有限公司"):
    """sales1's visit planned and checked in today, moved to `day` (09:30) when given."""
    customer = CustomerFactory(actor=cast["sales1"], name=customer_name)
    visit = VisitFactory(customer=customer, actor=cast["sales1"], purpose="介绍新组件")
    visit = visit_check_in(visit=visit, actor=cast["sales1"], latitude="30.25", longitude="120.16")
    if day is not None:
        Visit.objects.filter(pk=visit.pk).update(date=day, check_in_at=at(day, 9, 30))
        visit.refresh_from_db()
    return visit


def signed_order(cast, *, total="9500.00") -> Order:
    """sales1's order for 10 modules at 950.00, reviewed and signed today."""
    today = timezone.localdate()
    category, _ = ProductCategory.objects.get_or_create(name="日志测试类别")
    product, _ = Product.objects.get_or_create(
        code="WL-MOD", defaults={"name": "日志测试组件", "unit": "块", "category": category}
    )
    if not PriceListLine.objects.filter(product=product).exists():
        prices = PriceList.objects.create(
            status=PriceListStatus.APPROVED,
            seq=(PriceList.objects.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1,
            name="日志测试价格表",
            effective=today,
            created_by=cast["head"],
        )
        PriceListLine.objects.create(
            price_list=prices,
            product=product,
            market=Decimal("1000.00"),
            factory_min=Decimal("900.00"),
            distributor_min=Decimal("800.00"),
        )
    customer = CustomerFactory(actor=cast["sales1"], name="日志订单光伏有限公司")
    order = orders.order_create(
        actor=cast["sales1"],
        data={
            "customer": customer.pk,
            "lines": [
                {"product": product.pk, "quantity": Decimal("10"), "unit_price": Decimal("950")}
            ],
            "installments": [{"label": "全款", "amount": Decimal(total), "due": today}],
        },
    )
    order = orders.order_submit(order=order, actor=cast["sales1"])
    users = type(cast["sales1"]).objects
    while order.status == "submitted":
        order = orders.order_decide(
            order=order,
            actor=users.get(pk=order.pending_user_id),
            action="approve",
            checklist=list(CHECKLIST),
        )
    scan = SimpleUploadedFile("contract.pdf", tiny_pdf(), content_type="application/pdf")
    return orders.order_sign(order=order, actor=cast["sales1"], signed_on=today, scan=scan)


def day_of_business(cast, day: date) -> dict:
    """On `day`, sales1: a visit checked in, an order signed, 3,000.00 collected on it and a
    service step taken; every row made through its service and then dated to `day`."""
    visit = checked_in_visit(cast, day=day)
    order = signed_order(cast)
    collection, _ = orders.collection_record(
        order=order,
        actor=cast["finance"],
        day=timezone.localdate(),
        amount=Decimal("3000.00"),
        method="transfer",
    )
    request = service_request_open(
        actor=cast["sales1"],
        customer=visit.customer,
        data={"kind": "service", "title": "逆变器报警", "description": "客户反映逆变器报警"},
    )
    request = service_request_step(request=request, actor=cast["sales1"], note="电话指导复位")
    Order.objects.filter(pk=order.pk).update(signed_on=day, created_at=at(day, 11))
    Collection.objects.filter(pk=collection.pk).update(date=day)
    ServiceStep.objects.filter(request=request).update(at=at(day, 15))
    return {"visit": visit, "order": order, "collection": collection, "request": request}
