"""`/sales/orders/new/?quote=<id>`: an order from an accepted quote (S5.1) on the pages. The
quote page only links here (quotes sit below orders); the order is made by
`services.order_create`, like the API."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core.errors import ServiceError
from fieldsales.sales.orders import services
from fieldsales.sales.quotes.models import Quote, QuoteStatus
from fieldsales.sales.quotes.selectors import visible_quotes

ROWS = 4  # installment rows on the form; empty ones are skipped
MAX_AMOUNT = Decimal("1000000000000")


def _quote(request: HttpRequest) -> Quote:
    raw = request.GET.get("quote") or request.POST.get("quote") or ""
    if not raw.isdigit():
        raise Http404
    quote = visible_quotes(user=request.user).filter(pk=int(raw)).first()
    if quote is None:
        raise Http404
    return quote


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


def _rows(post: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str]:
    """The posted rows as typed (to show again) and as values; a message when one is wrong."""
    typed, rows, problem = [], [], ""
    for n in range(ROWS):
        label = post.get(f"label_{n}", "").strip()
        amount_raw = post.get(f"amount_{n}", "").strip()
        due_raw = post.get(f"due_{n}", "").strip()
        typed.append({"label": label, "amount": amount_raw, "due": due_raw})
        if not (label or amount_raw or due_raw):
            continue
        try:
            amount = Decimal(amount_raw)
        except InvalidOperation:
            amount = None
        if (
            amount is None
            or not amount.is_finite()
            or abs(amount) >= MAX_AMOUNT
            or amount != amount.quantize(Decimal("0.01"))
        ):
            problem = problem or _("第%(n)d个付款节点：金额须为数字，最多两位小数") % {"n": n + 1}
            continue
        due = _day(due_raw)
        if due is None:
            problem = problem or _("第%(n)d个付款节点：请填写到期日") % {"n": n + 1}
            continue
        rows.append({"label": label, "amount": amount, "due": due})
    return typed, rows, problem


@login_required
def order_new(request: HttpRequest) -> HttpResponse:
    quote = _quote(request)
    today = timezone.localdate()
    error = ""
    if request.method == "POST":
        typed, rows, error = _rows(request.POST)
        planned = request.POST.get("planned_delivery", "")
        if not error:
            try:
                order = services.order_create(
                    actor=request.user,
                    data={
                        "quote": quote.pk,
                        "installments": rows,
                        "planned_delivery": _day(planned),
                    },
                )
            except ServiceError as problem:
                error = problem.message
            else:
                return redirect("sales:order_detail", pk=order.pk)
    else:
        typed = [{"label": _("全款"), "amount": f"{quote.total:.2f}", "due": ""}]
        typed += [{"label": "", "amount": "", "due": ""} for _n in range(ROWS - 1)]
        typed[0]["due"] = (today + timedelta(days=30)).isoformat()
        planned = ""
    context = {
        "quote": quote,
        "rows": typed,
        "planned_delivery": planned,
        "error": error,
        "accepted": quote.status == QuoteStatus.ACCEPTED,
    }
    return render(request, "sales/orders/new.html", context, status=400 if error else 200)
