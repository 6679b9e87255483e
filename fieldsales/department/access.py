"""Who runs or belongs to a department, as every department subpackage's rules ask it: the
signed-in check, the departments a head or manager runs, a salesperson's own department, and
the GM who reads everything. One place, so that the subpackages cannot drift apart."""

from __future__ import annotations

from typing import Any

from fieldsales.org.access import DEPARTMENT_ROLES, has_role
from fieldsales.org.access import department_ids as _department_ids
from fieldsales.org.models import Role


def signed_in(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def run_departments(user: Any) -> list[int]:
    """The departments this user runs as their head or manager."""
    if not signed_in(user) or not has_role(user, *DEPARTMENT_ROLES):
        return []
    return _department_ids(user)


def runs_department(user: Any, department_id: int | None) -> bool:
    return department_id is not None and department_id in run_departments(user)


def is_gm(user: Any) -> bool:
    """The GM reads every department's documents."""
    return signed_in(user) and has_role(user, Role.GM)


def member_department(user: Any) -> int | None:
    """A salesperson's own department."""
    if not signed_in(user) or not has_role(user, Role.SALESPERSON):
        return None
    employee = getattr(user, "employee", None)
    return employee.department_id if employee is not None else None
