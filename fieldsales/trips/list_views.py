"""The list pages of trips, advances and claims, their Excel exports ("as shown": the same
filtered rows, all pages, the same columns) and finance's page of what waits to be paid."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from fieldsales.core.lists import UserRequest, list_context
from fieldsales.notifications.exports import export_response, register_list_export
from fieldsales.trips import lists, selectors

TO_PAY_ROWS = 50  # per section; the whole list is the filtered list it links to

# Each list: its filter, its rows, its columns, its template, its title and its page's URL.
LISTS: dict[str, dict[str, Any]] = {
    "trips": {
        "filter": lists.TripFilter,
        "rows": lists.trips_for_list,
        "columns": lists.TRIP_COLUMNS,
        "template": "trips/trip_list.html",
        "title": gettext_lazy("出差申请"),
        "url": "trips:list",
        "export": "trips:list_export",
    },
    "claims": {
        "filter": lists.ClaimFilter,
        "rows": lists.claims_for_list,
        "columns": lists.CLAIM_COLUMNS,
        "template": "trips/claim_list.html",
        "title": gettext_lazy("差旅费报销单"),
        "url": "trips:claim_list",
        "export": "trips:claim_list_export",
    },
    "advances": {
        "filter": lists.AdvanceFilter,
        "rows": lists.advances_for_list,
        "columns": lists.ADVANCE_COLUMNS,
        "template": "trips/advance_list.html",
        "title": gettext_lazy("预支差旅费"),
        "url": "trips:advance_list",
        "export": "trips:advance_list_export",
    },
}


def list_filter(name: str, user: Any, params: Any) -> Any:
    """List `name`'s filter over what `user` sees (a page's, or a background export's)."""
    spec = LISTS[name]
    return spec["filter"](params, queryset=spec["rows"](user=user), request=UserRequest(user))


def _filterset(request: HttpRequest, name: str) -> Any:
    return list_filter(name, request.user, request.GET)


def register_exports() -> None:
    """Each list's export, built in the background when it is long (notifications.exports)."""
    for name, spec in LISTS.items():
        register_list_export(
            f"trips.{name}",
            spec["title"],
            lambda user, params, name=name: list_filter(name, user, params),
            spec["columns"],
        )


def _list_page(request: HttpRequest, name: str, overdue: Any = None) -> HttpResponse:
    spec = LISTS[name]
    context = list_context(request, _filterset(request, name), spec["columns"])
    context |= {"export_url": reverse(spec["export"]), "list_url": reverse(spec["url"])}
    if overdue is not None:
        context["overdue_ids"] = overdue(request, [row.obj for row in context["rows"]])
    return render(request, spec["template"], context)


def _export(request: HttpRequest, name: str) -> HttpResponse:
    """The filtered list in Excel: now, or built in the background when it is long."""
    return export_response(request, f"trips.{name}", rows=_filterset(request, name).qs.count())


@login_required
def trip_list(request: HttpRequest) -> HttpResponse:
    """Trips I may see, filtered and searched, newest first, paginated."""
    return _list_page(request, "trips", overdue=_overdue)


def _overdue(request: HttpRequest, trips: list[Any]) -> set[int]:
    """The trips of the page whose report is overdue (P7.1)."""
    ids = [trip.pk for trip in trips]
    return set(
        selectors.overdue_reports(user=request.user).filter(pk__in=ids).values_list("pk", flat=True)
    )


@login_required
def trip_list_export(request: HttpRequest) -> HttpResponse:
    return _export(request, "trips")


@login_required
def claim_list(request: HttpRequest) -> HttpResponse:
    """Claims I may see, filtered and searched, newest first, paginated."""
    return _list_page(request, "claims")


@login_required
def claim_list_export(request: HttpRequest) -> HttpResponse:
    return _export(request, "claims")


@login_required
def advance_list(request: HttpRequest) -> HttpResponse:
    """Advances I may see, filtered and searched, newest first, paginated."""
    return _list_page(request, "advances")


@login_required
def advance_list_export(request: HttpRequest) -> HttpResponse:
    return _export(request, "advances")


@login_required
def to_pay(request: HttpRequest) -> HttpResponse:
    """Finance: approved claims to settle, approved advances to pay out, paid advances to
    settle, each with its totals and a link to the document where it is paid."""
    if not selectors.is_finance(request.user):
        raise Http404
    work = lists.to_pay(user=request.user)
    for key in ("claims", "advances", "to_settle"):
        work[key] = list(work[key][:TO_PAY_ROWS])
    return render(request, "trips/to_pay.html", work | {"shown_max": TO_PAY_ROWS})
