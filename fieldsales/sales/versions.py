"""The sales policy's effective-dated versions (selling.md's parameters) and the one in force."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldsales.core.memo import rows_of
from fieldsales.core.models import MONEY
from fieldsales.sales.params import DEFAULT_SALES_PARAMS, SalesParams


class SalesPolicyVersion(models.Model):
    """selling.md's parameters, in force from `effective_from` until the next version."""

    name = models.CharField(_("版本名称"), max_length=60, unique=True)
    effective_from = models.DateField(_("生效日期"), unique=True)
    major_amount = models.DecimalField(
        _("重大金额 (S3.2, S4.2, S5.2)"), default=DEFAULT_SALES_PARAMS.major_amount, **MONEY
    )
    deep_discount_pct = models.DecimalField(
        _("低于市场价需总经理审核的幅度 % (S4.2)"),
        max_digits=4,
        decimal_places=1,
        default=DEFAULT_SALES_PARAMS.deep_discount_pct,
    )
    entertainment_wait_days = models.PositiveSmallIntegerField(
        _("招待费等待签单天数 (S7.3)"), default=DEFAULT_SALES_PARAMS.entertainment_wait_days
    )
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("销售制度版本")
        verbose_name_plural = _("销售制度版本")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(major_amount__gt=0), name="sales_version_major_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(deep_discount_pct__gte=0, deep_discount_pct__lte=100),
                name="sales_version_discount_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.effective_from} 起）"

    def params(self) -> SalesParams:
        return SalesParams(
            name=self.name,
            effective_from=self.effective_from,
            major_amount=self.major_amount,
            deep_discount_pct=self.deep_discount_pct,
            entertainment_wait_days=self.entertainment_wait_days,
        )


def sales_params_on(day: date) -> SalesParams:
    """The parameters in force on `day`: the latest version from then, else the built-in ones."""
    versions = rows_of(SalesPolicyVersion, "-effective_from")  # once per request
    version = next((v for v in versions if v.effective_from <= day), None)
    return version.params() if version is not None else DEFAULT_SALES_PARAMS
