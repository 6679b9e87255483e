"""JSON shapes: the evaluation of claim-format.md, and a policy version as a --policy file.

Messages are rendered here, at the edge, in the language asked for; `figures=True` also keeps
each finding's variant and figures, so a stored evaluation renders again in any language
(`messages.render_stored`) without the engine."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from fieldsales.policy import messages
from fieldsales.policy.engine import Evaluation, Finding, Line, Violation
from fieldsales.policy.errors import ClaimInputError
from fieldsales.policy.money import money_str, parse_amount
from fieldsales.policy.params import DEFAULT_POLICY, PolicyParams
from fieldsales.policy.parse import parse_date

# Decimal parameters that are not money: a ride time (P4.1) and a rate (P6.2).
_NOT_MONEY = frozenset({"sleeper_min_hours", "entertainment_rate"})
_DECIMAL = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,9})?")
_FIELDS = {f.name: f for f in dataclasses.fields(PolicyParams)}


def _finding_as_dict(finding: Finding) -> dict[str, Any]:
    """What renders the finding's message again: its wording and figures (lists as JSON lists)."""
    figures = {k: list(v) if isinstance(v, tuple) else v for k, v in finding.figures.items()}
    return {"variant": finding.variant.value, "figures": figures}


class _Texts:
    """Each finding's message rendered once: a line and the violation that cut it share one."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._done: dict[int, str] = {}

    def __call__(self, finding: Finding) -> str:
        text = self._done.get(id(finding))
        if text is None:
            text = self._done[id(finding)] = messages.render(finding, self.lang)
        return text


def _line_as_dict(line: Line, say: _Texts, figures: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "item": line.item,
        "kind": str(line.kind),
        "claimed": money_str(line.claimed),
        "reimbursed": money_str(line.reimbursed),
        "rule": line.rule.value,
    }
    if line.cut is not None:
        out["violation"] = line.cut.code.value
        out["reason"] = say(line.cut)
        if figures:
            out |= _finding_as_dict(line.cut)
    return out


def _violation_as_dict(violation: Violation, say: _Texts, figures: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": violation.code.value,
        "rule": violation.rule.value,
        "item": violation.item,
        "message": say(violation.finding),
    }
    if violation.customer is not None:
        out["customer"] = violation.customer
    if figures:
        out |= _finding_as_dict(violation.finding)
    return out


def evaluation_as_dict(
    ev: Evaluation, lang: str = "zh", *, figures: bool = False
) -> dict[str, Any]:
    """The evaluation in the output shape of claim-format.md, money as "0.00" strings and
    messages in `lang`; with `figures`, the record a stored evaluation renders from."""
    say = _Texts(lang)
    return {
        "policy_version": ev.policy_version,
        "scope": ev.scope.value,
        "days": ev.days,
        "paid_days": ev.paid_days,
        "absent_days": ev.absent_days,
        "report_due": ev.report_due.isoformat(),
        "lines": [_line_as_dict(line, say, figures) for line in ev.lines],
        "violations": [_violation_as_dict(v, say, figures) for v in ev.violations],
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


_READERS: dict[str, Callable[[object, str], object]] = {
    "str": _as_text,
    "date": parse_date,
    "tuple[str, ...]": _as_names,
    "bool": _as_bool,
    "int": _as_count,
}

# A policy version file may also carry the app's workflow settings of that version (P1.2,
# P2.2-P2.4, P8.3). They are no engine input: their form is checked, then they are ignored.
_APP_SETTINGS: dict[str, Callable[[object, str], object]] = {
    "advance_max": parse_amount,
    "one_open_advance": _as_bool,
    "trip_chain": _as_names,
    "advance_chain": _as_names,
    "claim_chain": _as_names,
}


def _reader(name: str) -> Callable[[object, str], object]:
    kind = str(_FIELDS[name].type)
    if kind == "Decimal":
        return _as_ratio if name in _NOT_MONEY else parse_amount
    return _READERS.get(kind, lambda value, field: value)


def params_from_dict(
    data: Mapping[str, object], *, base: PolicyParams = DEFAULT_POLICY
) -> PolicyParams:
    """A policy version from a --policy JSON object: `base` with the given parameters changed
    (the app's workflow settings in it are checked and ignored)."""
    if not isinstance(data, Mapping):
        raise ClaimInputError("policy", "must be a JSON object")
    changes: dict[str, Any] = {}
    for key, value in data.items():
        field = f"policy.{key}"
        if key not in _FIELDS and key not in _APP_SETTINGS:
            raise ClaimInputError(field, "is not a policy parameter")
        if value is None:
            raise ClaimInputError(field, "must not be null")
        if key in _APP_SETTINGS:
            _APP_SETTINGS[key](value, field)
        else:
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
        else:
            out[name] = value
    return out
