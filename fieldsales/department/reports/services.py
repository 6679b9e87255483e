"""Writes of reports (D4): a salesperson's draft made from the data, completed, submitted (the
figures frozen then, late after the due time); the 主管's comment, which tells the salesperson.
The department's monthly report the same way, from its head to the GM. One transaction each,
an audit row per change."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core.audit import audit
from fieldsales.core.errors import InvalidTransition, RuleBroken
from fieldsales.core.people import display_name
from fieldsales.crm.visits.models import Visit
from fieldsales.department.reports import figures, periods, rules, selectors
from fieldsales.department.reports.models import (
    DepartmentMonthlyReport,
    ReportKind,
    ReportStatus,
    SalesReport,
)
from fieldsales.notifications.services import notify
from fieldsales.org.access import enforce, holders
from fieldsales.org.models import Department, Employee, Role

SALES_FIELDS = ("work", "problems", "plan", "plan_check")
DEPARTMENT_FIELDS = ("summary", "problems", "plan")
EARLIEST = date(2000, 1, 1)  # nothing older is anyone's report


def _period(kind: str, start: date | None, today: date) -> tuple[date, date]:
    if start is None:
        return periods.period_of(kind, today)
    if not periods.is_period_start(kind, start):
        rule = (
            _("周报的起始日期须为周一")
            if kind == ReportKind.WEEKLY
            else _("月报的起始日期须为每月1日")
        )
        raise RuleBroken(rule, field="period_start")
    if start > today:
        raise RuleBroken(_("不能为尚未开始的期间写报告"), field="period_start")
    if start < EARLIEST:
        raise RuleBroken(_("起始日期不能早于 2000 年"), field="period_start")
    return periods.period_of(kind, start)


def _visit_rows(person: Any, start: date, end: date) -> list[dict[str, Any]]:
    visits = (
        Visit.objects.filter(salesperson=person, date__gte=start, date__lte=end)
        .select_related("customer")
        .order_by("date", "seq", "pk")
    )
    return [
        {
            "date": v.date.isoformat(),
            "customer": v.customer.name,
            "content": v.content or v.purpose,
            "progress": v.next_step or v.agreements or v.get_status_display(),
            "intent": v.customer.get_intent_display() if v.customer.intent else "",
        }
        for v in visits
    ]


def _plan_rows(person: Any, start: date, end: date) -> list[dict[str, Any]]:
    """下周计划 drafted from the visits planned in the next period."""
    visits = (
        Visit.objects.filter(salesperson=person, date__gte=start, date__lte=end)
        .select_related("customer")
        .order_by("date", "seq", "pk")
    )
    return [
        {"content": v.customer.name, "outcome": v.purpose, "due": v.date.isoformat()}
        for v in visits
    ]


def live_figures(report: SalesReport) -> dict[str, Any]:
    """The figures as the data stands now (the salesperson's view of their own work)."""
    person = report.salesperson
    rows = figures.figures_for(
        viewer=person, people=[person], start=report.period_start, end=report.period_end
    )
    return rows[person.pk]


@transaction.atomic
def report_create(
    *, actor: Any, kind: str, period_start: date | None = None, today: date | None = None
) -> SalesReport:
    """A draft of the actor's weekly or monthly report, prefilled from the data."""
    enforce(rules.can_create(actor))
    if kind not in ReportKind.values:
        raise RuleBroken(_("类型须为 weekly 或 monthly"), field="kind")
    today = today or timezone.localdate()
    start, end = _period(kind, period_start, today)
    if SalesReport.objects.filter(kind=kind, salesperson=actor, period_start=start).exists():
        raise InvalidTransition(_("这一期的报告已经存在"))
    next_start = periods.next_period(kind, start)
    previous = SalesReport.objects.filter(
        kind=kind, salesperson=actor, period_start=periods.previous_period(kind, start)
    ).first()
    check = [
        {**row, "done": None, "reason": ""}
        for row in (previous.plan if previous is not None else [])
    ]
    employee = Employee.objects.filter(user=actor).first()
    report = SalesReport(
        kind=kind,
        salesperson=actor,
        department_id=employee.department_id if employee is not None else None,
        period_start=start,
        period_end=end,
        work=_visit_rows(actor, start, end),
        plan=_plan_rows(actor, next_start, periods.period_of(kind, next_start)[1]),
        plan_check=check,
        due_at=selectors.due_at(kind, start),
    )
    report.figures = live_figures(report)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:  # two drafts of one period at once
        raise InvalidTransition(_("这一期的报告已经存在")) from error
    audit(document=report, actor=actor, action="create", to_status=report.status)
    return report


def _locked(model: Any, pk: int) -> Any:
    return model.objects.select_for_update().get(pk=pk)


@transaction.atomic
def report_update(*, report: SalesReport, actor: Any, data: dict[str, Any]) -> SalesReport:
    """Complete the draft (work rows, problems, next period's plan, last period's plan checked)."""
    report = _locked(SalesReport, report.pk)
    enforce(rules.can_edit(actor, report))
    changed = [f for f in SALES_FIELDS if f in data]
    for name in changed:
        setattr(report, name, data[name])
    report.figures = live_figures(report)
    report.save(update_fields=[*changed, "figures", "updated_at"])
    audit(document=report, actor=actor, action="edit", data={"fields": changed})
    return report


def _check_plan(rows: list[dict[str, Any]]) -> None:
    """Last period's plan: every row says whether it was done, and why not when it was not."""
    for i, row in enumerate(rows, start=1):
        if row.get("done") is None:
            raise RuleBroken(
                _("上期计划第 %(n)d 行：请填写完成情况") % {"n": i}, field="plan_check"
            )
        if row.get("done") is False and not (row.get("reason") or "").strip():
            raise RuleBroken(
                _("上期计划第 %(n)d 行未完成：请填写未完成原因") % {"n": i}, field="plan_check"
            )


def _link(name: str, pk: int) -> str:
    return reverse(f"department:{name}", args=[pk])


@transaction.atomic
def report_submit(*, report: SalesReport, actor: Any, now: datetime | None = None) -> SalesReport:
    """Submit: the figures frozen as they stand; later than the due time is late."""
    report = _locked(SalesReport, report.pk)
    enforce(rules.can_submit(actor, report))
    _check_plan(report.plan_check)
    now = now or timezone.now()
    report.figures = live_figures(report)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.late = now > report.due_at
    report.save(update_fields=["figures", "status", "submitted_at", "late", "updated_at"])
    audit(
        document=report,
        actor=actor,
        action="submit",
        from_status=ReportStatus.DRAFT,
        to_status=report.status,
        data={"late": report.late},
    )
    department = Department.objects.filter(pk=report.department_id).first()
    readers = {
        u for u in (getattr(department, "head", None), getattr(department, "manager", None)) if u
    }
    for reader in readers - {actor}:
        notify(
            recipient=reader,
            kind="report.submitted",
            dedupe_key=f"report:{report.pk}:submitted",
            title=_("%(person)s 提交了%(kind)s（%(start)s）")
            % {
                "person": display_name(actor),
                "kind": report.get_kind_display(),
                "start": report.period_start,
            },
            link=_link("report_detail", report.pk),
            document=report,
        )
    return report


def _record_comment(report: Any, actor: Any, comment: str) -> None:
    """The one comment a submitted report (a salesperson's or the department's) receives:
    stored with who and when, the report marked commented, audited."""
    if not comment.strip():
        raise RuleBroken(_("请填写批阅意见"), field="comment")
    report.comment = comment.strip()
    report.commented_by = actor
    report.commented_at = timezone.now()
    report.status = ReportStatus.COMMENTED
    report.save(update_fields=["comment", "commented_by", "commented_at", "status", "updated_at"])
    audit(
        document=report,
        actor=actor,
        action="comment",
        from_status=ReportStatus.SUBMITTED,
        to_status=report.status,
        comment=report.comment,
    )


@transaction.atomic
def report_comment(*, report: SalesReport, actor: Any, comment: str) -> SalesReport:
    """主管批阅意见 on a submitted report; the salesperson is told."""
    report = _locked(SalesReport, report.pk)
    enforce(rules.can_comment(actor, report))
    _record_comment(report, actor, comment)
    notify(
        recipient=report.salesperson,
        kind="report.comment",
        dedupe_key=f"report:{report.pk}:comment",
        title=_("%(person)s 批阅了您的%(kind)s（%(start)s）")
        % {
            "person": display_name(actor),
            "kind": report.get_kind_display(),
            "start": report.period_start,
        },
        body=report.comment,
        link=_link("report_detail", report.pk),
        document=report,
    )
    return report


# ---------------------------------------------------------------- the department's monthly report


def department_figures(
    *, viewer: Any, department_id: int, start: date, end: date
) -> dict[str, Any]:
    """The same figures per salesperson of the department and in total."""
    people = selectors.salespeople(department_ids=[department_id])
    rows = figures.figures_for(viewer=viewer, people=people, start=start, end=end)
    listed = [{"id": p.pk, "name": display_name(p), **rows[p.pk]} for p in people]
    return {"people": listed, "total": figures.total(listed)}


@transaction.atomic
def department_report_create(
    *, actor: Any, department_id: int | None, period_start: date | None, today: date | None = None
) -> DepartmentMonthlyReport:
    """The head's draft of the department's month, with its figures."""
    departments = rules.managed_departments(actor)
    if department_id is None and len(departments) == 1:
        department_id = departments[0]
    enforce(rules.can_write_department(actor, department_id), field="department")
    today = today or timezone.localdate()
    start, end = _period(ReportKind.MONTHLY, period_start, today)
    if DepartmentMonthlyReport.objects.filter(
        department_id=department_id, period_start=start
    ).exists():
        raise InvalidTransition(_("本部门这个月的月报已经存在"))
    report = DepartmentMonthlyReport(
        department_id=department_id, period_start=start, period_end=end, author=actor
    )
    report.figures = department_figures(
        viewer=actor, department_id=department_id, start=start, end=end
    )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:
        raise InvalidTransition(_("本部门这个月的月报已经存在")) from error
    audit(document=report, actor=actor, action="create", to_status=report.status)
    return report


def _refresh(report: DepartmentMonthlyReport) -> None:
    report.figures = department_figures(
        viewer=report.author,
        department_id=report.department_id,
        start=report.period_start,
        end=report.period_end,
    )


@transaction.atomic
def department_report_update(
    *, report: DepartmentMonthlyReport, actor: Any, data: dict[str, Any]
) -> DepartmentMonthlyReport:
    report = _locked(DepartmentMonthlyReport, report.pk)
    enforce(rules.can_edit_department(actor, report))
    changed = [f for f in DEPARTMENT_FIELDS if f in data]
    for name in changed:
        setattr(report, name, data[name])
    _refresh(report)
    report.save(update_fields=[*changed, "figures", "updated_at"])
    audit(document=report, actor=actor, action="edit", data={"fields": changed})
    return report


@transaction.atomic
def department_report_submit(
    *, report: DepartmentMonthlyReport, actor: Any
) -> DepartmentMonthlyReport:
    """To the GM: the figures frozen; the GM is told."""
    report = _locked(DepartmentMonthlyReport, report.pk)
    enforce(rules.can_submit_department(actor, report))
    _refresh(report)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.save(update_fields=["figures", "status", "submitted_at", "updated_at"])
    audit(
        document=report,
        actor=actor,
        action="submit",
        from_status=ReportStatus.DRAFT,
        to_status=report.status,
    )
    for gm in holders(Role.GM).exclude(pk=actor.pk):
        notify(
            recipient=gm,
            kind="report.submitted",
            dedupe_key=f"department-report:{report.pk}:submitted",
            title=_("%(department)s %(month)s 部门月报已提交")
            % {"department": report.department.name, "month": f"{report.period_start:%Y-%m}"},
            link=_link("report_department_detail", report.pk),
            document=report,
        )
    return report


@transaction.atomic
def department_report_comment(
    *, report: DepartmentMonthlyReport, actor: Any, comment: str
) -> DepartmentMonthlyReport:
    """The GM's comment; the head who wrote it is told."""
    report = _locked(DepartmentMonthlyReport, report.pk)
    enforce(rules.can_comment_department(actor, report))
    _record_comment(report, actor, comment)
    notify(
        recipient=report.author,
        kind="report.comment",
        dedupe_key=f"department-report:{report.pk}:comment",
        title=_("%(person)s 批阅了%(department)s %(month)s 部门月报")
        % {
            "person": display_name(actor),
            "department": report.department.name,
            "month": f"{report.period_start:%Y-%m}",
        },
        body=report.comment,
        link=_link("report_department_detail", report.pk),
        document=report,
    )
    return report


# ---------------------------------------------------------------- the sweep

REMIND_BEFORE = timedelta(hours=24)


def sweep(now: datetime) -> int:
    """Reports coming due within a day and reports overdue (due in the last week): each person
    reminded once per report and kind (dedupe key), the 主管 told of the overdue ones."""
    made = 0
    people = selectors.salespeople()
    upcoming = selectors.expected(people, now, now + REMIND_BEFORE)
    sent = {
        (r.kind, r.salesperson_id, r.period_start)
        for r in SalesReport.objects.filter(
            status__in=selectors.SENT, salesperson__in=people
        ).filter(period_start__gte=now.date() - timedelta(days=70))
    }
    for e in upcoming:
        if (e.kind, e.person.pk, e.start) in sent:
            continue
        made += _told(
            e.person,
            "report.due",
            f"report:{e.kind}:{e.person.pk}:{e.start}:due",
            _("%(kind)s（%(start)s）将于 %(due)s 到期")
            % {"kind": ReportKind(e.kind).label, "start": e.start, "due": _due_text(e.due)},
        )
    for e in selectors.missing(people, now - timedelta(days=7), now):
        key = f"report:{e.kind}:{e.person.pk}:{e.start}:overdue"
        title = _("%(person)s 的%(kind)s（%(start)s）已逾期未交") % {
            "person": display_name(e.person),
            "kind": ReportKind(e.kind).label,
            "start": e.start,
        }
        made += _told(e.person, "report.overdue", key, title)
        department = getattr(getattr(e.person, "employee", None), "department", None)
        for reader in {
            u
            for u in (getattr(department, "head", None), getattr(department, "manager", None))
            if u
        }:
            made += _told(reader, "report.overdue", key, title)
    return made


def _due_text(due: datetime) -> str:
    return f"{timezone.localtime(due):%Y-%m-%d %H:%M}"


def _told(recipient: Any, kind: str, key: str, title: str) -> int:
    return (
        1
        if notify(
            recipient=recipient,
            kind=kind,
            dedupe_key=key,
            title=title,
            link=reverse("department:reports"),
        )
        else 0
    )
