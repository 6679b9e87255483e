"""May this user do this to a training session or see this record, and if not, why (D10).

The department's head or manager creates its sessions; they or the session's trainer (any
active employee named as trainer: org has no trainer role of its own, the RoleGrant docstring's
"trainer" is read as the person named on the session) edit it, upload materials and mark
attendance; the department's salespeople read its sessions; each person reads their own training
record, the head or manager their department's, the GM everyone's; others see nothing (404).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fieldsales.department.access import member_department, run_departments, runs_department
from fieldsales.department.access import signed_in as _signed_in
from fieldsales.department.training.models import TrainingSession
from fieldsales.org.access import ALLOWED, Denied, Verdict, has_role
from fieldsales.org.models import Role


def reads_every_training(user: Any) -> bool:
    return _signed_in(user) and has_role(user, Role.GM)


def gives_training(user: Any) -> bool:
    """Named as the trainer of some session (cached on the user for the request)."""
    if not _signed_in(user):
        return False
    cached = getattr(user, "_fieldsales_trainer", None)
    if cached is None:
        cached = TrainingSession.objects.filter(trainer=user).exists()
        user._fieldsales_trainer = cached
    return bool(cached)


def reads_training(user: Any) -> bool:
    return bool(
        reads_every_training(user)
        or run_departments(user)
        or member_department(user) is not None
        or gives_training(user)
    )


def can_create(user: Any, department_id: int | None) -> Verdict:
    if runs_department(user, department_id):
        return ALLOWED
    return Denied(_("培训由本部门负责人或部门经理安排（D10）"))


def can_edit(user: Any, session: TrainingSession) -> Verdict:
    """The head or manager of its department, or its trainer."""
    if runs_department(user, session.department_id):
        return ALLOWED
    if _signed_in(user) and session.trainer_id == user.pk:
        return ALLOWED
    return Denied(_("培训由本部门负责人、部门经理或培训人维护（D10）"))


def can_read_record(user: Any, person: Any) -> bool:
    """A person's own record; their department's head or manager; the GM."""
    if not _signed_in(user) or person is None:
        return False
    if person.pk == user.pk or reads_every_training(user):
        return True
    employee = getattr(person, "employee", None)
    return employee is not None and runs_department(user, employee.department_id)
