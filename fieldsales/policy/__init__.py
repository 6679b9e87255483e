"""The policy engine of policy.md: pure Python, facts in, evaluation out (no Django here)."""

from __future__ import annotations

from fieldsales.policy.engine import (
    Evaluation,
    Finding,
    Line,
    Settlement,
    Totals,
    Violation,
    absent_days,
    estimate,
    evaluate,
)
from fieldsales.policy.errors import ClaimInputError
from fieldsales.policy.facts import (
    Claim,
    CustomerFacts,
    Destination,
    ItemFacts,
    Override,
    TripFacts,
)
from fieldsales.policy.messages import render_stored
from fieldsales.policy.money import fen, parse_amount
from fieldsales.policy.params import DEFAULT_POLICY, PolicyParams
from fieldsales.policy.parse import parse_claim
from fieldsales.policy.serialize import evaluation_as_dict, params_as_dict, params_from_dict
from fieldsales.policy.vocab import Code, ItemKind, Rule, Scope, Seat, Variant

__all__ = [
    "DEFAULT_POLICY",
    "Claim",
    "ClaimInputError",
    "Code",
    "CustomerFacts",
    "Destination",
    "Evaluation",
    "Finding",
    "ItemKind",
    "ItemFacts",
    "Line",
    "Override",
    "PolicyParams",
    "Rule",
    "Scope",
    "Seat",
    "Settlement",
    "Totals",
    "TripFacts",
    "Variant",
    "absent_days",
    "Violation",
    "estimate",
    "evaluate",
    "evaluation_as_dict",
    "fen",
    "params_as_dict",
    "params_from_dict",
    "parse_amount",
    "parse_claim",
    "render_stored",
]
