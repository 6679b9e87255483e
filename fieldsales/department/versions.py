"""The department's effective-dated parameter versions (department.md) and the one in force."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldsales.department.params import DEFAULT_DEPARTMENT_PARAMS, DepartmentParams

WEEKDAYS = [
    (0, _("星期一")),
    (1, _("星期二")),
    (2, _("星期三")),
    (3, _("星期四")),
    (4, _("星期五")),
    (5, _("星期六")),
    (6, _("星期日")),
]


class DepartmentPolicyVersion(models.Model):
    """department.md's parameters, in force from `effective_from` until the next version."""

    name = models.CharField(_("版本名称"), max_length=60, unique=True)
    effective_from = models.DateField(_("生效日期"), unique=True)
    log_due = models.TimeField(
        _("工作日志截止时间（次一工作日，D3）"), default=DEFAULT_DEPARTMENT_PARAMS.log_due
    )
    weekly_report_due_weekday = models.PositiveSmallIntegerField(
        _("周报截止（星期，D4）"),
        choices=WEEKDAYS,
        default=DEFAULT_DEPARTMENT_PARAMS.weekly_report_due_weekday,
    )
    weekly_report_due_time = models.TimeField(
        _("周报截止时间（D4）"), default=DEFAULT_DEPARTMENT_PARAMS.weekly_report_due_time
    )
    monthly_report_due_day = models.PositiveSmallIntegerField(
        _("月报截止日（次月几号，D4）"), default=DEFAULT_DEPARTMENT_PARAMS.monthly_report_due_day
    )
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("部门管理制度版本")
        verbose_name_plural = _("部门管理制度版本")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(monthly_report_due_day__gte=1, monthly_report_due_day__lte=28),
                name="department_version_monthly_due_day",
            ),
            models.CheckConstraint(
                condition=models.Q(weekly_report_due_weekday__lte=6),
                name="department_version_weekday",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.effective_from} 起）"

    def params(self) -> DepartmentParams:
        return DepartmentParams(
            name=self.name,
            effective_from=self.effective_from,
            log_due=self.log_due,
            weekly_report_due_weekday=self.weekly_report_due_weekday,
            weekly_report_due_time=self.weekly_report_due_time,
            monthly_report_due_day=self.monthly_report_due_day,
        )


# The figures a new version starts from (the latest version's), as the admin form fills them.
VERSION_FIGURES = (
    "log_due",
    "weekly_report_due_weekday",
    "weekly_report_due_time",
    "monthly_report_due_day",
)


def department_params_on(day: date) -> DepartmentParams:
    """The parameters in force on `day`: the latest version from then, else the built-in ones."""
    version = DepartmentPolicyVersion.objects.filter(effective_from__lte=day).first()
    return version.params() if version is not None else DEFAULT_DEPARTMENT_PARAMS
