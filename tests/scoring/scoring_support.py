"""Facts for the scorecard's tests: D6's JSON shape with the first example's figures."""

from __future__ import annotations

import copy
from io import StringIO
from pathlib import Path
from typing import Any

from helpers import spec_dir

from fieldsales.scoring import DEFAULT_SCORING_PARAMS, Facts, ScoringParams, parse_facts
from fieldsales.scoring.cli import run

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES_DIR = spec_dir() / "examples" / "scorecards"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.facts.json"))

BASE: dict[str, Any] = {
    "quarter": "2026Q1",
    "sales": "1200000.00",
    "sales_target": "1000000.00",
    "sales_last_year": "900000.00",
    "collected": "800000.00",
    "due": "1000000.00",
    "new_customers": 2,
    "satisfaction": [3, 4, 4],
    "expenses": "30000.00",
    "incidents": {"late_reports": 1, "absent_days": 0, "missing_logs": 2, "missed_duty": 0},
    "manager_points": "8.5",
}


def facts_dict(**changes: Any) -> dict[str, Any]:
    """BASE with top-level changes; `incidents` as a dict changes only the counts given."""
    data = copy.deepcopy(BASE)
    incidents = changes.pop("incidents", None)
    data.update(changes)
    if isinstance(incidents, dict):
        data["incidents"] = {**data["incidents"], **incidents}
    elif incidents is not None:
        data["incidents"] = incidents
    return data


def facts(params: ScoringParams = DEFAULT_SCORING_PARAMS, **changes: Any) -> Facts:
    return parse_facts(facts_dict(**changes), params)


def cli(argv: list[str], stdin_text: str = "", params_for=None) -> tuple[int, str, str]:
    stdin, stdout, stderr = StringIO(stdin_text), StringIO(), StringIO()
    kwargs = {} if params_for is None else {"params_for": params_for}
    code = run(argv, stdin=stdin, stdout=stdout, stderr=stderr, **kwargs)
    return code, stdout.getvalue(), stderr.getvalue()
