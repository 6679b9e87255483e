"""Claim builders for the engine's tests: JSON-shaped claims as claim-format.md writes them."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from helpers import spec_dir

from fieldsales.policy import (
    DEFAULT_POLICY,
    PolicyParams,
    evaluate,
    evaluation_as_dict,
    parse_claim,
)

AS_OF = "2026-03-20"
TODAY = date(2026, 3, 20)

# An approved, in-province overnight visit to Hangzhou with one signed customer, report on time.
BASE_TRIP: dict[str, Any] = {
    "traveller_role": "salesperson",
    "approved": True,
    "purpose": "customer_visit",
    "destinations": [{"province": "浙江", "city": "杭州市"}],
    "depart": "2026-03-02",
    "return": "2026-03-03",
    "vehicle": None,
    "invited_colleague": False,
    "flight_preapproved": False,
    "special_case": False,
    "customers": [{"id": "C-1", "prior_trips": 0, "feedback_signed": True}],
    "market_report": False,
    "report_submitted": "2026-03-05",
    "advance": "0.00",
}


def item(kind: str, amount: str = "100.00", id: str = "i1", **fields: Any) -> dict[str, Any]:
    """One claim item; `from_` and `to` become the taxi's `from` and `to`."""
    data: dict[str, Any] = {"id": id, "kind": kind, "amount": amount}
    if kind == "train" and "seat" not in fields:
        data["seat"] = "second_class"
    if "from_" in fields:
        fields["from"] = fields.pop("from_")
    return data | fields


def claim(*items: dict[str, Any], as_of: str | None = AS_OF, **trip: Any) -> dict[str, Any]:
    """A claim of `items` on the base trip changed by `trip`."""
    data: dict[str, Any] = {"trip": copy.deepcopy(BASE_TRIP) | trip, "items": list(items)}
    if as_of is not None:
        data["as_of"] = as_of
    return data


def days_trip(days: int, *, out: bool = False, **trip: Any) -> dict[str, Any]:
    """Trip fields for a trip of `days` calendar days, in or out of the province."""
    depart = date(2026, 3, 2)
    fields: dict[str, Any] = {
        "depart": depart.isoformat(),
        "return": date.fromordinal(depart.toordinal() + days - 1).isoformat(),
        "report_submitted": date.fromordinal(depart.toordinal() + days - 1).isoformat(),
    }
    if out:
        fields["destinations"] = [{"province": "广东", "city": "广州市"}]
    return fields | trip


def run(
    data: dict[str, Any], params: PolicyParams = DEFAULT_POLICY, lang: str = "zh"
) -> dict[str, Any]:
    """Parse, evaluate and serialise a claim, as the CLI and the web app do."""
    return evaluation_as_dict(evaluate(parse_claim(data, today=TODAY), params), lang)


def line(result: dict[str, Any], item_id: str = "i1") -> dict[str, Any]:
    """The output line of one item (or of "allowance")."""
    (found,) = [entry for entry in result["lines"] if entry["item"] == item_id]
    return found


def priced(result: dict[str, Any], item_id: str = "i1") -> tuple[str, str, str | None]:
    """(reimbursed, rule, violation) of one line."""
    entry = line(result, item_id)
    return entry["reimbursed"], entry["rule"], entry.get("violation")


def codes(result: dict[str, Any]) -> set[str]:
    """The set of violation codes reported."""
    return {v["code"] for v in result["violations"]}


def violations(result: dict[str, Any], code: str) -> list[dict[str, Any]]:
    """Every reported violation with `code`."""
    return [v for v in result["violations"] if v["code"] == code]


EXAMPLES = sorted((spec_dir() / "examples").glob("*.claim.json"))


def compared(evaluation: dict[str, Any]) -> dict[str, Any]:
    """The part claim-format.md compares: no policy_version, no messages, codes as a set."""
    return {
        "scope": evaluation["scope"],
        "days": evaluation["days"],
        "paid_days": evaluation["paid_days"],
        "absent_days": evaluation["absent_days"],
        "report_due": evaluation["report_due"],
        "lines": [(e["item"], e["reimbursed"], e["rule"]) for e in evaluation["lines"]],
        "codes": sorted({v["code"] for v in evaluation["violations"]}),
        "totals": evaluation["totals"],
        "settlement": evaluation["settlement"],
    }
