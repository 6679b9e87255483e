"""`/sales/collections/new/`: finance enters a stack of bank slips in a row, keyboard only
(S6.1–S6.2 on a desktop page). One form row (order, date, amount, method, reference) posts to
`services.collection_record` with the form's idempotency key, so a double Enter records one
collection; the running table below lists what this clerk entered today. With htmx the form
and the table are swapped in place; without script the page posts and redirects."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fieldsales.core.errors import ServiceError
from fieldsales.org.access import has_role
from fieldsales.org.models import Role
from fieldsales.sales.orders import entry_selectors, selectors, services
from fieldsales.sales.orders.models import CollectionMethod

MAX_AMOUNT = Decimal("1000000000")  # DecimalField(12, 2): ten digits before the point
FIELDS = ("order", "date", "amount", "method", "reference")


def is_finance(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and has_role(user, Role.FINANCE)


def _require_finance(request: HttpRequest) -> None:
    # The order page shows the collection form to finance only and the service answers 403 to
    # anyone else (S6.1); this page does the same.
    if not is_finance(request.user):
        raise PermissionDenied


def _new_key() -> str:
    return f"entry-{uuid.uuid4().hex}"


def _amount(raw: str) -> Decimal | None:
    """Money as typed ("3,000.00", "¥3000", "3000"): at most two decimals, else None."""
    text = raw.strip()
    for mark in (",", "，", " ", "¥", "￥"):
        text = text.replace(mark, "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite() or abs(amount) >= MAX_AMOUNT:
        return None
    if amount != amount.quantize(Decimal("0.01")):
        return None
    return amount.quantize(Decimal("0.01"))


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


def _context(
    request: HttpRequest,
    *,
    values: dict[str, str],
    choice: Any = None,
    errors: dict[str, str] | None = None,
    key: str = "",
    saved: Any = None,
    repeated: bool = False,
) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "values": values,
        "choice": choice,
        "errors": errors or {},
        "key": key or _new_key(),
        "saved": saved,
        "repeated": repeated,
        "today": today,
        "methods": CollectionMethod.choices,
        "entered": entry_selectors.entered_today(user=request.user, today=today),
    }


def _render(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    template = "sales/orders/collection_entry.html"
    if getattr(request, "htmx", False):
        template = "sales/orders/_collection_entry.html"
    return render(request, template, context, status=status)


def _fresh_values(day: str = "") -> dict[str, str]:
    today = timezone.localdate().isoformat()
    return {
        "order": "",
        "order_text": "",
        "date": day or today,
        "amount": "",
        "method": CollectionMethod.TRANSFER,
        "reference": "",
    }


@login_required
@require_http_methods(["GET", "POST"])
def collection_entry(request: HttpRequest) -> HttpResponse:
    _require_finance(request)
    if request.method == "GET":
        day = _day(request.GET.get("date") or "")
        sticky = day.isoformat() if day is not None and day <= timezone.localdate() else ""
        return _render(request, _context(request, values=_fresh_values(sticky)))
    post = request.POST
    values = {name: (post.get(name) or "").strip() for name in (*FIELDS, "order_text")}
    key = (post.get("key") or "").strip()[:80] or _new_key()
    today = timezone.localdate()
    errors: dict[str, str] = {}
    choice = entry_selectors.order_choice(user=request.user, pk=values["order"], today=today)
    if choice is None:
        choice = entry_selectors.order_by_number(
            user=request.user, text=values["order_text"], today=today
        )
    if choice is None:
        errors["order"] = _("请选择订单：输入订单号或客户名称，从列表中选择（须已签订且未回清）")
    else:
        values["order"] = str(choice.order.pk)
        values["order_text"] = choice.label
    day = _day(values["date"])
    if day is None:
        errors["date"] = _("日期格式须为 YYYY-MM-DD")
    amount = _amount(values["amount"])
    if amount is None:
        errors["amount"] = _("金额须为数字，最多两位小数")
    if errors:
        context = _context(request, values=values, choice=choice, errors=errors, key=key)
        return _render(request, context, status=400)
    assert choice is not None and amount is not None
    try:
        collection, created = services.collection_record(
            order=choice.order,
            actor=request.user,
            day=day,
            amount=amount,
            method=values["method"],
            reference=values["reference"],
            key=key,
        )
    except ServiceError as error:
        field = error.field if error.field in FIELDS else "order"
        context = _context(
            request, values=values, choice=choice, errors={field: error.message}, key=key
        )
        return _render(request, context, status=error.status_code)
    if not getattr(request, "htmx", False):
        if created:
            messages.success(request, _("回款已登记"))
        return redirect(reverse("sales:collection_entry") + f"?date={values['date']}")
    # The next slip: a new key, the same date (a stack of slips is usually one day's).
    context = _context(
        request,
        values=_fresh_values(values["date"]),
        saved=collection,
        repeated=not created,
    )
    return _render(request, context)


@login_required
def collection_entry_orders(request: HttpRequest) -> HttpResponse:
    """The suggestion list under the order field (htmx): up to eight open orders."""
    _require_finance(request)
    rows = entry_selectors.suggest_orders(
        user=request.user, q=request.GET.get("order_text", ""), today=timezone.localdate()
    )
    context = {"rows": rows, "q": request.GET.get("order_text", "")}
    return render(request, "sales/orders/_collection_suggestions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def collection_void_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Void one collection with a reason (S6.1), then back to the entry page."""
    _require_finance(request)
    collection = get_object_or_404(
        selectors.visible_collections(user=request.user).select_related("order__customer"),
        pk=pk,
    )
    back = reverse("sales:collection_entry")
    if collection.voided_at is not None:
        messages.info(request, _("该回款已作废"))
        return redirect(back)
    reason = (request.POST.get("reason") or "").strip()
    error = ""
    if request.method == "POST":
        try:
            services.collection_void(collection=collection, actor=request.user, reason=reason)
        except ServiceError as refused:
            error = refused.message
            status = refused.status_code
        else:
            messages.success(request, _("回款已作废"))
            return redirect(back)
    else:
        status = 200
    context = {"collection": collection, "reason": reason, "error": error}
    return render(request, "sales/orders/collection_void.html", context, status=status)
