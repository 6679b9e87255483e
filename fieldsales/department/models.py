"""The department app's models (department.md), defined in its subpackages and gathered here
under the app label `department`."""

from __future__ import annotations

from fieldsales.department.plans.models import Plan, PlanItem  # noqa: F401
from fieldsales.department.targets.models import (
    Measure,
    Target,
    TargetLevel,
    TargetLine,
    TargetStatus,
)
from fieldsales.department.versions import DepartmentPolicyVersion

__all__ = [
    "DepartmentPolicyVersion",
    "Measure",
    "Target",
    "TargetLevel",
    "TargetLine",
    "TargetStatus",
]
