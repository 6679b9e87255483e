"""Whose numbers a dashboard shows (D12): a salesperson their own, a department's head or
manager their departments' (with a row per person), the GM and finance the company's; anyone
else has no dashboard (404)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from fieldsales.core.memo import remembered
from fieldsales.org.access import DEPARTMENT_ROLES, department_ids, has_role
from fieldsales.org.models import Employee, Role

OWN, DEPARTMENT, COMPANY = "own", "department", "company"


@dataclass(frozen=True)
class Scope:
    kind: str
    user: Any
    people: frozenset[int] | None  # None: everyone
    departments: frozenset[int] | None  # None: every department

    @property
    def per_person(self) -> bool:
        """A head or manager sees a row per person of their departments."""
        return self.kind == DEPARTMENT

    def q(self, person: str, department: str | None = None) -> Q:
        """The rows of this scope: `person` (a user id field) among its people, or
        `department` (a department id field, when the rows have one) among its departments."""
        if self.people is None:
            return Q()
        condition = Q(**{f"{person}__in": sorted(self.people)})
        if department is not None and self.departments:
            condition |= Q(**{f"{department}__in": sorted(self.departments)})
        return condition


def _signed_in(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def scope_of(user: Any) -> Scope | None:
    """The user's scope, or None: no dashboard. Read once per request (core.memo): the nav,
    the home blocks and the overdue counts each ask."""
    if not _signed_in(user):
        return None
    return remembered(("dashboard.scope", user.pk), lambda: _scope_of(user))


def _scope_of(user: Any) -> Scope | None:
    if has_role(user, Role.GM, Role.FINANCE):
        return Scope(COMPANY, user, None, None)
    if has_role(user, *DEPARTMENT_ROLES):
        departments = frozenset(department_ids(user))
        if departments:
            people = frozenset(
                Employee.objects.filter(department_id__in=departments).values_list(
                    "user_id", flat=True
                )
            )
            return Scope(DEPARTMENT, user, people | {user.pk}, departments)
    if has_role(user, Role.SALESPERSON):
        return Scope(OWN, user, frozenset({user.pk}), frozenset())
    return None


def has_dashboard(user: Any) -> bool:
    return scope_of(user) is not None
