"""May this user do this with attendance, and if not, why (department.md D7).

Salespeople (and the department's head or manager, who clock too) keep attendance and see
their own; the head or manager sees their department's and imports, corrects and marks
exceptions (特批); the GM sees and corrects everyone's. Nobody corrects their own day. Others
see nothing (404). Who is in whose scope: selectors.py."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fieldsales.department.access import signed_in as _signed_in
from fieldsales.org.access import ALLOWED, DEPARTMENT_ROLES, Denied, Verdict, department_ids
from fieldsales.org.access import has_role as _has_role
from fieldsales.org.models import Role

KEEPER_ROLES = (Role.SALESPERSON, *DEPARTMENT_ROLES)


def keeps_attendance(user: Any) -> bool:
    """D7: the sales department's people clock in (salespeople, its head and manager)."""
    return _signed_in(user) and _has_role(user, *KEEPER_ROLES)


def gives_notice(user: Any) -> bool:
    """The 告知 button: a salesperson telling the manager they will be late."""
    return _signed_in(user) and _has_role(user, Role.SALESPERSON)


def can_give_notice(user: Any) -> Verdict:
    if gives_notice(user):
        return ALLOWED
    return Denied(_("迟到告知由销售员本人在手机上提交（D7）"))


def reads_everyone(user: Any) -> bool:
    return _signed_in(user) and _has_role(user, Role.GM)


def head_of(user: Any) -> list[int]:
    """The departments whose attendance this user manages as their head or manager."""
    if not _signed_in(user) or not _has_role(user, *DEPARTMENT_ROLES):
        return []
    return department_ids(user)


def manages_attendance(user: Any) -> bool:
    """Sees others' days, imports the clock's file, corrects: the GM, a head or manager."""
    return reads_everyone(user) or bool(head_of(user))


def reads_attendance(user: Any) -> bool:
    """Whether the 考勤 section is this user's."""
    return keeps_attendance(user) or manages_attendance(user)


def can_import(user: Any) -> Verdict:
    if manages_attendance(user):
        return ALLOWED
    return Denied(_("考勤记录由部门经理或总经理导入（D7）"))


def department_of(person: Any) -> int | None:
    employee = getattr(person, "employee", None)
    return getattr(employee, "department_id", None)


def can_correct(user: Any, person: Any) -> Verdict:
    """D7: the person's department head or manager, or the GM; never on one's own days."""
    if user is not None and person is not None and user.pk == person.pk:
        return Denied(_("不能更正自己的考勤（D7）"))
    if reads_everyone(user) or (department_of(person) in head_of(user)):
        return ALLOWED
    return Denied(_("考勤由部门经理或总经理更正（D7）"))
