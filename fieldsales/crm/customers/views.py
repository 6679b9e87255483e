"""Pages of the customer file and the pool."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from fieldsales.core import ratelimit
from fieldsales.core.actions import action_view
from fieldsales.core.errors import ServiceError
from fieldsales.crm.customers import forms as f
from fieldsales.crm.customers import rules, selectors, services, timeline
from fieldsales.crm.customers.related import CUSTOMER, render_related
from fieldsales.crm.customers.web import page_of, to_form


@login_required
def customer_new(request: HttpRequest) -> HttpResponse:
    """A new customer or prospect; possible duplicates are shown before it is saved."""
    form = f.CustomerForm(request.POST or None)
    duplicates: list[selectors.Duplicate] = []
    if request.method == "POST" and form.is_valid():
        try:
            created = services.customer_create(
                actor=request.user,
                data=form.service_data(),
                confirm_duplicates=form.cleaned_data["confirm_duplicates"],
            )
        except services.DuplicateSuspected as error:
            duplicates = error.duplicates
        except ServiceError as error:
            to_form(form, error)
        else:
            messages.success(request, _("客户已保存：%(code)s") % {"code": created.customer.code})
            return redirect("crm:customer_detail", pk=created.customer.pk)
    return render(
        request,
        "crm/customer_form.html",
        {
            "section": "customers",
            "form": form,
            "duplicates": duplicates,
            "customer": None,
        },
    )


@login_required
def customer_duplicates(request: HttpRequest) -> HttpResponse:
    """htmx: possible duplicates of what is being typed (rate limited per user: 429)."""
    if not ratelimit.allow("duplicates", request.user, selectors.duplicate_checks_per_minute()):
        response = HttpResponse(_("查重太频繁，请一分钟后再试"), status=429)
        response["Retry-After"] = str(ratelimit.retry_after())
        return response
    found = selectors.possible_duplicates(
        name=request.GET.get("name", ""),
        phone=request.GET.get("contact_phone", ""),
        address=request.GET.get("address", ""),
        user=request.user,
    )
    return render(request, "crm/_duplicates.html", {"duplicates": found, "live": True})


@login_required
def city_options(request: HttpRequest) -> HttpResponse:
    """htmx: the cities (GB/T 2260) of the chosen province."""
    return render(
        request, "crm/_city_options.html", {"choices": f.city_choices(request.GET.get("province"))}
    )


def _visible_customer(request: HttpRequest, pk: int) -> Any:
    return get_object_or_404(selectors.visible_customers(user=request.user), pk=pk)


@login_required
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    customer = _visible_customer(request, pk)
    user = request.user
    return render(
        request,
        "crm/customer_detail.html",
        {
            "section": "customers",
            "customer": customer,
            "contacts": customer.contacts.all(),
            "opportunities": customer.opportunities.select_related("owner").order_by("-created_at"),
            "timeline": _timeline_page(request, customer),
            "history": selectors.customer_history(customer),
            # Verdicts of customers.rules: the page shows what the services would allow.
            "may_manage": rules.can_manage(user, customer),
            "may_transfer": rules.can_transfer(user, customer),
            "may_claim": rules.can_claim(user, customer),
            "contact_form": f.ContactForm(),
            "transfer_form": f.TransferForm(user=user),
            "revisit_days": selectors.crm_settings().revisit_days(customer.grade),
            "related": render_related(CUSTOMER, request, customer),
        },
    )


def _timeline_page(request: HttpRequest, customer: Any) -> timeline.TimelinePage:
    try:
        number = int(request.GET.get("timeline") or 1)
    except ValueError:
        number = 1
    return timeline.customer_timeline(user=request.user, customer=customer, page=number)


@login_required
def customer_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the next page of the customer's timeline (its entries and the next "more")."""
    customer = _visible_customer(request, pk)
    return render(
        request,
        "crm/_customer_timeline.html",
        {"customer": customer, "timeline": _timeline_page(request, customer)},
    )


@login_required
def customer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    customer = _visible_customer(request, pk)
    if not rules.manages_customer(request.user, customer):
        messages.error(request, _("只有负责业务员或其主管可以修改客户资料"))
        return redirect("crm:customer_detail", pk=pk)
    initial = {
        name: getattr(customer, name)
        for name in f.CustomerForm.base_fields
        if hasattr(customer, name)
    }
    initial["credit_limit"] = f"{customer.credit_limit:.2f}"
    form = f.CustomerForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.customer_update(
                customer=customer, actor=request.user, data=form.service_data()
            )
        except ServiceError as error:
            to_form(form, error)
        else:
            messages.success(request, _("客户资料已更新"))
            return redirect("crm:customer_detail", pk=pk)
    return render(
        request,
        "crm/customer_form.html",
        {
            "section": "customers",
            "form": form,
            "customer": customer,
            "duplicates": [],
        },
    )


@action_view(fallback="crm:customer_list")
def contact_add(request: HttpRequest, pk: int):
    customer = _visible_customer(request, pk)
    form = f.ContactForm(request.POST)
    if not form.is_valid():
        raise services.RuleBroken(next(iter(form.errors.values()))[0])
    services.contact_add(customer=customer, actor=request.user, data=form.cleaned_data)
    return reverse("crm:customer_detail", args=[pk]), _("联系人已添加")


@action_view(fallback="crm:customer_list")
def customer_action(request: HttpRequest, pk: int, action: str):
    customer = _visible_customer(request, pk)
    reason = request.POST.get("reason", "")
    target = reverse("crm:customer_detail", args=[pk])
    if action == "claim":
        services.customer_claim_from_pool(customer=customer, actor=request.user)
        return target, _("已从公海认领：%(name)s") % {"name": customer.name}
    if action == "release":
        services.customer_release_to_pool(customer=customer, actor=request.user, reason=reason)
        return reverse("crm:customer_list"), _("已放回公海")
    if action == "transfer":
        form = f.TransferForm(request.POST, user=request.user)
        if not form.is_valid():
            raise services.RuleBroken(_("请选择接手的业务员并填写原因"), field="to_user")
        services.customer_transfer(
            customer=customer,
            actor=request.user,
            to_user=form.cleaned_data["to_user"],
            reason=reason,
        )
        return target, _("客户已转交")
    raise Http404


@login_required
def pool(request: HttpRequest) -> HttpResponse:
    """公海: customers without an owner, which any salesperson may claim."""
    customers = selectors.pool_customers(user=request.user)
    q = (request.GET.get("q") or "").strip()
    if q:
        customers = customers.filter(
            Q(name__icontains=q) | Q(city__icontains=q) | Q(industry__icontains=q)
        )
    return render(
        request,
        "crm/pool.html",
        {
            "section": "pool",
            "page": page_of(request, customers.order_by("-pooled_at", "code")),
            "q": q,
            "may_claim": rules.is_claimant(request.user),
            "pool_after_days": selectors.crm_settings().pool_after_days,
        },
    )


@login_required
def pick_customers(request: HttpRequest) -> JsonResponse:
    """JSON for the forms' customer search (core.widgets.SearchSelect): visible customers by
    name, code or city, in the form's scope."""
    q = (request.GET.get("q") or "")[:50]
    scope = request.GET.get("scope") or ""
    return JsonResponse({"results": selectors.pick_customers(user=request.user, q=q, scope=scope)})
