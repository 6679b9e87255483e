"""The trip form's search-as-you-type pickers: small JSON answers of names, never logins."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse

from fieldsales.trips import selectors


@login_required
def pick_customers(request: HttpRequest) -> JsonResponse:
    """Customers the user may see, by name, code or city: {"results": [{id, name, meta}]}."""
    q = (request.GET.get("q") or "")[:50]
    return JsonResponse({"results": selectors.pick_customers(user=request.user, q=q)})


@login_required
def pick_companions(request: HttpRequest) -> JsonResponse:
    """Colleagues the user may take along, by name, with their department."""
    q = (request.GET.get("q") or "")[:50]
    return JsonResponse({"results": selectors.pick_companions(user=request.user, q=q)})
