"""Home, login and the shared page helpers."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class LoginView(auth_views.LoginView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["show_demo_hint"] = settings.DEBUG
        return context


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's start page: what waits for them, their trips, overdue reports."""
    from fieldsales.trips.selectors import inbox, overdue_reports, visible_claims, visible_trips

    trips = (
        visible_trips(user=request.user)
        .filter(traveller=request.user)
        .prefetch_related("destinations")
        .order_by("-created_at")[:5]
    )
    context = {
        "my_trips": trips,
        "inbox": inbox(user=request.user)[:10],
        "overdue": overdue_reports(user=request.user).filter(traveller=request.user)[:10],
        "team_overdue": overdue_reports(user=request.user).exclude(traveller=request.user)[:10],
        "my_claims": visible_claims(user=request.user).filter(claimant=request.user)[:5],
    }
    return render(request, "home.html", context)
