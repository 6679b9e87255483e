"""The department app's models (department.md), defined in its subpackages and gathered here
under the app label `department`."""

from __future__ import annotations

from fieldsales.department.reports.models import DepartmentMonthlyReport, SalesReport
from fieldsales.department.targets.models import (
    Measure,
    Target,
    TargetLevel,
    TargetLine,
    TargetStatus,
)
from fieldsales.department.versions import DepartmentPolicyVersion

__all__ = [
    "DepartmentMonthlyReport",
    "DepartmentPolicyVersion",
    "SalesReport",
    "Measure",
    "Target",
    "TargetLevel",
    "TargetLine",
    "TargetStatus",
]
