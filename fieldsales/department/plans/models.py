"""Plans (计划, department.md D2): the salesperson's monthly sales plan approved by the
department manager, and the manager's yearly, monthly, weekly and daily work plans with items;
an approved yearly or monthly plan is changed by a new version (计划变更) the GM approves."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldsales.core.workflow import (
    APPROVER,
    AUTHOR,
    SYSTEM,
    ApprovalDocument,
    Kind,
    Table,
    Transition,
)


class PlanKind(models.TextChoices):
    SALES = "sales", _("月度销售计划")
    YEARLY = "yearly", _("年度工作计划")
    MONTHLY = "monthly", _("月度工作计划")
    WEEKLY = "weekly", _("周工作计划")
    DAILY = "daily", _("日工作计划")


# The manager's work plans; of them, the yearly and monthly ones go to the GM and are changed
# by a new version (计划变更); weekly and daily ones need no approval (kept up to date).
WORK_KINDS = (PlanKind.YEARLY, PlanKind.MONTHLY, PlanKind.WEEKLY, PlanKind.DAILY)
VERSIONED_KINDS = (PlanKind.YEARLY, PlanKind.MONTHLY)
KEPT_KINDS = (PlanKind.WEEKLY, PlanKind.DAILY)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")
    ACTIVE = "active", _("执行中")
    SUPERSEDED = "superseded", _("已变更（旧版本）")
    CANCELLED = "cancelled", _("已作废")


OPEN = (PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.REJECTED)
EDITABLE = (PlanStatus.DRAFT, PlanStatus.REJECTED)


class Plan(ApprovalDocument):
    """One plan for one period: a salesperson's month (目标、策略、行动计划、拜访计划) or one
    version of a department's yearly, monthly, weekly or daily work plan (its items)."""

    S = PlanStatus
    AUDIT_LABEL = "plan"
    TRANSITIONS: ClassVar[Table] = {
        (S.DRAFT, "submit"): Transition(S.SUBMITTED, AUTHOR, Kind.SUBMIT),
        (S.REJECTED, "submit"): Transition(S.SUBMITTED, AUTHOR, Kind.SUBMIT),
        (S.SUBMITTED, "approve"): Transition(S.APPROVED, APPROVER, Kind.APPROVE),
        (S.SUBMITTED, "reject"): Transition(S.REJECTED, APPROVER, Kind.REJECT),
        (S.SUBMITTED, "withdraw"): Transition(S.DRAFT, AUTHOR),
        (S.DRAFT, "cancel"): Transition(S.CANCELLED, AUTHOR),
        (S.REJECTED, "cancel"): Transition(S.CANCELLED, AUTHOR),
        (S.ACTIVE, "cancel"): Transition(S.CANCELLED, AUTHOR),
        (S.APPROVED, "supersede"): Transition(S.SUPERSEDED, SYSTEM, Kind.SYSTEM),
    }

    status = models.CharField(
        _("状态"), max_length=20, choices=PlanStatus.choices, default=S.DRAFT, db_index=True
    )
    kind = models.CharField(_("计划类型"), max_length=10, choices=PlanKind.choices)
    period_start = models.DateField(_("期间开始"))
    period_end = models.DateField(_("期间结束"))
    department = models.ForeignKey(
        "org.Department", verbose_name=_("部门"), on_delete=models.PROTECT, related_name="plans"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("制定人"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("上一版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="changes",
    )
    reason = models.TextField(_("变更原因"), blank=True)
    # The monthly sales plan's four parts (业务部销售管理规定 第五条).
    goal = models.TextField(_("目标"), blank=True)
    strategy = models.TextField(_("策略"), blank=True)
    action_plan = models.TextField(_("行动计划"), blank=True)
    visit_plan = models.TextField(_("拜访计划"), blank=True)
    customers = models.ManyToManyField(
        "crm.Customer", verbose_name=_("计划拜访客户"), blank=True, related_name="+"
    )
    # A work plan's own words besides its items.
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("计划")
        verbose_name_plural = _("计划")
        ordering = ["-period_start", "kind", "owner_id", "-version"]
        constraints = [
            # D2: one monthly sales plan per salesperson and month (a cancelled one aside).
            models.UniqueConstraint(
                fields=["owner", "period_start"],
                condition=models.Q(kind="sales") & ~models.Q(status="cancelled"),
                name="plan_sales_one_per_month",
            ),
            models.UniqueConstraint(
                fields=["department", "kind", "period_start", "version"],
                condition=~models.Q(kind="sales"),
                name="plan_work_version_unique",
            ),
            # One version in the making at a time (two clicks make one change).
            models.UniqueConstraint(
                fields=["department", "kind", "period_start"],
                condition=models.Q(
                    kind__in=["yearly", "monthly"], status__in=["draft", "submitted", "rejected"]
                ),
                name="plan_work_one_open",
            ),
            models.UniqueConstraint(
                fields=["department", "kind", "period_start"],
                condition=models.Q(kind__in=["weekly", "daily"], status="active"),
                name="plan_work_one_active",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="plan_period_order",
            ),
        ]
        indexes = [models.Index(fields=["kind", "period_start"], name="plan_kind_period")]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        start = self.period_start.strftime("%Y%m%d") if self.period_start else ""
        code = {"sales": "S", "yearly": "Y", "monthly": "M", "weekly": "W", "daily": "D"}
        who = f"U{self.owner_id}" if self.kind == PlanKind.SALES else f"D{self.department_id}"
        return f"PL-{code.get(self.kind, 'X')}{start}-{who}-v{self.version}"

    @property
    def author(self) -> Any:
        return self.owner

    @property
    def is_sales(self) -> bool:
        return self.kind == PlanKind.SALES

    @property
    def is_kept(self) -> bool:
        """Weekly and daily work plans: no approval, items kept up to date."""
        return self.kind in KEPT_KINDS

    @property
    def is_versioned(self) -> bool:
        return self.kind in VERSIONED_KINDS


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("进行中")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("取消")


class PlanItem(models.Model):
    """One task of a work plan: who does it by when, how far it is and what came of it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    task = models.CharField(_("任务"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("负责人"),
        on_delete=models.PROTECT,
        related_name="plan_items",
    )
    due = models.DateField(_("完成期限"))
    status = models.CharField(
        _("状态"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    result = models.TextField(_("完成情况"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("计划事项")
        verbose_name_plural = _("计划事项")
        ordering = ["plan_id", "position", "pk"]
        indexes = [models.Index(fields=["owner", "due"], name="plan_item_owner_due")]

    def __str__(self) -> str:
        return self.task
