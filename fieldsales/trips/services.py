"""Writes for trips, advances, reports and claims: one transaction each, audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core import workflow
from fieldsales.core.audit import audit
from fieldsales.core.errors import InvalidTransition, RuleBroken
from fieldsales.core.people import display_name
from fieldsales.core.regions import find_city, find_province
from fieldsales.core.workflow import role_of
from fieldsales.crm.models import Customer
from fieldsales.org.access import Denied, Verdict, enforce
from fieldsales.org.models import Employee
from fieldsales.policy import (
    ClaimInputError,
    estimate,
    evaluate,
    evaluation_as_dict,
    parse_claim,
)
from fieldsales.policy.money import is_amount
from fieldsales.trips import rules, selectors
from fieldsales.trips.models import (
    REVIEWER_ITEM_FIELDS,
    Advance,
    AdvanceStatus,
    Claim,
    ClaimConsent,
    ClaimNote,
    ClaimOverride,
    ClaimStatus,
    Purpose,
    Trip,
    TripCompanion,
    TripDestination,
    TripReport,
    TripStatus,
    Vehicle,
)
from fieldsales.trips.policy_settings import settings_in_force
from fieldsales.trips.policy_versions import first_policy_day, policy_in_force


def _enforce_rule(verdict: Verdict, *, field: str) -> None:
    """As `enforce`, naming `field` when a rule (400) refuses: a 403 or 409 names none."""
    rule = isinstance(verdict, Denied) and verdict.status == 400
    enforce(verdict, field=field if rule else None)


# ---------------------------------------------------------------- trips

# The latest date a trip or its report may give: the policy computes dates after the return
# (the report's due date, P7.1), and Python's dates end at 9999-12-31.
LAST_DAY = date(2999, 12, 31)


def _resolve_destinations(destinations: list[dict[str, Any]]) -> list[dict[str, str]]:
    """GB/T 2260 names, full or short; anything else is a 400 on `destinations`."""
    if not destinations:
        raise RuleBroken(_("至少填写一个出差地点"), field="destinations")
    resolved = []
    for index, destination in enumerate(destinations):
        if not isinstance(destination, dict):
            raise RuleBroken(_("出差地点须包含省份和城市"), field="destinations")
        province = find_province(str(destination.get("province") or ""))
        if province is None:
            raise RuleBroken(
                _("第%(n)d个出差地点的省份不是有效的行政区划：%(name)s")
                % {"n": index + 1, "name": destination.get("province")},
                field="destinations",
            )
        city = find_city(province, str(destination.get("city") or ""))
        if city is None:
            raise RuleBroken(
                _("第%(n)d个出差地点的城市不属于%(province)s：%(name)s")
                % {"n": index + 1, "province": province.name, "name": destination.get("city")},
                field="destinations",
            )
        resolved.append(
            {
                "province_code": province.code,
                "province": province.name,
                "city_code": city.code,
                "city": city.name,
            }
        )
    return resolved


def _check_trip_fields(data: dict[str, Any]) -> None:
    if data.get("purpose") not in Purpose.values:
        raise RuleBroken(_("出差事由须为拜访客户或开拓新市场"), field="purpose")
    if data.get("vehicle") not in (None, "", *Vehicle.values):
        raise RuleBroken(_("交通工具须为公司派车、自备或接待单位提供，或留空"), field="vehicle")
    depart, ret = data.get("depart"), data.get("return_date")
    if not isinstance(depart, date) or not isinstance(ret, date):
        raise RuleBroken(_("请填写出发和返回日期"), field="depart")
    if ret < depart:
        raise RuleBroken(_("返回日期不能早于出发日期"), field="return")
    if ret > LAST_DAY:
        raise RuleBroken(_("日期不能晚于%(day)s") % {"day": LAST_DAY.isoformat()}, field="return")
    _check_trip_window(depart, ret)


def _check_trip_window(depart: date, ret: date) -> None:
    """A trip lies between the company's first policy version and a year from today (400)."""
    today = timezone.localdate()
    try:
        last = today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        last = today.replace(year=today.year + 1, day=28)
    first = first_policy_day()
    for field, day in (("depart", depart), ("return", ret)):
        if not first <= day <= last:
            raise RuleBroken(
                _("出差日期须在%(first)s（公司首个差旅制度生效日）至%(last)s（一年内）之间")
                % {"first": first.isoformat(), "last": last.isoformat()},
                field=field,
            )


def _set_trip_relations(trip: Trip, data: dict[str, Any]) -> None:
    if "destinations" in data:
        trip.destinations.all().delete()
        for seq, d in enumerate(_resolve_destinations(data["destinations"])):
            TripDestination.objects.create(trip=trip, seq=seq, **d)
    if "customers" in data:
        ids = list(data["customers"] or [])
        customers = list(Customer.objects.filter(pk__in=ids))
        if len(customers) != len(set(ids)):
            raise RuleBroken(_("拜访客户不存在"), field="customers")
        trip.customers.set(customers)
    if "companions" in data:
        trip.companions.all().delete()
        User = get_user_model()
        for companion in data["companions"] or []:
            ref = companion.get("user")
            # ASCII digits only: "²" is a digit to str.isdigit() but no id to the database.
            is_id = not isinstance(ref, str) or (ref.isascii() and ref.isdigit())
            lookup = {"pk": ref} if is_id else {"username": ref}
            user = User.objects.filter(is_active=True, **lookup).first()
            if user is None or user.pk == trip.traveller_id:
                raise RuleBroken(_("同行人须为其他在职员工"), field="companions")
            TripCompanion.objects.get_or_create(
                trip=trip, user=user, defaults={"invited": bool(companion.get("invited"))}
            )


# Trips that do not (yet) take their people away (issue 7.7): a draft is a plan nobody has
# seen, a rejected trip is back to its traveller, a cancelled one never happens. Each is
# checked itself when it is saved and when it is submitted (again).
NOT_TRAVELLING = (TripStatus.DRAFT, TripStatus.REJECTED, TripStatus.CANCELLED)


def _overlapping_trip(*, user: Any, depart: date, ret: date, exclude: int | None) -> Trip | None:
    """Another live trip of `user`, as traveller or companion, sharing a day with depart..ret
    (the report's actual dates where there is one)."""
    others = (
        Trip.objects.exclude(status__in=NOT_TRAVELLING)
        .filter(Q(traveller=user) | Q(companions__user=user))
        .annotate(
            first_day=Coalesce("report__actual_depart", "depart"),
            last_day=Coalesce("report__actual_return", "return_date"),
        )
        .filter(first_day__lte=ret, last_day__gte=depart)
    )
    if exclude is not None:
        others = others.exclude(pk=exclude)
    return others.order_by("depart", "pk").first()


def _check_no_overlap(trip: Trip) -> None:
    """400 naming the other trip: one person is never on two trips on the same day (7.7)."""
    # Lock the people (their employee rows, in a fixed order, after the trip) so that two
    # overlapping trips submitted at the same moment are checked one after the other.
    people = [trip.traveller_id, *trip.companions.values_list("user_id", flat=True)]
    list(
        Employee.objects.select_for_update()
        .filter(user_id__in=people)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    other = _overlapping_trip(
        user=trip.traveller, depart=trip.depart, ret=trip.return_date, exclude=trip.pk
    )
    if other is not None:
        raise RuleBroken(
            _(
                "与出差%(number)s（%(depart)s 至 %(return)s）的日期重叠：同一人的出差（含同行）不能重叠"
            )
            % {"number": other.number, "depart": other.depart, "return": other.return_date},
            field="depart",
        )
    for companion in trip.companions.select_related("user"):
        other = _overlapping_trip(
            user=companion.user, depart=trip.depart, ret=trip.return_date, exclude=trip.pk
        )
        if other is not None:
            raise RuleBroken(
                _("同行人%(name)s在出差%(number)s（%(depart)s 至 %(return)s）中，日期重叠")
                % {
                    "name": display_name(companion.user),
                    "number": other.number,
                    "depart": other.depart,
                    "return": other.return_date,
                },
                field="companions",
            )


TRIP_FIELDS = ("purpose", "depart", "return_date", "vehicle", "flight_requested", "note")
TEXT_FIELDS = ("vehicle", "note")  # blank text, never NULL


def _trip_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = {f: data[f] for f in TRIP_FIELDS if f in data}
    return fields | {f: fields[f] or "" for f in TEXT_FIELDS if f in fields}


@transaction.atomic
def trip_create(*, traveller: Any, data: dict[str, Any]) -> Trip:
    """A draft trip request (P1.1)."""
    _check_trip_fields(data)
    employee = getattr(traveller, "employee", None)
    trip = Trip.objects.create(
        traveller=traveller,
        department=employee.department if employee else None,
        **_trip_fields(data),
    )
    _set_trip_relations(trip, data)
    _check_no_overlap(trip)
    audit(document=trip, actor=traveller, action="create", to_status=trip.status)
    return trip


@transaction.atomic
def trip_update(*, trip: Trip, actor: Any, data: dict[str, Any]) -> Trip:
    """Edit a draft or rejected trip (409 otherwise)."""
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    enforce(rules.can_edit_trip(actor, trip))
    merged = {f: getattr(trip, f) for f in TRIP_FIELDS} | data
    _check_trip_fields(merged)
    for field, value in _trip_fields(data).items():
        setattr(trip, field, value)
    trip.save()
    _set_trip_relations(trip, data)
    _check_no_overlap(trip)
    audit(document=trip, actor=actor, action="edit", from_status=trip.status, to_status=trip.status)
    return trip


def trip_submit(*, trip: Trip, actor: Any) -> Trip:
    """Send the request up its chain (P1.2)."""

    def check(locked: Trip) -> None:
        if not locked.destinations.exists():
            raise RuleBroken(_("至少填写一个出差地点"), field="destinations")
        _check_no_overlap(locked)

    return workflow.apply(model=Trip, pk=trip.pk, actor=actor, action="submit", before=check)


def trip_decide(*, trip: Trip, actor: Any, action: str, comment: str = "") -> Trip:
    """Approve or reject the current step."""
    return workflow.apply(model=Trip, pk=trip.pk, actor=actor, action=action, comment=comment)


def trip_cancel(*, trip: Trip, actor: Any) -> Trip:
    """The traveller withdraws a draft, submitted or rejected request."""
    return workflow.apply(
        model=Trip,
        pk=trip.pk,
        actor=actor,
        action="cancel",
        before=lambda locked: enforce(rules.can_cancel_trip(actor, locked)),
    )


@transaction.atomic
def trip_special_case(*, trip: Trip, actor: Any, reason: str) -> Trip:
    """P5.2: the GM records a special case that waives absenteeism."""
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    enforce(rules.can_special_case(actor, trip))
    if not (reason or "").strip():
        raise RuleBroken(_("请写明特殊情况的理由"), field="reason")
    trip.special_case, trip.special_case_reason, trip.special_case_by = True, reason.strip(), actor
    trip.save(
        update_fields=["special_case", "special_case_reason", "special_case_by", "updated_at"]
    )
    audit(document=trip, actor=actor, action="special_case", comment=reason, data={"rule": "P5.2"})
    return trip


def trip_estimate(*, trip: Trip) -> dict[str, Any]:
    """What the engine expects the trip to cost and which rules it would break (P3, P5, P6.1, P4.4)."""
    if not trip.destinations.exists():
        return {}
    # `approved`: approved on or before the departure (P1.3), false while not yet approved.
    data = {"trip": selectors.trip_input(trip=trip), "items": []}
    try:
        claim = parse_claim(data, today=timezone.localdate())
    except ClaimInputError:
        return {}
    params = policy_in_force(trip.depart)
    result = estimate(
        claim.trip, params, flight_requested=trip.flight_requested, today=timezone.localdate()
    )
    return evaluation_as_dict(result, selectors.engine_lang())


def estimate_for(*, traveller: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The estimate for a trip request still being typed (nothing is saved)."""
    _check_trip_fields(data)
    destinations = _resolve_destinations(data.get("destinations") or [])
    draft = Trip(traveller=traveller, depart=data["depart"], return_date=data["return_date"])
    customers = Customer.objects.filter(pk__in=data.get("customers") or [])
    # The traveller's own estimate: an invited companion's zeroing (P6.3) is theirs, not ours.
    invited = False
    trip_data = {
        "approved": False,  # a request being typed is not approved yet (P1.3 warns if late)
        "purpose": data["purpose"],
        "destinations": [{"province": d["province"], "city": d["city"]} for d in destinations],
        "depart": data["depart"].isoformat(),
        "return": data["return_date"].isoformat(),
        "vehicle": data.get("vehicle") or None,
        "invited_colleague": invited,
        "customers": [
            {
                "id": c.code,
                "prior_trips": selectors.prior_trips(customer=c, trip=draft),
                "feedback_signed": True,
            }
            for c in customers
        ],
    }
    claim = parse_claim({"trip": trip_data, "items": []}, today=timezone.localdate())
    params = policy_in_force(data["depart"])
    result = estimate(
        claim.trip,
        params,
        flight_requested=bool(data.get("flight_requested")),
        today=timezone.localdate(),
    )
    return evaluation_as_dict(result, selectors.engine_lang())


# ---------------------------------------------------------------- reports


def _report_visit(
    trip: Trip,
    actor: Any,
    entry: Any,
    *,
    index: int | None,
    allowed: dict[int, Customer],
    first_day: date,
    last_day: date,
) -> Any:
    """One `visits` entry of a report: the customer's visit record with its signed feedback
    (P7.2), made through the CRM so that it is the same record a phone check-in makes."""
    from fieldsales.crm.visits.feedback import trip_visit_file

    prefix = "" if index is None else f"visits[{index}]."
    if not isinstance(entry, dict):
        raise RuleBroken(_("拜访记录格式不正确"), field=prefix.rstrip(".") or "visits")
    customer = allowed.get(entry.get("customer"))
    if customer is None:
        raise RuleBroken(_("反馈表的客户须是本次出差拜访的客户"), field=f"{prefix}customer")
    visited_on = entry.get("visited_on")
    if not isinstance(visited_on, date):
        raise RuleBroken(_("请填写拜访日期"), field=f"{prefix}visited_on")
    if not first_day <= visited_on <= last_day:
        raise RuleBroken(
            _("拜访日期须在实际出差日期内（%(start)s 至 %(end)s）")
            % {"start": first_day.isoformat(), "end": last_day.isoformat()},
            field=f"{prefix}visited_on",
        )
    if visited_on > timezone.localdate():
        raise RuleBroken(_("拜访日期不能晚于今天"), field=f"{prefix}visited_on")
    return trip_visit_file(
        trip=trip,
        actor=actor,
        customer=customer,
        visited_on=visited_on,
        content=entry.get("content") or "",
        satisfaction=entry.get("satisfaction"),
        signer_name=entry.get("signer_name") or "",
        signer_title=entry.get("signer_title") or "",
        comments=entry.get("comments") or "",
        signature=entry.get("signature") or "",
        prefix=prefix,
    )


@transaction.atomic
def trip_report_file(*, trip: Trip, actor: Any, data: dict[str, Any]) -> TripReport:
    """P7.1-P7.3: the trip report, once the trip has started, with its visits' signed
    feedback and the market analysis."""
    locked = Trip.objects.select_for_update().get(pk=trip.pk)
    enforce(rules.can_report(actor, locked))
    actual_depart = data.get("actual_depart") or locked.depart
    actual_return = data.get("actual_return") or locked.return_date
    if actual_depart > timezone.localdate():
        raise RuleBroken(
            _("出差尚未开始（实际出发日期 %(day)s 晚于今天），不能提交出差报告")
            % {"day": actual_depart.isoformat()},
            field="actual_depart",
        )
    if actual_return < actual_depart:
        raise RuleBroken(_("实际返回日期不能早于实际出发日期"), field="actual_return")
    if actual_return > LAST_DAY:
        raise RuleBroken(
            _("日期不能晚于%(day)s") % {"day": LAST_DAY.isoformat()}, field="actual_return"
        )
    if not (data.get("route") or "").strip():
        raise RuleBroken(_("请填写出差路线"), field="route")
    if locked.purpose == Purpose.NEW_MARKET and not (data.get("market_report") or "").strip():
        raise RuleBroken(_("开拓新市场的出差须附新市场分析报告（P7.3）"), field="market_report")
    report = TripReport.objects.create(
        trip=locked,
        actual_depart=actual_depart,
        actual_return=actual_return,
        route=data["route"].strip(),
        results=data.get("results") or "",
        orders_signed=data.get("orders_signed") or "",
        follow_up=data.get("follow_up") or "",
        market_report=data.get("market_report") or "",
        submitted_on=timezone.localdate(),
    )
    allowed = {c.pk: c for c in locked.customers.all()}
    visits = [
        _report_visit(
            locked,
            actor,
            entry,
            index=index,
            allowed=allowed,
            first_day=actual_depart,
            last_day=actual_return,
        )
        for index, entry in enumerate(data.get("visits") or [])
    ]
    workflow.apply(
        model=Trip,
        pk=locked.pk,
        actor=actor,
        action="report",
        data={
            "actual_depart": actual_depart.isoformat(),
            "actual_return": actual_return.isoformat(),
            "visits": [v.pk for v in visits],
        },
    )
    return report


@transaction.atomic
def trip_visit_add(*, trip: Trip, actor: Any, data: dict[str, Any]) -> Any:
    """A visit with its signed feedback added to a filed report, until the trip's claim is
    approved (P7.2 is not locked forever by a signature missing when the report was filed)."""
    locked = Trip.objects.select_for_update().get(pk=trip.pk)
    enforce(rules.can_add_visit(actor, locked))
    report = TripReport.objects.get(trip=locked)
    visit = _report_visit(
        locked,
        actor,
        data,
        index=None,
        allowed={c.pk: c for c in locked.customers.all()},
        first_day=report.actual_depart,
        last_day=report.actual_return,
    )
    audit(
        document=locked,
        actor=actor,
        action="visit_added",
        data={"visit": visit.pk, "customer": visit.customer_id},
    )
    return visit


# ---------------------------------------------------------------- advances


@transaction.atomic
def advance_request(*, trip: Trip, actor: Any, amount: Decimal, reason: str = "") -> Advance:
    """P2: an advance against a submitted or approved trip, within the limit, one open at a time."""
    # Lock the traveller so two concurrent requests cannot both pass the P2.4 check, then the
    # trip so that a claim being submitted at the same moment is seen (issue 7.3).
    get_user_model().objects.select_for_update().get(pk=actor.pk)
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    _enforce_rule(rules.can_advance(actor, trip), field="trip")
    settings = settings_in_force(trip.depart)
    if amount <= 0:
        raise RuleBroken(_("预支金额须大于零"), field="amount")
    if amount > settings.advance_max:
        raise RuleBroken(
            _("预支差旅费最多不可超过%(max)s元（P2.3）") % {"max": settings.advance_max},
            field="amount",
        )
    if (
        settings.one_open_advance
        and Advance.objects.filter(traveller=actor, status__in=Advance.OPEN).exists()
    ):
        raise RuleBroken(_("前账不清，后账不借：您还有未结清的预支（P2.4）"), field="trip")
    # Created as a draft and submitted at once by the machine, which builds its chain (P2.2).
    advance = Advance.objects.create(trip=trip, traveller=actor, amount=amount, reason=reason or "")
    return workflow.apply(
        model=Advance,
        pk=advance.pk,
        actor=actor,
        action="submit",
        data={"amount": f"{amount:.2f}"},
    )


def _lock_trip(locked: Advance) -> None:
    """Locks the trip after the advance: the order claim approval uses (claim, advances, trip)."""
    Trip.objects.select_for_update().get(pk=locked.trip_id)


def advance_decide(*, advance: Advance, actor: Any, action: str, comment: str = "") -> Advance:
    def check(locked: Advance) -> None:
        if action == "approve":
            _lock_trip(locked)
            enforce(rules.trip_alive(locked))

    return workflow.apply(
        model=Advance, pk=advance.pk, actor=actor, action=action, comment=comment, before=check
    )


def advance_cancel(*, advance: Advance, actor: Any, comment: str = "") -> Advance:
    """The traveller withdraws a submitted advance; finance voids an approved, unpaid one."""
    action = "cancel" if actor.pk == advance.traveller_id else "void"
    return workflow.apply(model=Advance, pk=advance.pk, actor=actor, action=action, comment=comment)


def advance_pay(*, advance: Advance, actor: Any) -> Advance:
    """Finance hands the approved advance out; a second pay is 409.

    The advance row is locked first (workflow.apply), as claim approval locks the trip's
    advances before its final evaluation: a payment and a claim approval serialize."""

    def stamp(locked: Advance) -> None:
        _lock_trip(locked)
        enforce(rules.can_pay(actor, locked))
        locked.paid_at, locked.paid_by = timezone.now(), actor
        locked.save(update_fields=["paid_at", "paid_by"])

    return workflow.apply(model=Advance, pk=advance.pk, actor=actor, action="pay", before=stamp)


def advance_repay(
    *, advance: Advance, actor: Any, amount: Decimal | None = None, comment: str = ""
) -> Advance:
    """Finance records that the traveller returned a paid advance whose trip will not be
    claimed; it is then `settled` (no longer open for P2.4) and never deducted from a claim."""

    def stamp(locked: Advance) -> None:
        if amount is not None and amount != locked.amount:
            raise RuleBroken(
                _("归还金额须等于预支金额%(amount)s元") % {"amount": f"{locked.amount:.2f}"},
                field="amount",
            )
        enforce(rules.can_repay(actor, locked))
        now = timezone.now()
        locked.repaid_at, locked.repaid_by, locked.repaid_amount = now, actor, locked.amount
        locked.settled_at = now
        locked.save(update_fields=["repaid_at", "repaid_by", "repaid_amount", "settled_at"])

    return workflow.apply(
        model=Advance, pk=advance.pk, actor=actor, action="repay", comment=comment, before=stamp
    )


# ---------------------------------------------------------------- claims


def _evaluate(claim: Claim, items: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    data = selectors.claim_input(claim=claim, items=items)
    try:
        parsed = parse_claim(data, today=timezone.localdate())
    except ClaimInputError as error:
        raise RuleBroken(error.message, field=error.field) from error
    params = policy_in_force(parsed.trip.depart)
    # Stored with its Chinese messages and each finding's code, variant and figures, so that
    # it renders in another language without the engine (selectors.evaluation_in_language);
    # the facts it was computed from are kept with it.
    stored = evaluation_as_dict(evaluate(parsed, params), "zh", figures=True)
    return stored | {"input": data}


def _store_evaluation(claim: Claim, evaluation: dict[str, Any]) -> list[str]:
    claim.evaluation = evaluation
    claim.policy_version = evaluation.get("policy_version", "")
    claim.claimed_total = Decimal(evaluation["totals"]["claimed"])
    claim.reimbursed_total = Decimal(evaluation["totals"]["reimbursed"])
    claim.advance_deducted = Decimal(evaluation["settlement"]["advance"])
    claim.pay_to_traveller = Decimal(evaluation["settlement"]["pay_to_traveller"])
    claim.return_to_company = Decimal(evaluation["settlement"]["return_to_company"])
    return [
        "evaluation",
        "policy_version",
        "claimed_total",
        "reimbursed_total",
        "advance_deducted",
        "pay_to_traveller",
        "return_to_company",
    ]


def _money_audit(claim: Claim) -> dict[str, str]:
    return {k: claim.evaluation["totals"][k] for k in ("claimed", "reimbursed")} | dict(
        claim.evaluation["settlement"]
    )


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


# Bounds that keep every total within the claim's money columns (MONEY: 12 digits, 2 of them
# decimals, at most 9,999,999,999.99 on PostgreSQL): at most 100 items of at most 100,000.00
# each (P6.2's 2% of a 5,000,000.00 deal), together at most 1,000,000.00. Every line reimburses
# at most what it claims (P9 included), so the reimbursed total stays below that plus the
# allowance, and sums over ten thousand such claims still fit the column.
MAX_ITEMS = 100
ITEM_AMOUNT_MAX = Decimal("100000.00")
CLAIM_TOTAL_MAX = Decimal("1000000.00")


def _reviewer_field_message(name: str) -> str:
    return {
        "override": _("报销人不能自行调整核准金额：只有当前审批人可以调整（P9）"),
        "reviewer_note": _("报销人不能填写审核说明：只有当前审批人可以填写（P4.6）"),
        "head_consent": _("报销人不能自行填写部门负责人同意：只有部门负责人审批时可以同意（P4.6）"),
    }[name]


def _check_items(items: Any) -> list[dict[str, Any]]:
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise RuleBroken(_("报销明细须为列表"), field="items")
    if len(items) > MAX_ITEMS:
        raise RuleBroken(_("一张报销单最多%(n)d项明细") % {"n": MAX_ITEMS}, field="items")
    if _has_nul(items):  # PostgreSQL's JSON cannot store a NUL character
        raise RuleBroken(_("报销明细不能包含空字符"), field="items")
    total = Decimal("0.00")
    for index, item in enumerate(items):
        for name in REVIEWER_ITEM_FIELDS:
            if name in item:
                raise RuleBroken(_reviewer_field_message(name), field=f"items[{index}].{name}")
        amount = item.get("amount")
        if isinstance(amount, str) and is_amount(amount):  # a malformed one: the engine's 400
            if Decimal(amount) > ITEM_AMOUNT_MAX:
                raise RuleBroken(
                    _("单项金额不能超过%(max)s元") % {"max": f"{ITEM_AMOUNT_MAX:.2f}"},
                    field=f"items[{index}].amount",
                )
            total += Decimal(amount)
    if total > CLAIM_TOTAL_MAX:
        raise RuleBroken(
            _("报销单合计金额不能超过%(max)s元") % {"max": f"{CLAIM_TOTAL_MAX:.2f}"},
            field="items",
        )
    return items


@transaction.atomic
def claim_create(*, trip: Trip, actor: Any, items: Any) -> Claim:
    """A draft claim by the traveller or a companion, evaluated at once (P8.1)."""
    items = _check_items(items)
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    _enforce_rule(rules.can_claim(actor, trip), field="trip")
    claim = Claim(trip=trip, claimant=actor, items=items)
    evaluation = _evaluate(claim, items)
    _store_evaluation(claim, evaluation)
    claim.save()
    audit(
        document=claim,
        actor=actor,
        action="create",
        to_status=claim.status,
        data=_money_audit(claim),
    )
    return claim


@transaction.atomic
def claim_correct(*, claim: Claim, actor: Any) -> Claim:
    """P8.3: a correction of an approved or settled claim, as a new draft with its items."""
    original = Claim.objects.select_for_update().get(pk=claim.pk)
    enforce(rules.can_correct(actor, original))
    # Only the claimant's facts: the reviewers of the correction state their own (P9, P4.6).
    items = [selectors.claimant_item(item) for item in original.items]
    correction = Claim(trip=original.trip, claimant=actor, items=items, corrects=original)
    _store_evaluation(correction, _evaluate(correction, items))
    correction.save()
    audit(
        document=correction,
        actor=actor,
        action="create",
        to_status=correction.status,
        data={"corrects": original.pk} | _money_audit(correction),
    )
    audit(document=original, actor=actor, action="corrected", data={"correction": correction.pk})
    return correction


@transaction.atomic
def claim_update(*, claim: Claim, actor: Any, items: Any) -> Claim:
    """Replace the items of a draft or rejected claim; re-evaluated."""
    items = _check_items(items)
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    enforce(rules.can_edit_claim(actor, claim))
    fields = _store_evaluation(claim, _evaluate(claim, items))
    claim.items = items
    claim.save(update_fields=[*fields, "items", "updated_at"])
    audit(
        document=claim,
        actor=actor,
        action="edit",
        from_status=claim.status,
        to_status=claim.status,
        data=_money_audit(claim),
    )
    return claim


def _reevaluate(locked: Claim) -> None:
    fields = _store_evaluation(locked, _evaluate(locked))
    locked.save(update_fields=fields)


def _trip_follows_claim(claim: Claim) -> None:
    """The traveller's own claim (not a companion's, not a correction) moves the trip:
    submitted -> claimed, approved -> settled, rejected -> back to reported or approved."""
    trip = Trip.objects.select_for_update().get(pk=claim.trip_id)
    if claim.claimant_id != trip.traveller_id or claim.corrects_id is not None:
        return
    action = f"claim_{claim.status}"
    if claim.status == ClaimStatus.REJECTED and not TripReport.objects.filter(trip=trip).exists():
        action = "claim_rejected_unreported"
    if (trip.status, action) in Trip.TRANSITIONS:
        workflow.apply(model=Trip, pk=trip.pk, actor=None, action=action, data={"claim": claim.pk})


def claim_submit(*, claim: Claim, actor: Any) -> Claim:
    """Re-evaluate and send to the head, then finance (P8.3)."""

    def after(locked: Claim, old: str) -> None:
        _reevaluate(locked)
        audit(document=locked, actor=actor, action="evaluate", data=_money_audit(locked))
        _trip_follows_claim(locked)

    return workflow.apply(model=Claim, pk=claim.pk, actor=actor, action="submit", after=after)


def _lock_for_final_approval(locked: Claim) -> None:
    """Before the final evaluation: lock the claimant's advances on the trip (so a payment
    cannot slip in between, issue 7.4) and refuse while one is unpaid (7.3); lock the trip's
    customers so that P6.1 is counted again with every other approval committed (7.6)."""
    advances = list(
        Advance.objects.select_for_update()
        .filter(trip_id=locked.trip_id, traveller_id=locked.claimant_id)
        .order_by("pk")
    )
    message = selectors.unpaid_advance_message([a for a in advances if a.status in Advance.UNPAID])
    if message:
        raise InvalidTransition(message)
    customer_ids = list(
        Trip.customers.through.objects.filter(trip_id=locked.trip_id).values_list(
            "customer_id", flat=True
        )
    )
    list(
        Customer.objects.select_for_update(no_key=True)
        .filter(pk__in=customer_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def claim_decide(*, claim: Claim, actor: Any, action: str, comment: str = "") -> Claim:
    """Approve or reject; the last approval re-evaluates and settles the paid advance (P8.2)."""

    def before(locked: Claim) -> None:
        if action == "approve" and locked.step + 1 >= len(locked.chain):
            _lock_for_final_approval(locked)

    def after(locked: Claim, old: str) -> None:
        if locked.status == ClaimStatus.APPROVED:
            _reevaluate(locked)
            if locked.corrects_id is None:
                _settle_advances(locked)
            audit(document=locked, actor=actor, action="evaluate", data=_money_audit(locked))
        _trip_follows_claim(locked)

    return workflow.apply(
        model=Claim,
        pk=claim.pk,
        actor=actor,
        action=action,
        comment=comment,
        before=before,
        after=after,
    )


def _settle_advances(claim: Claim) -> None:
    """The paid advance is deducted by the approved claim (no unpaid one is left, 7.3): a
    system move, the claim's approver is recorded on the claim."""
    now = timezone.now()

    def stamp(locked: Advance) -> None:
        locked.settled_at = now
        locked.save(update_fields=["settled_at"])

    paid = Advance.objects.filter(
        trip_id=claim.trip_id, traveller_id=claim.claimant_id, status=AdvanceStatus.PAID
    )
    for pk in paid.order_by("pk").values_list("pk", flat=True):
        workflow.apply(
            model=Advance,
            pk=pk,
            actor=None,
            action="settle",
            before=stamp,
            data={"claim": claim.pk},
        )


def _reviewed_line(locked: Claim, actor: Any, item: str, *, what: str) -> dict[str, Any]:
    """The claimant's line a reviewer speaks about; 409 unless the claim is under review, 403
    unless the actor is the current step's approver, 400 for an unknown line."""
    enforce(rules.can_review(actor, locked, what=what))
    line = next((i for i in locked.items if str(i.get("id")) == str(item)), None)
    if line is None:
        raise RuleBroken(_("报销单中没有这一项明细"), field="item")
    return selectors.claimant_item(line)


@transaction.atomic
def claim_override(*, claim: Claim, actor: Any, item: str, amount: Decimal, reason: str) -> Claim:
    """P9: the current step's approver sets one line's amount, at most what it claims, with
    a written reason."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    line = _reviewed_line(locked, actor, item, what=_("调整金额（P9）"))
    if not (reason or "").strip():
        raise RuleBroken(_("调整金额须写明理由（P9）"), field="reason")
    claimed = line.get("amount")
    claimed = Decimal(claimed) if isinstance(claimed, str) and is_amount(claimed) else None
    if amount < 0:
        raise RuleBroken(_("核准金额不能为负数"), field="amount")
    if claimed is not None and amount > claimed:
        raise RuleBroken(
            _("核准金额不能超过该项申报金额%(claimed)s元（P9）") % {"claimed": f"{claimed:.2f}"},
            field="amount",
        )
    return _record_review(
        locked,
        ClaimOverride,
        actor=actor,
        line=line,
        fields={"item": str(item), "amount": amount, "reason": reason.strip()},
        action="override",
        comment=reason,
        data={"item": str(item), "amount": f"{amount:.2f}", "rule": "P9"},
    )


def _record_review(
    locked: Claim,
    model: Any,
    *,
    actor: Any,
    line: dict[str, Any],
    fields: dict[str, Any],
    action: str,
    comment: str,
    data: dict[str, Any],
) -> Claim:
    """One reviewer's override, note or consent on a line: stored with the step's role, the
    claim re-evaluated, and the audit row with the money as it now stands."""
    step = locked.current_step() or {}
    role = step.get("role", role_of(actor))
    model.objects.create(claim=locked, by=actor, role=role, line=line, **fields)
    _reevaluate(locked)
    audit(
        document=locked,
        actor=actor,
        action=action,
        comment=comment,
        data=data | _money_audit(locked),
    )
    return locked


# P4.6: a note or a consent is about a taxi or tricycle ride.
CITY_RIDE_KINDS = ("taxi", "tricycle")


def _check_city_ride(line: dict[str, Any], note: str) -> None:
    if line.get("kind") not in CITY_RIDE_KINDS:
        raise RuleBroken(_("只有出租车、三轮车明细需要审核说明或同意（P4.6）"), field="item")
    if not (note or "").strip():
        raise RuleBroken(_("请写明理由"), field="note")


def _record_statement(
    locked: Claim, *, actor: Any, item: str, note: str, model: Any, action: str, what: str
) -> Claim:
    """A reviewer's note or consent on one taxi or tricycle line, recorded and re-evaluated."""
    line = _reviewed_line(locked, actor, item, what=what)
    _check_city_ride(line, note)
    return _record_review(
        locked,
        model,
        actor=actor,
        line=line,
        fields={"item": str(item), "note": note.strip()},
        action=action,
        comment=note.strip(),
        data={"item": str(item), "rule": "P4.6"},
    )


@transaction.atomic
def claim_note(*, claim: Claim, actor: Any, item: str, note: str) -> Claim:
    """P4.6 d: the current step's approver writes the note an "other special" taxi needs."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    return _record_statement(
        locked,
        actor=actor,
        item=item,
        note=note,
        model=ClaimNote,
        action="note",
        what=_("填写审核说明（P4.6）"),
    )


@transaction.atomic
def claim_consent(*, claim: Claim, actor: Any, item: str, note: str) -> Claim:
    """P4.6: the traveller's department head, at their own step, consents to a taxi ride."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    enforce(rules.can_consent(actor, locked))
    return _record_statement(
        locked,
        actor=actor,
        item=item,
        note=note,
        model=ClaimConsent,
        action="consent",
        what=_("同意乘坐出租车（P4.6）"),
    )


def claim_settle(*, claim: Claim, actor: Any) -> Claim:
    """Finance records that the difference was paid out or returned (P8.2)."""

    def stamp(locked: Claim) -> None:
        locked.settled_at, locked.settled_by = timezone.now(), actor
        locked.save(update_fields=["settled_at", "settled_by"])

    return workflow.apply(model=Claim, pk=claim.pk, actor=actor, action="settle", before=stamp)
