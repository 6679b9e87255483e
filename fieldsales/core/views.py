"""Home, login and the shared page helpers."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from fieldsales.core.redirects import safe_next


class LoginView(auth_views.LoginView):
    def get_redirect_url(self) -> str:
        # The site's one check for `next=` (Django's own is the same function, kept in one place).
        return safe_next(self.request) or ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["show_demo_hint"] = settings.DEBUG
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    """Every user changes their own password; their other sessions and API tokens end
    (Django keeps only this session; the validators' password_changed hook drops the tokens)."""

    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("密码已修改，其他设备上的登录和 API 令牌已失效。"))
        return response


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
