"""May this user do this to a work log, and if not, why (department.md D3).

Salespeople write their own logs; the head or manager of the department reads them and
comments (批注); the GM reads every log and may comment too. Others see nothing (404).
Who sees which log: selectors.py."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fieldsales.department.worklogs.models import WorkLog, WorkLogStatus
from fieldsales.org.access import ALLOWED, DEPARTMENT_ROLES, Denied, Verdict, department_ids
from fieldsales.org.access import has_role as _has_role
from fieldsales.org.models import Role

WRITER_ROLE = Role.SALESPERSON


def _signed_in(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def writes_logs(user: Any) -> bool:
    """D3: every salesperson keeps a daily work log."""
    return _signed_in(user) and _has_role(user, WRITER_ROLE)


def reads_every_log(user: Any) -> bool:
    return _signed_in(user) and _has_role(user, Role.GM)


def head_of(user: Any) -> list[int]:
    """The departments whose logs this user reads as their head or manager."""
    if not _signed_in(user) or not _has_role(user, *DEPARTMENT_ROLES):
        return []
    return department_ids(user)


def reviews_logs(user: Any) -> bool:
    """Reads others' logs: the GM, a department's head or manager."""
    return reads_every_log(user) or bool(head_of(user))


def reads_logs(user: Any) -> bool:
    """Whether the 日志 section is this user's."""
    return writes_logs(user) or reviews_logs(user)


def can_create(user: Any) -> Verdict:
    if writes_logs(user):
        return ALLOWED
    return Denied(_("工作日志由销售员本人填写（D3）"))


def can_edit(user: Any, log: WorkLog) -> Verdict:
    """Only its writer, only while a draft: a submitted log is never edited (409)."""
    if user is None or user.pk != log.person_id:
        return Denied(_("只有日志的填写人可以修改"))
    if log.status != WorkLogStatus.DRAFT:
        return Denied(_("工作日志已提交，不能再修改（D3）"), 409)
    return ALLOWED


def can_submit(user: Any, log: WorkLog) -> Verdict:
    if user is None or user.pk != log.person_id:
        return Denied(_("只有日志的填写人可以提交"))
    if log.status != WorkLogStatus.DRAFT:
        return Denied(_("工作日志已提交（D3）"), 409)
    return ALLOWED


def can_comment(user: Any, log: WorkLog) -> Verdict:
    """D3: the department's head or manager (or the GM) comments on a submitted log; never
    the writer on their own."""
    if user is not None and user.pk == log.person_id:
        return Denied(_("不能批注自己的工作日志"))
    if not (reads_every_log(user) or (log.department_id in head_of(user))):
        return Denied(_("工作日志由部门负责人或部门经理批注（D3）"))
    if log.status != WorkLogStatus.SUBMITTED:
        return Denied(_("日志尚未提交，不能批注"), 409)
    return ALLOWED
