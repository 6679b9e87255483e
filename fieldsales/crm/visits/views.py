"""Pages of visits: the weekly plan, a visit's life, its feedback form, revisits due."""

from __future__ import annotations

import base64
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fieldsales.core.api import id_param
from fieldsales.core.audit import audit_trail
from fieldsales.core.errors import ServiceError
from fieldsales.core.lists import first_rows
from fieldsales.core.people import display_name
from fieldsales.crm.customers import selectors as customers_selectors
from fieldsales.crm.customers.web import WEEKDAYS, page_of, team_scope, to_form
from fieldsales.crm.pipeline import selectors as pipeline_selectors
from fieldsales.crm.pipeline import services as pipeline_services
from fieldsales.crm.pipeline.models import Stage
from fieldsales.crm.service import selectors as service_selectors
from fieldsales.crm.service.models import ServiceRequest
from fieldsales.crm.surveys.models import Satisfaction
from fieldsales.crm.visits import feedback, printing, selectors, services
from fieldsales.crm.visits import forms as f
from fieldsales.crm.visits.models import SealStatus, Visit, VisitPhoto, VisitSignature
from fieldsales.org.selectors import company_name


def week_param(request: HttpRequest) -> date:
    try:
        chosen = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        return selectors.meeting_week(timezone.localdate())
    return selectors.monday_of(chosen)


def plan_person(request: HttpRequest) -> Any:
    who = request.GET.get("who", "")
    if who == "all":
        return None
    if who.isdigit():
        person = customers_selectors.team_members(user=request.user).filter(pk=who).first()
        if person is not None:
            return person
    return request.user


@login_required
def visit_plan(request: HttpRequest) -> HttpResponse:
    """The week's visits day by day, for the Saturday meeting."""
    week = week_param(request)
    person = plan_person(request)
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
            "team": customers_selectors.team_members(user=request.user),
            "figures": selectors.week_figures(
                user=request.user, week_start=week, salesperson=person
            ),
            "planned": sum(len(d.visits) for d in days),
            "today": timezone.localdate(),
        },
    )


@login_required
def visit_new(request: HttpRequest) -> HttpResponse:
    """File a visit ahead: customer, day, order, purpose, materials, appointment."""
    customer = None
    customer_id = request.POST.get("customer") or request.GET.get("customer")
    if id_param(customer_id):
        customer = (
            customers_selectors.visible_customers(user=request.user)
            .filter(pk=id_param(customer_id))
            .first()
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
            to_form(form, error)
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
        status = feedback.visit_feedback_seal_status(row)
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
        "threshold": customers_selectors.crm_settings().checkin_distance_alert_m,
        "moves": [(s, Stage(s).label) for s in pipeline_services.next_stages(opportunity.stage)]
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
            to_form(next(iter(forms.values())), error)
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
        response = HttpResponse(printing.feedback_pdf(signature), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{visit.number}.pdf"'
        return response
    return render(request, "crm/visit_feedback.html", _feedback_context(visit, signature, employee))


def _feedback_context(visit: Visit, signature: Any, employee: Any, pdf: bool = False) -> dict:
    status = feedback.visit_feedback_seal_status(signature)
    return {
        "visit": visit,
        "signature": signature,
        "company": company_name(),
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


@login_required
def revisits(request: HttpRequest) -> HttpResponse:
    """Old customers overdue for a revisit, follow-ups due, service past its deadline."""
    scope, sees_more = team_scope(request)
    today = timezone.localdate()
    mine = scope == "mine"
    rows = selectors.overdue_revisits(user=request.user, today=today, mine_only=mine)
    late_service = service_selectors.visible_service_requests(user=request.user).filter(
        status__in=ServiceRequest.OPEN_STATUSES, deadline__lt=today
    )
    if mine:
        late_service = late_service.filter(owner=request.user)
    settings_row = customers_selectors.crm_settings()
    return render(
        request,
        "crm/revisits.html",
        {
            "section": "revisits",
            "scope": scope,
            "sees_more": sees_more,
            "page": page_of(request, rows),
            "count": len(rows),
            "due": first_rows(
                pipeline_selectors.follow_ups_due(user=request.user, today=today, mine_only=mine),
                30,
            ),
            "late_service": first_rows(late_service.order_by("deadline", "pk"), 30),
            "settings": settings_row,
        },
    )
