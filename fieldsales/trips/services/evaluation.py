"""A claim's evaluation by the policy engine, stored on the claim with the money it settles."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.utils import timezone

from fieldsales.core.errors import RuleBroken
from fieldsales.policy import (
    ClaimInputError,
    evaluate,
    evaluation_as_dict,
    parse_claim,
)
from fieldsales.trips import selectors
from fieldsales.trips.models import Claim
from fieldsales.trips.policy_versions import policy_in_force


def evaluate_claim(claim: Claim, items: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The engine's evaluation of the claim (with `items` instead of its own, when given);
    an input the engine refuses is a 400 on the field it names."""
    data = selectors.claim_input(claim=claim, items=items)
    try:
        parsed = parse_claim(data, today=timezone.localdate())
    except ClaimInputError as error:
        raise RuleBroken(error.message, field=error.field) from error
    # S7.3: a line whose order may still be signed in time waits (the input has no such field).
    pending = {str(i.get("id")) for i in data["items"] if i.get("deal_pending") is True}
    if pending:
        items_facts = tuple(
            replace(i, deal_pending=True) if i.id in pending else i for i in parsed.items
        )
        parsed = replace(parsed, items=items_facts)
    params = policy_in_force(parsed.trip.depart)
    # Stored with its Chinese messages and each finding's code, variant and figures, so that
    # it renders in another language without the engine (selectors.evaluation_in_language);
    # the facts it was computed from are kept with it.
    stored = evaluation_as_dict(evaluate(parsed, params), "zh", figures=True)
    return stored | {"input": data}


def store_evaluation(claim: Claim, evaluation: dict[str, Any]) -> list[str]:
    """Copies the evaluation and its totals onto the (unsaved) claim; returns the fields set,
    for `save(update_fields=...)`."""
    claim.evaluation = evaluation
    claim.policy_version = evaluation.get("policy_version", "")
    claim.claimed_total = Decimal(evaluation["totals"]["claimed"])
    claim.reimbursed_total = Decimal(evaluation["totals"]["reimbursed"])
    claim.advance_deducted = Decimal(evaluation["settlement"]["advance"])
    claim.pay_to_traveller = Decimal(evaluation["settlement"]["pay_to_traveller"])
    claim.return_to_company = Decimal(evaluation["settlement"]["return_to_company"])
    return [
        "evaluation",
        "policy_version",
        "claimed_total",
        "reimbursed_total",
        "advance_deducted",
        "pay_to_traveller",
        "return_to_company",
    ]


def money_audit(claim: Claim) -> dict[str, str]:
    """The totals and settlement as they now stand, for the audit row of a change."""
    return {k: claim.evaluation["totals"][k] for k in ("claimed", "reimbursed")} | dict(
        claim.evaluation["settlement"]
    )


def reevaluate(locked: Claim) -> None:
    """Evaluates the locked claim again (the policy or the reviews may have changed) and saves."""
    fields = store_evaluation(locked, evaluate_claim(locked))
    locked.save(update_fields=fields)
