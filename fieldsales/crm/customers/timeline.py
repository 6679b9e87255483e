"""The customer's timeline: what happened with a customer, newest first, from every domain.

Customers sit at the bottom of crm and name no domain above them. Each domain that has
something to show on a customer's page registers a `TimelineSource` at start-up (crm's
visits, service and surveys from CrmConfig.ready, trips from TripsConfig.ready, sales later):
`entries(user, customer, limit)` returns at most `limit` entries the user may see, newest
first, in a fixed number of queries. The page merges them and shows a page of the newest.
Registering a source again under the same name replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened: when, what kind, a title, a line of detail, a link, a state.

    `tone` is the badge's colour (approved, submitted, rejected, cancelled, draft, warning);
    `dated` says `at` is a day only (a visit's or trip's date), shown without a time."""

    at: datetime
    kind: str
    title: str
    meta: str = ""
    url: str = ""
    status: str = ""
    tone: str = "draft"
    dated: bool = False


EntriesOf = Callable[[Any, Any, int], list[TimelineEntry]]


@dataclass(frozen=True)
class TimelineSource:
    name: str
    entries: EntriesOf
    order: int = 50


_sources: dict[str, TimelineSource] = {}


def register_timeline(source: TimelineSource) -> None:
    """Add a source of the customer timeline (keyed by its name)."""
    _sources[source.name] = source


def timeline_sources() -> list[TimelineSource]:
    return sorted(_sources.values(), key=lambda s: s.order)


def day_start(day: date) -> datetime:
    """A business date (Asia/Shanghai) as the first moment of that day, to sort with times."""
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class TimelinePage:
    entries: list[TimelineEntry]
    number: int
    has_more: bool


PAGE_SIZE = 15
MAX_PAGE = 50


def customer_timeline(*, user: Any, customer: Any, page: int = 1) -> TimelinePage:
    """Page `page` of the customer's timeline as `user` may see it, newest first. Each source
    is asked once for its newest entries up to the end of the page (plus one, to know whether
    there are more), so the queries do not grow with the number of entries."""
    page = min(max(page, 1), MAX_PAGE)
    end = page * PAGE_SIZE
    merged: list[TimelineEntry] = []
    for source in timeline_sources():
        merged.extend(source.entries(user, customer, end + 1))
    # A stable sort: entries at the same moment keep the sources' order.
    merged.sort(key=lambda e: e.at, reverse=True)
    return TimelinePage(
        entries=merged[end - PAGE_SIZE : end], number=page, has_more=len(merged) > end
    )
