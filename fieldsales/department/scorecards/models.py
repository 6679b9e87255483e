"""The quarterly scorecard (季度考核, department.md D6): one per salesperson and quarter. The app
gathers the facts, the department's manager adds points and a comment, the salesperson
acknowledges (被考核人确认) or disputes, the GM approves; then facts, result and evidence are
frozen and never written again."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldsales.core.models import MONEY
from fieldsales.core.workflow import SYSTEM, Kind, Stateful, Table, Transition


class ScorecardStatus(models.TextChoices):
    GATHERED = "gathered", _("待考核人评分")
    REVIEWED = "reviewed", _("待本人确认")
    DISPUTED = "disputed", _("有异议")
    ACKNOWLEDGED = "acknowledged", _("待总经理审批")
    APPROVED = "approved", _("已审批")


class Scorecard(Stateful):
    """One salesperson's quarter: the facts as gathered (with the documents behind each
    figure), the engine's result, the manager's points and comment, the person's answer."""

    S = ScorecardStatus
    AUDIT_LABEL = "scorecard"
    TRANSITIONS: ClassVar[Table] = {
        (S.GATHERED, "review"): Transition(S.REVIEWED, "manager"),
        (S.REVIEWED, "review"): Transition(S.REVIEWED, "manager"),
        # A dispute goes back to the manager, who revises and sends it again.
        (S.DISPUTED, "review"): Transition(S.REVIEWED, "manager"),
        (S.REVIEWED, "acknowledge"): Transition(S.ACKNOWLEDGED, "person"),
        (S.REVIEWED, "dispute"): Transition(S.DISPUTED, "person"),
        (S.ACKNOWLEDGED, "approve"): Transition(S.APPROVED, "gm"),
        # New figures after the person confirmed: they confirm again (gathered again).
        (S.ACKNOWLEDGED, "refresh"): Transition(S.REVIEWED, SYSTEM, Kind.SYSTEM),
    }
    CUSTOM_ACTORS = frozenset({"manager", "person", "gm"})
    FROZEN = (S.APPROVED,)

    salesperson = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("被考核人"),
        on_delete=models.PROTECT,
        related_name="scorecards",
    )
    department = models.ForeignKey(
        "org.Department", verbose_name=_("部门"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    status = models.CharField(
        _("状态"), max_length=20, choices=ScorecardStatus.choices, default=S.GATHERED, db_index=True
    )
    facts = models.JSONField(_("考核数据"), default=dict)
    result = models.JSONField(_("考核结果"), null=True, blank=True)
    evidence = models.JSONField(_("依据"), default=dict)
    incidents = models.JSONField(_("违纪记录"), default=list)
    # Why the engine could not score it ("" when it could), e.g. a sales target of 0 (D6).
    unscorable = models.CharField(_("无法评分原因"), max_length=300, blank=True)
    total = models.DecimalField(_("综合得分"), null=True, blank=True, **MONEY)
    grade = models.CharField(_("等级"), max_length=1, blank=True)
    manager_points = models.DecimalField(_("能力与态度得分"), null=True, blank=True, **MONEY)
    comment = models.TextField(_("考核人评语"), blank=True)
    dispute_reason = models.TextField(_("异议理由"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("考核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("评分时间"), null=True, blank=True)
    # When the manager first sent it to the person (the inbox's 提交时间).
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    gathered_at = models.DateTimeField(_("数据采集时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("季度考核表")
        verbose_name_plural = _("季度考核表")
        ordering = ["-year", "-quarter", "department_id", "salesperson_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["salesperson", "year", "quarter"], name="scorecard_one_per_quarter"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="scorecard_quarter"
            ),
        ]
        indexes = [models.Index(fields=["department", "year", "quarter"], name="scorecard_dept_q")]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"KH{self.year}Q{self.quarter}-{self.salesperson_id}"

    @property
    def quarter_label(self) -> str:
        return f"{self.year}Q{self.quarter}"

    @property
    def author(self) -> Any:
        return self.salesperson

    @property
    def is_frozen(self) -> bool:
        return self.status in self.FROZEN

    @property
    def provisional(self) -> bool:
        return bool(self.result and self.result.get("provisional"))

    def may_act_as(self, who: str, user: Any) -> bool:
        if user.pk == self.salesperson_id:
            return who == "person"
        if who == "manager":
            from fieldsales.department.scorecards.rules import manages_card

            return manages_card(user, self)
        if who == "gm":
            from fieldsales.org.access import has_role
            from fieldsales.org.models import Role

            return has_role(user, Role.GM)
        return False
