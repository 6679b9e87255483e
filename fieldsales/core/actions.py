"""The one shape of a page's POST action: run the service, say what happened, go on."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from fieldsales.core.errors import ServiceError
from fieldsales.core.redirects import redirect_back

# The view returns where to go (a URL, a URL name, or a tuple of a name and its arguments)
# and the success message.
ActionView = Callable[..., tuple[Any, str]]


def action_view(view: ActionView | None = None, *, fallback: str = "home") -> Any:
    """POST-only action for a logged-in user: run the view, report its refusal (a
    ServiceError) as a message and go back to the page it came from, checked by
    core.redirects (else `fallback`, a URL or URL name). `@action_view` or
    `@action_view(fallback="crm:customer_list")`."""

    def decorate(view: ActionView) -> Callable[..., HttpResponse]:
        @wraps(view)
        @login_required
        @require_POST
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                target, success = view(request, *args, **kwargs)
            except ServiceError as error:
                messages.error(request, error.message)
                return redirect_back(request, fallback, referer=True)
            messages.success(request, success)
            return redirect(*target) if isinstance(target, tuple) else redirect(target)

        return wrapper

    return decorate if view is None else decorate(view)
