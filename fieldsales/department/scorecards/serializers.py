"""The scorecard as the API shows it (D6), and the input of its actions."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from fieldsales.core.people import display_name
from fieldsales.department.scorecards import rules, selectors
from fieldsales.department.scorecards.models import Scorecard


class ScorecardReviewSerializer(serializers.Serializer):
    """The manager's points (a decimal string, 0..w_manager, D6) and comment; the range is
    checked by the service after the actor and state checks (api.md's order)."""

    points = serializers.JSONField(required=False, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ScorecardDisputeSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ScorecardGatherSerializer(serializers.Serializer):
    quarter = serializers.CharField(max_length=10, help_text="例如 2026Q3")
    department = serializers.IntegerField(required=False, allow_null=True, min_value=1)


def _money(value: Any) -> str | None:
    return None if value is None else f"{value:.2f}"


def scorecard_summary(card: Scorecard) -> dict[str, Any]:
    return {
        "id": card.pk,
        "number": card.number,
        "person": card.salesperson_id,
        "person_name": display_name(card.salesperson),
        "department": card.department_id,
        "department_name": card.department.name,
        "year": card.year,
        "quarter": card.quarter_label,
        "status": card.status,
        "status_label": card.get_status_display(),
        "total": _money(card.total),
        "grade": card.grade or None,
        "provisional": card.provisional,
        "scorable": not card.unscorable,
        "unscorable": card.unscorable or None,
    }


def scorecard_body(card: Scorecard, *, user: Any) -> dict[str, Any]:
    steps = [
        {
            "action": e.action,
            "from_status": e.from_status,
            "to_status": e.to_status,
            "user": e.actor_id,
            "user_name": display_name(e.actor) if e.actor_id else "",
            "comment": e.comment,
            "at": e.at.isoformat(),
        }
        for e in selectors.steps_of(card)
    ]
    return scorecard_summary(card) | {
        "facts": card.facts,
        "result": card.result,
        "evidence": card.evidence,
        "incidents": card.incidents,
        "manager_points": _money(card.manager_points),
        "comment": card.comment,
        "dispute_reason": card.dispute_reason,
        "reviewed_by": card.reviewed_by_id,
        "reviewed_at": card.reviewed_at.isoformat() if card.reviewed_at else None,
        "acknowledged_at": card.acknowledged_at.isoformat() if card.acknowledged_at else None,
        "approved_by": card.approved_by_id,
        "approved_at": card.approved_at.isoformat() if card.approved_at else None,
        "gathered_at": card.gathered_at.isoformat() if card.gathered_at else None,
        "frozen": card.is_frozen,
        "actions": rules.actions_for(user, card),
        "steps": steps,
    }
