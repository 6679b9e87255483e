"""org/access.py: roles (several per person), scopes and verdicts — one answer for every app."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from fieldsales.core.errors import Forbidden, InvalidTransition, NotFound, RuleBroken
from fieldsales.core.workflow import has_role as workflow_has_role
from fieldsales.org import access
from fieldsales.org.models import AlternateApprover, Department, Employee, Role, RoleGrant, Team
from fieldsales.org.services import role_grant, role_revoke

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The user as a new request would load it (roles are cached per user object)."""
    return get_user_model().objects.select_related("employee").get(pk=user.pk)


def _person(username, role, department=None, **extra):
    user = get_user_model().objects.create_user(username, password="x")
    Employee.objects.create(user=user, role=role, department=department, **extra)
    return _fresh(user)


def test_a_granted_role_counts_everywhere_the_machine_asks(cast):
    head = _fresh(cast["head"])
    assert access.has_role(head, Role.DEPT_HEAD)
    assert not access.has_role(head, Role.FINANCE)
    role_grant(employee=head.employee, role=Role.FINANCE, actor=cast["admin"])
    head = _fresh(head)
    assert access.has_role(head, Role.DEPT_HEAD) and access.has_role(head, Role.FINANCE)
    assert workflow_has_role(head, Role.FINANCE), "the workflow's directory is org's"
    assert head.pk in set(access.holders(Role.FINANCE).values_list("pk", flat=True))
    assert access.primary_role(head) == Role.DEPT_HEAD


def test_nobody_grants_or_revokes_their_own_role(cast):
    admin = cast["admin"]
    with pytest.raises(Forbidden):
        role_grant(employee=admin.employee, role=Role.GM, actor=admin)
    grant = RoleGrant.objects.create(employee=admin.employee, role=Role.FINANCE)
    with pytest.raises(Forbidden):
        role_revoke(grant=grant, actor=admin)
    role_revoke(grant=grant, actor=cast["gm"])
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()


def test_scopes_own_team_department_company(cast):
    assert access.scope_of(cast["sales1"]) == access.Scope.OWN
    assert access.scope_of(cast["head"]) == access.Scope.DEPARTMENT
    assert access.scope_of(cast["gm"]) == access.Scope.COMPANY
    assert access.scope_of(cast["finance"]) == access.Scope.COMPANY
    leader = _person("leader", Role.SALESPERSON)
    member = _person("member", Role.SALESPERSON)
    team = Team.objects.create(
        department=Department.objects.first(), name="T", kind="sales", leader=leader
    )
    Employee.objects.filter(user=member).update(team=team)
    assert access.scope_of(leader) == access.Scope.TEAM
    assert set(access.visible_people(leader)) == {leader.pk, member.pk}
    assert access.visible_people(cast["sales1"]) == [cast["sales1"].pk]
    assert access.visible_people(cast["gm"]) is None
    assert access.people_filter(cast["gm"], "owner_id") is None


def test_direct_reports_are_visible_and_managed(cast):
    boss = _person("boss", Role.SALESPERSON)
    report = _person("report", Role.SALESPERSON)
    Employee.objects.filter(user=report).update(reports_to=boss.employee)
    assert report.pk in access.visible_people(boss)
    assert access.manages(boss, _fresh(report))
    assert not access.manages(_fresh(report), boss)
    assert not access.manages(cast["sales1"], cast["sales2"])
    assert access.manages(cast["head"], cast["sales1"])
    assert access.manages(cast["gm"], cast["head"])


def test_an_alternate_approver_and_a_superuser_see_the_company(cast):
    outsider = _person("outsider", Role.SALESPERSON)
    assert not access.sees_company(outsider)
    AlternateApprover.objects.create(role=Role.GM, user=outsider)
    assert access.sees_company(outsider)
    root = get_user_model().objects.create_superuser("root", password="x")
    assert access.sees_company(root)


def test_a_department_role_without_a_department_sees_only_their_own(cast):
    lone = _person("lone", Role.DEPT_MANAGER)
    assert access.department_ids(lone) == []
    assert access.visible_people(lone) == [lone.pk]


@pytest.mark.parametrize(
    "status, error",
    [(400, RuleBroken), (403, Forbidden), (404, NotFound), (409, InvalidTransition)],
)
def test_a_denial_raises_the_error_of_its_status(status, error):
    verdict = access.Denied("不行", status=status)
    assert not verdict
    with pytest.raises(error) as raised:
        access.enforce(verdict, field="amount")
    assert raised.value.status_code == status
    assert raised.value.as_dict() == {"amount": ["不行"]}


def test_allowed_is_truthy_and_enforce_passes():
    assert access.ALLOWED
    access.enforce(access.ALLOWED)
