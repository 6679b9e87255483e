"""Inquiries and tenders (selling.md S3): registered, decided, answered, concluded."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldsales.core.models import MONEY
from fieldsales.core.workflow import APPROVER, AUTHOR, ApprovalDocument, Kind, Transition


class InquiryKind(models.TextChoices):
    INQUIRY = "inquiry", _("询价")
    TENDER = "tender", _("招标")


class InquiryStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待决定")
    PARTICIPATING = "participating", _("参与")
    DECLINED = "declined", _("不参与")
    WON = "won", _("中标/成交")
    LOST = "lost", _("未中标")
    WITHDRAWN = "withdrawn", _("已撤回")


class Inquiry(ApprovalDocument):
    """S3.1–S3.4. Registering submits it for the decision (S3.2): the manager's `approve` is
    participate and `reject` is decline (a reason is required); a major one then goes to the
    GM. The outcome is the salesperson's."""

    S = InquiryStatus
    AUDIT_LABEL = "inquiry"
    TRANSITIONS = {
        (S.DRAFT, "submit"): Transition(S.SUBMITTED, AUTHOR, Kind.SUBMIT),
        (S.SUBMITTED, "approve"): Transition(S.PARTICIPATING, APPROVER, Kind.APPROVE),
        (S.SUBMITTED, "reject"): Transition(S.DECLINED, APPROVER, Kind.REJECT),
        (S.DRAFT, "withdraw"): Transition(S.WITHDRAWN, AUTHOR),
        (S.SUBMITTED, "withdraw"): Transition(S.WITHDRAWN, AUTHOR),
        (S.PARTICIPATING, "withdraw"): Transition(S.WITHDRAWN, AUTHOR),
        (S.PARTICIPATING, "win"): Transition(S.WON, AUTHOR),
        (S.PARTICIPATING, "lose"): Transition(S.LOST, AUTHOR),
    }

    status = models.CharField(
        _("状态"), max_length=20, choices=InquiryStatus.choices, default=S.DRAFT, db_index=True
    )
    seq = models.PositiveIntegerField(_("序号"), editable=False)
    kind = models.CharField(_("类型"), max_length=10, choices=InquiryKind.choices)
    customer = models.ForeignKey(
        "crm.Customer", verbose_name=_("客户"), on_delete=models.PROTECT, related_name="inquiries"
    )
    salesperson = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("销售员"),
        on_delete=models.PROTECT,
        related_name="inquiries",
    )
    opportunity = models.ForeignKey(
        "crm.Opportunity",
        verbose_name=_("商机"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
    )
    title = models.CharField(_("项目名称"), max_length=120, blank=True)
    # [{"description": "...", "quantity": "10.000", "unit": "块"}]: free text lines (S3.1)
    items = models.JSONField(_("询价内容"), default=list)
    deadline = models.DateField(_("截止日期"))
    estimated_amount = models.DecimalField(_("预计金额"), **MONEY)
    note = models.TextField(_("说明"), blank=True)
    outcome_reason = models.TextField(_("结果说明"), blank=True)
    winning_price = models.DecimalField(_("中标价"), null=True, blank=True, **MONEY)
    outcome_at = models.DateTimeField(_("结果登记时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("询价/招标")
        verbose_name_plural = _("询价/招标")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["created_at", "id"], name="inquiry_newest"),  # lists, newest first
        ]
        constraints = [
            models.UniqueConstraint(fields=["seq"], name="inquiry_seq_unique"),
            models.CheckConstraint(
                condition=models.Q(estimated_amount__gte=0), name="inquiry_amount_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        year = self.created_at.year if self.created_at else ""
        prefix = "ZB" if self.kind == InquiryKind.TENDER else "XJ"
        return f"{prefix}-{year}-{self.seq:03d}" if self.seq else f"{prefix}-new"

    @property
    def author(self) -> Any:
        return self.salesperson


class RequestKind(models.TextChoices):
    TECHNICAL = "technical", _("技术支持")
    PURCHASING = "purchasing", _("采购询价")


class InputRequest(models.Model):
    """S3.3: a question to the technical or purchasing department, answered in text."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(_("类型"), max_length=12, choices=RequestKind.choices)
    question = models.TextField(_("问题"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("协助请求")
        verbose_name_plural = _("协助请求")
        ordering = ["asked_at", "id"]
        indexes = [models.Index(fields=["kind", "answered_at"], name="input_request_open")]

    def __str__(self) -> str:
        return f"{self.inquiry} · {self.get_kind_display()}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


def inquiry_file_path(instance: InquiryAttachment, filename: str) -> str:
    return f"inquiries/{instance.inquiry_id}/{filename}"


class InquiryAttachment(models.Model):
    """询价书/招标文件 (S3.1) or a file with an answer (S3.3): PDF, JPEG, PNG or XLSX."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="attachments")
    request = models.ForeignKey(
        InputRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=inquiry_file_path, max_length=200)
    name = models.CharField(_("文件名"), max_length=120)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
