"""The app's side of the pure engine (fieldsales.scoring): the stored facts in, the result out,
with the parameters of the department version in force at the quarter's end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from fieldsales.department.versions import department_params_on
from fieldsales.scoring import Facts, FactsError, Incidents, evaluate, scorecard_as_dict
from fieldsales.scoring.params import ScoringParams


@dataclass(frozen=True)
class Outcome:
    result: dict[str, Any] | None  # scorecard_as_dict, None when it cannot be scored
    unscorable: str  # why not ("" when scored)


def params_for(day: date) -> ScoringParams:
    return department_params_on(day).scoring


def _facts(data: dict[str, Any]) -> Facts:
    points = data.get("manager_points")
    return Facts(
        quarter=data["quarter"],
        sales=Decimal(data["sales"]),
        sales_target=Decimal(data["sales_target"]),
        sales_last_year=Decimal(data["sales_last_year"]),
        collected=Decimal(data["collected"]),
        due=Decimal(data["due"]),
        new_customers=int(data["new_customers"]),
        satisfaction=tuple(int(s) for s in data["satisfaction"]),
        expenses=Decimal(data["expenses"]),
        incidents=Incidents(**{k: int(v) for k, v in data["incidents"].items()}),
        manager_points=None if points is None else Decimal(points),
    )


def unscorable_text(error: FactsError) -> str:
    if getattr(error, "field", "") == "sales_target":
        return _("销售目标为 0，无法评分（D6）")
    rule = getattr(error, "rule", "") or str(error)
    return _("考核数据无法评分（D6）：%(field)s %(rule)s") % {
        "field": getattr(error, "field", ""),
        "rule": rule,
    }


def score(facts: dict[str, Any], day: date) -> Outcome:
    """Evaluate the facts with the parameters in force on `day` (the quarter's last day)."""
    try:
        card = evaluate(_facts(facts), params_for(day))
    except FactsError as error:
        return Outcome(None, unscorable_text(error))
    result = scorecard_as_dict(card)
    # The form's 目标值 and 实际值 of each line (D6's output names them; kept with the result
    # so an approved scorecard prints as it was approved).
    for line in result.get("indicators", []):
        scored = card.indicator(line["key"])
        for name in ("target", "actual"):
            if name not in line:
                value = getattr(scored, name)
                line[name] = None if value is None else str(value)
    return Outcome(result, "")
