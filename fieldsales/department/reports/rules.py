"""May this user do this to a report, and if not, why (department.md D4).

A salesperson writes and submits their own weekly and monthly reports; the head or manager of
their department (主管) comments. A department's head or manager writes its monthly report;
the GM comments. Nobody comments their own report."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fieldsales.department.reports.models import (
    TRANSITIONS,
    DepartmentMonthlyReport,
    ReportStatus,
    SalesReport,
)
from fieldsales.org.access import ALLOWED, Denied, Verdict, department_ids, has_role
from fieldsales.org.models import Employee, Role


def signed_in(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def writes_reports(user: Any) -> bool:
    """D4: salespeople file weekly and monthly reports."""
    return signed_in(user) and has_role(user, Role.SALESPERSON)


def managed_departments(user: Any) -> list[int]:
    """The departments whose reports this user reads and comments (as head or manager)."""
    if not signed_in(user):
        return []
    return department_ids(user)


def reads_company(user: Any) -> bool:
    return signed_in(user) and has_role(user, Role.GM)


def uses_reports(user: Any) -> bool:
    """Whom the 报告 section is for."""
    return writes_reports(user) or bool(managed_departments(user)) or reads_company(user)


def _department_of(person_id: int) -> int | None:
    return (
        Employee.objects.filter(user_id=person_id).values_list("department_id", flat=True).first()
    )


def _state(status: str, action: str, label: str) -> Verdict:
    if (status, action) in TRANSITIONS:
        return ALLOWED
    return Denied(
        _("报告当前状态为“%(status)s”，不能%(action)s") % {"status": label, "action": action}, 409
    )


def can_create(user: Any) -> Verdict:
    if writes_reports(user):
        return ALLOWED
    return Denied(_("销售周报、月报由销售员本人填写（D4）"))


def can_edit(user: Any, report: SalesReport) -> Verdict:
    """Only its author, only while a draft: a submitted report is never edited (409)."""
    if user is None or user.pk != report.salesperson_id:
        return Denied(_("只有报告人本人可以修改报告"))
    if report.status != ReportStatus.DRAFT:
        return Denied(_("报告已提交，不能修改"), 409)
    return ALLOWED


def can_submit(user: Any, report: SalesReport) -> Verdict:
    if user is None or user.pk != report.salesperson_id:
        return Denied(_("只有报告人本人可以提交报告"))
    return _state(report.status, "submit", report.get_status_display())


def can_comment(user: Any, report: SalesReport) -> Verdict:
    """主管批阅意见: the head or manager of the salesperson's department, or the GM; never one's
    own report."""
    if user is not None and user.pk == report.salesperson_id:
        return Denied(_("不能批阅自己的报告"))
    department = report.department_id or _department_of(report.salesperson_id)
    if not (reads_company(user) or department in managed_departments(user)):
        return Denied(_("报告由业务员所在部门的负责人或经理批阅（D4）"))
    return _state(report.status, "comment", report.get_status_display())


def can_write_department(user: Any, department_id: int | None) -> Verdict:
    if department_id is not None and department_id in managed_departments(user):
        return ALLOWED
    return Denied(_("部门月报由本部门负责人或经理填写（D4）"))


def can_edit_department(user: Any, report: DepartmentMonthlyReport) -> Verdict:
    if user is None or user.pk != report.author_id:
        return Denied(_("只有填报人可以修改部门月报"))
    if report.status != ReportStatus.DRAFT:
        return Denied(_("报告已提交，不能修改"), 409)
    return ALLOWED


def can_submit_department(user: Any, report: DepartmentMonthlyReport) -> Verdict:
    if user is None or user.pk != report.author_id:
        return Denied(_("只有填报人可以提交部门月报"))
    return _state(report.status, "submit", report.get_status_display())


def can_comment_department(user: Any, report: DepartmentMonthlyReport) -> Verdict:
    """The GM reads and comments the department's monthly report (not their own)."""
    if user is not None and user.pk == report.author_id:
        return Denied(_("不能批阅自己的报告"))
    if not reads_company(user):
        return Denied(_("部门月报由总经理批阅（D4）"))
    return _state(report.status, "comment", report.get_status_display())
