"""Products and the three-tier price list (selling.md S1)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldsales.core.models import MONEY
from fieldsales.core.workflow import APPROVER, AUTHOR, ApprovalDocument, Kind, Transition


class ProductCategory(models.Model):
    name = models.CharField(_("类别"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("产品类别")
        verbose_name_plural = _("产品类别")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    """S1.1."""

    code = models.CharField(_("产品编码"), max_length=30, unique=True)
    name = models.CharField(_("产品名称"), max_length=100)
    model = models.CharField(_("型号/规格"), max_length=100, blank=True)
    unit = models.CharField(_("单位"), max_length=10)
    category = models.ForeignKey(
        ProductCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="products"
    )
    active = models.BooleanField(_("在售"), default=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("产品")
        verbose_name_plural = _("产品")
        ordering = ["category__position", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PriceListStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")
    CANCELLED = "cancelled", _("已作废")


class PriceList(ApprovalDocument):
    """S1.2: drafted by the department manager, approved by the GM, in force from `effective`
    until the next approved list; read-only once submitted (prices change with a new list)."""

    S = PriceListStatus
    AUDIT_LABEL = "price_list"
    TRANSITIONS = {
        (S.DRAFT, "submit"): Transition(S.SUBMITTED, AUTHOR, Kind.SUBMIT),
        (S.REJECTED, "submit"): Transition(S.SUBMITTED, AUTHOR, Kind.SUBMIT),
        (S.SUBMITTED, "approve"): Transition(S.APPROVED, APPROVER, Kind.APPROVE),
        (S.SUBMITTED, "reject"): Transition(S.REJECTED, APPROVER, Kind.REJECT),
        (S.DRAFT, "cancel"): Transition(S.CANCELLED, AUTHOR),
        (S.REJECTED, "cancel"): Transition(S.CANCELLED, AUTHOR),
    }

    status = models.CharField(
        _("状态"), max_length=20, choices=PriceListStatus.choices, default=S.DRAFT, db_index=True
    )
    seq = models.PositiveIntegerField(_("序号"), editable=False)
    name = models.CharField(_("名称"), max_length=60)
    effective = models.DateField(_("生效日期"))
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编制人"),
        on_delete=models.PROTECT,
        related_name="price_lists",
    )

    class Meta:
        verbose_name = _("价格表")
        verbose_name_plural = _("价格表")
        ordering = ["-effective", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["seq"], name="price_list_seq_unique"),
        ]
        indexes = [models.Index(fields=["status", "effective"], name="price_list_in_force")]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        year = self.created_at.year if self.created_at else ""
        return f"PL-{year}-{self.seq:03d}" if self.seq else "PL-new"

    @property
    def author(self) -> Any:
        return self.created_by


class PriceListLine(models.Model):
    """One product's three tiers on a list (S1.2), yuan incl. VAT, to the fen."""

    price_list = models.ForeignKey(PriceList, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        Product, verbose_name=_("产品"), on_delete=models.PROTECT, related_name="prices"
    )
    market = models.DecimalField(_("市场报价"), **MONEY)
    factory_min = models.DecimalField(_("最低出厂价"), **MONEY)
    distributor_min = models.DecimalField(_("经销商最低价"), **MONEY)

    class Meta:
        verbose_name = _("价格")
        verbose_name_plural = _("价格")
        ordering = ["product__category__position", "product__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["price_list", "product"], name="price_list_line_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(market__gte=models.F("factory_min"))
                & models.Q(factory_min__gte=models.F("distributor_min"))
                & models.Q(distributor_min__gt=0),
                name="price_list_line_tiers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.price_list} · {self.product}"
