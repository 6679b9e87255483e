"""The inbox: what waits for whom, across every app, paged in the database.

Each app registers an `InboxSource` per kind of waiting document in its `AppConfig.ready()`:
a queryset of the documents waiting for a user and which of their fields give the number, the
person, the amount at stake and the violations. The inbox projects every source onto one column
set and pages a UNION ALL of them ordered by waiting-since and id, so a page is one query
whatever the number of sources, and the badge is one COUNT per source.

Tabs (as DingTalk's approvals): 待我处理 `todo` (waiting for my decision or action, and my own
documents sent back to me), 我已处理 `done` (documents I approved or rejected: Approval rows),
我发起的 `started` (documents I submitted), 抄送我 `cc` (documents that name me without being
mine or waiting for me; each app decides which). A source takes part in a tab by giving its
queryset; search and the kind and person filters narrow every part before the UNION.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, Concat
from django.db.models.lookups import IContains
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fieldsales.core import badge, people
from fieldsales.core.memo import recalled, remembered
from fieldsales.core.models import Approval

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
    "subject",
    "subject_count",
    "date_from",
    "date_to",
)

TODO, DONE, STARTED, CC = "todo", "done", "started", "cc"
TABS = {
    TODO: _("待我处理"),
    DONE: _("我已处理"),
    STARTED: _("我发起的"),
    CC: _("抄送我"),
}


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
    # The other tabs: the author's documents sent back to them (shown in 待我处理 too), the
    # documents they submitted, those copied to them; `decided`: 我已处理 from Approval rows.
    returned: Callable[[Any], models.QuerySet[Any]] | None = None
    started: Callable[[Any], models.QuerySet[Any]] | None = None
    copied: Callable[[Any], models.QuerySet[Any]] | None = None
    decided: bool = False
    # What the document is about (an expression: the first destination, the customer), how
    # many such (destinations), and the fields of its dates.
    subject: Callable[[], Any] | None = None
    subject_count: Callable[[], Any] | None = None
    dates: tuple[str, str] | None = None
    # The app's part of a search (number, destination, customer): a Q on the model.
    search: Callable[[str], Q] | None = None
    # Bulk approval: `find(id, user)` the document the user may see (else NotFound), and
    # `approve(document, actor, comment)` through the app's own service (its errors raised).
    find: Callable[[int, Any], Any] | None = None
    approve: Callable[[Any, Any, str], Any] | None = None
    # The numbers of a page's documents in one query ({id: number}), for documents whose
    # number is read from their row (`model_numbers`); `number` then answers a single row.
    numbers: Callable[[list[int]], dict[int, str]] | None = None


def model_numbers(label: str, *fields: str) -> Callable[[list[int]], dict[int, str]]:
    """`InboxSource.numbers` for a model whose `number` property reads `fields` of its row
    (`label`: "app.Model", looked up when first used)."""

    def numbers(ids: list[int]) -> dict[int, str]:
        from django.apps import apps

        rows = apps.get_model(label).objects.filter(pk__in=ids).only(*fields)
        return {row.pk: row.number for row in rows}

    return numbers


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
    waiting_since: datetime | None = None
    subject: str | None = None
    subject_count: int = 0
    date_from: Any = None
    date_to: Any = None
    # May the reader approve it from the list (bulk approval): waiting for their decision.
    decidable: bool = False

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


def _tab_part(source: InboxSource, user: Any, tab: str) -> models.QuerySet[Any] | None:
    """The source's documents in `tab` for the user (None: the source is not in that tab)."""
    if tab == TODO:
        waiting = source.waiting(user)
        return waiting | source.returned(user) if source.returned else waiting
    if tab == DONE:
        if not source.decided:
            return None
        model = source.waiting(user).model
        mine = Approval.objects.filter(
            content_type=ContentType.objects.get_for_model(model), user=user
        ).values("object_id")
        return model.objects.filter(pk__in=mine)
    chosen = {STARTED: source.started, CC: source.copied}.get(tab)
    return chosen(user) if chosen else None


def _narrowed(
    source: InboxSource, part: models.QuerySet[Any], q: str, person: int | None
) -> models.QuerySet[Any]:
    """The part filtered by person and by the search (the person's name or the app's fields)."""
    if person is not None:
        part = part.filter(**{f"{source.person}_id": person})
    q = q.strip()
    if q:
        who = source.person
        name = IContains(Concat(F(f"{who}__last_name"), F(f"{who}__first_name")), q)
        found = Q(name) | Q(**{f"{who}__username__icontains": q})
        if source.search is not None:
            found |= source.search(q)
        part = part.filter(found)
    return part


def _projected(source: InboxSource, part: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """The source's documents as rows of COLUMNS."""
    decimal = models.DecimalField(max_digits=12, decimal_places=2)
    since = Coalesce(*source.since) if len(source.since) > 1 else F(source.since[0])
    date = models.DateField()
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
        "subject": source.subject()
        if source.subject
        else Value(None, output_field=models.CharField()),
        "subject_count": source.subject_count()
        if source.subject_count
        else Value(0, output_field=models.IntegerField()),
        "date_from": F(source.dates[0]) if source.dates else Value(None, output_field=date),
        "date_to": F(source.dates[1]) if source.dates else Value(None, output_field=date),
    }
    return part.order_by().values(**columns)


def _parts(
    user: Any, tab: str, q: str, kind: str, person: int | None
) -> list[tuple[InboxSource, models.QuerySet[Any]]]:
    # What waits for the user per source, when the request counted it already (the badge):
    # a source with nothing waiting adds nothing to the tab, so it is left out of the UNION.
    counted = recalled(_counts_key(user)) if tab == TODO else None
    found = []
    for source in sources_for(user):
        if kind and source.kind != kind:
            continue
        if counted is not None and counted.get(source.name) == 0:
            continue
        part = _tab_part(source, user, tab)
        if part is not None:
            found.append((source, _narrowed(source, part, q, person)))
    return found


def waiting_rows(
    user: Any, tab: str = TODO, q: str = "", kind: str = "", person: int | None = None
) -> models.QuerySet[Any] | None:
    """Every source's rows of the tab for the user in one UNION ALL (None: no source): what
    waits oldest first, the other tabs newest first."""
    parts = [_projected(source, part) for source, part in _parts(user, tab, q, kind, person)]
    if not parts:
        return None
    first, *others = parts
    union = first.union(*others, all=True) if others else first
    if tab == TODO:
        return union.order_by("waiting_since", "doc_id", "source")
    return union.order_by("-waiting_since", "-doc_id", "source")


def _page_numbers(page: list[dict[str, Any]]) -> dict[tuple[str, int], str]:
    """The numbers of a page's rows read from their documents: one query per such source."""
    ids: dict[str, list[int]] = {}
    for values in page:
        if _sources[values["source"]].numbers is not None:
            ids.setdefault(values["source"], []).append(values["doc_id"])
    found: dict[tuple[str, int], str] = {}
    for name, chosen in ids.items():
        numbers = _sources[name].numbers(chosen)  # type: ignore[misc]
        found.update({(name, pk): number for pk, number in numbers.items()})
    return found


def _row(
    values: dict[str, Any], tab: str, user_id: Any, numbers: dict[tuple[str, int], str]
) -> InboxRow:
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
        number=numbers.get((source.name, values["doc_id"]))
        or source.number(values["doc_id"], values["doc_created"]),
        status=values["doc_status"],
        person_id=values["person_id"],
        person=person,
        amount=None if amount is None else Decimal(amount).quantize(CENT),
        submitted_at=values["sent_at"],
        violations=_presented(source, violations),
        waiting_since=values["waiting_since"],
        subject=values["subject"],
        subject_count=values["subject_count"] or 0,
        date_from=_date(values["date_from"]),
        date_to=_date(values["date_to"]),
        decidable=tab == TODO and source.approve is not None and values["person_id"] != user_id,
    )


def _date(value: Any) -> Any:
    # SQLite returns a union's dates as text.
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value


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

    def __init__(
        self, user: Any, tab: str = TODO, q: str = "", kind: str = "", person: int | None = None
    ) -> None:
        self.tab = tab if tab in TABS else TODO
        self.user, self.user_id = user, user.pk
        self.narrowed = bool(q.strip() or kind or person is not None)
        self.rows = waiting_rows(user, self.tab, q, kind, person)

    def count(self) -> int:
        if self.rows is None:
            return 0
        if self.tab == TODO and not self.narrowed:
            return inbox_count(user=self.user)  # the badge's count, once per request
        return self.rows.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[InboxRow]:
        # One query for the whole inbox (Sequence's default would query once per row).
        return iter(self[:])

    def __getitem__(self, index: Any) -> Any:
        if self.rows is None:
            return [] if isinstance(index, slice) else [][index]
        if isinstance(index, slice):
            page = list(self.rows[index])
            numbers = _page_numbers(page)
            return [_row(values, self.tab, self.user_id, numbers) for values in page]
        return _row(self.rows[index], self.tab, self.user_id, {})


def inbox(
    *, user: Any, tab: str = TODO, q: str = "", kind: str = "", person: int | None = None
) -> Inbox:
    """The user's documents of a tab (default: what waits for their decision or action,
    oldest first), searched and filtered in the database, paged on demand."""
    return Inbox(user, tab, q, kind, person)


def inbox_count(*, user: Any) -> int:
    """How many documents wait for the user (the nav badge): a COUNT per source, all in one
    query whose SQL is compiled once per user (core.badge), taken once per request and
    forgotten when the request saves anything (core.memo)."""

    def parts() -> Iterator[tuple[str, models.QuerySet[Any]]]:
        for source in sources_for(user):
            yield source.name, _tab_part(source, user, TODO)  # type: ignore[misc]

    def count() -> dict[str, int]:
        return badge.counts(user, parts)

    return sum(remembered(_counts_key(user), count, forget_on_save=True).values())


def _counts_key(user: Any) -> tuple[Any, ...]:
    return ("inbox.todo_counts", user.pk)


def inbox_people(*, user: Any, tab: str = TODO) -> list[Any]:
    """The people whose documents are in the user's tab (the person filter), in one query."""
    condition = Q(pk__in=[])
    for source, part in _parts(user, tab, "", "", None):
        condition |= Q(pk__in=part.order_by().values(f"{source.person}_id"))
    found = get_user_model().objects.filter(condition).order_by("last_name", "first_name", "pk")
    return list(found.only("pk", "first_name", "last_name", "username"))


def inbox_kinds(*, user: Any) -> dict[str, str]:
    """{kind: label} of the documents the user's inbox may hold (the kind filter)."""
    kinds: dict[str, str] = {}
    for source in sources_for(user):
        kinds.setdefault(source.kind, str(source.label))
    return kinds


def approver_of(kind: str) -> InboxSource | None:
    """The source whose documents of `kind` may be approved from the list, if any."""
    chosen = (s for s in _sources.values() if s.kind == kind and s.approve and s.find)
    return next(chosen, None)
