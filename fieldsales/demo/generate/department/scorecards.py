"""D6, scorecards: the past quarters' scorecards, approved, scored in memory by the pure
engine (fieldsales.scoring) with the parameters in force at each quarter's end."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from fieldsales.demo.generate import Context
from fieldsales.demo.generate.department.figures import Figures
from fieldsales.demo.generate.selling import at, explicit_times, money
from fieldsales.department.scorecards.models import Scorecard, ScorecardStatus
from fieldsales.department.scorecards.quarters import Quarter, last_complete
from fieldsales.department.versions import department_params_on
from fieldsales.scoring import Facts, FactsError, Incidents, evaluate, scorecard_as_dict

SCORED_QUARTERS = 4


def generate(ctx: Context, people: list[int], figures: Figures) -> int:
    """D6: the past quarters' scorecards, approved, their facts from the generated orders and
    collections and their result from the pure engine (the parameters at the quarter's end)."""
    rng = ctx.rng
    gm = ctx.users["gm"]
    have = set(Scorecard.objects.values_list("salesperson_id", "year", "quarter"))
    quarter = last_complete(ctx.today)
    quarters = []
    for _i in range(SCORED_QUARTERS):
        quarters.append(quarter)
        quarter = _previous(quarter)
    cards = []
    for quarter in quarters:
        params = department_params_on(quarter.end).scoring
        last = quarter.last_year()
        for person in people:
            if (person, quarter.year, quarter.number) in have:
                continue
            target = figures.target(person, quarter.start, quarter.end)
            if target <= 0:
                continue
            points = Decimal(rng.randint(5, 10))
            facts = {
                "quarter": quarter.label,
                "sales": f"{figures.money_between(figures.sales[person], quarter.start, quarter.end):.2f}",
                "sales_target": f"{target:.2f}",
                "sales_last_year": f"{figures.money_between(figures.sales[person], last.start, last.end):.2f}",
                "collected": f"{figures.money_between(figures.collected[person], quarter.start, quarter.end):.2f}",
                "due": f"{figures.money_between(figures.due[person], quarter.start, quarter.end):.2f}",
                "new_customers": rng.randint(0, 5),
                "satisfaction": [rng.randint(3, 5) for _i in range(rng.randint(2, 5))],
                "expenses": f"{money(rng.uniform(500, 8000)):.2f}",
                "incidents": {
                    "late_reports": rng.randint(0, 2),
                    "absent_days": 0,
                    "missing_logs": rng.randint(0, 3),
                    "missed_duty": 0,
                },
                "manager_points": f"{points:.2f}",
            }
            result, unscorable = _score(facts, params)
            gathered = at(quarter.end + timedelta(days=3), 9)
            head = ctx.heads[ctx.department_of[person]]
            cards.append(
                Scorecard(
                    salesperson_id=person,
                    department_id=ctx.department_of[person],
                    year=quarter.year,
                    quarter=quarter.number,
                    status=ScorecardStatus.APPROVED,
                    facts=facts,
                    result=result,
                    unscorable=unscorable,
                    total=Decimal(result["total"]) if result else None,
                    grade=result["grade"] if result else "",
                    manager_points=points,
                    comment="完成情况良好，继续保持。",
                    reviewed_by=head,
                    reviewed_at=gathered + timedelta(days=2),
                    submitted_at=gathered + timedelta(days=2),
                    acknowledged_at=gathered + timedelta(days=3),
                    approved_by=gm,
                    approved_at=gathered + timedelta(days=5),
                    gathered_at=gathered,
                    created_at=gathered,
                    updated_at=gathered + timedelta(days=5),
                )
            )
    with explicit_times(Scorecard):
        ctx.bulk(Scorecard, cards)
    return len(cards)


def _previous(quarter: Quarter) -> Quarter:
    if quarter.number == 1:
        return Quarter(quarter.year - 1, 4)
    return Quarter(quarter.year, quarter.number - 1)


def _score(facts: dict[str, Any], params: Any) -> tuple[dict[str, Any] | None, str]:
    """engine.score without its parameter query (the caller has them)."""
    try:
        card = evaluate(
            Facts(
                quarter=facts["quarter"],
                sales=Decimal(facts["sales"]),
                sales_target=Decimal(facts["sales_target"]),
                sales_last_year=Decimal(facts["sales_last_year"]),
                collected=Decimal(facts["collected"]),
                due=Decimal(facts["due"]),
                new_customers=int(facts["new_customers"]),
                satisfaction=tuple(facts["satisfaction"]),
                expenses=Decimal(facts["expenses"]),
                incidents=Incidents(**facts["incidents"]),
                manager_points=Decimal(facts["manager_points"]),
            ),
            params,
        )
    except FactsError as error:
        return None, str(error)[:300]
    result = scorecard_as_dict(card)
    for line in result.get("indicators", []):
        scored = card.indicator(line["key"])
        for name in ("target", "actual"):
            if name not in line:
                value = getattr(scored, name)
                line[name] = None if value is None else str(value)
    return result, ""
