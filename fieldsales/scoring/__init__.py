"""The quarterly scorecard (department.md D6): pure, typed Python, no Django, like the policy
engine. A salesperson's facts for a quarter in, a scorecard out."""

from __future__ import annotations

from fieldsales.scoring.engine import (
    GRADES,
    IndicatorScore,
    Scorecard,
    effective_weights,
    evaluate,
    grade_of,
    printed_weights,
)
from fieldsales.scoring.errors import FactsError
from fieldsales.scoring.facts import Facts, Incidents, quarter_dates
from fieldsales.scoring.money import fen
from fieldsales.scoring.params import (
    DEFAULT_SCORING_PARAMS,
    INDICATOR_KEYS,
    RESULT_KEYS,
    WEIGHTS_TOTAL,
    ScoringParams,
)
from fieldsales.scoring.parse import FACT_KEYS, INCIDENT_KEYS, parse_facts
from fieldsales.scoring.serialize import (
    facts_as_dict,
    params_as_dict,
    params_from_dict,
    scorecard_as_dict,
    scorecard_from_dict,
)

__all__ = [
    "DEFAULT_SCORING_PARAMS",
    "FACT_KEYS",
    "GRADES",
    "INCIDENT_KEYS",
    "INDICATOR_KEYS",
    "RESULT_KEYS",
    "WEIGHTS_TOTAL",
    "Facts",
    "FactsError",
    "IndicatorScore",
    "Incidents",
    "Scorecard",
    "ScoringParams",
    "effective_weights",
    "evaluate",
    "facts_as_dict",
    "fen",
    "grade_of",
    "params_as_dict",
    "params_from_dict",
    "parse_facts",
    "printed_weights",
    "quarter_dates",
    "scorecard_as_dict",
    "scorecard_from_dict",
]
