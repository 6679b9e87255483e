"""Writes for trip requests: create, edit, submit, decide, cancel, the P5.2 special case, estimates."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core import workflow
from fieldsales.core.audit import audit
from fieldsales.core.errors import RuleBroken
from fieldsales.core.people import display_name
from fieldsales.core.regions import find_city, find_province
from fieldsales.crm.models import Customer
from fieldsales.org.access import enforce
from fieldsales.org.models import Employee
from fieldsales.policy import (
    ClaimInputError,
    PolicyParams,
    absent_days,
    estimate,
    evaluation_as_dict,
    parse_claim,
)
from fieldsales.trips import rules, selectors
from fieldsales.trips.models import (
    Purpose,
    Trip,
    TripCompanion,
    TripDestination,
    TripStatus,
    Vehicle,
)
from fieldsales.trips.policy_versions import first_policy_day, policy_in_force
from fieldsales.trips.services.common import LAST_DAY


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


def trip_estimate(*, trip: Trip, params: PolicyParams | None = None) -> dict[str, Any]:
    """What the engine expects the trip to cost and which rules it would break (P3, P5, P6.1,
    P4.4); `params`: the policy in force on the departure when a list already fetched it."""
    if not trip.destinations.all():
        return {}
    # `approved`: approved on or before the departure (P1.3), false while not yet approved.
    data = {"trip": selectors.trip_input(trip=trip), "items": []}
    try:
        claim = parse_claim(data, today=timezone.localdate())
    except ClaimInputError:
        return {}
    params = params or policy_in_force(trip.depart)
    result = estimate(
        claim.trip, params, flight_requested=trip.flight_requested, today=timezone.localdate()
    )
    return evaluation_as_dict(result, selectors.engine_lang())


def trip_absent_days(*, trip: Trip, params: PolicyParams | None = None) -> int:
    """P5.2's absent days of the trip before a claim, as `trip_estimate` counts them, from
    what they depend on alone: the actual dates, the destinations and the special case (no
    customers, advances or approvals to load)."""
    if not trip.destinations.all():
        return 0
    depart, ret = selectors.actual_dates(trip)
    data = {
        "approved": True,
        "purpose": trip.purpose,
        "destinations": [{"province": d.province, "city": d.city} for d in trip.destinations.all()],
        "depart": depart.isoformat(),
        "return": ret.isoformat(),
        "special_case": trip.special_case,
    }
    try:
        claim = parse_claim({"trip": data, "items": []}, today=timezone.localdate())
    except ClaimInputError:
        return 0
    return absent_days(claim.trip, params or policy_in_force(trip.depart))


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
