"""One test of its own for each org service that had none: called directly, on the database."""

from __future__ import annotations

import pytest
from factories import DepartmentFactory, user_with_role

from fieldsales.core.audit import audit_trail
from fieldsales.core.errors import Forbidden
from fieldsales.org import services
from fieldsales.org.models import AlternateApprover, Department, Role

pytestmark = pytest.mark.django_db


def test_department_save_audits_a_new_head_and_refuses_oneself():
    admin = user_with_role(Role.ADMIN)
    department = DepartmentFactory()
    head = user_with_role(Role.DEPT_HEAD, department=department)
    department.head = head

    services.department_save(department=department, actor=admin)

    assert Department.objects.get(pk=department.pk).head == head
    (event,) = audit_trail(department)
    assert (event.action, event.actor, event.data) == (
        "head_changed",
        admin,
        {"from": None, "to": head.pk},
    )
    department.manager = admin
    with pytest.raises(Forbidden):
        services.department_save(department=department, actor=admin)
    assert Department.objects.get(pk=department.pk).manager is None


def test_alternate_approver_save_names_someone_else_and_is_audited():
    admin = user_with_role(Role.ADMIN)
    deputy = user_with_role(Role.DEPT_MANAGER)

    alternate = services.alternate_approver_save(
        alternate=AlternateApprover(role=Role.GM, user=deputy), actor=admin
    )

    assert AlternateApprover.objects.get(role=Role.GM).user == deputy
    (event,) = audit_trail(alternate)
    assert (event.action, event.to_status, event.data) == (
        "alternate_set",
        Role.GM,
        {"user": deputy.pk},
    )
    with pytest.raises(Forbidden):
        services.alternate_approver_save(
            alternate=AlternateApprover(role=Role.FINANCE, user=admin), actor=admin
        )
    assert not AlternateApprover.objects.filter(role=Role.FINANCE).exists()
