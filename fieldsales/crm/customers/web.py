"""View plumbing every crm page uses: paging, form errors, going back, the team scope.

A POST action is core.actions.action_view(fallback="crm:customer_list")."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse

from fieldsales.core.errors import ServiceError
from fieldsales.core.redirects import redirect_back
from fieldsales.crm.customers import selectors

PAGE_SIZE = 20
WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]


def page_of(request: HttpRequest, queryset: Any, size: int = PAGE_SIZE) -> Any:
    """The page `?page=` asks for (the last one when it is past the end)."""
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def to_form(form: Any, error: ServiceError) -> None:
    """A service's refusal shown on the form field it names (or above the form)."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def go_back(request: HttpRequest, fallback: str, *, referer: bool = False) -> HttpResponse:
    """Back to a safe `next` (or the referer), else `fallback`."""
    return redirect_back(request, fallback, referer=referer)


def team_scope(request: HttpRequest) -> tuple[str, bool]:
    """`mine` or `team`; the team view only for those who see more than their own."""
    return scope_of(request.user, request.GET)


def scope_of(user: Any, params: Any) -> tuple[str, bool]:
    """`team_scope` for a user and a list's parameters (a background export has no request)."""
    sees_more = selectors.sees_more_than_own(user)
    scope = params.get("scope") or ("team" if sees_more else "mine")
    return (scope if sees_more else "mine"), sees_more
