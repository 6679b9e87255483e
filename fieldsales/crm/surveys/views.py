"""Pages of satisfaction surveys."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core.errors import ServiceError
from fieldsales.crm.customers.web import page_of, to_form
from fieldsales.crm.surveys import forms as f
from fieldsales.crm.surveys import selectors, services


@login_required
def surveys(request: HttpRequest) -> HttpResponse:
    """Satisfaction per salesperson for a quarter, and the scores recorded."""
    quarter = request.GET.get("quarter") or selectors.quarter_of(timezone.localdate())
    if not selectors.QUARTER_FORMAT.match(quarter):
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
            "page": page_of(request, rows),
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
            to_form(form, error)
        else:
            messages.success(request, _("满意度已记录"))
            return redirect(f"{reverse('crm:surveys')}?quarter={data['quarter']}")
    return render(request, "crm/survey_form.html", {"section": "surveys", "form": form})
