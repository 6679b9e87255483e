"""The quote pages (phone first): list, new/edit with the product picker, detail, actions,
print."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core.actions import action_view
from fieldsales.core.api import id_param
from fieldsales.core.audit import audit_trail
from fieldsales.core.errors import ServiceError
from fieldsales.core.printing import pdf_response
from fieldsales.crm.customers.forms import CustomerChoiceForm
from fieldsales.crm.models import Opportunity
from fieldsales.sales.chains import quote_gm_reasons
from fieldsales.sales.quotes import pages, pricing, printing, rules, selectors, services
from fieldsales.sales.quotes.models import EXPIRED, Quote, QuoteStatus
from fieldsales.sales.versions import sales_params_on

PAGE_SIZE = 20
STATUS_FILTERS = [*QuoteStatus.choices, (EXPIRED, "已过期")]


def _gate(request: HttpRequest) -> None:
    if not rules.uses_quotes(request.user):
        raise Http404


def _quote(request: HttpRequest, pk: int) -> Quote:
    _gate(request)
    quote = selectors.visible_quotes(user=request.user).filter(pk=pk).first()
    if quote is None:
        raise Http404
    return quote


@login_required
def quote_list(request: HttpRequest) -> HttpResponse:
    _gate(request)
    user = request.user
    scope = request.GET.get("scope") or "mine"
    status = request.GET.get("status") or ""
    quotes = selectors.visible_quotes(user=user)
    if scope == "mine":
        quotes = quotes.filter(salesperson=user)
    quotes = selectors.filtered(quotes, status=status)
    page = Paginator(quotes.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {"quote": q, "status": q.shown_status(), "tone": pages.tone(q.shown_status())} for q in page
    ]
    return render(
        request,
        "sales/quotes/list.html",
        {
            "section": "quotes",
            "page": page,
            "rows": rows,
            "scope": scope,
            "status": status,
            "statuses": STATUS_FILTERS,
            "may_create": bool(rules.can_create(user)),
        },
    )


def _form_context(request: HttpRequest, initial: dict[str, Any]) -> dict[str, Any]:
    today = timezone.localdate()
    price_list = pricing.price_list_in_force(today)
    products = pricing.priced_products(price_list)
    by_id = {str(item["product"].pk): item for item in products}  # type: ignore[attr-defined]
    rows = [
        {"item": by_id[pid], "quantity": quantity, "unit_price": price}
        for pid, quantity, price in initial.get("line_rows", [])
        if pid in by_id
    ]
    return {
        "section": "quotes",
        "price_list": price_list,
        "products": products,
        "rows": rows,
        "customer_choice": CustomerChoiceForm(
            initial={"customer": initial.get("customer")},
            user=request.user,
            scope="active",
            attrs={"data-customer": ""},
        )["customer"],
        "form": initial,
        "deep_discount_pct": sales_params_on(today).deep_discount_pct,
    }


def _posted(request: HttpRequest) -> dict[str, Any]:
    post = request.POST
    valid_until = None
    try:
        valid_until = date.fromisoformat(post.get("valid_until", "").strip())
    except ValueError:
        valid_until = None
    return {
        "customer": id_param(post.get("customer")),
        "inquiry": id_param(post.get("inquiry")),
        "opportunity": id_param(post.get("opportunity")),
        "lines": pages.posted_lines(post),
        "valid_until": valid_until,
        "delivery_terms": post.get("delivery_terms", ""),
        "payment_terms": post.get("payment_terms", ""),
        "note": post.get("note", ""),
    }


def _form_values(data: dict[str, Any], post: Any = None) -> dict[str, Any]:
    values = dict(data)
    if post is not None:
        values["line_rows"] = list(
            zip(
                post.getlist("product"),
                post.getlist("quantity"),
                post.getlist("unit_price"),
                strict=False,
            )
        )
    return values


@login_required
def quote_new(request: HttpRequest) -> HttpResponse:
    _gate(request)
    if not rules.can_create(request.user):
        raise Http404
    error = None
    if request.method == "POST":
        data = _posted(request)
        try:
            quote = services.quote_create(actor=request.user, data=data)
        except ServiceError as refused:
            error = refused
            initial = _form_values(data, request.POST)
        else:
            return redirect("sales:quote_detail", pk=quote.pk)
    else:
        initial = _initial(request)
    context = _form_context(request, initial) | {"error": error, "title": _("新建报价单")}
    return render(request, "sales/quotes/form.html", context, status=400 if error else 200)


def _initial(request: HttpRequest) -> dict[str, Any]:
    """?customer=, ?opportunity= or ?inquiry= preselect what the quote is for."""
    initial: dict[str, Any] = {
        "valid_until": timezone.localdate() + timedelta(days=30),
        "line_rows": [],
    }
    customer = id_param(request.GET.get("customer"))
    opportunity_id = id_param(request.GET.get("opportunity"))
    inquiry_id = id_param(request.GET.get("inquiry"))
    if opportunity_id:
        opportunity = Opportunity.objects.filter(pk=opportunity_id).first()
        if opportunity is not None:
            initial["opportunity"] = opportunity.pk
            initial["opportunity_title"] = opportunity.title
            customer = opportunity.customer_id
    if inquiry_id:
        inquiry = selectors.visible_inquiry(request.user, inquiry_id)
        if inquiry is not None:
            initial["inquiry"] = inquiry.pk
            initial["inquiry_number"] = inquiry.number
            customer = inquiry.customer_id
    initial["customer"] = customer
    return initial


@login_required
def quote_edit(request: HttpRequest, pk: int) -> HttpResponse:
    quote = _quote(request, pk)
    verdict = rules.can_edit(request.user, quote)
    if not verdict:
        return _refused(request, quote, verdict.reason, 409 if verdict.status == 409 else 403)
    error = None
    if request.method == "POST":
        data = _posted(request)
        try:
            services.quote_update(quote=quote, actor=request.user, data=data)
        except ServiceError as refused:
            error = refused
            initial = _form_values(data, request.POST)
        else:
            return redirect("sales:quote_detail", pk=quote.pk)
    else:
        initial = {
            "customer": quote.customer_id,
            "inquiry": quote.inquiry_id,
            "inquiry_number": quote.inquiry.number if quote.inquiry else "",
            "opportunity": quote.opportunity_id,
            "opportunity_title": quote.opportunity.title if quote.opportunity else "",
            "valid_until": quote.valid_until,
            "delivery_terms": quote.delivery_terms,
            "payment_terms": quote.payment_terms,
            "note": quote.note,
            "line_rows": [
                (str(line.product_id), f"{line.quantity.normalize():f}", f"{line.unit_price:.2f}")
                for line in quote.lines.all()
            ],
        }
    context = _form_context(request, initial) | {
        "error": error,
        "quote": quote,
        "title": _("修改报价单 %(number)s") % {"number": quote.number},
    }
    return render(request, "sales/quotes/form.html", context, status=400 if error else 200)


def _refused(request: HttpRequest, quote: Quote, reason: str, status: int) -> HttpResponse:
    return render(
        request,
        "sales/quotes/refused.html",
        {"section": "quotes", "quote": quote, "reason": reason},
        status=status,
    )


@login_required
def quote_detail(request: HttpRequest, pk: int) -> HttpResponse:
    quote = _quote(request, pk)
    user = request.user
    params = sales_params_on(quote.quoted_on)
    lines = [
        {
            "line": line,
            "tone": "danger"
            if line.below_market_pct > params.deep_discount_pct
            else ("warning" if line.below_market_pct > 0 else ""),
        }
        for line in quote.lines.select_related("product")
    ]
    shown = quote.shown_status()
    verdicts = rules.verdicts(user, quote)
    return render(
        request,
        "sales/quotes/detail.html",
        {
            "section": "quotes",
            "quote": quote,
            "status": shown,
            "status_label": _("已过期") if shown == EXPIRED else quote.get_status_display(),
            "tone": pages.tone(shown),
            "lines": lines,
            "deep_discount_pct": params.deep_discount_pct,
            "gm_reasons": quote_gm_reasons(quote),
            "may": {name: bool(v) for name, v in verdicts.items()},
            "why": {name: getattr(v, "reason", "") for name, v in verdicts.items()},
            "is_author": user.pk == quote.salesperson_id,
            "revisions": selectors.revisions_of(quote),
            "audit": audit_trail(quote),
        },
    )


ACTIONS = {
    "submit": (lambda q, u, c: services.quote_submit(quote=q, actor=u), _("报价单已提交审核")),
    "approve": (
        lambda q, u, c: services.quote_decide(quote=q, actor=u, action="approve", comment=c),
        _("已同意"),
    ),
    "reject": (
        lambda q, u, c: services.quote_decide(quote=q, actor=u, action="reject", comment=c),
        _("已驳回"),
    ),
    "withdraw": (lambda q, u, c: services.quote_withdraw(quote=q, actor=u), _("已撤回为草稿")),
    "send": (lambda q, u, c: services.quote_send(quote=q, actor=u), _("已标记为发出")),
    "accept": (lambda q, u, c: services.quote_accept(quote=q, actor=u), _("已记录客户接受")),
    "decline": (
        lambda q, u, c: services.quote_decline(quote=q, actor=u, reason=c),
        _("已记录客户拒绝"),
    ),
    "revise": (lambda q, u, c: services.quote_revise(quote=q, actor=u), _("已生成新版本草稿")),
    "cancel": (lambda q, u, c: services.quote_cancel(quote=q, actor=u), _("报价单已作废")),
}


@action_view(fallback="sales:quote_list")
def quote_action(request: HttpRequest, pk: int, name: str) -> tuple[Any, str]:
    quote = _quote(request, pk)
    if name not in ACTIONS:
        raise Http404
    run, success = ACTIONS[name]
    result = run(quote, request.user, request.POST.get("comment", "")[:2000])
    if name in ("approve", "reject"):  # a reviewer goes on to the next document, as for trips
        return "approvals:inbox", str(success)
    target = result.pk if isinstance(result, Quote) else quote.pk
    return ("sales:quote_detail", target), str(success)


@login_required
def quote_print(request: HttpRequest, pk: int) -> HttpResponse:
    """S4.4: the PDF of an approved quote (marks it sent); before that the page says why."""
    quote = _quote(request, pk)
    verdict = rules.can_print(request.user, quote)
    if not verdict:
        return _refused(request, quote, verdict.reason, 409)
    quote = services.quote_printed(quote=quote, actor=request.user)
    return pdf_response(printing.quote_pdf(quote), f"报价单-{quote.number}.pdf")
