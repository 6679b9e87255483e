"""The home page: the blocks the apps registered for it, in order."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fieldsales.core.registry import render_blocks


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's start page: what waits for them, their trips, overdue reports."""
    context = {
        "actions": render_blocks("home", request, slot="actions"),
        "blocks": render_blocks("home", request),
    }
    return render(request, "home.html", context)
