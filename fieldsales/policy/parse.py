"""Reading a claim-format.md JSON claim into facts, refusing what the format does not allow."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeVar

from fieldsales.policy.errors import ClaimInputError
from fieldsales.policy.facts import (
    Claim,
    CustomerFacts,
    Destination,
    ItemFacts,
    Override,
    TripFacts,
)
from fieldsales.policy.money import ZERO, parse_amount
from fieldsales.policy.vocab import ALLOWANCE, SLEEPERS, Cabin, ItemKind, Purpose, Seat, Vehicle

__all__ = ["ClaimInputError", "parse_claim", "parse_date"]

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_HOURS = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,6})?")
_MISSING = object()
E = TypeVar("E", bound=StrEnum)

Obj = Mapping[str, object]


def _show(value: object) -> str:
    """A short, one-line rendering of a refused value for the error message."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _object(value: object, field: str) -> Obj:
    if not isinstance(value, dict):
        raise ClaimInputError(field, "must be a JSON object")
    return value


def _list(value: object, field: str) -> list[object]:
    if not isinstance(value, list):
        raise ClaimInputError(field, "must be a list")
    return value


def _required(obj: Obj, key: str, path: str) -> object:
    value = obj.get(key, _MISSING)
    if value is _MISSING or value is None:
        raise ClaimInputError(f"{path}{key}", "is required")
    return value


def _bool(obj: Obj, key: str, path: str, *, required: bool = False) -> bool:
    value = _required(obj, key, path) if required else obj.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ClaimInputError(f"{path}{key}", "must be true or false")
    return value


def _text(obj: Obj, key: str, path: str) -> str | None:
    """An optional free-text field: a string, or null/absent."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ClaimInputError(f"{path}{key}", "must be a string")
    return value


def _name(value: object, field: str) -> str:
    """A required, non-empty place name or identifier (ids may also be JSON integers)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise ClaimInputError(field, "must be a non-empty string")
    return value.strip()


def _choice(value: object, field: str, vocabulary: type[E], what: str) -> E:
    """A member of a closed vocabulary, or an error listing the members."""
    if isinstance(value, str):
        try:
            return vocabulary(value)
        except ValueError:
            pass
    allowed = ", ".join(sorted(m.value for m in vocabulary))
    raise ClaimInputError(field, f"unknown {what} {_show(value)} (expected one of {allowed})")


def parse_date(value: object, field: str) -> dt.date:
    """A date written YYYY-MM-DD that exists in the calendar."""
    if not isinstance(value, str) or _DATE.fullmatch(value) is None:
        raise ClaimInputError(field, f"must be a date written YYYY-MM-DD, not {_show(value)}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ClaimInputError(field, f"{_show(value)} is not a real date") from None


def _optional_date(obj: Obj, key: str, path: str) -> dt.date | None:
    value = obj.get(key)
    return None if value is None else parse_date(value, f"{path}{key}")


def _optional_amount(obj: Obj, key: str, path: str) -> Decimal | None:
    value = obj.get(key)
    return None if value is None else parse_amount(value, f"{path}{key}")


def _hours(value: object, field: str) -> Decimal:
    """Continuous ride time (P4.1): a JSON number or decimal string, read through str()."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ClaimInputError(field, "must be a non-negative number of hours")
    text = value if isinstance(value, str) else str(value)
    try:
        hours = Decimal(text)
    except InvalidOperation:
        raise ClaimInputError(field, "must be a non-negative number of hours") from None
    if isinstance(value, str) and _HOURS.fullmatch(value) is None:
        raise ClaimInputError(field, "must be a non-negative number of hours")
    if not hours.is_finite() or hours < 0 or hours > 1000:
        raise ClaimInputError(field, "must be a non-negative number of hours")
    return hours


def _destination(value: object, field: str) -> Destination:
    obj = _object(value, field)
    province = _name(_required(obj, "province", f"{field}."), f"{field}.province")
    city = _name(_required(obj, "city", f"{field}."), f"{field}.city")
    return Destination(province=province, city=city)


def _customer(value: object, field: str) -> CustomerFacts:
    obj = _object(value, field)
    customer_id = _name(_required(obj, "id", f"{field}."), f"{field}.id")
    prior = obj.get("prior_trips")
    if prior is None:
        prior = 0
    if isinstance(prior, bool) or not isinstance(prior, int) or prior < 0:
        raise ClaimInputError(f"{field}.prior_trips", "must be a non-negative whole number")
    return CustomerFacts(
        id=customer_id,
        prior_trips=prior,
        feedback_signed=_bool(obj, "feedback_signed", f"{field}."),
    )


def _trip(value: object) -> TripFacts:
    obj = _object(value, "trip")
    p = "trip."
    approved = _bool(obj, "approved", p, required=True)
    purpose = _choice(_required(obj, "purpose", p), "trip.purpose", Purpose, "purpose")
    raw_destinations = _list(_required(obj, "destinations", p), "trip.destinations")
    if not raw_destinations:
        raise ClaimInputError("trip.destinations", "must list at least one destination")
    destinations = tuple(
        _destination(d, f"trip.destinations[{i}]") for i, d in enumerate(raw_destinations)
    )
    depart = parse_date(_required(obj, "depart", p), "trip.depart")
    return_date = parse_date(_required(obj, "return", p), "trip.return")
    if return_date < depart:
        raise ClaimInputError("trip.return", "must not be before trip.depart")
    raw_vehicle = obj.get("vehicle")
    vehicle = (
        None if raw_vehicle is None else _choice(raw_vehicle, "trip.vehicle", Vehicle, "vehicle")
    )
    raw_customers = obj.get("customers")
    customers = (
        ()
        if raw_customers is None
        else tuple(
            _customer(c, f"trip.customers[{i}]")
            for i, c in enumerate(_list(raw_customers, "trip.customers"))
        )
    )
    advance = _optional_amount(obj, "advance", p)
    return TripFacts(
        approved=approved,
        purpose=purpose,
        destinations=destinations,
        depart=depart,
        return_date=return_date,
        traveller_role=_text(obj, "traveller_role", p),
        vehicle=vehicle,
        invited_colleague=_bool(obj, "invited_colleague", p),
        flight_preapproved=_bool(obj, "flight_preapproved", p),
        special_case=_bool(obj, "special_case", p),
        customers=customers,
        market_report=_bool(obj, "market_report", p),
        report_submitted=_optional_date(obj, "report_submitted", p),
        advance=ZERO if advance is None else advance,
    )


def _override(value: object, field: str) -> Override:
    obj = _object(value, field)
    amount = parse_amount(_required(obj, "amount", f"{field}."), f"{field}.amount")
    reason = obj.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        # P9: an override is recorded with why; without a reason it is not an override.
        raise ClaimInputError(f"{field}.reason", "is required (P9: an override states why)")
    # Who overrode is passed through as stated; the engine assumes no role of its own.
    by = (_text(obj, "by", f"{field}.") or "").strip()
    return Override(amount=amount, reason=reason.strip(), by=by or None)


def _record(obj: Obj, path: str) -> bool:
    """P4.5's own record: true/false, or the record's text (present when non-empty)."""
    value = obj.get("record")
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return bool(value.strip())
    raise ClaimInputError(f"{path}record", "must be true or false")


def _item(value: object, field: str) -> ItemFacts:
    obj = _object(value, field)
    p = f"{field}."
    item_id = _name(_required(obj, "id", p), f"{p}id")
    if item_id == ALLOWANCE:
        raise ClaimInputError(f"{p}id", f"{_show(item_id)} is reserved for the allowance line")
    kind = _choice(_required(obj, "kind", p), f"{p}kind", ItemKind, "kind")
    amount = parse_amount(obj.get("amount"), f"{p}amount")
    raw_seat = obj.get("seat")
    seat = None if raw_seat is None else _choice(raw_seat, f"{p}seat", Seat, "seat")
    if seat is None and kind == ItemKind.TRAIN:
        raise ClaimInputError(f"{p}seat", "is required for a train ticket")
    raw_hours = obj.get("hours")
    hours = None if raw_hours is None else _hours(raw_hours, f"{p}hours")
    if kind == ItemKind.TRAIN and seat in SLEEPERS and hours is None:
        raise ClaimInputError(f"{p}hours", "is required for a sleeper ticket (P4.1)")
    cabin = (_text(obj, "cabin", p) or "").strip().lower() or Cabin.ECONOMY
    override = obj.get("override")
    return ItemFacts(
        id=item_id,
        kind=kind,
        amount=amount,
        date=_optional_date(obj, "date", p),
        city=_text(obj, "city", p),
        invoice=_bool(obj, "invoice", p),
        record=_record(obj, p),
        hours=hours,
        seat=seat,
        cabin=cabin,
        reason=_text(obj, "reason", p),
        from_place=_text(obj, "from", p),
        to_place=_text(obj, "to", p),
        note=_text(obj, "note", p),
        reviewer_note=_text(obj, "reviewer_note", p),
        head_consent=_bool(obj, "head_consent", p),
        standard_fare=_optional_amount(obj, "standard_fare", p),
        deal_amount=_optional_amount(obj, "deal_amount", p),
        deal_closed=_bool(obj, "deal_closed", p),
        override=None if override is None else _override(override, f"{p}override"),
    )


def parse_claim(data: object, *, today: dt.date) -> Claim:
    """A claim-format.md claim as facts; `today` (Asia/Shanghai) is the default `as_of`."""
    obj = _object(data, "claim")
    if obj.get("trip") is None:
        raise ClaimInputError("trip", "is required")
    trip = _trip(obj["trip"])
    raw_items = _list(_required(obj, "items", ""), "items")
    items: list[ItemFacts] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_items):
        item = _item(raw, f"items[{index}]")
        if item.id in seen:
            raise ClaimInputError(f"items[{index}].id", f"duplicate id {_show(item.id)}")
        seen.add(item.id)
        items.append(item)
    as_of = _optional_date(obj, "as_of", "")
    return Claim(trip=trip, items=tuple(items), as_of=today if as_of is None else as_of)
