"""What trips plugs into the shared pages (TripsConfig.ready): its tabs, its inbox sources,
its blocks of the home and inbox pages and its vocabulary."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from fieldsales.core.inbox import InboxSource, inbox_count, register_source
from fieldsales.core.registry import NavEntry, PageBlock, register_block, register_nav
from fieldsales.trips import home, labels, lists, selectors, wording
from fieldsales.trips.inbox import approval_tabs, row_fields
from fieldsales.trips.models import Advance, AdvanceStatus, Claim, ClaimStatus, Trip, TripStatus

INBOX_OVERDUE_SIZE = 20  # as many as a page of the inbox (core.views.INBOX_PAGE_SIZE)


def _labels_of(choices: Any) -> Any:
    table = dict(choices.choices)
    return lambda code: str(table.get(code, code))


def _violations_for_reader(violations: list[Any]) -> list[Any]:
    """Stored violations in the reader's language, as api.md shows them (no figures)."""
    return list(selectors.evaluation_in_language({"violations": violations})["violations"])


def trip_number(pk: int, created_at: datetime) -> str:
    return Trip(pk=pk, created_at=created_at).number


def advance_number(pk: int, created_at: datetime) -> str:
    return Advance(pk=pk, created_at=created_at).number


def claim_number(pk: int, created_at: datetime) -> str:
    return Claim(pk=pk, created_at=created_at).number


# What every inbox list of a document shows: its number, name, person, amount and links.
DOCUMENTS: dict[str, dict[str, Any]] = {
    "trip": {
        "kind": "trip",
        "number": trip_number,
        "label": _("出差申请"),
        "person": "traveller",
        "page_url": "trips:detail",
        "api_path": "/api/trips/{id}/",
        "status_labels": _labels_of(TripStatus),
        **row_fields("trip"),
    },
    "advance": {
        "kind": "advance",
        "number": advance_number,
        "label": _("预支"),
        "person": "traveller",
        "amount": "amount",
        "page_url": "trips:advance_detail",
        "api_path": "/api/advances/{id}/",
        "status_labels": _labels_of(AdvanceStatus),
        **row_fields("advance"),
    },
    "claim": {
        "kind": "claim",
        "number": claim_number,
        "label": _("报销单"),
        "person": "claimant",
        "amount": "reimbursed_total",
        "violations": "evaluation__violations",
        "present_violations": _violations_for_reader,
        "page_url": "trips:claim_detail",
        "api_path": "/api/claims/{id}/",
        "status_labels": _labels_of(ClaimStatus),
        **row_fields("claim"),
    },
}


def _source(document: str, name: str, waiting: Any, order: int, **extra: Any) -> InboxSource:
    """An inbox list of one trips document: the approvals and finance's lists of the same
    document differ only in what waits and for whom."""
    fields = DOCUMENTS[document] | extra
    return InboxSource(name=name, waiting=waiting, order=order, **fields)


SOURCES = [
    # The approvals sources also fill the other tabs and approve in bulk (trips/inbox.py).
    _source("trip", "trips.trip", selectors.trips_waiting, 10, **approval_tabs("trip")),
    _source("advance", "trips.advance", selectors.advances_waiting, 20, **approval_tabs("advance")),
    _source("claim", "trips.claim", selectors.claims_waiting, 30, **approval_tabs("claim")),
    _source(
        "advance",
        "trips.advance_to_pay",
        selectors.advances_to_pay,
        40,
        applies=selectors.is_finance,
    ),
    # S7.3: a correction made when an order was signed waits in its traveller's inbox too.
    _source(
        "claim",
        "trips.claim_deal_correction",
        selectors.deal_corrections_of,
        35,
        label=_("招待费更正单（待财务审核）"),
    ),
    _source(
        "claim",
        "trips.claim_to_settle",
        selectors.claims_to_settle,
        50,
        applies=selectors.is_finance,
    ),
]


def _home_facts(request: HttpRequest) -> dict[str, Any]:
    """What the trips blocks of the home page show, read once per request."""
    facts = getattr(request, "trips_home", None)
    if facts is None:
        user = request.user
        overdue = selectors.overdue_reports(user=user).prefetch_related("destinations")
        leads = home.leads_people(user)
        waiting = getattr(request, "inbox_count", None)  # the middleware's, for the nav badge
        facts = {
            "my_trips": list(
                selectors.visible_trips(user=user)
                .filter(traveller=user)
                .prefetch_related("destinations")
                .order_by("-created_at")[:5]
            ),
            "overdue": list(overdue.filter(traveller=user)[:10]),
            "team_overdue": list(overdue.exclude(traveller=user)[:10]),
            # The figures count them all; the lists above show the first few.
            "team_overdue_count": overdue.exclude(traveller=user).count() if leads else 0,
            "my_claims": selectors.visible_claims(user=user).filter(claimant=user)[:5],
            "inbox_count": inbox_count(user=user) if waiting is None else waiting,
            "leads": leads,
        }
        request.trips_home = facts  # type: ignore[attr-defined]
    return facts


def _inbox_overdue(request: HttpRequest) -> dict[str, Any]:
    overdue = selectors.overdue_reports(user=request.user).exclude(traveller=request.user)
    return {"overdue": overdue.prefetch_related("destinations")[:INBOX_OVERDUE_SIZE]}


def _home_to_pay(request: HttpRequest) -> dict[str, Any]:
    """Finance's home: the totals waiting to be paid and settled (trips.lists.to_pay)."""
    return lists.to_pay(user=request.user)


FIELD = home.does_field_work
BLOCKS = [
    PageBlock("home", "trips.new_trip", "trips/_home_new_trip.html", 10, None, FIELD, "actions"),
    PageBlock("home", "trips.overdue", "trips/_home_overdue.html", 10, _home_facts, FIELD),
    PageBlock("home", "trips.figures", "trips/_home_figures.html", 20, _home_facts, FIELD),
    PageBlock(
        "home",
        "trips.team_overdue",
        "trips/_home_team_overdue.html",
        40,
        _home_facts,
        home.leads_people,
    ),
    PageBlock("home", "trips.my_trips", "trips/_home_my_trips.html", 50, _home_facts, FIELD),
    PageBlock("home", "trips.my_claims", "trips/_home_my_claims.html", 60, _home_facts, FIELD),
    *home.BLOCKS,
    PageBlock(
        "home",
        "trips.to_pay",
        "trips/_home_to_pay.html",
        5,
        _home_to_pay,
        visible=selectors.is_finance,
    ),
    PageBlock("inbox", "trips.overdue", "trips/_inbox_overdue.html", 10, _inbox_overdue),
]

NAV = [
    NavEntry("trips:list", _("出差"), "trip", 10),
    NavEntry("trips:claim_list", _("报销"), "claim", 20),
    NavEntry("trips:to_pay", _("待付款"), "advance", 25, visible=selectors.is_finance),
]


def register() -> None:
    """Register the tabs, inbox sources, page blocks, reminders and vocabulary of trips."""
    from fieldsales.trips import reminders
    from fieldsales.trips.list_views import register_exports

    reminders.register()
    register_exports()
    for entry in NAV:
        register_nav(entry)
    for source in SOURCES:
        register_source(source)
    for block in BLOCKS:
        register_block(block)
    labels.register()
    wording.register()
