"""Quotes (报价单/标书, selling.md S4): priced from the list in force, reviewed, printed, sent."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fieldsales.core.models import MONEY
from fieldsales.core.workflow import APPROVER, AUTHOR, SYSTEM, ApprovalDocument, Kind, Transition

QUANTITY = {"max_digits": 12, "decimal_places": 3}


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已审核")
    REJECTED = "rejected", _("已驳回")
    SENT = "sent", _("已发出")
    ACCEPTED = "accepted", _("客户接受")
    DECLINED = "declined", _("客户拒绝")
    SUPERSEDED = "superseded", _("已被新版替代")
    CANCELLED = "cancelled", _("已作废")


# S4.3: `expired` is shown, never stored: an approved or sent quote past `valid_until`.
EXPIRED = "expired"


class Quote(ApprovalDocument):
    S = QuoteStatus
    AUDIT_LABEL = "quote"
    TRANSITIONS = {
        (S.DRAFT, "submit"): Transition(S.SUBMITTED, AUTHOR, Kind.SUBMIT),
        (S.REJECTED, "submit"): Transition(S.SUBMITTED, AUTHOR, Kind.SUBMIT),
        (S.SUBMITTED, "approve"): Transition(S.APPROVED, APPROVER, Kind.APPROVE),
        (S.SUBMITTED, "reject"): Transition(S.REJECTED, APPROVER, Kind.REJECT),
        (S.SUBMITTED, "withdraw"): Transition(S.DRAFT, AUTHOR),
        (S.APPROVED, "send"): Transition(S.SENT, AUTHOR),
        # S4.4: printing an approved quote marks it sent, whoever prints it.
        (S.APPROVED, "printed"): Transition(S.SENT, SYSTEM, Kind.SYSTEM),
        (S.APPROVED, "accept"): Transition(S.ACCEPTED, AUTHOR),
        (S.SENT, "accept"): Transition(S.ACCEPTED, AUTHOR),
        (S.APPROVED, "decline"): Transition(S.DECLINED, AUTHOR),
        (S.SENT, "decline"): Transition(S.DECLINED, AUTHOR),
        (S.APPROVED, "revise"): Transition(S.SUPERSEDED, AUTHOR),
        (S.SENT, "revise"): Transition(S.SUPERSEDED, AUTHOR),
        (S.DRAFT, "cancel"): Transition(S.CANCELLED, AUTHOR),
        (S.REJECTED, "cancel"): Transition(S.CANCELLED, AUTHOR),
    }

    status = models.CharField(
        _("状态"), max_length=20, choices=QuoteStatus.choices, default=S.DRAFT, db_index=True
    )
    seq = models.PositiveIntegerField(_("序号"), editable=False)  # shared by every revision
    year = models.PositiveSmallIntegerField(_("年份"), editable=False)
    revision = models.PositiveSmallIntegerField(_("版本"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("上一版"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_revision",
    )
    customer = models.ForeignKey(
        "crm.Customer", verbose_name=_("客户"), on_delete=models.PROTECT, related_name="quotes"
    )
    salesperson = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("销售员"),
        on_delete=models.PROTECT,
        related_name="quotes",
    )
    inquiry = models.ForeignKey(
        "sales.Inquiry",
        verbose_name=_("询价/招标"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quotes",
    )
    opportunity = models.ForeignKey(
        "crm.Opportunity",
        verbose_name=_("商机"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotes",
    )
    price_list = models.ForeignKey(
        "sales.PriceList",
        verbose_name=_("价格表"),
        on_delete=models.PROTECT,
        related_name="quotes",
    )
    quoted_on = models.DateField(_("报价日期"), default=date.today)
    valid_until = models.DateField(_("有效期至"))
    delivery_terms = models.CharField(_("交货条款"), max_length=200, blank=True)
    payment_terms = models.CharField(_("付款条款"), max_length=200, blank=True)
    note = models.TextField(_("备注"), blank=True)
    total = models.DecimalField(_("合计"), default=0, **MONEY)
    customer_sent_at = models.DateTimeField(_("发出时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("客户答复时间"), null=True, blank=True)
    decline_reason = models.TextField(_("拒绝原因"), blank=True)

    class Meta:
        verbose_name = _("报价单")
        verbose_name_plural = _("报价单")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "seq", "revision"], name="quote_revision"),
            models.CheckConstraint(
                condition=models.Q(total__gte=0), name="quote_total_non_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(revision__gte=1), name="quote_revision_from_1"
            ),
        ]
        indexes = [
            models.Index(fields=["salesperson", "status"], name="quote_owner_status"),
            models.Index(fields=["created_at", "id"], name="quote_newest"),  # lists, newest first
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """S4.4: QT-<year>-<seq>-r<rev>."""
        return f"QT-{self.year}-{self.seq:03d}-r{self.revision}" if self.seq else "QT-new"

    @property
    def author(self) -> Any:
        return self.salesperson

    def is_expired(self, today: date | None = None) -> bool:
        """S4.3: approved or sent and past its validity."""
        today = today or timezone.localdate()
        return self.status in (QuoteStatus.APPROVED, QuoteStatus.SENT) and self.valid_until < today

    def shown_status(self, today: date | None = None) -> str:
        return EXPIRED if self.is_expired(today) else self.status


class QuoteLine(models.Model):
    """S4.1: amount = quantity × unit price rounded to the fen; the list's tiers are kept with
    the line so that a later list never changes what was reviewed (S2.2)."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    product = models.ForeignKey(
        "sales.Product", verbose_name=_("产品"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(_("数量"), **QUANTITY)
    unit_price = models.DecimalField(_("单价"), **MONEY)
    amount = models.DecimalField(_("金额"), **MONEY)
    market = models.DecimalField(_("市场报价"), **MONEY)
    floor = models.DecimalField(_("底价"), **MONEY)
    below_market_pct = models.DecimalField(_("低于市场价 %"), max_digits=4, decimal_places=1)

    class Meta:
        verbose_name = _("报价明细")
        verbose_name_plural = _("报价明细")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="quote_line_quantity"),
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=models.F("floor")), name="quote_line_floor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quote} · {self.product}"
