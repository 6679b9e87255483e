"""Reads of visits: visibility, revisits due, the weekly plan, a trip's visits."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, overload

from django.db.models import (
    Case,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from fieldsales.core.lists import first_rows
from fieldsales.core.memo import remembered
from fieldsales.crm.customers import rules as customer_rules
from fieldsales.crm.customers.models import (
    CrmSettings,
    Customer,
    CustomerKind,
    CustomerStatus,
    Grade,
)
from fieldsales.crm.customers.selectors import crm_settings, people_q, visible_customers
from fieldsales.crm.pipeline.models import Stage
from fieldsales.crm.pipeline.selectors import visible_opportunities
from fieldsales.crm.visits.feedback import visit_feedback_seal_status
from fieldsales.crm.visits.models import Visit, VisitSignature, VisitStatus


def visible_visits(*, user: Any) -> QuerySet[Visit]:
    visits = Visit.objects.select_related("customer", "salesperson", "opportunity")
    if not customer_rules.uses_crm(user):
        return visits.none()
    made = people_q(user, "salesperson")
    return visits if made is None else visits.filter(made)


@dataclass(frozen=True)
class Revisit:
    customer: Customer
    last_visit: date | None
    due: date
    days_overdue: int


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def overdue_revisit_customers(
    *, user: Any, today: date, mine_only: bool = False, settings: CrmSettings | None = None
) -> QuerySet[Customer]:
    """The customers of `overdue_revisits`, each annotated with `last_visit` (its latest
    check-in) and `due` (the day its class's interval ran out), by due day and code.

    All in SQL: the latest check-in is the customer's row of crm_last_check_in (kept by the
    database's triggers), so a page counts and slices in the database.
    """
    settings = settings or crm_settings()
    customers = visible_customers(user=user).filter(
        status=CustomerStatus.ACTIVE,
        owner__isnull=False,
        kind__in=[CustomerKind.END_CUSTOMER, CustomerKind.DISTRIBUTOR],
    )
    if mine_only:
        customers = customers.filter(owner=user)
    customers = customers.annotate(last_visit=F("last_check_in__at")).annotate(
        since=Coalesce("last_visit", "created_at")
    )
    condition = Q()
    interval = []
    for grade in Grade:
        days = timedelta(days=settings.revisit_days(grade))
        condition |= Q(grade=grade, since__lt=_start_of(today - days))
        interval.append(When(grade=grade, then=Value(days)))
    after = Case(*interval, output_field=DurationField())
    due = TruncDate(
        ExpressionWrapper(F("since") + after, output_field=DateTimeField()),
        tzinfo=timezone.get_current_timezone(),
    )
    return customers.filter(condition).annotate(due=due).order_by("due", "code")


class RevisitList(Sequence[Revisit]):
    """`overdue_revisits` as a sequence that asks the database: `len()` is a COUNT, a slice
    (a page) is a LIMIT/OFFSET of ids then those rows; Paginator and DRF's pagination use
    both."""

    def __init__(self, customers: QuerySet[Customer], revisit_days: dict[str, int], today: date):
        self.customers = customers
        self._days = revisit_days
        self._today = today
        self._count: int | None = None

    def _row(self, customer: Any) -> Revisit:
        last = customer.last_visit or customer.created_at
        due = timezone.localdate(last) + timedelta(days=self._days[customer.grade])
        visited = timezone.localdate(customer.last_visit) if customer.last_visit else None
        return Revisit(customer, visited, due, (self._today - due).days)

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.customers.count()
        return self._count

    @overload
    def __getitem__(self, index: int) -> Revisit: ...

    @overload
    def __getitem__(self, index: slice) -> list[Revisit]: ...

    def __getitem__(self, index: int | slice) -> Revisit | list[Revisit]:
        if isinstance(index, slice):
            rows = first_rows(self.customers, index.stop, index.start or 0)
            return [self._row(customer) for customer in rows]
        return self._row(self.customers[index])

    def __iter__(self) -> Iterator[Revisit]:
        return (self._row(c) for c in self.customers)

    def __eq__(self, other: object) -> bool:
        # Compares as the list it replaced did (`overdue_revisits(...) == []`).
        if isinstance(other, list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def overdue_revisits(*, user: Any, today: date, mine_only: bool = False) -> RevisitList:
    """Kept customers not visited within their class's revisit interval (老客户维护 a), by due
    day then code; nothing is read until counted, sliced or iterated. One list per request
    and user (core.memo): the home page's blocks count it once."""

    def build() -> RevisitList:
        settings = crm_settings()
        days = {grade: settings.revisit_days(grade) for grade in Grade}
        customers = overdue_revisit_customers(
            user=user, today=today, mine_only=mine_only, settings=settings
        )
        return RevisitList(customers, days, today)

    return remembered(("crm.overdue_revisits", user.pk, today, mine_only), build)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def meeting_week(today: date) -> date:
    """The week discussed now: this week on weekdays, next week from the Saturday meeting on."""
    return monday_of(today) + timedelta(days=7 if today.weekday() >= 5 else 0)


@dataclass
class PlanDay:
    day: date
    visits: list[Visit]


def weekly_plan(*, user: Any, week_start: date, salesperson: Any | None = None) -> list[PlanDay]:
    """Visits of one week (Monday to Sunday) in their planned order, day by day."""
    visits = visible_visits(user=user).filter(
        date__gte=week_start, date__lt=week_start + timedelta(days=7)
    )
    if salesperson is not None:
        visits = visits.filter(salesperson=salesperson)
    visits = (
        visits.select_related("contact", "trip")
        .prefetch_related("signatures")
        .order_by("date", "salesperson__username", "seq", "pk")
    )
    days = {week_start + timedelta(days=i): [] for i in range(7)}
    for visit in visits:
        days[visit.date].append(visit)
    return [PlanDay(day, rows) for day, rows in days.items()]


def week_figures(
    *, user: Any, week_start: date, salesperson: Any | None = None, days: int = 7
) -> dict[str, int]:
    """The CRM part of 本周业绩: visits made, customers added, opportunities signed (over `days`
    from `week_start`: a month for the monthly report)."""
    end = week_start + timedelta(days=days)
    visits = visible_visits(user=user).filter(
        date__gte=week_start, date__lt=end, check_in_at__isnull=False
    )
    customers = visible_customers(user=user).filter(
        created_at__gte=_start_of(week_start), created_at__lt=_start_of(end)
    )
    signed = visible_opportunities(user=user).filter(
        changes__to_stage=Stage.CONTRACT_SIGNED,
        changes__at__gte=_start_of(week_start),
        changes__at__lt=_start_of(end),
    )
    if salesperson is not None:
        visits = visits.filter(salesperson=salesperson)
        customers = customers.filter(created_by=salesperson)
        signed = signed.filter(owner=salesperson)
    return {
        "visits": visits.count(),
        "new_customers": customers.count(),
        "contracts": signed.distinct().count(),
    }


@dataclass(frozen=True)
class TripVisitFeedback:
    """One visit made on a trip (checked in on the phone or named in the trip report) and its
    signed 客户拜访反馈表; `signature` is None while the customer has not signed yet."""

    visit: Visit
    customer: Customer
    date: date
    content: str
    signature: VisitSignature | None
    satisfaction: int | None
    satisfaction_label: str
    signer_name: str
    signed_at: datetime | None
    signature_png: bytes
    content_hash: str
    intact: bool
    version: int = 0
    seal_status: str = ""

    @property
    def signed(self) -> bool:
        return self.signature is not None


DONE_VISITS = (VisitStatus.CHECKED_IN, VisitStatus.CHECKED_OUT)


def _done_visits() -> QuerySet[Visit]:
    return (
        Visit.objects.filter(status__in=DONE_VISITS)
        .select_related("customer", "salesperson")
        .prefetch_related("signatures")
        .order_by("date", "seq", "pk")
    )


DONE_VISITS_ATTR = "done_crm_visits"


def prefetch_done_visits() -> Prefetch:
    """For a list of trips: every trip's done visits with their signatures, in two queries
    for the whole page (visits_for_trip and signed_customer_ids_for_trip then read them)."""
    return Prefetch("crm_visits", queryset=_done_visits(), to_attr=DONE_VISITS_ATTR)


def _trip_visits(trip: Any) -> list[Visit]:
    fetched = getattr(trip, DONE_VISITS_ATTR, None)
    return list(fetched) if fetched is not None else list(_done_visits().filter(trip=trip))


def visits_for_trip(trip: Any) -> list[TripVisitFeedback]:
    """The visits made on `trip` (not the planned or cancelled ones), signed or not, in order."""
    visits = _trip_visits(trip)
    rows = []
    for visit in visits:
        # The version the customer signed last (a later correction is not signed yet).
        signature = visit.signature
        shown = signature or visit
        parts = [
            shown.content,
            shown.needs and f"客户需求：{shown.needs}",
            shown.agreements and f"达成共识：{shown.agreements}",
        ]
        status = visit_feedback_seal_status(signature) if signature else ""
        rows.append(
            TripVisitFeedback(
                visit=visit,
                customer=visit.customer,
                date=visit.date,
                content="\n".join(p for p in parts if p),
                signature=signature,
                satisfaction=signature.satisfaction if signature else None,
                satisfaction_label=(signature.get_satisfaction_display() or "")
                if signature
                else "",
                signer_name=signature.signer_name if signature else "",
                signed_at=signature.signed_at if signature else None,
                signature_png=bytes(signature.signature_png) if signature else b"",
                content_hash=signature.content_hash if signature else "",
                intact=status == "intact",
                version=signature.version if signature else 0,
                seal_status=status,
            )
        )
    return rows


def feedbacks_for_trip(trip: Any) -> list[TripVisitFeedback]:
    """The signed feedback forms of the visits that belong to `trip`, in visit order."""
    return [row for row in visits_for_trip(trip) if row.signed]


def signed_customer_ids_for_trip(trip: Any) -> set[int]:
    """P7.2: customers of `trip` seen on it whose every visit carries a signed feedback
    (one feedback per visit: a customer seen twice signs twice)."""
    seen: set[int] = set()
    unsigned: set[int] = set()
    fetched = getattr(trip, DONE_VISITS_ATTR, None)
    if fetched is not None:  # prefetch_done_visits(): a visit without a signature is unsigned
        pairs = [(v.customer_id, v.signature.pk if v.signature else None) for v in fetched]
    else:
        pairs = list(
            Visit.objects.filter(trip=trip, status__in=DONE_VISITS).values_list(
                "customer_id", "signatures__id"
            )
        )
    for customer_id, signature_id in pairs:
        seen.add(customer_id)
        if signature_id is None:
            unsigned.add(customer_id)
    return seen - unsigned


def visit_statuses_open() -> tuple[str, ...]:
    return (VisitStatus.PLANNED, VisitStatus.CHECKED_IN)
