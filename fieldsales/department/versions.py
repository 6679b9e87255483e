"""The department's effective-dated parameter versions (department.md) and the one in force."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldsales.core.memo import rows_of
from fieldsales.department.params import DEFAULT_DEPARTMENT_PARAMS, DepartmentParams
from fieldsales.scoring.params import INDICATOR_KEYS, WEIGHTS_TOTAL, ScoringParams

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
    work_start = models.TimeField(_("上班时间（D7）"), default=DEFAULT_DEPARTMENT_PARAMS.work_start)
    work_end = models.TimeField(_("下班时间（D7）"), default=DEFAULT_DEPARTMENT_PARAMS.work_end)
    duty_weekdays = models.CharField(
        _("展厅值日（星期，0=星期一，逗号分隔，D8）"),
        max_length=20,
        default=",".join(str(day) for day in DEFAULT_DEPARTMENT_PARAMS.duty_weekdays),
    )
    duty_start = models.TimeField(_("值日开始（D8）"), default=DEFAULT_DEPARTMENT_PARAMS.duty_start)
    duty_end = models.TimeField(_("值日结束（D8）"), default=DEFAULT_DEPARTMENT_PARAMS.duty_end)
    duty_done_by = models.TimeField(
        _("值日确认截止（D8）"), default=DEFAULT_DEPARTMENT_PARAMS.duty_done_by
    )
    w_sales = models.DecimalField(
        _("权重：销售额（D6）"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_DEPARTMENT_PARAMS.scoring.w_sales,
        validators=[MinValueValidator(Decimal(0))],
    )
    w_collection = models.DecimalField(
        _("权重：回款率（D6）"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_DEPARTMENT_PARAMS.scoring.w_collection,
        validators=[MinValueValidator(Decimal(0))],
    )
    w_new_customers = models.DecimalField(
        _("权重：新客户（D6）"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_DEPARTMENT_PARAMS.scoring.w_new_customers,
        validators=[MinValueValidator(Decimal(0))],
    )
    w_growth = models.DecimalField(
        _("权重：增长率（D6）"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_DEPARTMENT_PARAMS.scoring.w_growth,
        validators=[MinValueValidator(Decimal(0))],
    )
    w_satisfaction = models.DecimalField(
        _("权重：客户满意度（D6）"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_DEPARTMENT_PARAMS.scoring.w_satisfaction,
        validators=[MinValueValidator(Decimal(0))],
    )
    w_expense = models.DecimalField(
        _("权重：费用率（D6）"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_DEPARTMENT_PARAMS.scoring.w_expense,
        validators=[MinValueValidator(Decimal(0))],
    )
    w_discipline = models.DecimalField(
        _("权重：纪律（D6）"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_DEPARTMENT_PARAMS.scoring.w_discipline,
        validators=[MinValueValidator(Decimal(0))],
    )
    w_manager = models.DecimalField(
        _("权重：经理评分（D6）"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_DEPARTMENT_PARAMS.scoring.w_manager,
        validators=[MinValueValidator(Decimal(0))],
    )
    ratio_cap = models.DecimalField(
        _("比率上限（D6）"),
        max_digits=6,
        decimal_places=4,
        default=DEFAULT_DEPARTMENT_PARAMS.scoring.ratio_cap,
        validators=[MinValueValidator(Decimal(0))],
    )
    new_customer_target = models.DecimalField(
        _("新客户目标（每季度，D6）"),
        max_digits=6,
        decimal_places=2,
        default=DEFAULT_DEPARTMENT_PARAMS.scoring.new_customer_target,
        validators=[MinValueValidator(Decimal(0))],
    )
    expense_ratio_target = models.DecimalField(
        _("费用率目标（D6）"),
        max_digits=6,
        decimal_places=4,
        default=DEFAULT_DEPARTMENT_PARAMS.scoring.expense_ratio_target,
        validators=[MinValueValidator(Decimal(0))],
    )
    discipline_step = models.DecimalField(
        _("每次违纪扣减比率（D6）"),
        max_digits=6,
        decimal_places=4,
        default=DEFAULT_DEPARTMENT_PARAMS.scoring.discipline_step,
        validators=[MinValueValidator(Decimal(0))],
    )
    bonus_rate = models.DecimalField(
        _("奖金比例（回款额，D6）"),
        max_digits=6,
        decimal_places=4,
        default=DEFAULT_DEPARTMENT_PARAMS.scoring.bonus_rate,
        validators=[MinValueValidator(Decimal(0))],
    )
    grade_a = models.DecimalField(
        _("A 级分数线（D6）"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_DEPARTMENT_PARAMS.scoring.grade_a,
        validators=[MinValueValidator(Decimal(0))],
    )
    grade_b = models.DecimalField(
        _("B 级分数线（D6）"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_DEPARTMENT_PARAMS.scoring.grade_b,
        validators=[MinValueValidator(Decimal(0))],
    )
    grade_c = models.DecimalField(
        _("C 级分数线（D6）"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_DEPARTMENT_PARAMS.scoring.grade_c,
        validators=[MinValueValidator(Decimal(0))],
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

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        try:
            self.duty_weekday_tuple()
        except ValueError:
            errors["duty_weekdays"] = _("D8：值日星期写作 0–6 的数字，用逗号分隔（0=星期一）。")
        weights = [getattr(self, f"w_{key}") for key in INDICATOR_KEYS]
        if all(weight is not None for weight in weights) and sum(weights) != WEIGHTS_TOTAL:
            errors["w_sales"] = _("D6：各项权重之和必须为 100（现为 %(total)s）。") % {
                "total": sum(weights)
            }
        for field in ("ratio_cap", "new_customer_target"):
            if getattr(self, field) is not None and getattr(self, field) <= 0:
                errors[field] = _("D6：必须大于 0。")
        if None not in (self.grade_a, self.grade_b, self.grade_c) and not (
            self.grade_a >= self.grade_b >= self.grade_c
        ):
            errors["grade_a"] = _("D6：分数线须 A ≥ B ≥ C。")
        if errors:
            raise ValidationError(errors)

    def duty_weekday_tuple(self) -> tuple[int, ...]:
        """The duty days as weekday numbers; ValueError when the text is not 0–6, comma separated."""
        days = tuple(int(part) for part in self.duty_weekdays.split(",") if part.strip())
        if not days or any(not 0 <= day <= 6 for day in days):
            raise ValueError(self.duty_weekdays)
        return days

    def scoring_params(self) -> ScoringParams:
        return ScoringParams(
            **{f"w_{key}": getattr(self, f"w_{key}") for key in INDICATOR_KEYS},
            ratio_cap=self.ratio_cap,
            new_customer_target=self.new_customer_target,
            expense_ratio_target=self.expense_ratio_target,
            discipline_step=self.discipline_step,
            bonus_rate=self.bonus_rate,
            grade_a=self.grade_a,
            grade_b=self.grade_b,
            grade_c=self.grade_c,
        )

    def params(self) -> DepartmentParams:
        return DepartmentParams(
            name=self.name,
            effective_from=self.effective_from,
            log_due=self.log_due,
            weekly_report_due_weekday=self.weekly_report_due_weekday,
            weekly_report_due_time=self.weekly_report_due_time,
            monthly_report_due_day=self.monthly_report_due_day,
            work_start=self.work_start,
            work_end=self.work_end,
            duty_weekdays=self.duty_weekday_tuple(),
            duty_start=self.duty_start,
            duty_end=self.duty_end,
            duty_done_by=self.duty_done_by,
            scoring=self.scoring_params(),
        )


# The figures a new version starts from (the latest version's), as the admin form fills them.
VERSION_FIGURES = (
    "log_due",
    "weekly_report_due_weekday",
    "weekly_report_due_time",
    "monthly_report_due_day",
    "work_start",
    "work_end",
    "duty_weekdays",
    "duty_start",
    "duty_end",
    "duty_done_by",
    *(f"w_{key}" for key in INDICATOR_KEYS),
    "ratio_cap",
    "new_customer_target",
    "expense_ratio_target",
    "discipline_step",
    "bonus_rate",
    "grade_a",
    "grade_b",
    "grade_c",
)


def department_params_on(day: date) -> DepartmentParams:
    """The parameters in force on `day`: the latest version from then, else the built-in ones."""
    versions = rows_of(DepartmentPolicyVersion, "-effective_from")  # once per request
    version = next((v for v in versions if v.effective_from <= day), None)
    return version.params() if version is not None else DEFAULT_DEPARTMENT_PARAMS
