"""The printed forms as PDF downloads; what a user may not see is a 404 (forms.md)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from fieldsales.core.printing import paper_choice, pdf_response
from fieldsales.crm.models import VisitSignature
from fieldsales.crm.visits.selectors import visible_visits
from fieldsales.trips import printing, selectors


@login_required
@require_GET
def trip_print(request: HttpRequest, pk: int) -> HttpResponse:
    trip = get_object_or_404(selectors.visible_trips(user=request.user), pk=pk)
    return pdf_response(
        printing.trip_pdf(trip, **paper_choice(request)), f"出差申请单-{trip.number}.pdf"
    )


@login_required
@require_GET
def advance_print(request: HttpRequest, pk: int) -> HttpResponse:
    advance = get_object_or_404(selectors.visible_advances(user=request.user), pk=pk)
    return pdf_response(
        printing.advance_pdf(advance, **paper_choice(request)),
        f"借款单-{advance.number}.pdf",
    )


@login_required
@require_GET
def claim_print(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(selectors.visible_claims(user=request.user), pk=pk)
    return pdf_response(
        printing.claim_pdf(claim, **paper_choice(request)),
        f"差旅费报销单-{claim.number}.pdf",
    )


@login_required
@require_GET
def feedback_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed feedback of visit `pk` (the version the customer signed last, or
    `?version=n`): seen by whoever sees the visit or the trip it was on."""
    user = request.user
    signatures = VisitSignature.objects.select_related(
        "visit__customer", "visit__salesperson", "visit__contact", "visit__trip"
    ).filter(
        Q(visit__in=visible_visits(user=user).values("pk"))
        | Q(visit__trip__in=selectors.visible_trips(user=user).values("pk"))
    )
    signatures = signatures.filter(visit_id=pk).order_by("-version")
    version = request.GET.get("version", "")
    if version:
        if not version.isdigit():
            raise Http404
        signatures = signatures.filter(version=int(version))
    signature = signatures.first()
    if signature is None:
        raise Http404
    filename = f"客户拜访反馈表-{printing.feedback_number(signature)}.pdf"
    return pdf_response(printing.feedback_pdf(signature, **paper_choice(request)), filename)


@login_required
@require_GET
def report_print(request: HttpRequest, pk: int) -> HttpResponse:
    trip = get_object_or_404(selectors.visible_trips(user=request.user), pk=pk)
    if selectors.report_of(trip) is None:
        raise Http404("出差报告尚未提交")
    return pdf_response(
        printing.trip_report_pdf(trip, **paper_choice(request)),
        f"出差报告-{trip.number}.pdf",
    )
