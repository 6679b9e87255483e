"""May this user do this to a Saturday meeting, and if not, why (department.md D5).

The department's head or manager opens, runs and closes its meeting; the department's
salespeople read its minutes once closed; the GM reads every meeting; others see nothing (404).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fieldsales.department.meetings.models import Meeting
from fieldsales.org.access import ALLOWED, DEPARTMENT_ROLES, Denied, Verdict, has_role
from fieldsales.org.access import department_ids as _department_ids
from fieldsales.org.models import Role


def _signed_in(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def run_departments(user: Any) -> list[int]:
    """The departments whose meeting this user runs (as their head or manager)."""
    if not _signed_in(user) or not has_role(user, *DEPARTMENT_ROLES):
        return []
    return _department_ids(user)


def runs_department(user: Any, department_id: int | None) -> bool:
    return department_id is not None and department_id in run_departments(user)


def reads_every_meeting(user: Any) -> bool:
    return _signed_in(user) and has_role(user, Role.GM)


def member_department(user: Any) -> int | None:
    """A salesperson's own department (whose closed minutes they read)."""
    if not _signed_in(user) or not has_role(user, Role.SALESPERSON):
        return None
    employee = getattr(user, "employee", None)
    return employee.department_id if employee is not None else None


def reads_meetings(user: Any) -> bool:
    return bool(
        reads_every_meeting(user) or run_departments(user) or member_department(user) is not None
    )


def can_open(user: Any, department_id: int | None) -> Verdict:
    """D5: the department's head or manager opens its meeting."""
    if runs_department(user, department_id):
        return ALLOWED
    return Denied(_("例会由本部门负责人或部门经理召开（D5）"))


def can_edit(user: Any, meeting: Meeting) -> Verdict:
    """The head or manager edits while the meeting is open; closed minutes never change (409)."""
    if not runs_department(user, meeting.department_id):
        return Denied(_("例会由本部门负责人或部门经理主持记录（D5）"))
    if not meeting.is_open:
        return Denied(_("例会已结束，会议纪要不能再修改"), 409)
    return ALLOWED


def can_close(user: Any, meeting: Meeting) -> Verdict:
    """The manager closes the meeting (D5), once."""
    return can_edit(user, meeting)
