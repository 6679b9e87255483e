"""May this user do this to a Saturday meeting, and if not, why (department.md D5).

The department's head or manager opens, runs and closes its meeting; the department's
salespeople read its minutes once closed; the GM reads every meeting; others see nothing (404).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fieldsales.department.access import member_department, run_departments, runs_department
from fieldsales.department.access import signed_in as _signed_in
from fieldsales.department.meetings.models import Meeting
from fieldsales.org.access import ALLOWED, Denied, Verdict, has_role
from fieldsales.org.models import Role


def reads_every_meeting(user: Any) -> bool:
    return _signed_in(user) and has_role(user, Role.GM)


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
