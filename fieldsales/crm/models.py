"""Customers (the CRM grows here; trips need customers to visit)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CustomerKind(models.TextChoices):
    END_CUSTOMER = "end_customer", _("终端客户")
    DISTRIBUTOR = "distributor", _("经销商")
    PROSPECT = "prospect", _("潜在客户")


class CustomerStatus(models.TextChoices):
    ACTIVE = "active", _("正常")
    POOL = "pool", _("公海")
    INACTIVE = "inactive", _("停用")


class Customer(models.Model):
    code = models.CharField(_("客户编号"), max_length=20, unique=True)
    name = models.CharField(_("客户名称"), max_length=120)
    kind = models.CharField(
        _("类型"), max_length=20, choices=CustomerKind.choices, default=CustomerKind.PROSPECT
    )
    province_code = models.CharField(_("省份代码"), max_length=6)
    city_code = models.CharField(_("城市代码"), max_length=6)
    province = models.CharField(_("省份"), max_length=30)
    city = models.CharField(_("城市"), max_length=30)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    industry = models.CharField(_("行业"), max_length=60, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("负责业务员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customers",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=CustomerStatus.choices, default=CustomerStatus.ACTIVE
    )
    # P6.1: the same-customer count restarts when an order is signed.
    last_order_signed = models.DateField(_("最近签单日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("客户")
        verbose_name_plural = _("客户")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name
