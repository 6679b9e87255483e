"""May this user do this to the showroom duty rota, and if not, why (department.md D8); and a
shift's state at a moment (scheduled, done, missed), from the department's parameters.

The department's head or manager generates and edits the rota; the person on duty marks their
shift done; the department's salespeople read its rota; the GM reads every rota; others see
nothing (404).
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.department.access import member_department, run_departments, runs_department
from fieldsales.department.access import signed_in as _signed_in
from fieldsales.department.duty.models import DutyShift, DutyState
from fieldsales.department.versions import department_params_on
from fieldsales.org.access import ALLOWED, Denied, Verdict, has_role
from fieldsales.org.models import Role


def reads_every_rota(user: Any) -> bool:
    return _signed_in(user) and has_role(user, Role.GM)


def reads_duty(user: Any) -> bool:
    return bool(
        reads_every_rota(user) or run_departments(user) or member_department(user) is not None
    )


def _at(day: Any, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


def day_starts_at(day: Any) -> datetime:
    return _at(day, department_params_on(day).duty_start)


def starts_at(shift: DutyShift) -> datetime:
    return day_starts_at(shift.day)


def done_deadline(shift: DutyShift) -> datetime:
    """D8: a shift not marked done by this moment (duty_done_by on its day) is missed."""
    return _at(shift.day, department_params_on(shift.day).duty_done_by)


def state(shift: DutyShift, now: datetime | None = None) -> str:
    if shift.done_at is not None:
        return DutyState.DONE
    if (now or timezone.now()) > done_deadline(shift):
        return DutyState.MISSED
    return DutyState.SCHEDULED


def can_generate(user: Any, department_id: int | None) -> Verdict:
    if runs_department(user, department_id):
        return ALLOWED
    return Denied(_("值日表由本部门负责人或部门经理排定（D8）"))


def can_edit(user: Any, shift: DutyShift, now: datetime | None = None) -> Verdict:
    """The head or manager changes a shift's person before the shift begins (409 after)."""
    if not runs_department(user, shift.department_id):
        return Denied(_("值日表由本部门负责人或部门经理调整（D8）"))
    if shift.done_at is not None or (now or timezone.now()) >= starts_at(shift):
        return Denied(_("值日已开始或已结束，不能再调整（D8）"), 409)
    return ALLOWED


def can_mark_done(user: Any, shift: DutyShift, now: datetime | None = None) -> Verdict:
    """D8: the person on duty marks their own shift done, on its day, by duty_done_by."""
    if user is None or shift.person_id != getattr(user, "pk", None):
        return Denied(_("只有当班值日人可以确认完成（D8）"))
    if shift.done_at is not None:
        return Denied(_("本班值日已确认完成"), 409)
    moment = now or timezone.now()
    if timezone.localtime(moment).date() < shift.day:
        return Denied(_("值日当天才能确认完成（D8）"), 409)
    if moment > done_deadline(shift):
        limit = department_params_on(shift.day).duty_done_by
        return Denied(
            _("已超过 %(time)s，本班值日记为未完成（D8）") % {"time": f"{limit:%H:%M}"}, 409
        )
    return ALLOWED
