"""What orders plugs into the shared pages at start-up (SalesConfig.ready): the review chain
(S5.2), the contracts' inbox source and the orders tab."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fieldsales.core.inbox import InboxSource, model_numbers, register_source
from fieldsales.core.registry import PageBlock, register_block
from fieldsales.sales.sections import Section, register_section


def _number(pk: int, created_at: datetime) -> str:
    from fieldsales.sales.orders.models import Order

    order = Order.objects.filter(pk=pk).only("year", "seq").first()
    return order.number if order is not None else ""


def _status_label(code: str) -> str:
    from fieldsales.sales.orders.models import OrderStatus

    return str(dict(OrderStatus.choices).get(code, code))


def _waiting(user: Any) -> QuerySet[Any]:
    from fieldsales.sales.orders import selectors

    return selectors.orders_waiting(user)


def _returned(user: Any) -> QuerySet[Any]:
    from fieldsales.sales.orders.models import Order, OrderStatus

    return Order.objects.filter(salesperson=user, status=OrderStatus.REJECTED)


def _started(user: Any) -> QuerySet[Any]:
    from fieldsales.sales.orders.models import Order

    return Order.objects.filter(salesperson=user, submitted_at__isnull=False)


def _search(q: str) -> Q:
    return Q(customer__name__icontains=q)


def _uses_orders(user: Any) -> bool:
    from fieldsales.crm.customers.rules import is_sales
    from fieldsales.org.access import has_role
    from fieldsales.org.models import Role

    return is_sales(user) or has_role(user, Role.FINANCE, Role.GM)


SOURCE = InboxSource(
    name="sales.order",
    kind="order",
    label=_("合同"),
    waiting=_waiting,
    page_url="sales:order_detail",
    api_path="/api/orders/{id}/",
    number=_number,
    numbers=model_numbers("sales.Order", "year", "seq"),
    person="salesperson",
    amount="total",
    status_labels=_status_label,
    order=60,
    returned=_returned,
    started=_started,
    decided=True,
    subject=lambda: F("customer__name"),
    search=_search,
)


def _is_finance(user: Any) -> bool:
    from fieldsales.org.access import has_role
    from fieldsales.org.models import Role

    return has_role(user, Role.FINANCE)


def _home_installments(request: Any) -> dict[str, Any]:
    from django.utils import timezone

    from fieldsales.sales.orders import selectors

    today = timezone.localdate()
    return {
        "installments": selectors.installments_to_chase(user=request.user, today=today),
        "today": today,
    }


def _is_sales(user: Any) -> bool:
    from fieldsales.crm.customers.rules import is_sales

    return is_sales(user)


HOME = PageBlock(
    "home",
    "sales.orders.installments",
    "sales/orders/_home_installments.html",
    30,
    _home_installments,
    _is_sales,
)


def register() -> None:
    from fieldsales.crm.sheets.figures import register_weekly_figures
    from fieldsales.notifications.exports import register_export
    from fieldsales.sales.orders import chains, rates, reminders
    from fieldsales.sales.orders.receivables import RECEIVABLES_EXPORT, receivables_file

    register_export(RECEIVABLES_EXPORT, _("应收账款"), receivables_file)
    chains.register()
    reminders.register()
    register_weekly_figures(rates.week_money)
    register_source(SOURCE)
    register_block(HOME)
    register_section(Section("sales:order_list", _("订单"), 40, _uses_orders))
    register_section(Section("sales:collection_entry", _("回款登记"), 44, _is_finance))
    register_section(Section("sales:receivables", _("应收"), 45, _uses_orders))
    register_section(Section("sales:collection_rate", _("回款率"), 47, _uses_orders))
    from fieldsales.crm.customers.related import (
        CUSTOMER,
        OPPORTUNITY,
        RelatedBlock,
        register_related,
    )
    from fieldsales.sales.orders.related import context_for

    for page in (CUSTOMER, OPPORTUNITY):
        template = "sales/orders/_related.html"
        register_related(RelatedBlock(page, "sales.orders", template, context_for(page), 25))
