"""Pages of the sheets: the target sheet, its download and import, the weekly plan download."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core.errors import ServiceError
from fieldsales.core.people import display_name
from fieldsales.core.sheets import XLSX, check_upload_size
from fieldsales.crm.customers import selectors as customers_selectors
from fieldsales.crm.customers.models import Customer
from fieldsales.crm.customers.web import page_of, scope_of, team_scope
from fieldsales.crm.sheets import exports, services
from fieldsales.crm.sheets import forms as f
from fieldsales.crm.sheets.selectors import with_sheet_columns
from fieldsales.crm.visits.views import plan_person, week_param
from fieldsales.notifications.exports import export_response

TARGET_SHEET_EXPORT = "crm.target_sheet"


def sheet_customers(user: Any, params: Any) -> Any:
    """The sheet's customers for the user's scope (mine or team), by code; and the scope."""
    scope, _sees_more = scope_of(user, params)
    customers = with_sheet_columns(customers_selectors.visible_customers(user=user))
    if scope == "mine":
        customers = customers.filter(owner=user)
    return customers.order_by("code"), scope


def target_sheet_file(user: Any, params: Any) -> tuple[str, bytes]:
    """The sheet's Excel file (registered as a background export: crm.entries)."""
    customers, _scope = sheet_customers(user, params)
    content = exports.target_sheet_xlsx(customers, prepared_by=user)
    return f"目标客户基本信息情况统计表-{timezone.localdate():%Y%m%d}.xlsx", content


@login_required
def target_sheet(request: HttpRequest) -> HttpResponse:
    """目标客户基本信息情况统计表 on screen (paginated) with its Excel download."""
    customers, scope = sheet_customers(request.user, request.GET)
    page = page_of(request, customers, 30)
    rows = list(exports.target_rows(page.object_list))
    offset = (page.number - 1) * 30
    for row in rows:
        row[0] += offset
    rows = [list(zip(exports.TARGET_HEADERS, row, strict=True)) for row in rows]
    _scope, sees_more = team_scope(request)
    return render(
        request,
        "crm/target_sheet.html",
        {
            "section": "customers",
            "page": page,
            "rows": rows,
            "headers": exports.TARGET_HEADERS,
            "scope": scope,
            "sees_more": sees_more,
        },
    )


@login_required
def target_sheet_xlsx(request: HttpRequest) -> HttpResponse:
    """Every customer the page lists, however many: now, or in the background when large."""
    customers, _scope = sheet_customers(request.user, request.GET)
    return export_response(request, TARGET_SHEET_EXPORT, rows=customers.count())


def _import_path(user: Any, token: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / f"{user.pk}-{token}.xlsx"


@login_required
def customer_import(request: HttpRequest) -> HttpResponse:
    """Upload a target-customer sheet, see every row's check, then import all or nothing."""
    form = f.ImportForm(request.POST or None, request.FILES or None)
    preview, token = None, ""
    if request.method == "POST" and "commit" in request.POST:
        token = request.POST.get("token", "")
        try:
            uuid.UUID(hex=token)
            path = _import_path(request.user, token)
            content = path.read_bytes()
        except (ValueError, OSError):
            messages.error(request, _("上传的文件已失效，请重新上传"))
            return redirect("crm:customer_import")
        try:
            done = services.import_customers_from_excel(content=content, actor=request.user)
        except ServiceError as error:
            messages.error(request, error.message)
            preview = services.import_customers_preview(content=content, actor=request.user)
        else:
            path.unlink(missing_ok=True)
            messages.success(
                request,
                _("已导入：新建 %(created)d 个客户，更新 %(updated)d 个客户")
                % {"created": len(done.created), "updated": len(done.updated)},
            )
            return redirect("crm:customer_list")
    elif request.method == "POST" and form.is_valid():
        try:
            check_upload_size(form.cleaned_data["file"].size)  # before reading it into memory
            content = form.cleaned_data["file"].read()
            preview = services.import_customers_preview(content=content, actor=request.user)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            if preview.ok:
                token = uuid.uuid4().hex
                path = _import_path(request.user, token)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
    return render(
        request,
        "crm/import.html",
        {
            "section": "customers",
            "form": form,
            "preview": preview,
            "token": token,
        },
    )


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    content = exports.target_sheet_xlsx(Customer.objects.none(), prepared_by=request.user)
    return _xlsx(content, "目标客户基本信息情况统计表-导入模板.xlsx")


@login_required
def visit_plan_xlsx(request: HttpRequest) -> HttpResponse:
    week = week_param(request)
    person = plan_person(request)
    people = (
        [person]
        if person is not None
        else list(
            customers_selectors.team_members(user=request.user).filter(
                employee__role__in=["salesperson", "dept_head", "dept_manager"]
            )
        )
    )
    content = exports.weekly_plan_xlsx(user=request.user, week_start=week, people=people)
    name = display_name(person) if person is not None else "团队"
    return _xlsx(content, f"周计划-{name}-{week:%Y%m%d}.xlsx")


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    # RFC 6266: the Chinese file name travels as UTF-8 in filename*.
    response["Content-Disposition"] = (
        f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
