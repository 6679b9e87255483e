"""Pages of service requests."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core.actions import action_view
from fieldsales.core.errors import ServiceError
from fieldsales.core.numbers import ascii_integer
from fieldsales.crm.customers import selectors as customers_selectors
from fieldsales.crm.customers.web import page_of, to_form
from fieldsales.crm.service import forms as f
from fieldsales.crm.service import rules, selectors, services
from fieldsales.crm.service.models import (
    ServiceKind,
    ServiceRequest,
    ServiceRequestPhoto,
    ServiceStatus,
)


@login_required
def service_list(request: HttpRequest) -> HttpResponse:
    requests = selectors.visible_service_requests(user=request.user)
    status, kind = request.GET.get("status", "open"), request.GET.get("kind")
    if status == "open":
        requests = requests.filter(status__in=ServiceRequest.OPEN_STATUSES)
    elif status in ServiceStatus.values:
        requests = requests.filter(status=status)
    if kind in ServiceKind.values:
        requests = requests.filter(kind=kind)
    return render(
        request,
        "crm/service_list.html",
        {
            "section": "service",
            "page": page_of(request, requests.order_by("deadline", "-pk")),
            "status": status,
            "kind": kind,
            "statuses": ServiceStatus.choices,
            "kinds": ServiceKind.choices,
            "today": timezone.localdate(),
        },
    )


@login_required
def service_new(request: HttpRequest) -> HttpResponse:
    initial = {"customer": request.GET.get("customer"), "kind": request.GET.get("kind")}
    chosen = customers_selectors.visible_customers(user=request.user).filter(
        pk=ascii_integer(initial["customer"] or "") or 0
    )
    for customer in chosen:  # the contact defaults from the customer (issue 10 item 16)
        initial |= {"contact_name": customer.contact_name, "contact_phone": customer.contact_phone}
    form = f.ServiceRequestForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        customer = data.pop("customer")
        photos = data.pop("photos")
        try:
            created = services.service_request_open(
                actor=request.user, customer=customer, data=data, photos=photos
            )
        except ServiceError as error:
            to_form(form, error)
        else:
            messages.success(request, _("已登记：%(number)s") % {"number": created.number})
            return redirect("crm:service_detail", pk=created.pk)
    return render(request, "crm/service_form.html", {"section": "service", "form": form})


def _visible_request(request: HttpRequest, pk: int) -> ServiceRequest:
    return get_object_or_404(selectors.visible_service_requests(user=request.user), pk=pk)


@login_required
def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _visible_request(request, pk)
    return render(
        request,
        "crm/service_detail.html",
        {
            "section": "service",
            "obj": obj,
            "steps": obj.steps.select_related("by"),
            "confirm_form": f.ConfirmClosureForm(initial={"confirmed_by_name": obj.contact_name}),
            "handles": rules.handles(request.user, obj),
            "team": selectors.assign_targets(user=request.user, request=obj),
            "photos": obj.photos.all(),
            "photo_form": f.PhotoForm(),
            "may_add_photo": rules.can_add_photo(request.user, obj),
            "today": timezone.localdate(),
        },
    )


@action_view(fallback="crm:customer_list")
def service_action(request: HttpRequest, pk: int, action: str):
    obj = _visible_request(request, pk)
    user, post = request.user, request.POST
    target = reverse("crm:service_detail", args=[pk])
    if action == "step":
        services.service_request_step(request=obj, actor=user, note=post.get("note", ""))
        return target, _("处理情况已记录")
    if action == "resolve":
        services.service_request_resolve(
            request=obj, actor=user, resolution=post.get("resolution", "")
        )
        return target, _("已处理，等待客户确认")
    if action == "confirm":
        form = f.ConfirmClosureForm(post)
        if not form.is_valid():
            raise services.RuleBroken(_("请填写客户确认人"), field="confirmed_by_name")
        services.service_request_confirm(
            request=obj,
            actor=user,
            confirmed_by_name=form.cleaned_data["confirmed_by_name"],
            satisfaction=form.cleaned_data["satisfaction"],
            comments=form.cleaned_data["comments"],
        )
        return target, _("客户已确认，单据关闭")
    if action == "reopen":
        services.service_request_reopen(request=obj, actor=user, reason=post.get("reason", ""))
        return target, _("已退回继续处理")
    if action == "cancel":
        services.service_request_cancel(request=obj, actor=user, reason=post.get("reason", ""))
        return target, _("已撤销")
    if action == "photo":
        form = f.PhotoForm(post, request.FILES)
        if not form.is_valid():
            raise services.RuleBroken(_("请选择照片"), field="photo")
        services.service_request_add_photo(
            request=obj, actor=user, upload=form.cleaned_data["photo"]
        )
        return target, _("照片已添加")
    if action == "assign":
        owner = get_user_model().objects.filter(pk=post.get("owner") or 0).first()
        deadline = None
        if post.get("deadline"):
            try:
                deadline = date.fromisoformat(post["deadline"])
            except ValueError as error:
                raise services.RuleBroken(_("日期格式不正确"), field="deadline") from error
        services.service_request_assign(request=obj, actor=user, owner=owner, deadline=deadline)
        return target, _("已转交")
    raise Http404


@login_required
def service_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """A request's photo, to whoever may see the request (404 otherwise)."""
    photo = get_object_or_404(
        ServiceRequestPhoto.objects.filter(
            request__in=selectors.visible_service_requests(user=request.user).values("pk")
        ),
        pk=pk,
    )
    return FileResponse(photo.file.open("rb"), content_type=photo.content_type)
