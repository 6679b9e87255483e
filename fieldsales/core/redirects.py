"""Where to send the browser back to: one check for every `next=` (and Referer) of the site."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, *, referer: bool = False) -> str | None:
    """The `next` the request names (form field, then query string), else with `referer` the
    page it came from, only if that URL stays on this site (same host, http(s), no `//evil`,
    no `https:` downgrade); None otherwise."""
    candidates = [request.POST.get("next"), request.GET.get("next")]
    if referer:
        candidates.append(request.META.get("HTTP_REFERER"))
    for url in candidates:
        if url and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return url
    return None


def redirect_back(
    request: HttpRequest, fallback: str, *, referer: bool = False
) -> HttpResponseRedirect:
    """A redirect to safe_next(), or to `fallback` (a URL or a URL name) when there is none."""
    return redirect(safe_next(request, referer=referer) or fallback)
