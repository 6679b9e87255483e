"""Pages of inquiries and tenders (phone first): list, register, detail with its actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from fieldsales.core.actions import action_view
from fieldsales.core.errors import RuleBroken, ServiceError
from fieldsales.crm.customers.web import page_of, to_form
from fieldsales.org.access import Scope, scope_of
from fieldsales.sales.inquiries import forms as f
from fieldsales.sales.inquiries import rules, selectors, services
from fieldsales.sales.inquiries.models import (
    InquiryAttachment,
    InquiryKind,
    InquiryStatus,
)
from fieldsales.sales.inquiries.selectors import STATUS_TONES

SECTION = "inquiries"


@login_required
def inquiry_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    inquiries = selectors.visible_inquiries(user=user)
    # A salesperson sees their customers' inquiries too: both tabs for everyone who sells.
    sees_more = rules.sells(user)
    default = "mine" if sees_more and scope_of(user) == Scope.OWN else "visible"
    scope = request.GET.get("scope") or default
    if scope == "mine" and sees_more:
        inquiries = inquiries.filter(salesperson=user)
    else:
        scope = "visible"
    status, kind = request.GET.get("status", ""), request.GET.get("kind", "")
    if status == "open":
        inquiries = inquiries.filter(status__in=rules.OPEN)
    elif status in InquiryStatus.values:
        inquiries = inquiries.filter(status=status)
    if kind in InquiryKind.values:
        inquiries = inquiries.filter(kind=kind)
    return render(
        request,
        "sales/inquiries/inquiry_list.html",
        {
            "section": SECTION,
            "page": page_of(request, inquiries.order_by("-created_at", "-pk")),
            "scope": scope,
            "sees_more": sees_more,
            "status": status,
            "kind": kind,
            "statuses": InquiryStatus.choices,
            "kinds": InquiryKind.choices,
            "tones": STATUS_TONES,
            "may_register": bool(rules.can_register(user)),
            "sees_prices": selectors.sees_prices(user),
        },
    )


@login_required
def inquiry_new(request: HttpRequest) -> HttpResponse:
    if not rules.can_register(request.user):
        raise PermissionDenied
    initial = {
        "customer": request.GET.get("customer"),
        "kind": request.GET.get("kind") or "inquiry",
    }
    form = f.InquiryForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    items = f.items_from(request.POST) if request.method == "POST" else []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        attachments = data.pop("attachments")
        data["items"] = items
        try:
            inquiry = services.inquiry_register(
                actor=request.user, data=data, attachments=attachments
            )
        except ServiceError as error:
            to_form(form, error)
        else:
            messages.success(
                request, _("已登记并提交决定：%(number)s") % {"number": inquiry.number}
            )
            return redirect("sales:inquiry_detail", pk=inquiry.pk)
    return render(
        request,
        "sales/inquiries/inquiry_form.html",
        {"section": SECTION, "form": form, "rows": f.item_rows(items)},
    )


def _visible(request: HttpRequest, pk: int) -> Any:
    return get_object_or_404(selectors.visible_inquiries(user=request.user), pk=pk)


@login_required
def inquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    inquiry = _visible(request, pk)
    files = list(inquiry.attachments.select_related("uploaded_by"))
    requests = selectors.shown_requests(
        user, inquiry.requests.select_related("asked_by", "answered_by")
    )
    for r in requests:
        r.files = [a for a in files if a.request_id == r.pk]
        r.may_answer = bool(rules.can_answer(user, r))
    return render(
        request,
        "sales/inquiries/inquiry_detail.html",
        {
            "section": SECTION,
            "inquiry": inquiry,
            "tone": STATUS_TONES.get(inquiry.status, "draft"),
            "files": [a for a in files if a.request_id is None],
            "requests": requests,
            "can_decide": bool(rules.can_decide(user, inquiry)),
            "can_ask": bool(rules.can_ask(user, inquiry)),
            "can_attach": bool(rules.can_attach(user, inquiry)),
            "can_outcome": bool(rules.can_record_outcome(user, inquiry)),
            "can_quote": rules.can_quote(inquiry) and rules.works_for(user, inquiry),
            "has_open_requests": selectors.has_unanswered_requests(inquiry),
            "sees_prices": selectors.sees_prices(user),
            "request_form": f.RequestForm(),
            "answer_form": f.AnswerForm(),
            "accept": f.ACCEPT,
        },
    )


def _files(request: HttpRequest) -> list[Any]:
    return [upload for upload in request.FILES.getlist("attachments") if upload]


@action_view(fallback="sales:inquiry_list")
def inquiry_action(request: HttpRequest, pk: int, action: str) -> tuple[Any, str]:
    inquiry = _visible(request, pk)
    user, post = request.user, request.POST
    target = reverse("sales:inquiry_detail", args=[pk])
    if action == "participate":
        services.inquiry_decide(
            inquiry=inquiry, actor=user, participate=True, reason=post.get("reason", "")
        )
        return reverse("approvals:inbox"), _("已决定参与")  # on to the next, as for trips
    if action == "decline":
        services.inquiry_decide(
            inquiry=inquiry, actor=user, participate=False, reason=post.get("reason", "")
        )
        return reverse("approvals:inbox"), _("已决定不参与")
    if action == "ask":
        services.inquiry_ask(
            inquiry=inquiry,
            actor=user,
            kind=post.get("kind", ""),
            question=post.get("question", ""),
        )
        return target, _("协助请求已发出")
    if action == "answer":
        found = selectors.request_of(user=user, inquiry=inquiry, request_id=post.get("request", ""))
        services.inquiry_answer(
            request=found, actor=user, answer=post.get("answer", ""), attachments=_files(request)
        )
        return target, _("已答复")
    if action == "attach":
        services.inquiry_attach(inquiry=inquiry, actor=user, attachments=_files(request))
        return target, _("附件已上传")
    if action == "outcome":
        price = (post.get("winning_price") or "").replace(",", "").strip()
        winning_price = None
        if price:
            winning_price = services.parse_money(price)
            if winning_price is None:
                raise RuleBroken(_("中标价须为金额，例如 750000.00"), field="winning_price")
        services.inquiry_outcome(
            inquiry=inquiry,
            actor=user,
            outcome=post.get("outcome", ""),
            reason=post.get("reason", ""),
            winning_price=winning_price,
        )
        return target, _("结果已登记")
    raise Http404


@login_required
def inquiry_file(request: HttpRequest, pk: int) -> FileResponse:
    """An inquiry's file, only to those who may see the inquiry (404 otherwise)."""
    visible = selectors.visible_inquiries(user=request.user).values("pk")
    attachment = get_object_or_404(InquiryAttachment.objects.filter(inquiry__in=visible), pk=pk)
    return FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        filename=attachment.name,
        as_attachment=attachment.content_type not in ("application/pdf", "image/jpeg", "image/png"),
    )
