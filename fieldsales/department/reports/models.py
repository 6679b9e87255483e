"""Reports (周报/月报, department.md D4): a salesperson's weekly and monthly sales report, drafted
from the data and completed by them, and the department's monthly report for the GM. The
figures are computed while a draft and frozen at submit; a submitted report is never edited."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    WEEKLY = "weekly", _("周报")
    MONTHLY = "monthly", _("月报")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    COMMENTED = "commented", _("已批阅")


# What may happen next: (status, action) -> new status; anything else is 409.
TRANSITIONS = {
    (ReportStatus.DRAFT, "submit"): ReportStatus.SUBMITTED,
    (ReportStatus.SUBMITTED, "comment"): ReportStatus.COMMENTED,
}


class SalesReport(models.Model):
    """One salesperson's weekly (Monday–Sunday) or monthly report (forms.md 销售周报)."""

    kind = models.CharField(_("类型"), max_length=10, choices=ReportKind.choices)
    salesperson = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("业务员"),
        on_delete=models.PROTECT,
        related_name="sales_reports",
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    status = models.CharField(
        _("状态"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    figures = models.JSONField(_("本期业绩"), default=dict, blank=True)
    work = models.JSONField(_("本期工作"), default=list, blank=True)
    problems = models.TextField(_("问题与需支持事项"), blank=True)
    plan = models.JSONField(_("下期计划"), default=list, blank=True)
    plan_check = models.JSONField(_("上期计划完成情况"), default=list, blank=True)
    due_at = models.DateTimeField(_("应交时间"))
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    late = models.BooleanField(_("逾期提交"), default=False)
    comment = models.TextField(_("主管批阅意见"), blank=True)
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批阅人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    commented_at = models.DateTimeField(_("批阅时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("销售报告")
        ordering = ("-period_start", "kind", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("kind", "salesperson", "period_start"), name="one_sales_report_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="sales_report_period_order",
            ),
        ]
        indexes = [models.Index(fields=("status", "due_at"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start}"

    @property
    def frozen(self) -> bool:
        return self.status != ReportStatus.DRAFT


class DepartmentMonthlyReport(models.Model):
    """部门月报: the department's month for the GM, written by its head or manager."""

    department = models.ForeignKey(
        "org.Department", verbose_name=_("部门"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("月份"))
    period_end = models.DateField(_("截止日期"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    figures = models.JSONField(_("业绩"), default=dict, blank=True)
    summary = models.TextField(_("本月总结"), blank=True)
    problems = models.TextField(_("问题与需支持事项"), blank=True)
    plan = models.TextField(_("下月计划"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    comment = models.TextField(_("总经理批阅意见"), blank=True)
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批阅人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    commented_at = models.DateTimeField(_("批阅时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("部门月报")
        ordering = ("-period_start", "department_id")
        constraints = [
            models.UniqueConstraint(
                fields=("department", "period_start"), name="one_department_report_per_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.period_start:%Y-%m}"

    @property
    def frozen(self) -> bool:
        return self.status != ReportStatus.DRAFT
