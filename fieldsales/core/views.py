"""Login, password change and the inbox page (the apps fill it through core.inbox)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from fieldsales.core.inbox import inbox
from fieldsales.core.redirects import safe_next
from fieldsales.core.registry import render_blocks

INBOX_PAGE_SIZE = 20


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

    success_url = reverse_lazy(settings.LOGIN_REDIRECT_URL)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("密码已修改，其他设备上的登录和 API 令牌已失效。"))
        return response


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    """Everything waiting for me, oldest first, with the money and the violations visible;
    below it what the apps register for this page (trips: the team's overdue reports)."""
    page = Paginator(inbox(user=request.user), INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "approvals/inbox.html",
        {"page": page, "blocks": render_blocks("inbox", request)},
    )
