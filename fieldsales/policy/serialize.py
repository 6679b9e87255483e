"""JSON shapes: the evaluation of claim-format.md, and a policy version as a --policy file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from fieldsales.policy.engine import Evaluation, Line, Violation
from fieldsales.policy.errors import ClaimInputError
from fieldsales.policy.money import money_str, parse_amount
from fieldsales.policy.params import DEFAULT_POLICY, PolicyParams
from fieldsales.policy.parse import parse_date

# Decimal parameters that are not money: a ride time (P4.1) and a rate (P6.2).
_NOT_MONEY = frozenset({"sleeper_min_hours", "entertainment_rate"})
_DECIMAL = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,9})?")
_FIELDS = {f.name: f for f in dataclasses.fields(PolicyParams)}


def _line_as_dict(line: Line) -> dict[str, Any]:
    out: dict[str, Any] = {
        "item": line.item,
        "kind": line.kind,
        "claimed": money_str(line.claimed),
        "reimbursed": money_str(line.reimbursed),
        "rule": line.rule,
    }
    if line.violation is not None:
        out["violation"] = line.violation
        out["reason"] = line.reason
    return out


def _violation_as_dict(violation: Violation) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": violation.code,
        "rule": violation.rule,
        "item": violation.item,
        "message": violation.message,
    }
    if violation.customer is not None:
        out["customer"] = violation.customer
    return out


def evaluation_as_dict(ev: Evaluation) -> dict[str, Any]:
    """The evaluation in the output shape of claim-format.md, money as "0.00" strings."""
    return {
        "policy_version": ev.policy_version,
        "scope": ev.scope,
        "days": ev.days,
        "paid_days": ev.paid_days,
        "absent_days": ev.absent_days,
        "report_due": ev.report_due.isoformat(),
        "lines": [_line_as_dict(line) for line in ev.lines],
        "violations": [_violation_as_dict(v) for v in ev.violations],
        "totals": {
            "claimed": money_str(ev.totals.claimed),
            "reimbursed": money_str(ev.totals.reimbursed),
            "self_paid": money_str(ev.totals.self_paid),
        },
        "settlement": {
            "advance": money_str(ev.settlement.advance),
            "pay_to_traveller": money_str(ev.settlement.pay_to_traveller),
            "return_to_company": money_str(ev.settlement.return_to_company),
        },
    }


def _as_text(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ClaimInputError(field, "must be a non-empty string")
    return value.strip()


def _as_names(value: object, field: str) -> tuple[str, ...]:
    # A list of names, or one string separated by commas as a person would type it.
    parts = re.split(r"[,，、]", value) if isinstance(value, str) else value
    if not isinstance(parts, list) or not all(isinstance(p, str) for p in parts):
        raise ClaimInputError(field, "must be a list of names")
    return tuple(p.strip() for p in parts if p.strip())


def _as_bool(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise ClaimInputError(field, "must be true or false")
    return value


def _as_count(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ClaimInputError(field, "must be a non-negative whole number")
    return value


def _as_ratio(value: object, field: str) -> Decimal:
    """A non-money decimal: a decimal string, or a JSON number read through str()."""
    message = "must be a non-negative decimal"
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ClaimInputError(field, message)
    text = value if isinstance(value, str) else str(value)
    if _DECIMAL.fullmatch(text) is None:
        raise ClaimInputError(field, message)
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ClaimInputError(field, message) from None


def _as_mapping(value: object, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ClaimInputError(field, "must be a JSON object")
    return dict(value)


_READERS: dict[str, Callable[[object, str], object]] = {
    "str": _as_text,
    "date": parse_date,
    "tuple[str, ...]": _as_names,
    "bool": _as_bool,
    "int": _as_count,
    "dict[str, Any]": _as_mapping,
}


def _reader(name: str) -> Callable[[object, str], object]:
    kind = str(_FIELDS[name].type)
    if kind == "Decimal":
        return _as_ratio if name in _NOT_MONEY else parse_amount
    return _READERS.get(kind, lambda value, field: value)


def params_from_dict(
    data: Mapping[str, object], *, base: PolicyParams = DEFAULT_POLICY
) -> PolicyParams:
    """A policy version from a --policy JSON object: `base` with the given parameters changed."""
    if not isinstance(data, Mapping):
        raise ClaimInputError("policy", "must be a JSON object")
    changes: dict[str, Any] = {}
    for key, value in data.items():
        field = f"policy.{key}"
        if key not in _FIELDS:
            raise ClaimInputError(field, "is not a policy parameter")
        if value is None:
            raise ClaimInputError(field, "must not be null")
        changes[key] = _reader(key)(value, field)
    return base.replace(**changes)


def params_as_dict(params: PolicyParams) -> dict[str, Any]:
    """A policy version as a --policy JSON object (money as decimal strings)."""
    out: dict[str, Any] = {}
    for name in _FIELDS:
        value = getattr(params, name)
        if isinstance(value, Decimal):
            out[name] = format(value, "f") if name in _NOT_MONEY else money_str(value)
        elif isinstance(value, dt.date):
            out[name] = value.isoformat()
        elif isinstance(value, tuple):
            out[name] = list(value)
        elif isinstance(value, dict):
            out[name] = dict(value)
        else:
            out[name] = value
    return out
