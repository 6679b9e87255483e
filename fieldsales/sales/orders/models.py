"""Orders and contracts (订单/合同, selling.md S5) and their collections (回款, S6)."""

from __future__ import annotations

from datetime import date
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
from fieldsales.org.access import manages

QUANTITY = {"max_digits": 12, "decimal_places": 3}


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("合同审核中")
    APPROVED = "approved", _("审核通过")
    REJECTED = "rejected", _("已驳回")
    SIGNED = "signed", _("已签订")
    PARTLY_DELIVERED = "partly_delivered", _("部分发货")
    DELIVERED = "delivered", _("已发货")
    COMPLETED = "completed", _("已完成")
    CANCELLED = "cancelled", _("已取消")


# Signed or later: the order is a receivable (S6) and closes a deal (S7.2).
SIGNED_OR_LATER = (
    OrderStatus.SIGNED,
    OrderStatus.PARTLY_DELIVERED,
    OrderStatus.DELIVERED,
    OrderStatus.COMPLETED,
)

# S5.2: what each reviewer ticks before approving.
CHECKLIST = ("parties", "amount_and_lines", "delivery", "payment", "liability")
CHECKLIST_LABELS = {
    "parties": _("合同双方"),
    "amount_and_lines": _("金额与明细与报价一致"),
    "delivery": _("交货条款"),
    "payment": _("付款条款"),
    "liability": _("违约责任"),
}


class Order(ApprovalDocument):
    """S5.1: from an accepted quote or entered directly; reviewed (S5.2), signed (S5.3),
    delivered and collected (S5.4, S6)."""

    S = OrderStatus
    AUDIT_LABEL = "order"
    TRANSITIONS: ClassVar[Table] = {
        (S.DRAFT, "submit"): Transition(S.SUBMITTED, AUTHOR, Kind.SUBMIT),
        (S.REJECTED, "submit"): Transition(S.SUBMITTED, AUTHOR, Kind.SUBMIT),
        (S.SUBMITTED, "approve"): Transition(S.APPROVED, APPROVER, Kind.APPROVE),
        (S.SUBMITTED, "reject"): Transition(S.REJECTED, APPROVER, Kind.REJECT),
        (S.SUBMITTED, "withdraw"): Transition(S.DRAFT, AUTHOR),
        (S.APPROVED, "sign"): Transition(S.SIGNED, "signer"),
        (S.SIGNED, "deliver_part"): Transition(S.PARTLY_DELIVERED, "signer"),
        (S.SIGNED, "deliver_all"): Transition(S.DELIVERED, "signer"),
        (S.PARTLY_DELIVERED, "deliver_part"): Transition(S.PARTLY_DELIVERED, "signer"),
        (S.PARTLY_DELIVERED, "deliver_all"): Transition(S.DELIVERED, "signer"),
        (S.DELIVERED, "complete"): Transition(S.COMPLETED, SYSTEM, Kind.SYSTEM),
        (S.COMPLETED, "reopen"): Transition(S.DELIVERED, SYSTEM, Kind.SYSTEM),
        (S.DRAFT, "cancel"): Transition(S.CANCELLED, "manager"),
        (S.SUBMITTED, "cancel"): Transition(S.CANCELLED, "manager"),
        (S.REJECTED, "cancel"): Transition(S.CANCELLED, "manager"),
        (S.APPROVED, "cancel"): Transition(S.CANCELLED, "manager"),
        (S.SIGNED, "cancel"): Transition(S.CANCELLED, "manager"),
    }
    CUSTOM_ACTORS = frozenset({"signer", "manager"})
    EDITABLE = (S.DRAFT, S.REJECTED)

    status = models.CharField(
        _("状态"), max_length=20, choices=OrderStatus.choices, default=S.DRAFT, db_index=True
    )
    year = models.PositiveSmallIntegerField(_("年份"), editable=False)
    seq = models.PositiveIntegerField(_("序号"), editable=False)
    customer = models.ForeignKey(
        "crm.Customer", verbose_name=_("客户"), on_delete=models.PROTECT, related_name="orders"
    )
    salesperson = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("销售员"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    opportunity = models.ForeignKey(
        "crm.Opportunity",
        verbose_name=_("商机"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    quote = models.ForeignKey(
        "sales.Quote",
        verbose_name=_("报价单"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    ordered_on = models.DateField(_("下单日期"), default=date.today)
    total = models.DecimalField(_("合同金额"), default=0, **MONEY)
    planned_delivery = models.DateField(_("计划交货日期"), null=True, blank=True)
    signed_on = models.DateField(_("签订日期"), null=True, blank=True)
    scan = models.FileField(_("合同扫描件"), upload_to="orders/%Y/%m/", blank=True)
    cancel_reason = models.TextField(_("取消原因"), blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("订单/合同")
        verbose_name_plural = _("订单/合同")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "seq"], name="order_number_unique"),
            models.CheckConstraint(
                condition=models.Q(total__gte=0), name="order_total_non_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["created_at", "id"], name="order_newest"),  # lists, newest first
            models.Index(fields=["salesperson", "status"], name="order_owner_status"),
            # Receivables page in signing order: a page is read off the index, not a sort.
            models.Index(fields=["signed_on", "id"], name="order_signed_on"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """S5.1: SO-<year>-<seq>."""
        return f"SO-{self.year}-{self.seq:03d}" if self.seq else "SO-new"

    @property
    def author(self) -> Any:
        return self.salesperson

    def may_act_as(self, who: str, user: Any) -> bool:
        """`signer`: the salesperson or whoever directs their work signs, delivers (S5.3, S5.4);
        `manager`: whoever directs the salesperson's work cancels (S5.4), never their own."""
        if who == "signer":
            return user.pk == self.salesperson_id or manages(user, self.salesperson)
        if who == "manager":
            return manages(user, self.salesperson)
        return super().may_act_as(who, user)


class OrderLine(models.Model):
    """A line as priced (S2.1): the tiers in force are kept with it."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    product = models.ForeignKey(
        "sales.Product", verbose_name=_("产品"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(_("数量"), **QUANTITY)
    unit_price = models.DecimalField(_("单价"), **MONEY)
    amount = models.DecimalField(_("金额"), **MONEY)
    market = models.DecimalField(_("市场报价"), **MONEY)
    floor = models.DecimalField(_("底价"), **MONEY)

    class Meta:
        verbose_name = _("订单明细")
        verbose_name_plural = _("订单明细")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="order_line_quantity"),
        ]

    def __str__(self) -> str:
        return f"{self.order} · {self.product}"


class Installment(models.Model):
    """S5.1 a payment installment; `collected` is recomputed from the collections (S6.2)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="installments")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("名称"), max_length=40)
    amount = models.DecimalField(_("金额"), **MONEY)
    due = models.DateField(_("到期日"))
    collected = models.DecimalField(_("已回款"), default=0, **MONEY)

    class Meta:
        verbose_name = _("付款节点")
        verbose_name_plural = _("付款节点")
        ordering = ["due", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="installment_positive"),
        ]
        indexes = [
            # The open installments by due day (S6.4's 待回款 on home): a few among many.
            models.Index(
                fields=["due", "id"],
                name="installment_open_due",
                condition=models.Q(collected__lt=models.F("amount")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order} · {self.label}"


class OrderReview(models.Model):
    """S5.2: the checklist one reviewer ticked at their step of a round."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="reviews")
    round = models.PositiveSmallIntegerField()
    step = models.PositiveSmallIntegerField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ticks = models.JSONField(default=list)
    decision = models.CharField(max_length=10)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "step", "id"]

    def __str__(self) -> str:
        return f"{self.order} · {self.round}.{self.step} · {self.decision}"


class Delivery(models.Model):
    """S5.4: one shipment of some of the order's products."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="deliveries")
    date = models.DateField(_("发货日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("发货")
        verbose_name_plural = _("发货")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.order} · {self.date}"


class DeliveryLine(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "sales.Product", verbose_name=_("产品"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(_("数量"), **QUANTITY)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="delivery_line_quantity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delivery} · {self.product}"


class CollectionMethod(models.TextChoices):
    TRANSFER = "transfer", _("转账")
    ACCEPTANCE_BILL = "acceptance_bill", _("承兑汇票")
    CASH = "cash", _("现金")
    OTHER = "other", _("其他")


class Collection(models.Model):
    """S6.1: money received on an order; a mistaken one is voided, never deleted."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="collections")
    date = models.DateField(_("回款日期"))
    amount = models.DecimalField(_("金额"), **MONEY)
    method = models.CharField(_("方式"), max_length=20, choices=CollectionMethod.choices)
    reference = models.CharField(_("凭证/票据号"), max_length=60, blank=True)
    idempotency_key = models.CharField(max_length=80, blank=True, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    void_reason = models.TextField(_("作废原因"), blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("回款")
        verbose_name_plural = _("回款")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="collection_positive"),
        ]
        indexes = [
            # What a finance clerk entered today (the entry page's list and total).
            models.Index(fields=["recorded_by", "created_at"], name="collection_entered"),
        ]

    def __str__(self) -> str:
        return f"{self.order} · {self.date} · {self.amount}"


class CollectedMonth(models.Model):
    """The non-voided collections of one salesperson's orders filed under one department in one
    month, in cents: D1's actuals read these few thousand rows instead of grouping a year's
    collections (a sort of 33,000 rows for the GM's every targets page, home and dashboard).

    Kept by database triggers on sales_collection and sales_order (migration 0008), whoever
    writes a collection: a service, the generator's bulk insert, a test. Never written by the
    application. `department` is the order's department id, 0 for none (a unique key cannot
    hold NULL)."""

    salesperson_id = models.IntegerField()
    department = models.IntegerField()
    year = models.SmallIntegerField()
    month = models.SmallIntegerField()
    cents = models.BigIntegerField(default=0)

    class Meta:
        db_table = "sales_collected_month"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "salesperson_id", "department", "month"],
                name="collected_month_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.salesperson_id} · {self.department} · {self.year}-{self.month}"
