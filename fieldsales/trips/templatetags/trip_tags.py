"""Labels for the trips vocabulary on pages (audit actions, statuses, claim item kinds)."""

from __future__ import annotations

from django import template

from fieldsales.core.labels import label

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    return label("trips.action", code)


@register.filter
def status_label(code: str) -> str:
    return label("trips.status", code, empty="—")


@register.filter
def kind_label(code: str) -> str:
    return label("claim_item_kind", code)


@register.filter
def rule_label(code: str) -> str:
    """The rule that priced a line: P4.1 as is, a reviewer's override as 特批."""
    return label("policy.rule", code)
