"""One answer to "may this user do this, and if not, why".

- Roles: a person holds their employee role plus any granted ones (`RoleGrant`).
- Scopes: whose work a user sees: own, team (a team they lead, people who report to
  them), department (as head or manager), company (GM, finance, admin, an alternate
  approver, a superuser). Apps filter with `people_filter()` on an indexed owner column.
- Rules: each app's `rules.py` answers `can_<action>(user, obj) -> Allowed | Denied`;
  services call `enforce()` on the answer, pages and templates show the reason.
- The workflow's directory: who holds a role, and approval chains from role lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from fieldsales.core.errors import Forbidden, InvalidTransition, NotFound, RuleBroken
from fieldsales.core.memo import remembered
from fieldsales.core.workflow import roles_of
from fieldsales.org.models import AlternateApprover, Department, Employee, Role

# ---------------------------------------------------------------- verdicts


@dataclass(frozen=True)
class Allowed:
    def __bool__(self) -> bool:
        return True


@dataclass(frozen=True)
class Denied:
    """Why not, and the HTTP status it means (403 may not, 404 may not see, 409 not now)."""

    reason: str
    status: int = 403

    def __bool__(self) -> bool:
        return False


Verdict = Allowed | Denied
ALLOWED = Allowed()

_ERRORS = {400: RuleBroken, 403: Forbidden, 404: NotFound, 409: InvalidTransition}


def enforce(verdict: Verdict, *, field: str | None = None) -> None:
    """Raise the service error a denial means; nothing when allowed."""
    if isinstance(verdict, Denied):
        raise _ERRORS.get(verdict.status, Forbidden)(verdict.reason, field=field)


# ---------------------------------------------------------------- roles

COMPANY_ROLES = frozenset({Role.GM, Role.FINANCE, Role.ADMIN})
DEPARTMENT_ROLES = frozenset({Role.DEPT_HEAD, Role.DEPT_MANAGER})
_CACHE = "_fieldsales_roles"
_DEPARTMENTS = "_fieldsales_departments"


def _employee(user: Any) -> Employee | None:
    return getattr(user, "employee", None) if user is not None else None


def primary_role(user: Any) -> str:
    """The role on the employee record (what the pages show as the person's role)."""
    employee = _employee(user)
    return employee.role if employee is not None else ""


def load_roles(user: Any) -> frozenset[str]:
    """Every role the user holds, cached on the user object for the request."""
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    employee = _employee(user)
    roles: set[str] = set()
    if employee is not None:
        roles.add(employee.role)
        roles |= set(employee.role_grants.values_list("role", flat=True))
    result = frozenset(roles)
    setattr(user, _CACHE, result)
    return result


def forget_roles(user: Any) -> None:
    """Drop the cached roles (and the departments they give) after a change."""
    for name in (_CACHE, _DEPARTMENTS):
        if hasattr(user, name):
            delattr(user, name)


def has_role(user: Any, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def holders(role: str) -> QuerySet[Any]:
    """Active users who hold `role` as their employee role or a granted one."""
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(Q(employee__role=role) | Q(employee__role_grants__role=role)).distinct()


# ---------------------------------------------------------------- scopes


class Scope(StrEnum):
    OWN = "own"
    TEAM = "team"
    DEPARTMENT = "department"
    COMPANY = "company"


def sees_company(user: Any) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False) or has_role(user, *COMPANY_ROLES):
        return True
    return remembered(
        ("org.alternate", user.pk), AlternateApprover.objects.filter(user=user).exists
    )


def department_ids(user: Any) -> list[int]:
    """The departments the user heads or manages (or belongs to in a department role)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _DEPARTMENTS, None)
    if cached is not None:
        return list(cached)
    ids = set(
        Department.objects.filter(Q(head=user) | Q(manager=user)).values_list("pk", flat=True)
    )
    employee = _employee(user)
    if employee is not None and employee.department_id and has_role(user, *DEPARTMENT_ROLES):
        ids.add(employee.department_id)
    result = tuple(sorted(ids))
    setattr(user, _DEPARTMENTS, result)  # for the request, like the roles
    return list(result)


def _team_member_ids(user: Any) -> set[int]:
    """People in the teams the user leads and people who report to them."""

    def read() -> set[int]:
        employees = Employee.objects.filter(Q(team__leader=user) | Q(reports_to__user=user))
        return set(employees.values_list("user_id", flat=True))

    return set(remembered(("org.team", user.pk), read))


def scope_of(user: Any) -> Scope:
    if sees_company(user):
        return Scope.COMPANY
    if department_ids(user):
        return Scope.DEPARTMENT
    if _team_member_ids(user):
        return Scope.TEAM
    return Scope.OWN


def visible_people(user: Any) -> list[int] | None:
    """Ids of the people whose work the user sees; None means everyone (company scope).
    Read once per request (core.memo): a home page's blocks each ask."""
    if sees_company(user):
        return None

    def read() -> list[int]:
        # One query for the team, the direct reports and the departments.
        members = Employee.objects.filter(
            Q(team__leader=user) | Q(reports_to__user=user) | Q(department__in=department_ids(user))
        )
        return sorted({user.pk} | set(members.values_list("user_id", flat=True)))

    return list(remembered(("org.people", user.pk), read))


def people_filter(user: Any, field: str) -> Q | None:
    """`Q(<field>__in=visible people)`, or None when the user sees the whole company.

    Member ids first, then `__in` on the (indexed) owner column: no OR across joins.
    """
    people = visible_people(user)
    if people is None:
        return None
    return Q(**{f"{field}__in": people})


def manages(user: Any, person: Any) -> bool:
    """Whether `user` directs `person`'s work: GM or admin, their head or manager, their
    team leader, the one they report to."""
    if user is None or person is None or not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False) or has_role(user, Role.GM, Role.ADMIN):
        return True
    if person.pk == user.pk:
        return False
    employee = _employee(person)
    if employee is not None and employee.department_id in department_ids(user):
        return True
    return person.pk in _team_member_ids(user)


# ---------------------------------------------------------------- the workflow's directory


def department_manager(author: Any) -> Any:
    """The author's department manager (its head when no manager is named), or None."""
    employee = _employee(author)
    department = employee.department if employee is not None else None
    if department is None:
        return None
    return department.manager or department.head


def resolve_chain(*, roles: Sequence[str], author: Any) -> list[dict[str, Any]]:
    """Turn a policy's chain of role names into the steps for this author (P1.2, P2.2, P8.3)."""
    steps: list[dict[str, Any]] = []
    for role in roles:
        if role == Role.DEPT_HEAD:
            employee = _employee(author)
            department = employee.department if employee is not None else None
            head = department.head if department else None
            # P1.2: a head's own document skips their own step; no department, no head step.
            if department is None or head is None or head.pk == author.pk:
                continue
            steps.append({"role": role, "user": head.pk, "alternate": False})
            continue
        if role == Role.DEPT_MANAGER:
            manager = department_manager(author)
            # The manager's own document skips their step (S4.2: it goes to the GM alone).
            if manager is None or manager.pk == author.pk:
                continue
            steps.append({"role": role, "user": manager.pk, "alternate": False})
            continue
        if holders(role).exclude(pk=author.pk).exists():
            steps.append({"role": role, "user": None, "alternate": False})
            continue
        alternate = AlternateApprover.objects.filter(role=role).exclude(user=author).first()
        if alternate is None:
            raise RuleBroken(
                _("没有可以审批此单据的%(role)s（不能审批自己的单据），请管理员指定代理审批人")
                % {"role": role}
            )
        steps.append({"role": role, "user": alternate.user_id, "alternate": True})
    return steps


class OrgDirectory:
    """The organisation's answers to the workflow machine (installed in OrgConfig.ready)."""

    def roles_of(self, user: Any) -> frozenset[str]:
        return load_roles(user)

    def holders(self, role: str) -> QuerySet[Any]:
        return holders(role)

    def primary_role(self, user: Any) -> str:
        return primary_role(user)

    def known_roles(self) -> frozenset[str]:
        return frozenset(str(role) for role in Role.values)

    def resolve_chain(self, *, roles: Sequence[str], author: Any) -> list[dict[str, Any]]:
        return resolve_chain(roles=roles, author=author)
