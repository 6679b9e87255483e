"""The inbox: what waits for whom, across every app, paged in the database.

Each app registers an `InboxSource` per kind of waiting document in its `AppConfig.ready()`:
a queryset of the documents waiting for a user and which of their fields give the number, the
person, the amount at stake and the violations. The inbox projects every source onto one column
set and pages a UNION ALL of them ordered by waiting-since and id, so a page is one query
whatever the number of sources, and the badge is one COUNT per source.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import F, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.urls import reverse

from fieldsales.core import people

# The column set every source is projected onto (names chosen not to clash with model fields).
COLUMNS = (
    "source",
    "doc_id",
    "doc_created",
    "doc_status",
    "person_id",
    "person_first",
    "person_last",
    "person_login",
    "at_stake",
    "waiting_since",
    "sent_at",
    "violations_json",
)


CENT = Decimal("0.01")


@dataclass(frozen=True)
class InboxSource:
    """One kind of document waiting for a user.

    `waiting(user)` is the queryset of those documents; `number(id, created_at)` gives a
    document's number (numbers are derived, not stored); `person`, `amount` and `violations` name
    their fields (the author, the money at stake, a JSON list of rule violations), `since` the
    fields that say since when it waits (the first one set wins). `page_url` is the URL name of
    its page (taking the id), `api_path` its API address with `{id}`; `present_violations` renders stored violations for the reader. `applies(user)` lets a
    source skip a user outright (finance's payments), saving a query."""

    name: str
    kind: str
    label: str
    waiting: Callable[[Any], models.QuerySet[Any]]
    page_url: str
    api_path: str
    number: Callable[[int, datetime], str]
    person: str
    amount: str | None = None
    violations: str | None = None
    since: tuple[str, ...] = ("submitted_at", "created_at")
    status_labels: Callable[[str], str] = str
    order: int = 0
    applies: Callable[[Any], bool] | None = None
    # Stored violations as the user reads them (rendered in their language by the owner app).
    present_violations: Callable[[list[Any]], list[Any]] | None = None


@dataclass(frozen=True)
class InboxRow:
    """One line of the inbox, as the page and the API show it."""

    source: InboxSource
    id: int
    number: str
    status: str
    person_id: int
    person: str
    amount: Decimal | None
    submitted_at: datetime | None
    violations: list[Any]

    @property
    def kind(self) -> str:
        return self.source.kind

    @property
    def label(self) -> str:
        return self.source.label

    @property
    def status_label(self) -> str:
        return self.source.status_labels(self.status)

    @property
    def url(self) -> str:
        return reverse(self.source.page_url, args=[self.id])

    @property
    def api_url(self) -> str:
        return self.source.api_path.format(id=self.id)


_sources: dict[str, InboxSource] = {}


def register_source(source: InboxSource) -> None:
    """Add a kind of waiting document to every user's inbox (keyed by its name)."""
    _sources[source.name] = source


def sources_for(user: Any) -> list[InboxSource]:
    """The sources that may hold something for this user, in registration order."""
    chosen = [s for s in _sources.values() if s.applies is None or s.applies(user)]
    return sorted(chosen, key=lambda s: s.order)


def _projected(source: InboxSource, user: Any) -> models.QuerySet[Any]:
    """The source's waiting documents as rows of COLUMNS."""
    decimal = models.DecimalField(max_digits=12, decimal_places=2)
    since = Coalesce(*source.since) if len(source.since) > 1 else F(source.since[0])
    columns = {
        "source": Value(source.name, output_field=models.CharField()),
        "doc_id": F("pk"),
        "doc_created": F("created_at"),
        "doc_status": F("status"),
        "person_id": F(f"{source.person}_id"),
        "person_first": F(f"{source.person}__first_name"),
        "person_last": F(f"{source.person}__last_name"),
        "person_login": F(f"{source.person}__username"),
        "at_stake": F(source.amount) if source.amount else Value(None, output_field=decimal),
        "waiting_since": since,
        "sent_at": F("submitted_at"),
        "violations_json": KT(source.violations)
        if source.violations
        else Value(None, output_field=models.TextField()),
    }
    return source.waiting(user).order_by().values(**columns)


def waiting_rows(user: Any) -> models.QuerySet[Any] | None:
    """Every source's rows for the user in one UNION ALL, oldest first (None: no source)."""
    parts = [_projected(source, user) for source in sources_for(user)]
    if not parts:
        return None
    first, *others = parts
    union = first.union(*others, all=True) if others else first
    return union.order_by("waiting_since", "doc_id", "source")


def _row(values: dict[str, Any]) -> InboxRow:
    person = people.display_name(
        _Person(values["person_first"], values["person_last"], values["person_login"])
    )
    raw = values["violations_json"]
    violations = json.loads(raw) if isinstance(raw, str) else (raw or [])
    source = _sources[values["source"]]
    amount = values["at_stake"]  # SQLite returns a union's decimals unscaled
    return InboxRow(
        source=source,
        id=values["doc_id"],
        number=source.number(values["doc_id"], values["doc_created"]),
        status=values["doc_status"],
        person_id=values["person_id"],
        person=person,
        amount=None if amount is None else Decimal(amount).quantize(CENT),
        submitted_at=values["sent_at"],
        violations=_presented(source, violations),
    )


def _presented(source: InboxSource, violations: Any) -> list[Any]:
    if not isinstance(violations, list):
        return []
    if source.present_violations is None:
        return violations
    return source.present_violations(violations)


@dataclass(frozen=True)
class _Person:
    first_name: str
    last_name: str
    username: str


class Inbox(Sequence[InboxRow]):
    """A user's inbox as a lazy sequence a Paginator pages: `count()` and slices both query."""

    def __init__(self, user: Any) -> None:
        self.rows = waiting_rows(user)

    def count(self) -> int:
        return 0 if self.rows is None else self.rows.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[InboxRow]:
        # One query for the whole inbox (Sequence's default would query once per row).
        return iter(self[:])

    def __getitem__(self, index: Any) -> Any:
        if self.rows is None:
            return [] if isinstance(index, slice) else [][index]
        if isinstance(index, slice):
            return [_row(values) for values in self.rows[index]]
        return _row(self.rows[index])


def inbox(*, user: Any) -> Inbox:
    """Everything waiting for the user's decision or action, oldest first, paged on demand."""
    return Inbox(user)


def inbox_count(*, user: Any) -> int:
    """How many documents wait for the user (the nav badge): one COUNT per source."""
    return sum(source.waiting(user).count() for source in sources_for(user))
