"""Writing the organisation: an employee's role and department change only by someone else,
and every change is an audit row."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fieldsales.core.audit import audit
from fieldsales.core.errors import Forbidden
from fieldsales.org.models import AlternateApprover, Department, Employee, RoleGrant


@transaction.atomic
def employee_save(*, employee: Employee, actor: Any) -> Employee:
    """Save `employee` as edited; nobody changes their own role or department (an admin who
    could make themselves finance could pay advances). Role and department changes are audited."""
    before = (
        Employee.objects.select_for_update()
        .filter(pk=employee.pk)
        .values("role", "department_id")
        .first()
        if employee.pk
        else None
    ) or {"role": "", "department_id": None}
    role_changed = before["role"] != employee.role
    department_changed = before["department_id"] != employee.department_id
    if (role_changed or department_changed) and employee.user_id == getattr(actor, "pk", None):
        raise Forbidden(_("不能修改自己的角色或部门，请由另一位管理员修改"))
    employee.save()
    if role_changed:
        audit(
            document=employee,
            actor=actor,
            action="role_changed",
            from_status=before["role"],
            to_status=employee.role,
        )
    if department_changed:
        audit(
            document=employee,
            actor=actor,
            action="department_changed",
            data={"from": before["department_id"], "to": employee.department_id},
        )
    return employee


@transaction.atomic
def alternate_approver_save(*, alternate: AlternateApprover, actor: Any) -> AlternateApprover:
    """Naming who approves in a role's place is giving a role: never to oneself; audited."""
    if alternate.user_id == getattr(actor, "pk", None):
        raise Forbidden(_("不能把自己指定为代理审批人"))
    alternate.save()
    audit(
        document=alternate,
        actor=actor,
        action="alternate_set",
        to_status=alternate.role,
        data={"user": alternate.user_id},
    )
    return alternate


@transaction.atomic
def department_save(*, department: Department, actor: Any) -> Department:
    """A department's head approves its trips and claims (P1.2): nobody makes themselves its
    head or manager; every change of either is audited."""
    before = (
        Department.objects.select_for_update()
        .filter(pk=department.pk)
        .values("head_id", "manager_id")
        .first()
        if department.pk
        else None
    ) or {"head_id": None, "manager_id": None}
    changed = [f for f in ("head_id", "manager_id") if before[f] != getattr(department, f)]
    if any(getattr(department, f) == getattr(actor, "pk", None) for f in changed):
        raise Forbidden(_("不能把自己设为部门负责人或经理，请由另一位管理员设置"))
    department.save()
    for field in changed:
        audit(
            document=department,
            actor=actor,
            action=f"{field[:-3]}_changed",
            data={"from": before[field], "to": getattr(department, field)},
        )
    return department


@transaction.atomic
def role_grant(*, employee: Employee, role: str, actor: Any) -> RoleGrant:
    """Give `employee` a further role; never to oneself; audited."""
    if employee.user_id == getattr(actor, "pk", None):
        raise Forbidden(_("不能修改自己的角色或部门，请由另一位管理员修改"))
    grant, _created = RoleGrant.objects.get_or_create(employee=employee, role=role)
    audit(document=employee, actor=actor, action="role_granted", to_status=role)
    return grant


@transaction.atomic
def role_revoke(*, grant: RoleGrant, actor: Any) -> None:
    """Take a granted role back; never one's own; audited."""
    if grant.employee.user_id == getattr(actor, "pk", None):
        raise Forbidden(_("不能修改自己的角色或部门，请由另一位管理员修改"))
    audit(document=grant.employee, actor=actor, action="role_revoked", from_status=grant.role)
    grant.delete()
