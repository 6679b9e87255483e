"""Service requests (after-sales and complaints) and their handling steps."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldsales.core.workflow import Stateful, Table, Transition
from fieldsales.crm.customers.models import Customer
from fieldsales.crm.service import rules


class ServiceKind(models.TextChoices):
    SERVICE = "service", _("售后服务")
    COMPLAINT = "complaint", _("投诉")


class ServiceStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    IN_PROGRESS = "in_progress", _("处理中")
    RESOLVED = "resolved", _("待客户确认")
    CLOSED = "closed", _("已关闭")
    CANCELLED = "cancelled", _("已撤销")


class ServiceRequest(Stateful):
    """售后服务 / 投诉: handling steps, an owner, a deadline, closure confirmed by the customer."""

    S = ServiceStatus
    # Written only by workflow.apply (service.services); the handler is the owner or whoever
    # directs their work, and the one who opened a request may also cancel it.
    TRANSITIONS: ClassVar[Table] = {
        (S.OPEN, "step"): Transition(S.IN_PROGRESS, "handler"),
        (S.IN_PROGRESS, "step"): Transition(S.IN_PROGRESS, "handler"),
        (S.OPEN, "assign"): Transition(S.OPEN, "handler"),
        (S.IN_PROGRESS, "assign"): Transition(S.IN_PROGRESS, "handler"),
        (S.IN_PROGRESS, "resolve"): Transition(S.RESOLVED, "handler"),
        (S.RESOLVED, "confirm"): Transition(S.CLOSED, "handler"),
        (S.RESOLVED, "reopen"): Transition(S.IN_PROGRESS, "handler"),
        (S.OPEN, "cancel"): Transition(S.CANCELLED, "opener_or_handler"),
    }
    CUSTOM_ACTORS = frozenset({"handler", "opener_or_handler"})
    OPEN_STATUSES = (S.OPEN, S.IN_PROGRESS, S.RESOLVED)

    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="service_requests"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=ServiceKind.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=ServiceStatus.choices, default=S.OPEN, db_index=True
    )
    title = models.CharField(_("事项"), max_length=120)
    description = models.TextField(_("详细情况"))
    contact_name = models.CharField(_("客户联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("负责人"),
        on_delete=models.PROTECT,
        related_name="service_requests",
    )
    deadline = models.DateField(_("处理期限"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    resolution = models.TextField(_("处理结果"), blank=True)
    resolved_at = models.DateTimeField(_("处理完成时间"), null=True, blank=True)
    confirmed_by_name = models.CharField(_("客户确认人"), max_length=40, blank=True)
    confirmed_at = models.DateTimeField(_("客户确认时间"), null=True, blank=True)
    confirmation_note = models.CharField(_("客户确认意见"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("售后服务/投诉")
        verbose_name_plural = _("售后服务/投诉")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        prefix = "TS" if self.kind == ServiceKind.COMPLAINT else "FW"
        return f"{prefix}{self.created_at:%Y}{self.pk:05d}" if self.pk else f"{prefix}-new"

    def may_act_as(self, who: str, user: Any) -> bool:
        return rules.acts_as(who, user, self)


class ServiceStep(models.Model):
    """One handling step of a service request or complaint."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("动作"), max_length=20)
    note = models.TextField(_("处理情况"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.request} {self.action}"


class ServiceRequestPhoto(models.Model):
    """A photo of the problem (a scratched frame, a fault display), checked by core.uploads."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="service/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("售后/投诉照片")
        verbose_name_plural = _("售后/投诉照片")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.request} #{self.pk}"
