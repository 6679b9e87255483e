"""Opportunities and their stage history."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldsales.core.models import MONEY
from fieldsales.core.workflow import Stateful, Table, Transition
from fieldsales.crm.customers.models import Customer
from fieldsales.crm.pipeline import rules


class Stage(models.TextChoices):
    """五、客户开发与维护 2: a. 查找潜在客户 … e. 跟进合同执行, then won or lost."""

    LEAD_FOUND = "lead_found", _("查找潜在客户")
    CONTACTED = "contacted", _("建立联系")
    NEEDS_UNDERSTOOD = "needs_understood", _("推荐产品、了解需求")
    CONTRACT_SIGNED = "contract_signed", _("确定合作意向、签订合同")
    IN_EXECUTION = "in_execution", _("跟进合同执行")
    WON = "won", _("成交")
    LOST = "lost", _("丢单")


BOARD_STAGES = (
    Stage.LEAD_FOUND,
    Stage.CONTACTED,
    Stage.NEEDS_UNDERSTOOD,
    Stage.CONTRACT_SIGNED,
    Stage.IN_EXECUTION,
)


CLOSED_STAGES = (Stage.WON, Stage.LOST)


class Opportunity(Stateful):
    """A sale being developed at a customer, along the five stages (五、客户开发与维护 2)."""

    S = Stage
    STATE_FIELD = "stage"
    # One step forward, one step back before the contract, lost from any open stage, a lost
    # opportunity reopened as a lead; won only after execution. Only workflow.apply moves it.
    TRANSITIONS: ClassVar[Table] = {
        (S.LEAD_FOUND, "forward"): Transition(S.CONTACTED, "worker"),
        (S.LEAD_FOUND, "lose"): Transition(S.LOST, "worker"),
        (S.CONTACTED, "forward"): Transition(S.NEEDS_UNDERSTOOD, "worker"),
        (S.CONTACTED, "back"): Transition(S.LEAD_FOUND, "worker"),
        (S.CONTACTED, "lose"): Transition(S.LOST, "worker"),
        (S.NEEDS_UNDERSTOOD, "sign"): Transition(S.CONTRACT_SIGNED, "worker"),
        (S.NEEDS_UNDERSTOOD, "back"): Transition(S.CONTACTED, "worker"),
        (S.NEEDS_UNDERSTOOD, "lose"): Transition(S.LOST, "worker"),
        (S.CONTRACT_SIGNED, "forward"): Transition(S.IN_EXECUTION, "worker"),
        (S.CONTRACT_SIGNED, "lose"): Transition(S.LOST, "worker"),
        (S.IN_EXECUTION, "win"): Transition(S.WON, "worker"),
        (S.IN_EXECUTION, "lose"): Transition(S.LOST, "worker"),
        (S.LOST, "reopen"): Transition(S.LEAD_FOUND, "worker"),
    }
    CUSTOM_ACTORS = frozenset({"worker"})

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="opportunities")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("负责业务员"),
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    title = models.CharField(_("商机名称"), max_length=120)
    stage = models.CharField(
        _("阶段"), max_length=20, choices=Stage.choices, default=Stage.LEAD_FOUND, db_index=True
    )
    amount = models.DecimalField(_("预计金额"), default=0, **MONEY)
    expected_close = models.DateField(_("预计签约日期"), null=True, blank=True)
    next_follow_up = models.DateField(_("下次跟进日期"), null=True, blank=True)
    products = models.CharField(_("意向产品"), max_length=200, blank=True)
    note = models.TextField(_("说明"), blank=True)
    lost_reason = models.CharField(_("丢单原因"), max_length=200, blank=True)
    won_reason = models.CharField(_("成交说明"), max_length=200, blank=True)
    stage_changed_at = models.DateTimeField(_("进入当前阶段时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("商机")
        verbose_name_plural = _("商机")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="opportunity_amount_non_negative"
            ),
        ]
        indexes = [
            # A board column: its stage's first opportunities by next follow-up (pipeline_board).
            models.Index(fields=["stage", "next_follow_up", "-id"], name="crm_opportunity_board"),
            models.Index(fields=["created_at", "id"], name="opportunity_newest"),  # newest first
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def number(self) -> str:
        return f"SJ{self.created_at:%Y}{self.pk:05d}" if self.pk else "SJ-new"

    @property
    def is_open(self) -> bool:
        return self.stage not in CLOSED_STAGES

    def may_act_as(self, who: str, user: Any) -> bool:
        return who == "worker" and rules.works_on(user, self)


class StageChange(models.Model):
    """The pipeline's history: every move with its date, who, and why."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="changes")
    from_stage = models.CharField(_("原阶段"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=20, choices=Stage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("说明"), max_length=200, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("商机阶段变化")
        verbose_name_plural = _("商机阶段变化")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"
