"""The audit log and the approval steps shared by every document."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldsales.core.people import display_name

# Every money column: Decimal to the fen (style.md).
MONEY = {"max_digits": 12, "decimal_places": 2}


class AuditEvent(models.Model):
    """One append-only line of history: who did what to which document, from and to."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("动作"), max_length=40)
    from_status = models.CharField(_("原状态"), max_length=20, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, blank=True)
    comment = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def actor_name(self) -> str:
        """Who did it, for pages, the API and PDFs: an entry the system wrote shows 系统."""
        return actor_label(self.actor)


def actor_label(user) -> str:  # type: ignore[no-untyped-def]
    """A person's name (family name first), or 系统 for what the system did on its own."""
    if user is None:
        return str(_("系统"))
    return display_name(user)


class Decision(models.TextChoices):
    APPROVE = "approve", _("同意")
    REJECT = "reject", _("驳回")


class Approval(models.Model):
    """One decision taken at one step of a document's approval chain."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("content_type", "object_id")
    round = models.PositiveSmallIntegerField(_("提交轮次"), default=1)
    step = models.PositiveSmallIntegerField(_("步骤"))
    role = models.CharField(_("角色"), max_length=20)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("决定"), max_length=10, choices=Decision.choices)
    comment = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审批记录")
        verbose_name_plural = _("审批记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "round", "step"], name="one_decision_per_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.decision}"


class Counter(models.Model):
    """One named number series (customer codes, …): allocated under a row lock, never twice."""

    name = models.CharField(_("名称"), max_length=40, unique=True)
    value = models.PositiveBigIntegerField(_("最后编号"), default=0)

    class Meta:
        verbose_name = _("编号计数器")
        verbose_name_plural = _("编号计数器")

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
