"""Pages of the CRM, phone-first; thin over the selectors and services."""

from __future__ import annotations

import base64
import uuid
from datetime import date, timedelta
from functools import wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fieldsales.core import ratelimit
from fieldsales.core.api import id_param
from fieldsales.core.audit import audit_trail
from fieldsales.core.errors import ServiceError
from fieldsales.core.people import display_name
from fieldsales.core.redirects import redirect_back
from fieldsales.core.sheets import check_upload_size
from fieldsales.crm import forms as f
from fieldsales.crm import selectors, services, sheets
from fieldsales.crm.models import (
    BOARD_STAGES,
    CustomerKind,
    CustomerStatus,
    Grade,
    Satisfaction,
    SealStatus,
    ServiceKind,
    ServiceRequest,
    ServiceStatus,
    Stage,
    Visit,
    VisitPhoto,
    VisitSignature,
)

PAGE_SIZE = 20
WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]


def _page(request: HttpRequest, queryset: Any, size: int = PAGE_SIZE) -> Any:
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _to_form(form: Any, error: ServiceError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _back(request: HttpRequest, fallback: str, *, referer: bool = False) -> HttpResponse:
    return redirect_back(request, fallback, referer=referer)


def action_view(view):
    """POST-only action: run the service, report its refusal as a message, go back."""

    @wraps(view)
    @login_required
    @require_POST
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            target, success = view(request, *args, **kwargs)
        except ServiceError as error:
            messages.error(request, error.message)
            return _back(request, reverse("crm:customer_list"), referer=True)
        messages.success(request, success)
        return redirect(target)

    return wrapper


def _team_scope(request: HttpRequest) -> tuple[str, bool]:
    """`mine` or `team`; the team view only for those who see more than their own."""
    sees_more = selectors.sees_all(request.user) or bool(selectors.department_ids(request.user))
    scope = request.GET.get("scope") or ("team" if sees_more else "mine")
    return (scope if sees_more else "mine"), sees_more


# ---------------------------------------------------------------- customers


@login_required
def customer_list(request: HttpRequest) -> HttpResponse:
    """Customers I may see, searchable, paginated."""
    scope, sees_more = _team_scope(request)
    customers = selectors.visible_customers(user=request.user).exclude(status=CustomerStatus.POOL)
    if scope == "mine":
        customers = customers.filter(owner=request.user)
    q = (request.GET.get("q") or "").strip()
    if q:
        customers = customers.filter(
            Q(name__icontains=q)
            | Q(code__icontains=q)
            | Q(contact_name__icontains=q)
            | Q(contact_phone__icontains=q)
            | Q(city__icontains=q)
        )
    kind, grade = request.GET.get("kind"), request.GET.get("grade")
    if kind in CustomerKind.values:
        customers = customers.filter(kind=kind)
    if grade in Grade.values:
        customers = customers.filter(grade=grade)
    return render(
        request,
        "crm/customer_list.html",
        {
            "section": "customers",
            "page": _page(request, customers.order_by("code")),
            "scope": scope,
            "sees_more": sees_more,
            "q": q,
            "kind": kind,
            "grade": grade,
            "kinds": CustomerKind.choices,
            "grades": Grade.choices,
            "pool_count": selectors.pool_customers(user=request.user).count(),
        },
    )


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
            _to_form(form, error)
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
    visits = (
        customer.visits.select_related("salesperson")
        .prefetch_related("signatures")
        .order_by("-date", "-seq")[:10]
    )
    return render(
        request,
        "crm/customer_detail.html",
        {
            "section": "customers",
            "customer": customer,
            "contacts": customer.contacts.all(),
            "opportunities": customer.opportunities.select_related("owner").order_by("-created_at"),
            "visits": visits,
            "requests": customer.service_requests.select_related("owner").order_by("-created_at")[
                :10
            ],
            "surveys": customer.surveys.select_related("salesperson")[:10],
            "history": selectors.customer_history(customer),
            "may_manage": selectors.may_manage_customer(user, customer),
            "may_transfer": customer.status != CustomerStatus.INACTIVE
            and (
                selectors.manages(user, customer.owner)
                if customer.owner_id
                else not selectors.is_sales(user) or bool(selectors.department_ids(user))
            ),
            "may_claim": customer.status == CustomerStatus.POOL and selectors.is_sales(user),
            "contact_form": f.ContactForm(),
            "transfer_form": f.TransferForm(user=user),
            "revisit_days": selectors.crm_settings().revisit_days(customer.grade),
        },
    )


@login_required
def customer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    customer = _visible_customer(request, pk)
    if not selectors.may_manage_customer(request.user, customer):
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
            _to_form(form, error)
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


@action_view
def contact_add(request: HttpRequest, pk: int):
    customer = _visible_customer(request, pk)
    form = f.ContactForm(request.POST)
    if not form.is_valid():
        raise services.RuleBroken(next(iter(form.errors.values()))[0])
    services.contact_add(customer=customer, actor=request.user, data=form.cleaned_data)
    return reverse("crm:customer_detail", args=[pk]), _("联系人已添加")


@action_view
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
            "page": _page(request, customers.order_by("-pooled_at", "code")),
            "q": q,
            "may_claim": selectors.is_sales(request.user),
            "pool_after_days": selectors.crm_settings().pool_after_days,
        },
    )


# ---------------------------------------------------------------- the target sheet and import


def _sheet_customers(request: HttpRequest) -> Any:
    scope, _sees_more = _team_scope(request)
    customers = selectors.visible_customers(user=request.user).prefetch_related("contacts")
    if scope == "mine":
        customers = customers.filter(owner=request.user)
    return customers.order_by("code"), scope


@login_required
def target_sheet(request: HttpRequest) -> HttpResponse:
    """目标客户基本信息情况统计表 on screen (paginated) with its Excel download."""
    customers, scope = _sheet_customers(request)
    page = _page(request, customers, 30)
    rows = sheets.target_rows(list(page.object_list))
    offset = (page.number - 1) * 30
    for row in rows:
        row[0] += offset
    rows = [list(zip(sheets.TARGET_HEADERS, row, strict=True)) for row in rows]
    _scope, sees_more = _team_scope(request)
    return render(
        request,
        "crm/target_sheet.html",
        {
            "section": "customers",
            "page": page,
            "rows": rows,
            "headers": sheets.TARGET_HEADERS,
            "scope": scope,
            "sees_more": sees_more,
        },
    )


@login_required
def target_sheet_xlsx(request: HttpRequest) -> HttpResponse:
    customers, _scope = _sheet_customers(request)
    content = sheets.target_sheet_xlsx(list(customers[:5000]), prepared_by=request.user)
    return _xlsx(content, f"目标客户基本信息情况统计表-{timezone.localdate():%Y%m%d}.xlsx")


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=sheets.XLSX)
    # RFC 6266: the Chinese file name travels as UTF-8 in filename*.
    from urllib.parse import quote

    response["Content-Disposition"] = (
        f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


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
    content = sheets.target_sheet_xlsx([], prepared_by=request.user)
    return _xlsx(content, "目标客户基本信息情况统计表-导入模板.xlsx")


# ---------------------------------------------------------------- the pipeline


def _board_context(request: HttpRequest) -> dict[str, Any]:
    scope, sees_more = _team_scope(request)
    owner = request.user if scope == "mine" else None
    columns = selectors.pipeline_board(user=request.user, owner=owner)
    for column in columns:
        for opportunity in column.opportunities:
            opportunity.moves = [
                (s, Stage(s).label) for s in services.next_stages(opportunity.stage)
            ]
            opportunity.forward = next(
                (
                    m
                    for m in opportunity.moves
                    if services.PIPELINE[(opportunity.stage, m[0])] in ("forward", "sign", "win")
                ),
                None,
            )
    return {
        "columns": columns,
        "scope": scope,
        "sees_more": sees_more,
        "today": timezone.localdate(),
    }


@login_required
def pipeline(request: HttpRequest) -> HttpResponse:
    """The kanban of the five stages, with the follow-ups due today."""
    context = _board_context(request)
    context |= {
        "section": "pipeline",
        "due": selectors.follow_ups_due(
            user=request.user, today=timezone.localdate(), mine_only=context["scope"] == "mine"
        )[:20],
        "closed": selectors.visible_opportunities(user=request.user)
        .filter(stage__in=[Stage.WON, Stage.LOST])
        .values("stage")
        .annotate(n=Count("pk")),
    }
    return render(request, "crm/pipeline.html", context)


@login_required
@require_POST
def opportunity_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a card; htmx swaps the board, a plain form goes back where it came from."""
    opportunity = get_object_or_404(selectors.visible_opportunities(user=request.user), pk=pk)
    form = f.MoveForm(request.POST)
    error = None
    if not form.is_valid():
        error = _("请选择要转到的阶段")
    else:
        try:
            opportunity = services.opportunity_move(
                opportunity=opportunity,
                actor=request.user,
                to_stage=form.cleaned_data["stage"],
                reason=form.cleaned_data["reason"],
                amount=form.cleaned_data["amount"] or None,
            )
        except ServiceError as exc:
            error = exc.message
    if request.htmx and request.POST.get("target") == "board":
        context = _board_context(request) | {"error": error, "moved": None if error else pk}
        return render(request, "crm/_board.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request, _("商机已转到“%(stage)s”") % {"stage": opportunity.get_stage_display()}
        )
    return _back(request, reverse("crm:opportunity_detail", args=[pk]))


@login_required
def opportunity_new(request: HttpRequest) -> HttpResponse:
    initial = {"customer": request.GET.get("customer")} if request.GET.get("customer") else {}
    form = f.OpportunityForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        customer = data.pop("customer")
        try:
            opportunity = services.opportunity_create(
                customer=customer, actor=request.user, data=data
            )
        except ServiceError as error:
            _to_form(form, error)
        else:
            messages.success(request, _("商机已建立"))
            return redirect("crm:opportunity_detail", pk=opportunity.pk)
    return render(request, "crm/opportunity_form.html", {"section": "pipeline", "form": form})


@login_required
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_object_or_404(selectors.visible_opportunities(user=request.user), pk=pk)
    form = f.OpportunityEditForm(
        request.POST or None,
        initial={
            "title": opportunity.title,
            "amount": f"{opportunity.amount:.2f}",
            "expected_close": opportunity.expected_close,
            "next_follow_up": opportunity.next_follow_up,
            "products": opportunity.products,
            "note": opportunity.note,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_update(
                opportunity=opportunity, actor=request.user, data=form.cleaned_data
            )
        except ServiceError as error:
            _to_form(form, error)
        else:
            messages.success(request, _("商机已更新"))
            return redirect("crm:opportunity_detail", pk=pk)
    return render(
        request,
        "crm/opportunity_detail.html",
        {
            "section": "pipeline",
            "opportunity": opportunity,
            "form": form,
            "history": selectors.stage_history(opportunity),
            "moves": [(s, Stage(s).label) for s in services.next_stages(opportunity.stage)],
            "visits": opportunity.visits.select_related("salesperson").order_by("-date")[:10],
            "stages": [(s, Stage(s).label) for s in BOARD_STAGES],
        },
    )


# ---------------------------------------------------------------- visits


def _week_param(request: HttpRequest) -> date:
    try:
        chosen = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        return selectors.meeting_week(timezone.localdate())
    return selectors.monday_of(chosen)


def _plan_person(request: HttpRequest) -> Any:
    who = request.GET.get("who", "")
    if who == "all":
        return None
    if who.isdigit():
        person = selectors.team_members(user=request.user).filter(pk=who).first()
        if person is not None:
            return person
    return request.user


@login_required
def visit_plan(request: HttpRequest) -> HttpResponse:
    """The week's visits day by day, for the Saturday meeting."""
    week = _week_param(request)
    person = _plan_person(request)
    days = selectors.weekly_plan(user=request.user, week_start=week, salesperson=person)
    for plan_day in days:
        plan_day.label = WEEKDAYS[plan_day.day.weekday()]
    return render(
        request,
        "crm/visit_plan.html",
        {
            "section": "visits",
            "week": week,
            "week_end": week + timedelta(days=6),
            "previous": week - timedelta(days=7),
            "next": week + timedelta(days=7),
            "meeting": week - timedelta(days=2),
            "days": days,
            "person": person,
            "who": request.GET.get("who", ""),
            "team": selectors.team_members(user=request.user),
            "figures": selectors.week_figures(
                user=request.user, week_start=week, salesperson=person
            ),
            "planned": sum(len(d.visits) for d in days),
            "today": timezone.localdate(),
        },
    )


@login_required
def visit_plan_xlsx(request: HttpRequest) -> HttpResponse:
    week = _week_param(request)
    person = _plan_person(request)
    people = (
        [person]
        if person is not None
        else list(
            selectors.team_members(user=request.user).filter(
                employee__role__in=["salesperson", "dept_head", "dept_manager"]
            )
        )
    )
    content = sheets.weekly_plan_xlsx(user=request.user, week_start=week, people=people)
    name = display_name(person) if person is not None else "团队"
    return _xlsx(content, f"周计划-{name}-{week:%Y%m%d}.xlsx")


@login_required
def visit_new(request: HttpRequest) -> HttpResponse:
    """File a visit ahead: customer, day, order, purpose, materials, appointment."""
    customer = None
    customer_id = request.POST.get("customer") or request.GET.get("customer")
    if id_param(customer_id):
        customer = (
            selectors.visible_customers(user=request.user).filter(pk=id_param(customer_id)).first()
        )
    initial = {
        "date": request.GET.get("date") or timezone.localdate(),
        "customer": customer.pk if customer else None,
    }
    form = f.VisitForm(request.POST or None, user=request.user, customer=customer, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("customer")
        try:
            visit = services.visit_plan(actor=request.user, customer=chosen, data=data)
        except ServiceError as error:
            _to_form(form, error)
        else:
            messages.success(request, _("拜访计划已保存"))
            return redirect("crm:visit_detail", pk=visit.pk)
    return render(
        request,
        "crm/visit_form.html",
        {
            "section": "visits",
            "form": form,
            "customer": customer,
        },
    )


def _visible_visit(request: HttpRequest, pk: int) -> Visit:
    return get_object_or_404(
        selectors.visible_visits(user=request.user).select_related("contact", "trip"), pk=pk
    )


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One visit on the phone: check in, record, photos, the customer's signature, check out."""
    visit = _visible_visit(request, pk)
    return render(request, "crm/visit_detail.html", _visit_context(request, visit))


def _signature_of(visit: Visit, version: Any = None) -> Any:
    """The signed version `version` (`?version=` of the request), else the latest signed."""
    rows = VisitSignature.objects.filter(visit=visit).order_by("-version")
    if version not in (None, ""):
        try:
            rows = rows.filter(version=int(version))
        except (TypeError, ValueError):
            return None
    signature = rows.first()
    if signature is not None:
        signature.visit = visit
    return signature


def _signed_versions(visit: Visit) -> list[dict[str, Any]]:
    rows = []
    for row in VisitSignature.objects.filter(visit=visit).order_by("-version"):
        row.visit = visit
        status = services.visit_feedback_seal_status(row)
        rows.append({"signature": row, "status": status, "label": SealStatus(status).label})
    return rows


def _visit_context(request: HttpRequest, visit: Visit) -> dict[str, Any]:
    signature = _signature_of(visit)
    versions = _signed_versions(visit)
    status = versions[0]["status"] if versions else None
    opportunity = visit.opportunity
    return {
        "section": "visits",
        "visit": visit,
        "today": timezone.localdate(),
        "own": visit.salesperson_id == request.user.pk,
        "signature": signature,
        "record_form": f.RecordForm(
            initial={
                "content": visit.content,
                "needs": visit.needs,
                "agreements": visit.agreements,
                "objections": visit.objections,
                "next_step": visit.next_step,
                "next_visit_date": visit.next_visit_date,
            }
        ),
        "sign_form": f.SignForm(
            initial={
                "signer_name": visit.contact.name if visit.contact else visit.customer.contact_name,
                "signer_title": visit.contact.title if visit.contact else "",
            }
        ),
        "photos": visit.photos.all(),
        "photo_form": f.PhotoForm(),
        "intact": status == SealStatus.INTACT if signature else None,
        "seal_status": status,
        "seal_label": versions[0]["label"] if versions else "",
        "signed_versions": versions,
        # The record was corrected after the customer signed: the new version awaits a signature.
        "revised": signature is not None and signature.version < visit.record_version,
        "signature_png": base64.b64encode(bytes(signature.signature_png)).decode()
        if signature
        else "",
        "threshold": selectors.crm_settings().checkin_distance_alert_m,
        "moves": [(s, Stage(s).label) for s in services.next_stages(opportunity.stage)]
        if opportunity
        else [],
        "audit": audit_trail(visit),
    }


@login_required
@require_POST
def visit_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Every step of a visit; a refused form is shown again with its error in place."""
    visit = _visible_visit(request, pk)
    user = request.user
    done = {
        "confirm": _("已确认预约"),
        "cancel": _("拜访已取消"),
        "check-in": _("已签到"),
        "check-out": _("已签退，拜访结束"),
        "record": _("拜访记录已保存"),
        "sign": _("客户已签字确认"),
        "photo": _("照片已上传"),
    }
    if action not in done:
        raise Http404
    forms: dict[str, Any] = {}
    try:
        if action == "confirm":
            services.visit_confirm_appointment(
                visit=visit, actor=user, note=request.POST.get("note", "")
            )
        elif action == "cancel":
            services.visit_cancel(visit=visit, actor=user, reason=request.POST.get("reason", ""))
        elif action in ("check-in", "check-out"):
            position = f.PositionForm(request.POST)
            position.is_valid()
            data = position.cleaned_data
            if action == "check-in":
                visit = services.visit_check_in(
                    visit=visit,
                    actor=user,
                    latitude=data.get("latitude"),
                    longitude=data.get("longitude"),
                    accuracy=data.get("accuracy"),
                )
                if visit.check_in_flagged:
                    messages.warning(
                        request,
                        _("签到位置距客户登记地址 %(m)s 米，已标记")
                        % {"m": visit.check_in_distance_m},
                    )
            else:
                services.visit_check_out(
                    visit=visit,
                    actor=user,
                    latitude=data.get("latitude"),
                    longitude=data.get("longitude"),
                )
        elif action == "record":
            forms["record_form"] = form = f.RecordForm(request.POST)
            if not form.is_valid():
                raise _Invalid
            services.visit_record(visit=visit, actor=user, data=form.cleaned_data)
        elif action == "sign":
            forms["sign_form"] = form = f.SignForm(request.POST)
            if not form.is_valid():
                raise _Invalid
            data = form.cleaned_data
            services.visit_sign(
                visit=visit,
                actor=user,
                signer_name=data["signer_name"],
                signer_title=data["signer_title"],
                satisfaction=data["satisfaction"],
                comments=data["comments"],
                signature=data["signature"],
            )
        elif action == "photo":
            forms["photo_form"] = form = f.PhotoForm(request.POST, request.FILES)
            if not form.is_valid():
                raise _Invalid
            services.visit_add_photo(
                visit=visit,
                actor=user,
                upload=form.cleaned_data["photo"],
                caption=form.cleaned_data["caption"],
            )
    except _Invalid:
        return _visit_again(request, visit, forms)
    except ServiceError as error:
        if forms:
            _to_form(next(iter(forms.values())), error)
            return _visit_again(request, visit, forms)
        messages.error(request, error.message)
        return redirect("crm:visit_detail", pk=pk)
    messages.success(request, done[action])
    return redirect("crm:visit_detail", pk=pk)


class _Invalid(Exception):
    """A page form did not validate: show it again with its errors."""


def _visit_again(request: HttpRequest, visit: Visit, forms: dict[str, Any]) -> HttpResponse:
    visit = _visible_visit(request, visit.pk)
    context = _visit_context(request, visit) | forms
    return render(request, "crm/visit_detail.html", context, status=400)


@login_required
def visit_feedback(request: HttpRequest, pk: int, pdf: bool = False) -> HttpResponse:
    """客户拜访反馈表 (forms.md) of the version the customer signed (`?version=n`, else the
    latest signed), printable or as a PDF, its version and seal status at the foot."""
    visit = _visible_visit(request, pk)
    signature = _signature_of(visit, request.GET.get("version"))
    if signature is None:
        raise Http404
    employee = getattr(visit.salesperson, "employee", None)
    if pdf:
        # The one PDF design of the visit feedback form, for phone and trip-report visits alike.
        from fieldsales.trips import printing

        response = HttpResponse(printing.feedback_pdf(signature), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{visit.number}.pdf"'
        return response
    return render(request, "crm/visit_feedback.html", _feedback_context(visit, signature, employee))


def _feedback_context(visit: Visit, signature: Any, employee: Any, pdf: bool = False) -> dict:
    status = services.visit_feedback_seal_status(signature)
    return {
        "visit": visit,
        "signature": signature,
        "company": sheets.COMPANY,
        "salesperson": display_name(visit.salesperson),
        "department": getattr(getattr(employee, "department", None), "name", ""),
        "contact": visit.contact,
        "satisfaction": Satisfaction.choices,
        "signature_png": base64.b64encode(bytes(signature.signature_png)).decode(),
        "intact": status == SealStatus.INTACT,
        "seal_status": status,
        "seal_label": SealStatus(status).label,
        "latest_version": visit.record_version,
        "pdf": pdf,
    }


@login_required
def visit_photo(request: HttpRequest, pk: int) -> HttpResponse:
    photo = get_object_or_404(
        VisitPhoto.objects.filter(
            visit__in=selectors.visible_visits(user=request.user).values("pk")
        ),
        pk=pk,
    )
    return FileResponse(photo.file.open("rb"), content_type=photo.content_type)


# ---------------------------------------------------------------- revisits and follow-ups


@login_required
def revisits(request: HttpRequest) -> HttpResponse:
    """Old customers overdue for a revisit, follow-ups due, service past its deadline."""
    scope, sees_more = _team_scope(request)
    today = timezone.localdate()
    mine = scope == "mine"
    rows = selectors.overdue_revisits(user=request.user, today=today, mine_only=mine)
    late_service = selectors.visible_service_requests(user=request.user).filter(
        status__in=ServiceRequest.OPEN_STATUSES, deadline__lt=today
    )
    if mine:
        late_service = late_service.filter(owner=request.user)
    settings_row = selectors.crm_settings()
    return render(
        request,
        "crm/revisits.html",
        {
            "section": "revisits",
            "scope": scope,
            "sees_more": sees_more,
            "page": _page(request, rows),
            "count": len(rows),
            "due": selectors.follow_ups_due(user=request.user, today=today, mine_only=mine)[:30],
            "late_service": late_service.order_by("deadline")[:30],
            "settings": settings_row,
        },
    )


# ---------------------------------------------------------------- service requests


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
            "page": _page(request, requests.order_by("deadline", "-pk")),
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
    form = f.ServiceRequestForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        customer = data.pop("customer")
        try:
            created = services.service_request_open(
                actor=request.user, customer=customer, data=data
            )
        except ServiceError as error:
            _to_form(form, error)
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
            "handles": obj.owner_id == request.user.pk
            or selectors.manages(request.user, obj.owner),
            "team": selectors.transfer_targets(user=request.user),
            "today": timezone.localdate(),
        },
    )


@action_view
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


# ---------------------------------------------------------------- satisfaction


@login_required
def surveys(request: HttpRequest) -> HttpResponse:
    """Satisfaction per salesperson for a quarter, and the scores recorded."""
    quarter = request.GET.get("quarter") or selectors.quarter_of(timezone.localdate())
    if not services._QUARTER.match(quarter):
        quarter = selectors.quarter_of(timezone.localdate())
    rows = (
        selectors.visible_surveys(user=request.user)
        .filter(quarter=quarter)
        .order_by("-recorded_at")
    )
    year, q = int(quarter[:4]), int(quarter[-1])
    previous = f"{year - 1}Q4" if q == 1 else f"{year}Q{q - 1}"
    following = f"{year + 1}Q1" if q == 4 else f"{year}Q{q + 1}"
    return render(
        request,
        "crm/surveys.html",
        {
            "section": "surveys",
            "quarter": quarter,
            "previous": previous,
            "following": following,
            "lines": selectors.satisfaction_scores(user=request.user, quarter=quarter),
            "page": _page(request, rows),
        },
    )


@login_required
def survey_new(request: HttpRequest) -> HttpResponse:
    form = f.SurveyForm(
        request.POST or None,
        user=request.user,
        initial={
            "quarter": selectors.quarter_of(timezone.localdate()),
            "customer": request.GET.get("customer"),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.survey_record(
                actor=request.user,
                customer=data["customer"],
                kind="quarterly",
                score=data["score"],
                comments=data["comments"],
                respondent=data["respondent"],
                quarter=data["quarter"],
            )
        except ServiceError as error:
            _to_form(form, error)
        else:
            messages.success(request, _("满意度已记录"))
            return redirect(f"{reverse('crm:surveys')}?quarter={data['quarter']}")
    return render(request, "crm/survey_form.html", {"section": "surveys", "form": form})
