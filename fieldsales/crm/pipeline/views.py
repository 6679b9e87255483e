"""Pages of the pipeline board and opportunities."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fieldsales.core.errors import ServiceError
from fieldsales.crm.customers.related import OPPORTUNITY, render_related
from fieldsales.crm.customers.web import go_back, page_of, team_scope, to_form
from fieldsales.crm.pipeline import forms as f
from fieldsales.crm.pipeline import selectors, services
from fieldsales.crm.pipeline.models import BOARD_STAGES, CLOSED_STAGES, Stage


def _board_context(request: HttpRequest) -> dict[str, Any]:
    scope, sees_more = team_scope(request)
    owner = request.user if scope == "mine" else None
    columns = selectors.pipeline_board(user=request.user, owner=owner)
    for column in columns:
        for opportunity in column.opportunities:
            opportunity.moves = [
                (s, Stage(s).label) for s in services.next_stages(opportunity.stage)
            ]
            onward = services.onward_stage(opportunity.stage)
            opportunity.forward = (onward, Stage(onward).label) if onward else None
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
    }
    context["closed"] = _closed_counts(request, context["scope"])
    return render(request, "crm/pipeline.html", context)


def _closed(request: HttpRequest, scope: str) -> Any:
    owner = request.user if scope == "mine" else None
    return selectors.closed_opportunities(user=request.user, owner=owner)


def _closed_counts(request: HttpRequest, scope: str) -> dict[str, int]:
    """How many are won and lost (the tabs of the board), as the board's scope counts them."""
    rows = _closed(request, scope).values("stage").annotate(n=Count("pk"))
    counts = dict.fromkeys(CLOSED_STAGES, 0)
    counts |= {row["stage"]: row["n"] for row in rows}
    return counts


@login_required
def pipeline_closed(request: HttpRequest, stage: str) -> HttpResponse:
    """成交 or 丢单: the opportunities that ended so, the latest first, paged."""
    if stage not in CLOSED_STAGES:
        raise Http404
    scope, sees_more = team_scope(request)
    opportunities = _closed(request, scope).filter(stage=stage)
    return render(
        request,
        "crm/pipeline_closed.html",
        {
            "section": "pipeline",
            "stage": stage,
            "stage_label": Stage(stage).label,
            "page": page_of(request, opportunities.order_by("-closed_at", "-pk")),
            "scope": scope,
            "sees_more": sees_more,
            "closed": _closed_counts(request, scope),
        },
    )


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
        # The moved card is marked (the page scrolls it into view, static/js/pipeline.js); a
        # refused one keeps its place and says why on the card itself.
        context = _board_context(request) | {
            "error": error,
            "moved": None if error else pk,
            "refused": pk if error else None,
        }
        on_board = any(o.pk == pk for c in context["columns"] for o in c.opportunities)
        context["error_on_card"] = bool(error) and on_board
        return render(request, "crm/_board.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request, _("商机已转到“%(stage)s”") % {"stage": opportunity.get_stage_display()}
        )
    return go_back(request, reverse("crm:opportunity_detail", args=[pk]))


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
            to_form(form, error)
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
            to_form(form, error)
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
            "related": render_related(OPPORTUNITY, request, opportunity),
        },
    )


@login_required
def pick_opportunities(request: HttpRequest) -> JsonResponse:
    """JSON for the forms' opportunity search: visible opportunities by title or customer."""
    q = (request.GET.get("q") or "")[:50]
    return JsonResponse({"results": selectors.pick_opportunities(user=request.user, q=q)})
