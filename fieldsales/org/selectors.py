"""Reading the organisation and the policy version in force."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fieldsales.org.models import Company, PolicyVersion
from fieldsales.policy.params import DEFAULT_POLICY, PolicyParams

_SPLIT_FIELDS = {"home_region_cities", "local_cities"}


def company_name() -> str:
    """The company's name as forms and sheets print it (blank before the company is set up).
    Read each time, not cached: a process-wide cache would print the old name after an edit."""
    company = Company.objects.order_by("pk").first()
    return company.name if company else ""


def params_of(version: PolicyVersion) -> PolicyParams:
    """The engine's parameters held by one policy version (its workflow settings are trips')."""
    values: dict[str, Any] = {}
    for field in PolicyParams.__dataclass_fields__:
        if not hasattr(version, field):
            continue
        value = getattr(version, field)
        if field in _SPLIT_FIELDS:
            value = tuple(v.strip() for v in value.replace("，", ",").split(",") if v.strip())
        elif isinstance(value, Decimal) and field in {"sleeper_min_hours", "entertainment_rate"}:
            value = value.normalize()
        values[field] = value
    return DEFAULT_POLICY.replace(**values)


def policy_version_on(day: date) -> PolicyVersion | None:
    """The stored version in force on `day`, if any."""
    return PolicyVersion.objects.filter(effective_from__lte=day).order_by("-effective_from").first()


def policy_in_force(day: date) -> PolicyParams:
    """The parameters in force on `day`; the seed's defaults when no version covers it."""
    version = policy_version_on(day)
    return params_of(version) if version is not None else DEFAULT_POLICY


def first_policy_day() -> date:
    """The day the company's first policy version took effect: no trip is older."""
    first = PolicyVersion.objects.order_by("effective_from").values_list(
        "effective_from", flat=True
    )
    return first.first() or DEFAULT_POLICY.effective_from
