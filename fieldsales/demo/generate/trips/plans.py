"""The trips part's plans in memory: the people, the documents with their Approval and audit
rows waiting for ids, each trip's plan, and the World (what is read from the database once,
the random source and the clock)."""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from fieldsales.core.workflow import chain_from_roles, directory
from fieldsales.crm.models import Customer
from fieldsales.crm.visits.models import Visit
from fieldsales.demo.generate import Context
from fieldsales.org.models import Employee
from fieldsales.policy import DEFAULT_POLICY
from fieldsales.policy.params import PolicyParams
from fieldsales.trips.models import (
    Advance,
    Claim,
    ClaimConsent,
    ClaimOverride,
    PolicyVersion,
    Trip,
    TripReport,
)
from fieldsales.trips.policy_settings import DEFAULT_SETTINGS, TravelSettings, settings_of
from fieldsales.trips.policy_versions import params_of

HOME = "金华"

Data = dict[str, Any]


@dataclass
class Person:
    user: Any
    department_id: int | None
    role: str
    days: set[date] = field(default_factory=set)  # away on a live trip
    # P2.4: an advance is open now (no other may be asked for), or when the last one closed.
    advance_open: bool = False
    advance_closed_at: datetime | None = None


@dataclass
class Doc:
    """A document to insert, with its Approval and audit rows (written once it has an id)."""

    row: Any
    approvals: list[Data] = field(default_factory=list)
    audits: list[Data] = field(default_factory=list)


@dataclass
class ClaimPlan:
    doc: Doc
    claimant: Person
    overrides: list[ClaimOverride] = field(default_factory=list)
    consents: list[ClaimConsent] = field(default_factory=list)


@dataclass
class TripPlan:
    traveller: Person
    depart: date
    ret: date
    purpose: str
    customers: list[int]  # customer ids, ordered by code as trip.customers.all() is
    vehicle: str
    flight: bool
    companions: list[tuple[Person, bool]] = field(default_factory=list)  # (person, invited)
    doc: Doc = field(default_factory=lambda: Doc(None))
    advances: list[Doc] = field(default_factory=list)
    report: TripReport | None = None
    visits: list[tuple[int, date, datetime]] = field(default_factory=list)  # signed feedback
    visit_rows: list[Visit] = field(default_factory=list)  # the same, once inserted
    claims: list[ClaimPlan] = field(default_factory=list)

    @property
    def trip(self) -> Trip:
        return self.doc.row  # type: ignore[no-any-return]


class World:
    """What is read from the database once, the random source and the clock."""

    def __init__(self, ctx: Context, now: datetime) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.now = now
        self.tz = timezone.get_current_timezone()
        self.versions = list(PolicyVersion.objects.order_by("effective_from"))
        self.version_days = [v.effective_from for v in self.versions]
        self.params: dict[int | None, PolicyParams] = {None: DEFAULT_POLICY}
        self.settings: dict[int | None, TravelSettings] = {None: DEFAULT_SETTINGS}
        for v in self.versions:
            self.params[v.pk] = params_of(v)
            self.settings[v.pk] = settings_of(v)
        rows = Customer.objects.values_list(
            "pk",
            "code",
            "province_code",
            "province",
            "city_code",
            "city",
            "owner_id",
            "last_order_signed",
        )
        # A trip goes to its customers' cities: only customers with a place can be visited.
        self.customers: dict[int, tuple[Any, ...]] = {r[0]: r for r in rows if r[3] and r[5]}
        owners = dict(ctx.customers)
        self.by_owner: dict[int | None, list[int]] = defaultdict(list)
        for pk, row in sorted(self.customers.items()):
            self.by_owner[owners.get(pk, row[6])].append(pk)
        self.roles = dict(Employee.objects.values_list("user_id", "role"))
        self.holders: dict[str, list[int]] = {}
        self.chains: dict[tuple[str, int | None, int | None], list[Data]] = {}
        self.content_types = {
            m: ContentType.objects.get_for_model(m) for m in (Trip, Advance, Claim)
        }
        self.vouchers: dict[tuple[int, int], int] = defaultdict(int)

    # -- the policy and the organisation

    def version(self, day: date) -> int | None:
        index = bisect.bisect_right(self.version_days, day) - 1
        return self.versions[index].pk if index >= 0 else None

    def chain(self, kind: str, day: date, author: Person) -> list[Data]:
        """The steps the machine gives the document at submission (resolved once per kind,
        version and department: the salespeople of one department get the same steps)."""
        version = self.version(day)
        key = (kind, version, author.department_id)
        if key not in self.chains:
            roles = getattr(self.settings[version], f"{kind}_chain")
            self.chains[key] = chain_from_roles(roles=roles, author=author.user)
        return [dict(step) for step in self.chains[key]]

    def approver(self, step: Data, author: Person) -> int:
        """Who decided a step: the user it names, or a holder of its role (not the author)."""
        if step["user"] is not None:
            return int(step["user"])
        role = step["role"]
        if role not in self.holders:
            holders = directory().holders(role).order_by("pk").values_list("pk", flat=True)
            self.holders[role] = list(holders)
        return next(pk for pk in self.holders[role] if pk != author.user.pk)

    def voucher(self, day: date) -> str:
        """Finance's voucher numbers, one series a month (记-2026-03-0031)."""
        self.vouchers[(day.year, day.month)] += 1
        return f"记-{day:%Y-%m}-{self.vouchers[(day.year, day.month)]:04d}"

    # -- moments

    def on(self, day: date, first: int = 8, last: int = 18) -> datetime:
        """A moment in the hours first..last of `day` (Asia/Shanghai)."""
        minute = self.rng.randrange((last - first) * 60)
        return datetime.combine(day, time(first + minute // 60, minute % 60), tzinfo=self.tz)

    def after(self, moment: datetime, low: float, high: float) -> datetime:
        """Between `low` and `high` hours after `moment`."""
        return moment + timedelta(hours=self.rng.uniform(low, high))

    def done(self, moment: datetime | None) -> bool:
        return moment is not None and moment <= self.now

    def amount(self, low: int, high: int) -> str:
        return f"{Decimal(self.rng.randint(low * 100, high * 100)) / 100:.2f}"


def days_between(first: date, last: date) -> list[date]:
    """Every day from `first` to `last`, both included."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def destinations(world: World, plan: TripPlan) -> list[tuple[str, str, str, str]]:
    """The customers' cities, each once, in the customers' order."""
    seen: dict[str, tuple[str, str, str, str]] = {}
    for c in plan.customers:
        _pk, _code, province_code, province, city_code, city, _owner, _last = world.customers[c]
        seen.setdefault(city_code, (province_code, province, city_code, city))
    return list(seen.values())
