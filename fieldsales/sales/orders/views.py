"""The orders pages: a list, and one screen with an order's lines, installments, deliveries,
collections and review; its buttons post to the same services as the API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fieldsales.core.errors import ServiceError
from fieldsales.core.printing import pdf_response
from fieldsales.core.workflow import available_actions, chain_steps
from fieldsales.org.access import has_role
from fieldsales.org.models import Role
from fieldsales.sales.orders import printing, selectors, services
from fieldsales.sales.orders.models import (
    CHECKLIST,
    CHECKLIST_LABELS,
    CollectionMethod,
    OrderStatus,
)

PAGE = 20
MAX_QUANTITY = Decimal("1000000000")  # a quantity field holds 9 digits before the point


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    """Mine or all I may see, by status, by number or customer; paged in the database."""
    user = request.user
    scope = request.GET.get("scope") or "mine"
    status = request.GET.get("status") or ""
    q = (request.GET.get("q") or "").strip()[:60]
    orders = selectors.visible_orders(user=user).select_related("customer", "salesperson")
    if scope == "mine":
        orders = orders.filter(salesperson=user)
    if status in OrderStatus.values:
        orders = orders.filter(status=status)
    if q:
        orders = orders.filter(selectors.search_q(q))
    page = Paginator(orders.order_by("-created_at", "-pk"), PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "sales/orders/list.html",
        {
            "page": page,
            "orders": page.object_list,
            "scope": scope,
            "status": status,
            "q": q,
            "statuses": OrderStatus.choices,
        },
    )


@login_required
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(selectors.visible_orders(user=request.user), pk=pk)
    today = timezone.localdate()
    states = selectors.installment_states(order, today)
    collected = selectors.collected_total(order.pk)
    delivered = selectors.delivered_quantities(order)
    lines = [
        {
            "line": line,
            "delivered": delivered.get(line.product_id, Decimal("0")),
            "left": line.quantity - delivered.get(line.product_id, Decimal("0")),
        }
        for line in order.lines.select_related("product")
    ]
    actions = available_actions(order, request.user)
    context = {
        "order": order,
        "lines": lines,
        "installments": states,
        "collected": collected,
        "outstanding": order.total - collected,
        "deliveries": order.deliveries.prefetch_related("lines__product"),
        "collections": order.collections.select_related("recorded_by"),
        "chain": chain_steps(order),
        "actions": actions,
        "can_deliver": "deliver_part" in actions or "deliver_all" in actions,
        "checklist": [(item, CHECKLIST_LABELS[item]) for item in CHECKLIST],
        "methods": CollectionMethod.choices,
        "is_finance": has_role(request.user, Role.FINANCE),
        "today": today,
        "printable": not printing.refusal(order),
    }
    return render(request, "sales/orders/detail.html", context)


def _back(pk: int) -> HttpResponse:
    return redirect("sales:order_detail", pk=pk)


@login_required
@require_POST
def order_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """submit, approve, reject, cancel from the detail page."""
    order = get_object_or_404(selectors.visible_orders(user=request.user), pk=pk)
    post = request.POST
    try:
        if action == "submit":
            services.order_submit(order=order, actor=request.user)
        elif action in ("approve", "reject"):
            services.order_decide(
                order=order,
                actor=request.user,
                action=action,
                comment=post.get("comment", ""),
                checklist=post.getlist("checklist"),
            )
        elif action == "cancel":
            services.order_cancel(order=order, actor=request.user, reason=post.get("reason", ""))
        else:
            messages.error(request, _("不支持的操作"))
            return _back(pk)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已完成"))
    return _back(pk)


def _day(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw or "")
    except ValueError:
        return None


@login_required
@require_POST
def order_sign_page(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(selectors.visible_orders(user=request.user), pk=pk)
    try:
        services.order_sign(
            order=order,
            actor=request.user,
            signed_on=_day(request.POST.get("signed_on")),
            scan=request.FILES.get("scan"),
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("合同已签订"))
    return _back(pk)


@login_required
@require_POST
def order_collect_page(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(selectors.visible_orders(user=request.user), pk=pk)
    try:
        amount = Decimal((request.POST.get("amount") or "").strip())
    except InvalidOperation:
        messages.error(request, _("金额须为数字，最多两位小数"))
        return _back(pk)
    if (
        not amount.is_finite()
        or abs(amount) >= MAX_QUANTITY
        or amount != amount.quantize(Decimal("0.01"))
    ):
        messages.error(request, _("金额须为数字，最多两位小数"))
        return _back(pk)
    try:
        services.collection_record(
            order=order,
            actor=request.user,
            day=_day(request.POST.get("date")),
            amount=amount,
            method=request.POST.get("method", ""),
            reference=request.POST.get("reference", ""),
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("回款已登记"))
    return _back(pk)


@login_required
@require_POST
def order_deliver_page(request: HttpRequest, pk: int) -> HttpResponse:
    """S5.4 from the detail page: a quantity per product still to deliver."""
    order = get_object_or_404(selectors.visible_orders(user=request.user), pk=pk)
    lines = []
    for key, raw in request.POST.items():
        if not key.startswith("qty_") or not raw.strip():
            continue
        try:
            quantity = Decimal(raw.strip())
            product = int(key[4:])
        except (InvalidOperation, ValueError):
            messages.error(request, _("数量须为数字"))
            return _back(pk)
        if (
            not quantity.is_finite()
            or abs(quantity) >= MAX_QUANTITY
            or quantity != quantity.quantize(Decimal("0.001"))
        ):
            messages.error(request, _("数量须为数字，最多三位小数"))
            return _back(pk)
        lines.append({"product": product, "quantity": quantity})
    try:
        services.delivery_record(
            order=order, actor=request.user, day=_day(request.POST.get("date")), lines=lines
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("发货已登记"))
    return _back(pk)


@login_required
def order_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The 销售合同 summary (A4); before the review approved it the page says why (409)."""
    order = get_object_or_404(selectors.visible_orders(user=request.user), pk=pk)
    reason = printing.refusal(order)
    if reason:
        messages.error(request, reason)
        response = redirect("sales:order_detail", pk=order.pk)
        return response
    return pdf_response(printing.order_pdf(order), f"销售合同-{order.number}.pdf")
