"""Reads of the CRM: who sees what, the pool, duplicates, revisits, the board, the weekly plan."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from difflib import SequenceMatcher
from typing import Any

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from fieldsales.core.people import display_name
from fieldsales.core.workflow import role_of
from fieldsales.crm.models import (
    BOARD_STAGES,
    Contact,
    CrmSettings,
    Customer,
    CustomerKind,
    CustomerStatus,
    CustomerTransfer,
    Grade,
    Opportunity,
    SatisfactionSurvey,
    ServiceRequest,
    Stage,
    Visit,
    VisitSignature,
    VisitStatus,
)
from fieldsales.org.models import Role

SEES_ALL = {Role.GM, Role.ADMIN}
# Roles with no business in the CRM (issue 8 item 17): finance sees a customer's name and
# code only where a trip or claim names it, never the customer file, contacts or visits.
NO_CRM = {Role.FINANCE}
SEES_DEPARTMENT = {Role.DEPT_HEAD, Role.DEPT_MANAGER}
# Who works customers (claims, visits, records surveys); finance and admin only read.
SALES_ROLES = {Role.SALESPERSON, Role.DEPT_HEAD, Role.DEPT_MANAGER, Role.GM}
MANAGES_ALL = {Role.GM, Role.ADMIN}


def crm_settings() -> CrmSettings:
    """The one row of CRM parameters (created with its defaults on first use)."""
    settings, _created = CrmSettings.objects.get_or_create(pk=1)
    return settings


# ---------------------------------------------------------------- visibility


def department_ids(user: Any) -> list[int]:
    """The departments whose customers the user sees as head or manager."""
    if not getattr(user, "is_authenticated", False):
        return []
    ids = set(user.headed_departments.values_list("pk", flat=True))
    ids |= set(user.managed_departments.values_list("pk", flat=True))
    employee = getattr(user, "employee", None)
    if employee is not None and employee.role in SEES_DEPARTMENT and employee.department_id:
        ids.add(employee.department_id)
    return sorted(ids)


def uses_crm(user: Any) -> bool:
    """Whether the user may open the CRM at all (its pages and API; others get 404)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(getattr(user, "is_superuser", False)) or role_of(user) not in NO_CRM


def sees_all(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or role_of(user) in SEES_ALL


def is_sales(user: Any) -> bool:
    return role_of(user) in SALES_ROLES


def manages(user: Any, owner: Any) -> bool:
    """Whether `user` manages the work of `owner`: the GM, admin, or the head of their department."""
    if owner is None or user is None:
        return False
    if role_of(user) in MANAGES_ALL or getattr(user, "is_superuser", False):
        return True
    department = getattr(getattr(owner, "employee", None), "department_id", None)
    return department is not None and department in department_ids(user)


def _owned_by(user: Any, field: str) -> Q:
    condition = Q(**{field: user})
    departments = department_ids(user)
    if departments:
        condition |= Q(**{f"{field}__employee__department__in": departments})
    return condition


def visible_customers(*, user: Any) -> QuerySet[Customer]:
    """A salesperson's own customers and the pool; a head's department's; the GM all."""
    customers = Customer.objects.select_related("owner")
    if not uses_crm(user):
        return customers.none()
    if sees_all(user):
        return customers
    return customers.filter(_owned_by(user, "owner") | Q(status=CustomerStatus.POOL))


def pool_customers(*, user: Any) -> QuerySet[Customer]:
    return visible_customers(user=user).filter(status=CustomerStatus.POOL)


def visible_contacts(*, user: Any) -> QuerySet[Contact]:
    return Contact.objects.select_related("customer").filter(
        customer__in=visible_customers(user=user).values("pk")
    )


def visible_opportunities(*, user: Any) -> QuerySet[Opportunity]:
    opportunities = Opportunity.objects.select_related("customer", "owner")
    if not uses_crm(user):
        return opportunities.none()
    if sees_all(user):
        return opportunities
    return opportunities.filter(_owned_by(user, "owner"))


def visible_visits(*, user: Any) -> QuerySet[Visit]:
    visits = Visit.objects.select_related("customer", "salesperson", "opportunity")
    if not uses_crm(user):
        return visits.none()
    if sees_all(user):
        return visits
    return visits.filter(_owned_by(user, "salesperson"))


def visible_service_requests(*, user: Any) -> QuerySet[ServiceRequest]:
    requests = ServiceRequest.objects.select_related("customer", "owner")
    if not uses_crm(user):
        return requests.none()
    if sees_all(user):
        return requests
    return requests.filter(
        Q(owner=user)
        | Q(opened_by=user)
        | Q(customer__in=visible_customers(user=user).values("pk"))
    )


def visible_surveys(*, user: Any) -> QuerySet[SatisfactionSurvey]:
    surveys = SatisfactionSurvey.objects.select_related("customer", "salesperson")
    if not uses_crm(user):
        return surveys.none()
    if sees_all(user):
        return surveys
    return surveys.filter(
        _owned_by(user, "salesperson") | Q(customer__in=visible_customers(user=user).values("pk"))
    )


def team_members(*, user: Any) -> QuerySet[Any]:
    """The salespeople whose work the user sees: themselves, their department's, or everyone."""
    users = get_user_model().objects.filter(is_active=True).select_related("employee")
    if not uses_crm(user):
        return users.none()
    if sees_all(user):
        return users.filter(employee__role__in=list(SALES_ROLES - {Role.GM})).order_by("username")
    departments = department_ids(user)
    condition = Q(pk=user.pk)
    if departments:
        condition |= Q(employee__department__in=departments)
    return users.filter(condition).order_by("username")


def transfer_targets(*, user: Any) -> QuerySet[Any]:
    """Salespeople a manager may hand a customer to."""
    return team_members(user=user).filter(
        employee__role__in=[Role.SALESPERSON, Role.DEPT_HEAD, Role.DEPT_MANAGER]
    )


def may_manage_customer(user: Any, customer: Customer) -> bool:
    """Edit, transfer, open opportunities: the owner, their head, the GM (pool: heads and GM)."""
    if customer.owner_id is not None and customer.owner_id == user.pk:
        return True
    if customer.owner_id is None:
        return role_of(user) in (SEES_DEPARTMENT | MANAGES_ALL) or user.is_superuser
    return manages(user, customer.owner)


def customer_history(customer: Customer) -> QuerySet[CustomerTransfer]:
    return customer.transfers.select_related("from_owner", "to_owner", "by")


# ---------------------------------------------------------------- duplicates

_COMPANY_WORDS = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|集团|公司|分公司|厂|店|[（()）\s·.,，、-])"
)
_ADDRESS_NOISE = re.compile(r"[\s,，。.#号（）()-]")


def normal_name(name: str) -> str:
    """杭州阳光新能源科技有限公司 → 杭州阳光新能源科技 (legal-form words and spaces dropped)."""
    return _COMPANY_WORDS.sub("", (name or "").strip()).lower()


def normal_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return digits[-11:] if len(digits) >= 7 else ""


def normal_address(address: str) -> str:
    return _ADDRESS_NOISE.sub("", (address or "").strip()).lower()


def similar_names(a: str, b: str) -> bool:
    """Same or near-same normalised names: one inside the other, or 80% alike."""
    if not a or not b:
        return False
    if a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a)):
        return True
    return SequenceMatcher(None, a, b).ratio() >= 0.8


def duplicate_checks_per_minute() -> int:
    """How often one user may ask for possible duplicates (page and API together)."""
    return int(getattr(django_settings, "CRM_DUPLICATE_CHECKS_PER_MINUTE", 30))


# A name fragment shorter than this finds only the same name, never "similar" ones: short
# fragments would let a salesperson list other departments' customers (issue 8 item 11).
MIN_NAME_SEARCH = 4


@dataclass(frozen=True)
class Duplicate:
    customer: Customer
    reasons: tuple[str, ...]
    # The viewer may not see this customer: say only that it exists and whom to ask.
    hidden: bool = False

    @property
    def department(self) -> str:
        employee = getattr(self.customer.owner, "employee", None)
        return getattr(getattr(employee, "department", None), "name", "") or ""

    def message(self) -> str:
        reasons = "、".join(self.reasons)
        if self.hidden:
            department = self.department
            if department:
                return (
                    f"{department}已有相似客户（{reasons}），您无权查看，请向{department}负责人核实"
                )
            return f"已有相似客户（{reasons}），您无权查看，请向管理员核实"
        owner = self.customer.owner
        holder = display_name(owner) if owner is not None else "公海"
        return f"{self.customer.code} {self.customer.name}（{holder}）：{reasons}"


def possible_duplicates(
    *,
    name: str = "",
    phone: str = "",
    address: str = "",
    exclude: int | None = None,
    user: Any = None,
) -> list[Duplicate]:
    """Customers (any owner) with the same name, phone or address as the one being entered.

    With `user`, a customer that user may not see is `hidden`: its message names only the
    owner's department. Names are searched by fragments only from MIN_NAME_SEARCH characters;
    a shorter name finds only customers with exactly that name.
    """
    key, tel, addr = normal_name(name), normal_phone(phone), normal_address(address)
    condition = Q()
    if len(key) >= MIN_NAME_SEARCH:
        # Narrow in the database by three-character pieces, then compare whole names in Python.
        pieces = {key[i : i + 3] for i in range(0, max(len(key) - 2, 1), 3)} | {key[-3:]}
        for piece in list(pieces)[:10]:
            condition |= Q(name__icontains=piece)
    elif len(key) >= 2:
        condition |= Q(name__icontains=key)
    if tel:
        condition |= Q(contact_phone__contains=tel[-7:]) | Q(contacts__phone__contains=tel[-7:])
    if addr and len(addr) >= 6:
        condition |= Q(address__icontains=(address or "").strip()[-6:])
    if not condition:
        return []
    candidates = list(
        Customer.objects.filter(condition)
        .exclude(pk=exclude or 0)
        .select_related("owner__employee__department")
        .prefetch_related("contacts")
        .distinct()[:50]
    )
    visible: set[int] | None = None
    if user is not None:
        visible = set(
            visible_customers(user=user)
            .filter(pk__in=[c.pk for c in candidates])
            .values_list("pk", flat=True)
        )
    found = []
    for customer in candidates:
        reasons = []
        other = normal_name(customer.name)
        same = key == other if len(key) < MIN_NAME_SEARCH else similar_names(key, other)
        if key and same:
            reasons.append("名称相同或相近")
        phones = {normal_phone(customer.contact_phone)} | {
            normal_phone(c.phone) for c in customer.contacts.all()
        }
        if tel and tel in phones:
            reasons.append("电话相同")
        if addr and len(addr) >= 6 and normal_address(customer.address) == addr:
            reasons.append("地址相同")
        if reasons:
            hidden = visible is not None and customer.pk not in visible
            found.append(Duplicate(customer, tuple(reasons), hidden))
    return found


# ---------------------------------------------------------------- revisits and follow-ups


@dataclass(frozen=True)
class Revisit:
    customer: Customer
    last_visit: date | None
    due: date
    days_overdue: int


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def overdue_revisits(*, user: Any, today: date, mine_only: bool = False) -> list[Revisit]:
    """Kept customers not visited within their class's revisit interval (老客户维护 a)."""
    settings = crm_settings()
    customers = visible_customers(user=user).filter(
        status=CustomerStatus.ACTIVE,
        owner__isnull=False,
        kind__in=[CustomerKind.END_CUSTOMER, CustomerKind.DISTRIBUTOR],
    )
    if mine_only:
        customers = customers.filter(owner=user)
    customers = customers.annotate(
        last_visit=Max("visits__check_in_at", filter=Q(visits__check_in_at__isnull=False))
    )
    condition = Q()
    for grade in Grade:
        cutoff = _start_of(today - timedelta(days=settings.revisit_days(grade)))
        condition |= Q(grade=grade) & (
            Q(last_visit__lt=cutoff) | Q(last_visit__isnull=True, created_at__lt=cutoff)
        )
    rows = []
    for customer in customers.filter(condition):
        last = customer.last_visit or customer.created_at
        last_day = timezone.localdate(last)
        due = last_day + timedelta(days=settings.revisit_days(customer.grade))
        visited = timezone.localdate(customer.last_visit) if customer.last_visit else None
        rows.append(Revisit(customer, visited, due, (today - due).days))
    rows.sort(key=lambda r: (r.due, r.customer.code))
    return rows


def follow_ups_due(*, user: Any, today: date, mine_only: bool = True) -> QuerySet[Opportunity]:
    """Open opportunities whose next follow-up date has come (the pipeline's reminders)."""
    opportunities = visible_opportunities(user=user).filter(
        stage__in=BOARD_STAGES, next_follow_up__lte=today
    )
    if mine_only:
        opportunities = opportunities.filter(owner=user)
    return opportunities.order_by("next_follow_up", "pk")


# ---------------------------------------------------------------- the pipeline board


@dataclass
class Column:
    stage: str
    label: str
    opportunities: list[Opportunity]
    count: int
    amount: Decimal


BOARD_LIMIT = 30


def pipeline_board(*, user: Any, owner: Any | None = None) -> list[Column]:
    """The five stages as columns, each with its open opportunities and their total amount."""
    opportunities = visible_opportunities(user=user).filter(stage__in=BOARD_STAGES)
    if owner is not None:
        opportunities = opportunities.filter(owner=owner)
    totals = {
        row["stage"]: row
        for row in opportunities.values("stage").annotate(n=Count("pk"), total=Sum("amount"))
    }
    columns = []
    for stage in BOARD_STAGES:
        rows = list(
            opportunities.filter(stage=stage).order_by("next_follow_up", "-pk")[:BOARD_LIMIT]
        )
        total = totals.get(stage, {})
        columns.append(
            Column(
                stage=stage,
                label=Stage(stage).label,
                opportunities=rows,
                count=total.get("n", 0),
                amount=Decimal(total.get("total") or 0).quantize(Decimal("0.01")),
            )
        )
    return columns


def stage_history(opportunity: Opportunity) -> QuerySet[Any]:
    return opportunity.changes.select_related("by")


# ---------------------------------------------------------------- the weekly plan


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


def week_figures(*, user: Any, week_start: date, salesperson: Any | None = None) -> dict[str, int]:
    """The CRM part of 本周业绩: visits made, customers added, opportunities signed."""
    end = week_start + timedelta(days=7)
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


# ---------------------------------------------------------------- trips (P7.2)


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


def visits_for_trip(trip: Any) -> list[TripVisitFeedback]:
    """The visits made on `trip` (not the planned or cancelled ones), signed or not, in order."""
    from fieldsales.crm.services import visit_feedback_seal_status

    visits = (
        Visit.objects.filter(trip=trip, status__in=DONE_VISITS)
        .select_related("customer", "salesperson")
        .prefetch_related("signatures")
        .order_by("date", "seq", "pk")
    )
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
    for customer_id, signature_id in Visit.objects.filter(
        trip=trip, status__in=DONE_VISITS
    ).values_list("customer_id", "signatures__id"):
        seen.add(customer_id)
        if signature_id is None:
            unsigned.add(customer_id)
    return seen - unsigned


# ---------------------------------------------------------------- satisfaction


def quarter_of(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(quarter: str) -> tuple[date, date]:
    year, q = int(quarter[:4]), int(quarter[-1])
    start = date(year, 3 * q - 2, 1)
    end = date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)
    return start, end


@dataclass(frozen=True)
class ScoreLine:
    salesperson: Any
    count: int
    average: Decimal
    satisfied_rate: Decimal  # share of 非常满意 and 满意 (4 and 3), in percent


def satisfaction_scores(*, user: Any, quarter: str) -> list[ScoreLine]:
    """Per salesperson: the quarter's survey count, average (1-4) and satisfied rate (%)."""
    rows = (
        visible_surveys(user=user)
        .filter(quarter=quarter, salesperson__isnull=False)
        .values("salesperson")
        .annotate(n=Count("pk"), avg=Avg("score"), good=Count("pk", filter=Q(score__gte=3)))
        .order_by("salesperson")
    )
    people = get_user_model().objects.in_bulk([r["salesperson"] for r in rows])
    lines = []
    for row in rows:
        average = Decimal(str(row["avg"])).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        rate = (Decimal(row["good"] * 100) / row["n"]).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        lines.append(ScoreLine(people[row["salesperson"]], row["n"], average, rate))
    return lines


# ---------------------------------------------------------------- the target customer sheet


def last_follow_up(customers: Iterable[Customer]) -> dict[int, date]:
    """Each customer's most recent follow-up day (a check-in or the last recorded activity)."""
    ids = [c.pk for c in customers]
    visits = (
        Visit.objects.filter(customer__in=ids, check_in_at__isnull=False)
        .values("customer")
        .annotate(last=Max("check_in_at"))
    )
    latest = {row["customer"]: timezone.localdate(row["last"]) for row in visits}
    for customer in customers:
        if customer.last_activity_at is not None:
            day = timezone.localdate(customer.last_activity_at)
            latest[customer.pk] = max(day, latest.get(customer.pk, day))
    return latest


def visit_statuses_open() -> tuple[str, ...]:
    return (VisitStatus.PLANNED, VisitStatus.CHECKED_IN)
