"""The plans API's shapes (docs/notes-plans.md): input serializers, and a plan's body as a plain
dict (dates ISO 8601, money as strings to the fen, percent to one decimal or null)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from fieldsales.core.api import MAX_ID
from fieldsales.core.people import display_name
from fieldsales.core.workflow import available_actions
from fieldsales.core.workflow.present import approvals_of, current_step_of
from fieldsales.department.plans import selectors
from fieldsales.department.plans.models import ItemStatus, Plan, PlanItem, PlanKind
from fieldsales.department.plans.periods import period_label

TEXT = {"required": False, "allow_blank": True, "max_length": 4000}


class ItemSerializer(serializers.Serializer):
    task = serializers.CharField(max_length=200)
    owner = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    due = serializers.DateField()
    status = serializers.ChoiceField(choices=ItemStatus.choices, required=False)
    result = serializers.CharField(**TEXT)


class ItemUpdateSerializer(ItemSerializer):
    task = serializers.CharField(max_length=200, required=False)
    owner = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    due = serializers.DateField(required=False)


class PlanWriteSerializer(serializers.Serializer):
    """A sales plan: `kind` "sales", `period_start` (any day of the month), the four texts and
    `customers`; a work plan: `kind`, `period_start`, `department` (optional when the author
    keeps one), `note` and `items`."""

    kind = serializers.ChoiceField(choices=PlanKind.choices)
    period_start = serializers.DateField()
    department = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )
    goal = serializers.CharField(**TEXT)
    strategy = serializers.CharField(**TEXT)
    action_plan = serializers.CharField(**TEXT)
    visit_plan = serializers.CharField(**TEXT)
    note = serializers.CharField(**TEXT)
    customers = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=100,
    )
    items = ItemSerializer(many=True, required=False)


class PlanUpdateSerializer(serializers.Serializer):
    goal = serializers.CharField(**TEXT)
    strategy = serializers.CharField(**TEXT)
    action_plan = serializers.CharField(**TEXT)
    visit_plan = serializers.CharField(**TEXT)
    note = serializers.CharField(**TEXT)
    reason = serializers.CharField(**TEXT)
    customers = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=100,
    )


class PlanCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class PlanReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000)


def _person(user: Any) -> dict[str, Any]:
    return {"id": user.pk, "name": display_name(user)}


def item_body(item: PlanItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "position": item.position,
        "task": item.task,
        "owner": _person(item.owner),
        "due": item.due.isoformat(),
        "status": item.status,
        "status_label": str(item.get_status_display()),
        "result": item.result,
    }


def plan_body(plan: Plan, *, user: Any, full: bool = True) -> dict[str, Any]:
    """A plan as the API shows it; `full` adds the approvals and the month's target."""
    body: dict[str, Any] = {
        "id": plan.pk,
        "number": plan.number,
        "kind": plan.kind,
        "kind_label": str(plan.get_kind_display()),
        "period_start": plan.period_start.isoformat(),
        "period_end": plan.period_end.isoformat(),
        "period_label": period_label(plan.kind, plan.period_start),
        "department": {"id": plan.department_id, "name": plan.department.name},
        "owner": _person(plan.owner),
        "version": plan.version,
        "previous": plan.previous_id,
        "reason": plan.reason,
        "status": plan.status,
        "status_label": str(plan.get_status_display()),
        "submitted_at": plan.submitted_at,
        "approved_at": plan.approved_at,
        "actions": available_actions(plan, user),
    }
    if plan.is_sales:
        body |= {
            "goal": plan.goal,
            "strategy": plan.strategy,
            "action_plan": plan.action_plan,
            "visit_plan": plan.visit_plan,
            "customers": [{"id": c.pk, "name": c.name} for c in plan.customers.all()],
        }
    else:
        body |= {"note": plan.note, "items": [item_body(i) for i in plan.items.all()]}
    if full:
        body["current_step"] = current_step_of(plan)
        body["approvals"] = approvals_of(plan)
        if plan.is_sales:
            body["month_target"] = [
                {
                    "measure": f.measure,
                    "label": f.label,
                    "target": f"{f.target:.2f}",
                    "actual": f"{f.actual:.2f}",
                    "percent": None if f.percent is None else f"{f.percent:.1f}",
                }
                for f in selectors.month_target(owner=plan.owner, month_start=plan.period_start)
            ] or None
    return body
