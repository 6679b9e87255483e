"""Targets (销售目标, department.md D1): the GM's annual company target split over departments,
and a department's split over salespeople and months; each change a new version."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldsales.core.models import MONEY
from fieldsales.core.workflow import (
    APPROVER,
    AUTHOR,
    SYSTEM,
    ApprovalDocument,
    Kind,
    Table,
    Transition,
)


class Measure(models.TextChoices):
    SALES = "sales", _("签单额")
    COLLECTIONS = "collections", _("回款额")


class TargetLevel(models.TextChoices):
    COMPANY = "company", _("公司年度目标")
    DEPARTMENT = "department", _("部门目标分解")


class TargetStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待总经理审批")
    APPROVED = "approved", _("执行中")
    REJECTED = "rejected", _("已驳回")
    SUPERSEDED = "superseded", _("已调整（旧版本）")
    CANCELLED = "cancelled", _("已作废")


OPEN = (TargetStatus.DRAFT, TargetStatus.SUBMITTED, TargetStatus.REJECTED)
EDITABLE = (TargetStatus.DRAFT, TargetStatus.REJECTED)


class Target(ApprovalDocument):
    """One version of a year's target: the company's (GM, in force when published) or a
    department's split over people and months (head/manager, approved by the GM). An approved
    version is never edited: a change (目标调整) is the next version with a reason, and the
    approval of the next one marks this one superseded."""

    S = TargetStatus
    AUDIT_LABEL = "target"
    TRANSITIONS: ClassVar[Table] = {
        (S.DRAFT, "submit"): Transition(S.SUBMITTED, AUTHOR, Kind.SUBMIT),
        (S.REJECTED, "submit"): Transition(S.SUBMITTED, AUTHOR, Kind.SUBMIT),
        (S.SUBMITTED, "approve"): Transition(S.APPROVED, APPROVER, Kind.APPROVE),
        (S.SUBMITTED, "reject"): Transition(S.REJECTED, APPROVER, Kind.REJECT),
        (S.SUBMITTED, "withdraw"): Transition(S.DRAFT, AUTHOR),
        # D1: the company's target is the GM's own decision; nobody above approves it.
        (S.DRAFT, "publish"): Transition(S.APPROVED, "company_setter"),
        (S.DRAFT, "cancel"): Transition(S.CANCELLED, AUTHOR),
        (S.REJECTED, "cancel"): Transition(S.CANCELLED, AUTHOR),
        (S.APPROVED, "supersede"): Transition(S.SUPERSEDED, SYSTEM, Kind.SYSTEM),
    }
    CUSTOM_ACTORS = frozenset({"company_setter"})

    status = models.CharField(
        _("状态"), max_length=20, choices=TargetStatus.choices, default=S.DRAFT, db_index=True
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    level = models.CharField(_("层级"), max_length=12, choices=TargetLevel.choices)
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("上一版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adjustments",
    )
    reason = models.TextField(_("调整原因"), blank=True)
    sales_total = models.DecimalField(_("签单额目标"), default=0, **MONEY)
    collections_total = models.DecimalField(_("回款额目标"), default=0, **MONEY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("制定人"),
        on_delete=models.PROTECT,
        related_name="targets_set",
    )

    class Meta:
        verbose_name = _("销售目标")
        verbose_name_plural = _("销售目标")
        ordering = ["-year", "level", "department_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "version"],
                condition=models.Q(level="company"),
                name="target_company_version_unique",
            ),
            models.UniqueConstraint(
                fields=["year", "department", "version"],
                condition=models.Q(level="department"),
                name="target_department_version_unique",
            ),
            # One version in the making at a time (two heads' clicks make one draft).
            models.UniqueConstraint(
                fields=["year", "level"],
                condition=models.Q(level="company", status__in=["draft", "submitted", "rejected"]),
                name="target_company_one_open",
            ),
            models.UniqueConstraint(
                fields=["year", "department"],
                condition=models.Q(
                    level="department", status__in=["draft", "submitted", "rejected"]
                ),
                name="target_department_one_open",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(level="company", department__isnull=True)
                    | models.Q(level="department", department__isnull=False)
                ),
                name="target_level_department",
            ),
            models.CheckConstraint(
                condition=models.Q(sales_total__gte=0, collections_total__gte=0),
                name="target_totals_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        where = "C" if self.level == TargetLevel.COMPANY else f"D{self.department_id}"
        return f"TG-{self.year}-{where}-v{self.version}"

    @property
    def author(self) -> Any:
        return self.created_by

    @property
    def is_company(self) -> bool:
        return self.level == TargetLevel.COMPANY

    def may_act_as(self, who: str, user: Any) -> bool:
        if who == "company_setter":
            from fieldsales.org.access import has_role
            from fieldsales.org.models import Role

            return self.is_company and user.pk == self.created_by_id and has_role(user, Role.GM)
        return super().may_act_as(who, user)


class TargetLine(models.Model):
    """One amount of a target: a department's year (company level, month 0), or a salesperson's
    year (month 0), months 1–12 and optionally the year by product category (department level),
    in one measure."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="lines")
    measure = models.CharField(_("指标"), max_length=12, choices=Measure.choices)
    department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    salesperson = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("销售员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="target_lines",
    )
    # D1 optionally per product category: a person's year split over categories (month 0).
    category = models.ForeignKey(
        "sales.ProductCategory",
        verbose_name=_("产品类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    month = models.PositiveSmallIntegerField(_("月份"), default=0)  # 0: the whole year
    amount = models.DecimalField(_("金额"), **MONEY)

    class Meta:
        verbose_name = _("目标明细")
        verbose_name_plural = _("目标明细")
        ordering = ["target_id", "department_id", "salesperson_id", "measure", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "measure", "department", "salesperson", "category", "month"],
                name="target_line_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=0, month__lte=12), name="target_line_month"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="target_line_non_negative"
            ),
        ]
        indexes = [models.Index(fields=["salesperson", "target"], name="target_line_person")]

    def __str__(self) -> str:
        return f"{self.target} · {self.measure} · {self.month}"
