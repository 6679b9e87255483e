"""The generator's trips part: three years of trips with the paper trail the services leave.

Every salesperson (sales1 and sales2 first) gets an equal share of `ctx.count("trips")` trips
between three years ago and a month ahead, to one to four of their own customers (the trip's
destinations are those customers' cities); no person is ever on two live trips on one day
(companions included, the demo's own trips too). Each trip's whole life is drawn first:
created, submitted, each approval of its chain, an advance (at most the policy's limit, only
when no other is open: requested, approved, paid), the report with the visits' signed
feedback (P7.2), the claim (created, submitted, each approval, finance's settlement) and the
companions' own claims. Whatever falls after now has not happened yet, so recent trips are
where the workflow would hold them today (drafts, trips waiting for approval, approved trips
with an advance to pay, claims in review) and older ones are settled. A few trips are
cancelled, rejected, approved only after they departed (P1.3), reported but never claimed
(the advance returned), or have a claim rejected once and submitted again.

Documents carry what the machine would have written: chain, step, round, the pending fields,
core Approval rows and the audit trail, dated as they happened. A claim's evaluation is the
real engine's (parse_claim, evaluate, evaluation_as_dict, under the policy version in force
on the actual departure), from facts built in memory exactly as `trips.selectors.claim_input`
builds them: P6.1's prior trips per customer (every other trip listing the customer whose
claim was approved, departed after the customer's last signed order), the signed feedback,
the paid advance, the reviewers' overrides (P9) and consents (P4.6). The evaluations are as
the engine computes them when this part runs (a later part that changes a customer's
`last_order_signed` makes them what a claim approved before that order shows).

Rows go in with `ctx.bulk()`; the only queries read what is already there once each (policy
versions, customers, roles, the chains per department, the demo's trips and advances).

`ctx.extra` keys this part fills, for the parts after it:
- "trips": [(trip id, traveller id, department id, depart, return_date, status,
  (customer id, ...))] for every generated trip;
- "trip_days": {user id: {date, ...}}: the days each salesperson is away on a live trip
  (traveller or companion; drafts, rejected and cancelled trips excluded), demo trips
  included;
- "claims": [(claim id, trip id, claimant id, status, reimbursed_total)].
"""

from __future__ import annotations

import bisect
import time as time_module
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from fieldsales.core.models import Approval, AuditEvent, Decision
from fieldsales.core.workflow import chain_from_roles, directory
from fieldsales.crm.models import Customer
from fieldsales.crm.visits.feedback import SIGNED_FIELDS, visit_feedback_hash
from fieldsales.crm.visits.models import Visit, VisitSignature, VisitStatus
from fieldsales.demo.generate import YEARS, Context
from fieldsales.demo.generate.org import person_name
from fieldsales.demo.generate.selling import explicit_times
from fieldsales.org.models import Employee, Role
from fieldsales.policy import DEFAULT_POLICY, evaluate, evaluation_as_dict, parse_claim
from fieldsales.policy.params import PolicyParams
from fieldsales.policy.places import city_in, same_province
from fieldsales.trips.models import (
    Advance,
    AdvanceStatus,
    Claim,
    ClaimConsent,
    ClaimOverride,
    ClaimStatus,
    PayMethod,
    PolicyVersion,
    Purpose,
    Trip,
    TripCompanion,
    TripDestination,
    TripReport,
    TripStatus,
    Vehicle,
)
from fieldsales.trips.policy_settings import DEFAULT_SETTINGS, TravelSettings, settings_of
from fieldsales.trips.policy_versions import params_of
from fieldsales.trips.services.evaluation import money_audit, store_evaluation

AHEAD = 30  # trips are planned up to a month ahead
NOT_TRAVELLING = (TripStatus.DRAFT, TripStatus.REJECTED, TripStatus.CANCELLED)
REIMBURSED = (ClaimStatus.APPROVED, ClaimStatus.SETTLED)
# A 1×1 PNG: the customer's drawn signature (pages show it as an image).
SIGNATURE_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
TITLES = ("采购经理", "总经理", "项目经理", "技术负责人", "办公室主任")
RESULTS = (
    "拜访客户，了解需求，介绍新产品。",
    "洽谈组件采购，客户有意向。",
    "回访老客户，收集意见。",
)
VISIT_CONTENT = ("介绍公司新款组件，客户了解价格和交期。", "回访项目使用情况，客户反馈良好。")
MARKET_REPORT = "当地光伏市场需求增长，主要竞争对手两家，建议下季度重点开发。"
REJECT_TRIP = "行程安排不合理，请调整后再提交。"
REJECT_CLAIM = "票据与行程不符，请核对后重新提交。"
HOME = "金华"

Data = dict[str, Any]


# ---------------------------------------------------------------- plans in memory


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


# ---------------------------------------------------------------- the part


def generate(ctx: Context) -> None:
    """Three years of trips, advances, reports, claims with their evaluations, settlements."""
    now = timezone.now()
    if ctx.today != timezone.localdate(now):
        now = datetime.combine(ctx.today, time(12), tzinfo=timezone.get_current_timezone())
    world = World(ctx, now)
    people = {
        u.pk: Person(u, ctx.department_of.get(u.pk), world.roles.get(u.pk, ""))
        for u in ctx.salespeople
    }
    _mark_existing(people)
    started = time_module.monotonic()
    plans = _schedule(world, people)
    for plan in sorted(plans, key=lambda p: (p.depart, p.traveller.user.pk)):
        _live(world, plan)
    drawn = time_module.monotonic()
    evaluated = _evaluate_claims(world, plans)
    engine = time_module.monotonic()
    with explicit_times(
        Trip, Advance, Claim, TripReport, Visit, Approval, AuditEvent, ClaimOverride, ClaimConsent
    ):
        _insert(world, plans)
    _share(ctx, plans, people)
    ctx.log(
        f"    {len(plans)} trips, {sum(len(p.advances) for p in plans)} advances, "
        f"{evaluated} claims: drawn in {drawn - started:.1f} s, evaluated by the engine in "
        f"{engine - drawn:.1f} s, inserted in {time_module.monotonic() - engine:.1f} s"
    )


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _mark_existing(people: dict[int, Person]) -> None:
    """The days the demo's own live trips take, and its open advances (P2.4)."""
    live = Trip.objects.exclude(status__in=NOT_TRAVELLING)
    dates = ("depart", "return_date", "report__actual_depart", "report__actual_return")
    rows = list(live.values_list("traveller_id", *dates))
    rows += list(
        TripCompanion.objects.filter(trip__in=live).values_list(
            "user_id", *(f"trip__{d}" for d in dates)
        )
    )
    for user_id, depart, ret, actual_depart, actual_return in rows:
        if user_id in people:
            first = min(depart, actual_depart or depart)
            last = max(ret, actual_return or ret)
            people[user_id].days.update(_days(first, last))
    open_advances = Advance.objects.filter(status__in=Advance.OPEN)
    for user_id in open_advances.values_list("traveller_id", flat=True):
        if user_id in people:
            people[user_id].advance_open = True


# ---------------------------------------------------------------- who goes where, when


def _schedule(world: World, people: dict[int, Person]) -> list[TripPlan]:
    """Each salesperson's share of the trips, one in each slot of the window, none overlapping."""
    ctx, rng = world.ctx, world.rng
    start = ctx.today - timedelta(days=365 * YEARS - 1)
    end = ctx.today + timedelta(days=AHEAD)
    travellers = list(people.values())
    wanted = ctx.count("trips")
    listed: dict[int, int] = defaultdict(int)  # customer id -> trips listing it so far
    limit = DEFAULT_POLICY.max_trips_per_customer
    everyone = sorted(world.customers)
    plans: list[TripPlan] = []
    for index, person in enumerate(travellers):
        share = wanted // len(travellers) + (1 if index < wanted % len(travellers) else 0)
        own = world.by_owner.get(person.user.pk) or everyone
        by_province: dict[str, list[int]] = defaultdict(list)
        for pk in own:
            by_province[world.customers[pk][2]].append(pk)
        slot = ((end - start).days + 1) / max(share, 1)
        for k in range(share):
            first = _pick_customer(rng, own, listed, limit)
            out = not same_province(world.customers[first][3], DEFAULT_POLICY.home_province)
            length = _length(rng, out)
            lo = start + timedelta(days=int(k * slot))
            hi = start + timedelta(days=int((k + 1) * slot) - 1)
            depart = _place(rng, person.days, length, lo, hi, start, end)
            if depart is None:
                raise RuntimeError(f"no free days left for {person.user.username}'s trips")
            ret = depart + timedelta(days=length - 1)
            person.days.update(_days(depart, ret))
            customers = [first]
            for _ in range(rng.choice((0, 0, 0, 1, 1, 2, 3))):
                extra = _pick_customer(rng, by_province[world.customers[first][2]], listed, limit)
                if extra not in customers:
                    customers.append(extra)
            for pk in customers:
                listed[pk] += 1
            customers.sort(key=lambda pk: world.customers[pk][1])
            vehicle = ""
            if not out and rng.random() < 0.2:
                vehicle = rng.choice((Vehicle.COMPANY, Vehicle.OWN))
            elif out and rng.random() < 0.04:
                vehicle = Vehicle.HOST
            plans.append(
                TripPlan(
                    traveller=person,
                    depart=depart,
                    ret=ret,
                    purpose=Purpose.NEW_MARKET if rng.random() < 0.1 else Purpose.CUSTOMER_VISIT,
                    customers=customers,
                    vehicle=vehicle,
                    flight=out and not vehicle and rng.random() < 0.12,
                )
            )
    _add_companions(world, plans, travellers)
    return plans


def _pick_customer(rng: Any, pool: list[int], listed: dict[int, int], limit: int) -> int:
    """A customer not yet at P6.1's limit when one comes up within a few draws."""
    pick = pool[rng.randrange(len(pool))]
    for _ in range(12):
        if listed[pick] < limit:
            return pick
        pick = pool[rng.randrange(len(pool))]
    return pick


def _length(rng: Any, out: bool) -> int:
    if not out:
        return int(rng.choices((1, 2, 3, 4), weights=(50, 32, 14, 4))[0])
    return int(rng.choices((2, 3, 4, 5, 7, 8), weights=(25, 35, 20, 12, 5, 3))[0])


def _place(
    rng: Any, busy: set[date], length: int, lo: date, hi: date, start: date, end: date
) -> date | None:
    """A departure in lo..hi (else the first anywhere in the window) with its days free and a
    free day either side."""

    def free(day: date) -> bool:
        return all(day + timedelta(days=i) not in busy for i in range(-1, length + 1))

    span = max(0, (hi - lo).days - length + 1)
    for _ in range(8):
        day = lo + timedelta(days=rng.randint(0, span))
        if free(day):
            return day
    day = start
    while day + timedelta(days=length - 1) <= end:
        if free(day):
            return day
        day += timedelta(days=1)
    return None


def _add_companions(world: World, plans: list[TripPlan], travellers: list[Person]) -> None:
    """A colleague of the same department along on about one trip in eight, when free."""
    rng = world.rng
    by_department: dict[int | None, list[Person]] = defaultdict(list)
    for person in travellers:
        by_department[person.department_id].append(person)
    for plan in plans:
        if rng.random() >= 0.12:
            continue
        mates = [p for p in by_department[plan.traveller.department_id] if p is not plan.traveller]
        if not mates:
            continue
        mate = mates[rng.randrange(len(mates))]
        days = _days(plan.depart, plan.ret)
        if any(d in mate.days for d in days):
            continue
        mate.days.update(days)
        plan.companions.append((mate, rng.random() < 0.2))


# ---------------------------------------------------------------- the workflow, by hand


def _audit(
    actor: int | None,
    action: str,
    at: datetime,
    from_status: str = "",
    to_status: str = "",
    comment: str = "",
    data: Data | Callable[[], Data] | None = None,
) -> Data:
    """An audit row as workflow.apply writes it; `data` may wait for ids (a callable)."""
    return {
        "actor_id": actor,
        "action": action,
        "at": at,
        "from_status": from_status,
        "to_status": to_status,
        "comment": comment,
        "data": data or {},
    }


def _submit(doc: Doc, chain: list[Data], actor: int, at: datetime, round_: int) -> None:
    """What the machine's submit writes: the chain, step 0, the round, the pending step."""
    row = doc.row
    doc.audits.append(_audit(actor, "submit", at, row.status, row.S.SUBMITTED))
    row.status, row.chain, row.step, row.round = row.S.SUBMITTED, chain, 0, round_
    row.submitted_at = row.updated_at = at
    row.pending_role, row.pending_user_id = chain[0]["role"], chain[0]["user"]


def _decide(
    world: World,
    doc: Doc,
    author: Person,
    start: datetime,
    spacing: tuple[float, float],
    *,
    reject: str = "",
    reviews: Callable[[Data, int, datetime], None] | None = None,
) -> datetime | None:
    """The steps of the current round decided one after the other until now: an Approval
    and an audit row each, the position kept as the machine keeps it. `reject` (a reason)
    makes the first step reject. The moment of the last decision taken, or None."""
    row = doc.row
    moment, decided = start, None
    for index, step in enumerate(row.chain):
        moment = world.after(moment, *spacing)
        if not world.done(moment):
            break
        user = world.approver(step, author)
        if reviews is not None:
            reviews(step, user, moment)
        refused = bool(reject) and index == 0
        final = refused or index + 1 == len(row.chain)
        to = row.S.REJECTED if refused else (row.S.APPROVED if final else row.S.SUBMITTED)
        doc.approvals.append(
            {
                "round": row.round,
                "step": index,
                "role": step["role"],
                "user_id": user,
                "decision": Decision.REJECT if refused else Decision.APPROVE,
                "comment": reject if refused else "",
                "at": moment,
            }
        )
        action = "reject" if refused else "approve"
        doc.audits.append(
            _audit(user, action, moment, row.S.SUBMITTED, to, reject if refused else "")
        )
        row.step, row.updated_at, decided = index, moment, moment
        if final:
            row.status, row.pending_role, row.pending_user_id = to, "", None
            if not refused:
                row.approved_at = moment
            return decided
        row.step = index + 1
        row.pending_role, row.pending_user_id = (
            row.chain[index + 1]["role"],
            row.chain[index + 1]["user"],
        )
    return decided


def _system(doc: Doc, action: str, at: datetime, to: str, data: Callable[[], Data]) -> None:
    """A SYSTEM move (the trip following its claim, an advance settled by it)."""
    row = doc.row
    doc.audits.append(_audit(None, action, at, row.status, to, data=data))
    row.status, row.updated_at = to, at


def _free(plan: TripPlan) -> None:
    """A trip that takes nobody away gives its days back (rejected, cancelled)."""
    days = set(_days(plan.depart, plan.ret))
    plan.traveller.days -= days
    for mate, _invited in plan.companions:
        mate.days -= days


def _live(world: World, plan: TripPlan) -> None:
    """The trip's life up to now, in order: request, approvals, advance, report, claims."""
    rng, person = world.rng, plan.traveller
    me = person.user.pk
    created = world.on(plan.depart - timedelta(days=rng.randint(2, 15)))
    if created > world.now:
        created = world.now - timedelta(hours=rng.uniform(1, 30))
    trip = Trip(
        status=TripStatus.DRAFT,
        traveller=person.user,
        department_id=person.department_id,
        purpose=plan.purpose,
        depart=plan.depart,
        return_date=plan.ret,
        vehicle=plan.vehicle,
        flight_requested=plan.flight,
        chain=[],
        created_at=created,
        updated_at=created,
    )
    plan.doc = doc = Doc(trip)
    doc.audits.append(_audit(me, "create", created, "", TripStatus.DRAFT))
    fate = rng.random()
    submitted = world.after(created, 0.2, 20)
    if plan.depart > world.ctx.today and fate < 0.12:  # a plan not sent yet
        _free(plan)
        return
    chain = world.chain("trip", plan.depart, person)
    if fate > 0.97:  # withdrawn by the traveller before the first decision
        cancelled = world.after(submitted, 1, 20)
        if world.done(cancelled):
            if rng.random() < 0.5:
                _submit(doc, chain, me, submitted, 1)
                trip.pending_role, trip.pending_user_id = "", None
            doc.audits.append(_audit(me, "cancel", cancelled, trip.status, TripStatus.CANCELLED))
            trip.status, trip.updated_at = TripStatus.CANCELLED, cancelled
            _free(plan)
            return
    if not world.done(submitted):
        _free(plan)
        return
    departure = world.on(plan.depart, 7, 8)
    late = 0.94 < fate <= 0.955  # P1.3: approved only once under way
    rejected = 0.955 < fate <= 0.97
    if late:
        submitted = min(submitted, departure - timedelta(hours=2))
    _submit(doc, chain, me, submitted, 1)
    window = max(0.5, (departure - submitted).total_seconds() / 3600 / (len(chain) + 1))
    spacing = (24.0, 40.0) if late else (window / 4, window)
    decided = _decide(
        world, doc, person, submitted, spacing, reject=REJECT_TRIP if rejected else ""
    )
    if rejected and trip.status == TripStatus.REJECTED:
        again = world.after(decided or submitted, 2, 20)
        if rng.random() < 0.5 or not world.done(again) or again >= departure:
            _free(plan)  # left rejected: nobody travels
            return
        _submit(doc, chain, me, again, 2)
        window = max(0.5, (departure - again).total_seconds() / 3600 / (len(chain) + 1))
        decided = _decide(world, doc, person, again, (window / 4, window))
    if trip.status != TripStatus.APPROVED or decided is None:
        return
    if plan.ret - plan.depart >= timedelta(days=6) and rng.random() < 0.5:
        # P5.2: the GM's special case for a long trip (on site for a commissioning)
        trip.special_case, trip.special_case_reason = True, "客户项目现场调试，须驻场"
        gm = world.approver({"role": Role.GM, "user": None}, person)
        trip.special_case_by_id = gm
        doc.audits.append(
            _audit(
                gm,
                "special_case",
                world.after(decided, 1, 4),
                comment=trip.special_case_reason,
                data={"rule": "P5.2"},
            )
        )
    unclaimed = rng.random() < 0.03
    _advance(world, plan, decided, unclaimed)
    _report(world, plan)
    if not unclaimed:
        _claims(world, plan)
    _close_advances(world, plan, unclaimed)


def _advance(world: World, plan: TripPlan, approved: datetime, unclaimed: bool) -> None:
    """P2: about one trip in three draws an advance once approved, when none is open (P2.4)."""
    rng, person = world.rng, plan.traveller
    asked = world.after(approved, 0.5, 6)
    if rng.random() >= (0.6 if unclaimed else 0.3) or person.advance_open:
        return
    if person.advance_closed_at is not None and asked < person.advance_closed_at:
        return
    if not world.done(asked):
        return
    limit = world.settings[world.version(plan.depart)].advance_max
    amount = min(limit, Decimal(rng.choice((200, 300, 300, 500, 500))))
    advance = Advance(
        status=AdvanceStatus.DRAFT,
        traveller=person.user,
        amount=amount,
        reason="差旅费预支",
        chain=[],
        created_at=asked,
        updated_at=asked,
    )
    doc = Doc(advance)
    plan.advances.append(doc)
    person.advance_open = True
    _submit(doc, world.chain("advance", plan.depart, person), person.user.pk, asked, 1)
    doc.audits[-1]["data"] = {"amount": f"{amount:.2f}"}
    decided = _decide(world, doc, person, asked, (1, 10))
    if advance.status != AdvanceStatus.APPROVED or decided is None:
        return
    paid = world.after(decided, 1, 20)
    if not world.done(paid):
        return
    finance = world.approver({"role": Role.FINANCE, "user": None}, person)
    advance.paid_at, advance.paid_by_id, advance.paid_on = paid, finance, timezone.localdate(paid)
    advance.paid_method = PayMethod.CASH if rng.random() < 0.3 else PayMethod.TRANSFER
    advance.paid_voucher = world.voucher(advance.paid_on)
    payment = {
        "method": advance.paid_method,
        "on": advance.paid_on.isoformat(),
        "voucher": advance.paid_voucher,
    }
    doc.audits.append(
        _audit(finance, "pay", paid, advance.status, AdvanceStatus.PAID, data=payment)
    )
    advance.status, advance.updated_at = AdvanceStatus.PAID, paid


def _report(world: World, plan: TripPlan) -> None:
    """P7.1-P7.3: the report a few days after the return (now and then late), with a signed
    feedback for nearly every customer visited."""
    rng, trip = world.rng, plan.trip
    delay = rng.choices((0, 1, 2, 3, 5, 8), weights=(30, 30, 20, 10, 6, 4))[0]
    at = world.on(plan.ret + timedelta(days=delay), 9, 21)
    if plan.ret + timedelta(days=delay) == plan.ret:
        at = max(at, world.on(plan.ret, 17, 21))
    if not world.done(at):
        return
    cities = "—".join(dict.fromkeys(world.customers[c][5] for c in plan.customers))
    plan.report = TripReport(
        trip=trip,
        actual_depart=plan.depart,
        actual_return=plan.ret,
        route=f"{HOME}—{cities}—{HOME}",
        results=rng.choice(RESULTS),
        market_report=MARKET_REPORT if plan.purpose == Purpose.NEW_MARKET else "",
        submitted_on=timezone.localdate(at),
        created_at=at,
    )
    days = _days(plan.depart, plan.ret)
    plan.visits = [(c, rng.choice(days), at) for c in plan.customers if rng.random() < 0.92]

    def data() -> Data:
        return {
            "actual_depart": plan.depart.isoformat(),
            "actual_return": plan.ret.isoformat(),
            "visits": [v.pk for v in plan.visit_rows],
        }

    plan.doc.audits.append(
        _audit(plan.traveller.user.pk, "report", at, trip.status, TripStatus.REPORTED, data=data)
    )
    trip.status, trip.updated_at = TripStatus.REPORTED, at


def _items(world: World, plan: TripPlan) -> list[Data]:
    """The receipts of one claimant: the fares there and back (none with a car), city buses,
    now and then a taxi, a hotel or meal bill (covered by the allowance) or another expense."""
    rng = world.rng
    city = world.customers[plan.customers[0]][5]
    out = not same_province(world.customers[plan.customers[0]][3], DEFAULT_POLICY.home_province)
    items: list[Data] = []

    def add(kind: str, day: date, **facts: Any) -> None:
        items.append({"id": f"i{len(items) + 1}", "kind": kind, "date": day.isoformat(), **facts})

    legs = ((plan.depart, HOME, city), (plan.ret, city, HOME))
    if not plan.vehicle:
        for day, there, back in legs:
            trip_ends = {"from": there, "to": back, "invoice": True}
            if plan.flight:
                add("flight", day, amount=world.amount(450, 1600), cabin="economy", **trip_ends)
            elif out and rng.random() < 0.2:
                hours = rng.randint(10, 15)
                add(
                    "train",
                    day,
                    amount=world.amount(180, 420),
                    seat="hard_sleeper",
                    hours=hours,
                    **trip_ends,
                )
            elif out:
                hours = rng.randint(2, 7)
                add(
                    "train",
                    day,
                    amount=world.amount(120, 700),
                    seat="second_class",
                    hours=hours,
                    **trip_ends,
                )
            elif rng.random() < 0.7:
                add(
                    "train",
                    day,
                    amount=world.amount(20, 110),
                    seat="second_class",
                    hours=1,
                    **trip_ends,
                )
            else:
                add("coach", day, amount=world.amount(25, 90), city=there, **trip_ends)
        for _ in range(rng.choice((0, 1, 1, 2))):
            home = city_in(city, DEFAULT_POLICY.home_region_cities)
            add("city_bus", rng.choice(legs)[0], amount=world.amount(1, 6), city=city, record=home)
        if rng.random() < 0.15:
            add(
                "taxi",
                plan.depart,
                amount=world.amount(15, 80),
                city=city,
                **{"from": "火车站", "to": "客户单位"},
                note="携带样品拜访客户",
            )
    if rng.random() < 0.08:
        add("lodging", plan.depart, amount=world.amount(160, 420), city=city, invoice=True)
    if rng.random() < 0.04:
        add("meal", plan.depart, amount=world.amount(30, 120), city=city)
    if rng.random() < 0.04:
        add(
            "other",
            plan.ret,
            amount=world.amount(20, 150),
            note="资料打印及样品快递费",
            invoice=True,
        )
    return items


def _claims(world: World, plan: TripPlan) -> None:
    """The traveller's claim (and the companions' own) after the report: submitted, decided
    step by step (the head consents to a taxi, finance overrides another expense), settled."""
    rng, trip, report = world.rng, plan.trip, plan.report
    if report is None:
        return
    start = world.after(report.created_at, 1, 24 * 5)
    for advance in plan.advances:  # the claim is approved only once the advance is paid (7.3)
        if advance.row.status != AdvanceStatus.PAID:
            return
        start = max(start, world.after(advance.row.paid_at, 1, 4))
    claimants = [plan.traveller] + [
        mate for mate, invited in plan.companions if not invited and rng.random() < 0.6
    ]
    for person in claimants:
        own = person is plan.traveller
        created = start if own else world.after(start, 1, 30)
        if not world.done(created):
            continue
        claim = Claim(
            status=ClaimStatus.DRAFT,
            trip=trip,
            claimant=person.user,
            items=_items(world, plan),
            chain=[],
            created_at=created,
            updated_at=created,
        )
        doc = Doc(claim)
        cp = ClaimPlan(doc, person)
        plan.claims.append(cp)
        doc.audits.append(
            _audit(
                person.user.pk,
                "create",
                created,
                "",
                ClaimStatus.DRAFT,
                data=lambda c=claim: money_audit(c),
            )
        )
        submitted = world.after(created, 0.1, 30)
        if not world.done(submitted):
            continue
        chain = world.chain("claim", plan.depart, person)
        rejected = rng.random() < 0.03
        for round_ in (1, 2):
            _submit(doc, chain, person.user.pk, submitted, round_)
            doc.audits.append(
                _audit(person.user.pk, "evaluate", submitted, data=lambda c=claim: money_audit(c))
            )
            if own:
                _system(
                    plan.doc,
                    "claim_submitted",
                    submitted,
                    TripStatus.CLAIMED,
                    lambda c=claim: {"claim": c.pk},
                )
            decided = _decide(
                world,
                doc,
                person,
                submitted,
                (4, 60),
                reject=REJECT_CLAIM if rejected and round_ == 1 else "",
                reviews=lambda step, user, at, cp=cp: _review(world, cp, step, user, at),
            )
            if claim.status != ClaimStatus.REJECTED or decided is None:
                break
            if own:
                _system(
                    plan.doc,
                    "claim_rejected",
                    decided,
                    TripStatus.REPORTED,
                    lambda c=claim: {"claim": c.pk},
                )
            submitted = world.after(decided, 10, 60)
            if not world.done(submitted):
                break
        if claim.status != ClaimStatus.APPROVED or decided is None:
            continue
        approver = doc.approvals[-1]["user_id"]
        doc.audits.append(
            _audit(approver, "evaluate", decided, data=lambda c=claim: money_audit(c))
        )
        if own:
            for advance in plan.advances:
                advance.row.settled_at = decided
                _system(
                    advance,
                    "settle",
                    decided,
                    AdvanceStatus.SETTLED,
                    lambda c=claim: {"claim": c.pk},
                )
            _system(
                plan.doc,
                "claim_approved",
                decided,
                TripStatus.SETTLED,
                lambda c=claim: {"claim": c.pk},
            )
        settled = world.after(decided, 20, 24 * 6)
        if not world.done(settled):
            continue
        finance = world.approver({"role": Role.FINANCE, "user": None}, person)
        claim.settled_at, claim.settled_by_id, claim.settled_on = (
            settled,
            finance,
            timezone.localdate(settled),
        )
        claim.settled_method = PayMethod.CASH if rng.random() < 0.15 else PayMethod.TRANSFER
        claim.settled_voucher = world.voucher(claim.settled_on)
        payment = {
            "method": claim.settled_method,
            "on": claim.settled_on.isoformat(),
            "voucher": claim.settled_voucher,
        }
        doc.audits.append(
            _audit(finance, "settle", settled, claim.status, ClaimStatus.SETTLED, data=payment)
        )
        claim.status, claim.updated_at = ClaimStatus.SETTLED, settled


def _review(world: World, cp: ClaimPlan, step: Data, user: int, at: datetime) -> None:
    """What a reviewer states on the claim's lines at their step: the head consents to most
    taxis (P4.6), finance sets the amount of another expense (P9)."""
    claim = cp.doc.row
    for item in claim.items:
        if item["kind"] == "taxi" and step["role"] == Role.DEPT_HEAD and world.rng.random() < 0.7:
            cp.consents.append(
                ClaimConsent(
                    claim=claim,
                    item=item["id"],
                    note="同意：携带样品，公交不便",
                    by_id=user,
                    role=step["role"],
                    at=at - timedelta(minutes=5),
                    line=dict(item),
                )
            )
        if item["kind"] == "other" and step["role"] == Role.FINANCE:
            cp.overrides.append(
                ClaimOverride(
                    claim=claim,
                    item=item["id"],
                    amount=Decimal(item["amount"]),
                    reason="业务必需的资料打印及快递费，据实报销",
                    by_id=user,
                    role=step["role"],
                    at=at - timedelta(minutes=5),
                    line=dict(item),
                )
            )


def _close_advances(world: World, plan: TripPlan, unclaimed: bool) -> None:
    """P2.4's bookkeeping: when the trip's advance closed (settled by the claim above, or
    returned in cash when the trip will not be claimed), or that it is still open."""
    person = plan.traveller
    for doc in plan.advances:
        advance = doc.row
        if unclaimed and advance.status == AdvanceStatus.PAID and plan.report is not None:
            returned = world.after(plan.report.created_at, 4, 96)
            if world.done(returned):
                finance = advance.paid_by_id
                advance.repaid_at = advance.settled_at = returned
                advance.repaid_by_id, advance.repaid_amount = finance, advance.amount
                advance.repaid_method, advance.repaid_on = (
                    PayMethod.CASH,
                    timezone.localdate(returned),
                )
                advance.repaid_voucher = world.voucher(advance.repaid_on)
                payment = {
                    "method": advance.repaid_method,
                    "on": advance.repaid_on.isoformat(),
                    "voucher": advance.repaid_voucher,
                }
                doc.audits.append(
                    _audit(
                        finance,
                        "repay",
                        returned,
                        advance.status,
                        AdvanceStatus.SETTLED,
                        "出差未报销，归还预支现金",
                        payment,
                    )
                )
                advance.status, advance.updated_at = AdvanceStatus.SETTLED, returned
        if advance.status in Advance.OPEN:
            person.advance_open = True
        else:
            person.advance_open = False
            person.advance_closed_at = advance.updated_at


# ---------------------------------------------------------------- the engine


def _evaluate_claims(world: World, plans: list[TripPlan]) -> int:
    """Every claim's stored evaluation, by the real engine, from facts built in memory as
    selectors.claim_input builds them from the rows."""
    reimbursed: dict[int, list[tuple[Any, date]]] = defaultdict(list)  # customer -> (trip, depart)
    existing = Claim.objects.filter(
        trip=OuterRef("trip_id"), corrects__isnull=True, status__in=REIMBURSED
    )
    for customer, trip_id, depart in Trip.customers.through.objects.filter(
        Exists(existing)
    ).values_list("customer_id", "trip_id", "trip__depart"):
        reimbursed[customer].append((trip_id, depart))
    for plan in plans:
        if any(c.doc.row.status in REIMBURSED for c in plan.claims):
            for customer in plan.customers:
                reimbursed[customer].append((plan, plan.depart))
    count = 0
    for plan in plans:
        for cp in plan.claims:
            claim = cp.doc.row
            store_evaluation(claim, _evaluation(world, plan, cp, reimbursed))
            count += 1
    return count


def _prior_trips(
    world: World, plan: TripPlan, customer: int, reimbursed: dict[int, list[tuple[Any, date]]]
) -> int:
    """P6.1 as selectors.prior_trips counts it: the other trips listing the customer whose claim
    was approved, departed after its last signed order."""
    last_order = world.customers[customer][7]
    return sum(
        1
        for trip, depart in reimbursed[customer]
        if trip is not plan and (last_order is None or depart > last_order)
    )


def _evaluation(
    world: World, plan: TripPlan, cp: ClaimPlan, reimbursed: dict[int, list[tuple[Any, date]]]
) -> Data:
    trip, report, claim, claimant = plan.trip, plan.report, cp.doc.row, cp.claimant
    depart, ret = (
        (report.actual_depart, report.actual_return) if report else (trip.depart, trip.return_date)
    )
    in_time = trip.approved_at is not None and timezone.localdate(trip.approved_at) <= depart
    invited = any(mate is claimant and flag for mate, flag in plan.companions)
    gm_approved = any(step.get("role") == Role.GM for step in trip.chain)
    signed = {c for c, _day, _at in plan.visits}
    advance = Decimal("0.00")
    if claimant is plan.traveller:
        for doc in plan.advances:
            a = doc.row
            if a.status == AdvanceStatus.PAID or (
                a.status == AdvanceStatus.SETTLED and a.repaid_at is None
            ):
                advance += a.amount
    facts = {
        "traveller_role": claimant.role or Role.SALESPERSON.value,
        "approved": in_time,
        "purpose": trip.purpose,
        "destinations": [
            {"province": p, "city": c} for _pc, p, _cc, c in _destinations(world, plan)
        ],
        "depart": depart.isoformat(),
        "return": ret.isoformat(),
        "vehicle": trip.vehicle or None,
        "invited_colleague": invited,
        "flight_preapproved": bool(trip.flight_requested and gm_approved and in_time),
        "special_case": trip.special_case,
        "customers": [
            {
                "id": world.customers[c][1],
                "prior_trips": _prior_trips(world, plan, c, reimbursed),
                "feedback_signed": c in signed,
            }
            for c in plan.customers
        ],
        "market_report": bool(report and report.market_report.strip()),
        "report_submitted": report.submitted_on.isoformat() if report else None,
        "advance": f"{advance:.2f}",
    }
    items = [dict(item) for item in claim.items]
    overrides = {o.item: o for o in cp.overrides}
    consents = {c.item for c in cp.consents}
    for item in items:
        override = overrides.get(item["id"])
        if override is not None:
            amount = min(override.amount, Decimal(item["amount"]))
            item["override"] = {
                "amount": f"{amount:.2f}",
                "by": override.role,
                "reason": override.reason,
            }
        if item["id"] in consents:
            item["head_consent"] = True
    data = {"as_of": world.ctx.today.isoformat(), "trip": facts, "items": items}
    parsed = parse_claim(data, today=world.ctx.today)
    params = world.params[world.version(parsed.trip.depart)]
    return evaluation_as_dict(evaluate(parsed, params), "zh", figures=True) | {"input": data}


def _destinations(world: World, plan: TripPlan) -> list[tuple[str, str, str, str]]:
    """The customers' cities, each once, in the customers' order."""
    seen: dict[str, tuple[str, str, str, str]] = {}
    for c in plan.customers:
        _pk, _code, province_code, province, city_code, city, _owner, _last = world.customers[c]
        seen.setdefault(city_code, (province_code, province, city_code, city))
    return list(seen.values())


# ---------------------------------------------------------------- into the database


def _insert(world: World, plans: list[TripPlan]) -> None:
    ctx = world.ctx
    ctx.bulk(Trip, (p.trip for p in plans))
    ctx.bulk(
        TripDestination,
        (
            TripDestination(
                trip=p.trip, seq=seq, province_code=pc, province=pn, city_code=cc, city=cn
            )
            for p in plans
            for seq, (pc, pn, cc, cn) in enumerate(_destinations(world, p))
        ),
    )
    through = Trip.customers.through
    ctx.bulk(
        through, (through(trip_id=p.trip.pk, customer_id=c) for p in plans for c in p.customers)
    )
    ctx.bulk(
        TripCompanion,
        (
            TripCompanion(trip=p.trip, user=m.user, invited=inv)
            for p in plans
            for m, inv in p.companions
        ),
    )
    for p in plans:
        for a in p.advances:
            a.row.trip = p.trip
        if p.report is not None:
            p.report.trip = p.trip
        for c in p.claims:
            c.doc.row.trip = p.trip
    ctx.bulk(Advance, (a.row for p in plans for a in p.advances))
    ctx.bulk(TripReport, (p.report for p in plans if p.report is not None))
    _insert_visits(world, plans)
    ctx.bulk(Claim, (c.doc.row for p in plans for c in p.claims))
    for p in plans:
        for c in p.claims:
            for review in (*c.overrides, *c.consents):
                review.claim = c.doc.row
    ctx.bulk(ClaimOverride, (o for p in plans for c in p.claims for o in c.overrides))
    ctx.bulk(ClaimConsent, (o for p in plans for c in p.claims for o in c.consents))
    docs = [
        (model, doc)
        for p in plans
        for model, doc in (
            [(Trip, p.doc)]
            + [(Advance, a) for a in p.advances]
            + [(Claim, c.doc) for c in p.claims]
        )
    ]
    ctx.bulk(
        Approval,
        (
            Approval(content_type=world.content_types[model], object_id=doc.row.pk, **row)
            for model, doc in docs
            for row in doc.approvals
        ),
    )
    ctx.bulk(
        AuditEvent,
        (
            AuditEvent(
                content_type=world.content_types[model],
                object_id=doc.row.pk,
                **(row | {"data": row["data"]() if callable(row["data"]) else row["data"]}),
            )
            for model, doc in docs
            for row in doc.audits
        ),
    )


def _insert_visits(world: World, plans: list[TripPlan]) -> None:
    """P7.2: each signed customer's visit, filed with the report, and its sealed feedback
    (trips.services.reports through crm.visits.feedback.trip_visit_file)."""
    rng, ctx = world.rng, world.ctx
    # A salesperson's visits of a day are numbered 1, 2, ... (the CRM part's come first).
    seqs: dict[tuple[int, date], int] = {
        (row["salesperson_id"], row["date"]): row["last"]
        for row in Visit.objects.values("salesperson_id", "date")
        .annotate(last=Max("seq"))
        .order_by()
    }
    rows = []
    for p in plans:
        for customer, day, at in p.visits:
            key = (p.traveller.user.pk, day)
            seq = seqs[key] = seqs.get(key, 0) + 1
            visit = Visit(
                customer=Customer(pk=customer, code=world.customers[customer][1]),
                salesperson=p.traveller.user,
                status=VisitStatus.CHECKED_OUT,
                date=day,
                seq=seq,
                purpose=f"出差拜访（{p.trip.number}）",
                trip=p.trip,
                content=rng.choice(VISIT_CONTENT),
                recorded_at=at,
                recorded_late=day != timezone.localdate(at),
                created_at=at,
                updated_at=at,
            )
            p.visit_rows.append(visit)
            rows.append(visit)
    ctx.bulk(Visit, rows)
    signatures = []
    for visit in rows:
        signed = VisitSignature(
            visit=visit,
            version=visit.record_version,
            signer_name=person_name(ctx),
            signer_title=rng.choice(TITLES),
            signature_png=SIGNATURE_PNG,
            signed_at=visit.recorded_at.replace(microsecond=0),
            **{key: getattr(visit, key) for key in SIGNED_FIELDS},
        )
        signed.seal_key, signed.content_hash = visit_feedback_hash(signed)
        signatures.append(signed)
    ctx.bulk(VisitSignature, signatures)


def _share(ctx: Context, plans: list[TripPlan], people: dict[int, Person]) -> None:
    ctx.extra["trips"] = [
        (
            p.trip.pk,
            p.traveller.user.pk,
            p.traveller.department_id,
            p.depart,
            p.ret,
            p.trip.status,
            tuple(p.customers),
        )
        for p in plans
    ]
    ctx.extra["trip_days"] = {pk: set(person.days) for pk, person in people.items()}
    ctx.extra["claims"] = [
        (c.doc.row.pk, p.trip.pk, c.claimant.user.pk, c.doc.row.status, c.doc.row.reimbursed_total)
        for p in plans
        for c in p.claims
    ]
