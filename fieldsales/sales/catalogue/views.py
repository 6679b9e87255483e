"""Pages of the catalogue: the price finder (phone first), a product, the price lists."""

from __future__ import annotations

import base64
import binascii
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from fieldsales.core.actions import action_view
from fieldsales.core.api import id_param
from fieldsales.core.errors import ServiceError
from fieldsales.core.printing import pdf_response
from fieldsales.core.sheets import XLSX, check_upload_size
from fieldsales.sales.catalogue import rules, selectors, services
from fieldsales.sales.catalogue.api import download, preview_body
from fieldsales.sales.catalogue.models import PriceList, Product
from fieldsales.sales.catalogue.sheets import watermark

TIERS = ("market", "factory_min", "distributor_min")
TIER_LABELS = (gettext_lazy("市场报价"), gettext_lazy("最低出厂价"), gettext_lazy("经销商最低价"))


def _price_viewer(request: HttpRequest) -> None:
    """S1.3: a page with prices is 403 for those who may not see them."""
    verdict = rules.can_see_prices(request.user)
    if not verdict:
        raise PermissionDenied(verdict.reason)


def _mark(request: HttpRequest) -> str:
    return watermark(request.user, timezone.now())


def _visible_list(request: HttpRequest, pk: int) -> PriceList:
    _price_viewer(request)
    price_list = selectors.price_list_detail(user=request.user, pk=pk)
    if price_list is None:
        raise Http404
    return price_list


# ---------------------------------------------------------------- the price finder


@login_required
def prices(request: HttpRequest) -> HttpResponse:
    """A salesperson's two taps: a category chip (or a search) → each product's three prices
    on the list in force today."""
    _price_viewer(request)
    in_force = selectors.price_list_in_force(timezone.localdate())
    category = id_param(request.GET.get("category"))
    q = (request.GET.get("q") or "")[:50]
    lines = selectors.price_lines(price_list=in_force, category=category, q=q)
    return render(
        request,
        "sales/catalogue/prices.html",
        {
            "section": "prices",
            "in_force": in_force,
            "categories": selectors.categories(),
            "category": category,
            "q": q,
            "lines": lines[:200],
            "mark": _mark(request),
            "sees_lists": True,
        },
    )


prices.admits = rules.sees_prices  # type: ignore[attr-defined]


@login_required
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A product; its prices (in force and before) only for those who may see prices."""
    product = get_object_or_404(selectors.visible_products(user=request.user), pk=pk)
    context: dict[str, Any] = {"section": "prices", "product": product, "sees_prices": False}
    if rules.sees_prices(request.user):
        in_force = selectors.price_list_in_force(timezone.localdate())
        context |= {
            "sees_prices": True,
            "in_force": in_force,
            "tiers": selectors.tiers_for(in_force, [product.pk]).get(product.pk),
            "history": selectors.price_history(product=product)[:20],
            "mark": _mark(request),
        }
    context["can_manage"] = request.user.is_staff and bool(rules.can_manage_products(request.user))
    return render(request, "sales/catalogue/product_detail.html", context)


# ---------------------------------------------------------------- price lists


@login_required
def price_lists(request: HttpRequest) -> HttpResponse:
    _price_viewer(request)
    lists = selectors.visible_price_lists(user=request.user).order_by("-effective", "-pk")
    in_force = selectors.price_list_in_force(timezone.localdate())
    return render(
        request,
        "sales/catalogue/price_lists.html",
        {
            "section": "prices",
            "lists": lists[:100],
            "in_force": in_force,
            "can_draft": bool(rules.can_draft_price_list(request.user)),
        },
    )


class HeaderForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("名称"), max_length=60)
    effective = forms.DateField(
        label=gettext_lazy("生效日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=gettext_lazy("说明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _rows(request: HttpRequest, current: dict[int, Any]) -> list[dict[str, Any]]:
    """One row per product on sale (and any already on the list), with the typed prices."""
    products = Product.objects.select_related("category").order_by("category__position", "code")
    rows = []
    for product in products:
        if not product.active and product.pk not in current:
            continue
        values = current.get(product.pk)
        if request.method == "POST":
            typed = [request.POST.get(f"{t}_{product.pk}", "").strip() for t in TIERS]
        else:
            typed = [f"{getattr(values, t):.2f}" if values else "" for t in TIERS]
        cells = list(zip(TIERS, TIER_LABELS, typed, strict=True))
        rows.append({"product": product, "values": typed, "cells": cells})
    return rows


def _prices_of(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    prices, errors = [], []
    for row in rows:
        typed = row["values"]
        if not any(typed):
            continue
        product = row["product"]
        try:
            amounts = [Decimal(value.replace(",", "")) for value in typed]
        except InvalidOperation:
            errors.append(_("产品 %(code)s：请填写三档价格（数字）") % {"code": product.code})
            continue
        prices.append({"product": product.pk, **dict(zip(TIERS, amounts, strict=True))})
    return prices, errors


def _edit(request: HttpRequest, price_list: PriceList | None) -> HttpResponse:
    if price_list is None:
        source = selectors.price_list_in_force(timezone.localdate())
        initial = {"name": "", "effective": None}
    else:
        source = price_list
        initial = {
            "name": price_list.name,
            "effective": price_list.effective,
            "note": price_list.note,
        }
    current = {line.product_id: line for line in source.lines.all()} if source else {}
    form = HeaderForm(request.POST or None, initial=initial)
    rows = _rows(request, current)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        prices, errors = _prices_of(rows)
        if not errors:
            data = dict(form.cleaned_data) | {"prices": prices}
            try:
                if price_list is None:
                    saved = services.price_list_create(actor=request.user, data=data)
                else:
                    saved = services.price_list_update(
                        price_list=price_list, actor=request.user, data=data
                    )
            except ServiceError as error:
                errors.append(error.message)
            else:
                messages.success(request, _("价格表已保存"))
                return redirect("sales:price_list_detail", pk=saved.pk)
    return render(
        request,
        "sales/catalogue/price_list_form.html",
        {
            "section": "prices",
            "form": form,
            "rows": rows,
            "errors": errors,
            "price_list": price_list,
            "source": source,
        },
    )


@login_required
def price_list_new(request: HttpRequest) -> HttpResponse:
    """A new draft, its lines started from the list in force."""
    _price_viewer(request)
    verdict = rules.can_draft_price_list(request.user)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    return _edit(request, None)


@login_required
def price_list_edit(request: HttpRequest, pk: int) -> HttpResponse:
    price_list = _visible_list(request, pk)
    verdict = rules.can_edit_price_list(request.user, price_list)
    if not verdict:
        messages.error(request, verdict.reason)
        return redirect("sales:price_list_detail", pk=pk)
    return _edit(request, price_list)


@login_required
def price_list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    price_list = _visible_list(request, pk)
    user = request.user
    return render(
        request,
        "sales/catalogue/price_list_detail.html",
        {
            "section": "prices",
            "price_list": price_list,
            "lines": price_list.lines.all(),
            "mark": _mark(request),
            "can_edit": bool(rules.can_edit_price_list(user, price_list)),
            "can_submit": bool(rules.can_take(user, price_list, "submit")),
            "can_cancel": bool(rules.can_take(user, price_list, "cancel")),
            "can_decide": bool(rules.can_decide(user, price_list)),
        },
    )


ACTIONS = {
    "submit": gettext_lazy("价格表已提交总经理审批"),
    "approve": gettext_lazy("价格表已批准，自生效日期起执行"),
    "reject": gettext_lazy("价格表已驳回"),
    "cancel": gettext_lazy("价格表已作废"),
}


@action_view(fallback="sales:price_lists")
def price_list_action(request: HttpRequest, pk: int, action: str) -> tuple[Any, str]:
    price_list = _visible_list(request, pk)
    if action not in ACTIONS:
        raise Http404
    comment = request.POST.get("comment", "")[:2000]
    if action == "submit":
        services.price_list_submit(price_list=price_list, actor=request.user)
    elif action == "cancel":
        services.price_list_cancel(price_list=price_list, actor=request.user)
    else:
        services.price_list_decide(
            price_list=price_list, actor=request.user, action=action, comment=comment
        )
    return ("sales:price_list_detail", pk), str(ACTIONS[action])


@login_required
@require_GET
def price_list_export(request: HttpRequest, pk: int) -> HttpResponse:
    price_list = _visible_list(request, pk)
    content = services.price_list_export(price_list=price_list, actor=request.user)
    return download(content, f"价格表-{price_list.number}.xlsx", XLSX)


@login_required
@require_GET
def price_list_print(request: HttpRequest, pk: int) -> HttpResponse:
    price_list = _visible_list(request, pk)
    content = services.price_list_print(price_list=price_list, actor=request.user)
    return pdf_response(content, f"价格表-{price_list.number}.pdf")


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel 文件（.xlsx）"))


@login_required
def price_list_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload → every row checked on screen → confirm: all rows or none (S1.2). The checked
    file travels with the confirm form and is checked again before anything is saved."""
    price_list = _visible_list(request, pk)
    verdict = rules.can_edit_price_list(request.user, price_list)
    if not verdict:
        messages.error(request, verdict.reason)
        return redirect("sales:price_list_detail", pk=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview, encoded = None, ""
    if request.method == "POST" and "content" in request.POST:
        try:
            content = base64.b64decode(request.POST["content"], validate=True)
            services.price_list_import(price_list=price_list, actor=request.user, content=content)
        except (binascii.Error, ValueError):
            messages.error(request, _("上传的文件已失效，请重新上传"))
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已从 Excel 导入价格"))
            return redirect("sales:price_list_detail", pk=pk)
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_upload_size(upload.size)
            content = upload.read()
            preview = services.price_list_import_preview(
                price_list=price_list, actor=request.user, content=content
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            if preview.ok:
                encoded = base64.b64encode(content).decode()
    return render(
        request,
        "sales/catalogue/price_list_import.html",
        {
            "section": "prices",
            "price_list": price_list,
            "form": form,
            "preview": preview,
            "rows": _preview_rows(preview),
            "content": encoded,
        },
    )


def _preview_rows(preview: Any) -> list[dict[str, Any]]:
    if preview is None:
        return []
    rows = preview_body(preview)["rows"]
    for row, checked in zip(rows, preview.rows, strict=True):
        row["name"] = checked.data.product.name if checked.data else ""
    return rows
