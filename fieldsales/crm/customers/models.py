"""Customers, their contacts and owner history, and the CRM's parameters."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldsales.core.models import MONEY
from fieldsales.core.workflow import SYSTEM, Kind, Stateful, Table, Transition
from fieldsales.crm.customers import rules

COORD = {"max_digits": 9, "decimal_places": 6, "null": True, "blank": True}

# The one copy of a customer's text limits: the model, the page's form, the API and the
# service's own check all read them here.
CUSTOMER_TEXT = {
    "name": 120,
    "address": 200,
    "industry": 60,
    "credit_code": 18,
    "scale": 60,
    "products_needed": 200,
    "annual_demand": 100,
    "competitors": 200,
    "remarks": 2000,
}
# The primary contact's, kept on the customer as well as in its contacts.
CUSTOMER_CONTACT_TEXT = {"contact_name": 40, "contact_phone": 30, "contact_title": 40}


class CustomerKind(models.TextChoices):
    END_CUSTOMER = "end_customer", _("终端客户")
    DISTRIBUTOR = "distributor", _("经销商")
    PROSPECT = "prospect", _("潜在客户")


class CustomerStatus(models.TextChoices):
    ACTIVE = "active", _("正常")
    POOL = "pool", _("公海")
    INACTIVE = "inactive", _("停用")


class Grade(models.TextChoices):
    A = "A", _("A类（重点）")
    B = "B", _("B类（一般）")
    C = "C", _("C类（普通）")


class Source(models.TextChoices):
    REFERRAL = "referral", _("客户介绍")
    EXHIBITION = "exhibition", _("展会")
    INTERNET = "internet", _("网络")
    COLD_VISIT = "cold_visit", _("陌生拜访")
    BID = "bid", _("招标信息")
    MARKET_RESEARCH = "market_research", _("市场调研")
    OTHER = "other", _("其他")


class Intent(models.TextChoices):
    HIGH = "high", _("强")
    MEDIUM = "medium", _("一般")
    LOW = "low", _("弱")


class CrmSettings(models.Model):
    """The CRM's parameters, one row, edited in admin (never constants in code)."""

    pool_after_days = models.PositiveSmallIntegerField(
        _("无跟进转入公海天数"),
        default=60,
        help_text=_("客户连续这么多天没有任何跟进（拜访、商机推进、售后等），自动退回公海"),
    )
    revisit_days_a = models.PositiveSmallIntegerField(_("A类客户回访间隔（天）"), default=15)
    revisit_days_b = models.PositiveSmallIntegerField(_("B类客户回访间隔（天）"), default=30)
    revisit_days_c = models.PositiveSmallIntegerField(_("C类客户回访间隔（天）"), default=45)
    checkin_distance_alert_m = models.PositiveIntegerField(
        _("签到距离预警（米）"),
        default=500,
        help_text=_("签到位置与客户登记坐标的距离超过该值时标红"),
    )
    service_deadline_days = models.PositiveSmallIntegerField(
        _("售后/投诉默认处理期限（天）"), default=3
    )

    class Meta:
        verbose_name = _("客户管理参数")
        verbose_name_plural = _("客户管理参数")

    def __str__(self) -> str:
        return str(_("客户管理参数"))

    def revisit_days(self, grade: str) -> int:
        return {Grade.A: self.revisit_days_a, Grade.B: self.revisit_days_b}.get(
            grade, self.revisit_days_c
        )


class Customer(Stateful):
    """A customer or prospect, owned by a salesperson or lying in the pool (公海)."""

    S = CustomerStatus
    # The pool status, written only by workflow.apply (customers.services).
    TRANSITIONS: ClassVar[Table] = {
        (S.POOL, "claim"): Transition(S.ACTIVE, "claimant"),
        (S.POOL, "transfer"): Transition(S.ACTIVE, "transferrer"),
        (S.ACTIVE, "transfer"): Transition(S.ACTIVE, "transferrer"),
        (S.ACTIVE, "release"): Transition(S.POOL, "manager"),
        (S.ACTIVE, "sweep"): Transition(S.POOL, SYSTEM, Kind.SYSTEM),
    }
    CUSTOM_ACTORS = frozenset({"claimant", "manager", "transferrer"})

    code = models.CharField(_("客户编号"), max_length=20, unique=True)
    name = models.CharField(_("客户名称"), max_length=CUSTOMER_TEXT["name"])
    kind = models.CharField(
        _("类型"), max_length=20, choices=CustomerKind.choices, default=CustomerKind.PROSPECT
    )
    province_code = models.CharField(_("省份代码"), max_length=6)
    city_code = models.CharField(_("城市代码"), max_length=6)
    province = models.CharField(_("省份"), max_length=30)
    city = models.CharField(_("城市"), max_length=30)
    address = models.CharField(_("地址"), max_length=CUSTOMER_TEXT["address"], blank=True)
    industry = models.CharField(_("行业"), max_length=CUSTOMER_TEXT["industry"], blank=True)
    contact_name = models.CharField(
        _("联系人"), max_length=CUSTOMER_CONTACT_TEXT["contact_name"], blank=True
    )
    contact_phone = models.CharField(
        _("联系电话"), max_length=CUSTOMER_CONTACT_TEXT["contact_phone"], blank=True
    )
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
    # The target customer sheet (目标客户基本信息情况统计表) and the pool.
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=CUSTOMER_TEXT["credit_code"], blank=True
    )
    grade = models.CharField(_("客户等级"), max_length=1, choices=Grade.choices, default=Grade.C)
    source = models.CharField(_("客户来源"), max_length=20, choices=Source.choices, blank=True)
    intent = models.CharField(_("意向程度"), max_length=10, choices=Intent.choices, blank=True)
    scale = models.CharField(_("规模"), max_length=CUSTOMER_TEXT["scale"], blank=True)
    products_needed = models.CharField(
        _("需求产品"), max_length=CUSTOMER_TEXT["products_needed"], blank=True
    )
    annual_demand = models.CharField(
        _("年需求量/采购额"), max_length=CUSTOMER_TEXT["annual_demand"], blank=True
    )
    competitors = models.CharField(
        _("现有供应商/竞争对手"), max_length=CUSTOMER_TEXT["competitors"], blank=True
    )
    credit_limit = models.DecimalField(_("信用额度"), default=0, **MONEY)
    latitude = models.DecimalField(_("纬度"), **COORD)
    longitude = models.DecimalField(_("经度"), **COORD)
    remarks = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_activity_at = models.DateTimeField(_("最近跟进时间"), null=True, blank=True)
    pooled_at = models.DateTimeField(_("转入公海时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("客户")
        verbose_name_plural = _("客户")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["status", "owner"]),
            models.Index(fields=["name"]),
            # The kept customers a revisit is due for (crm.visits.selectors): counting them reads
            # this index alone on PostgreSQL (38 → 19 ms at 50,000 customers). SQLite has no
            # INCLUDE and keeps the index without it.
            models.Index(
                fields=["grade", "created_at"],
                include=["id", "owner", "code", "kind"],
                # No `kind__in` here: PostgreSQL cannot match the array Django writes for it
                # with the query's, and would not use the index.
                condition=models.Q(status="active", owner__isnull=False),
                name="customer_kept",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(credit_limit__gte=0), name="customer_credit_limit_non_negative"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="pool") | models.Q(owner__isnull=True),
                name="pool_customer_has_no_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def may_act_as(self, who: str, user: Any) -> bool:
        return rules.acts_as(who, user, self)


class Contact(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("姓名"), max_length=40)
    title = models.CharField(_("职务"), max_length=40, blank=True)
    role = models.CharField(
        _("角色"), max_length=40, blank=True, help_text=_("例如：决策人、采购、技术、财务")
    )
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)
    is_primary = models.BooleanField(_("主要联系人"), default=False)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("联系人")
        verbose_name_plural = _("联系人")
        ordering = ["-is_primary", "id"]

    def __str__(self) -> str:
        return self.name


class TransferKind(models.TextChoices):
    CREATE = "create", _("新建")
    CLAIM = "claim", _("从公海认领")
    RELEASE = "release", _("放回公海")
    SWEEP = "sweep", _("超期自动转入公海")
    TRANSFER = "transfer", _("转交")
    IMPORT = "import", _("导入")


class CustomerTransfer(models.Model):
    """One change of a customer's owner (or to and from the pool), never edited."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="transfers")
    kind = models.CharField(_("方式"), max_length=10, choices=TransferKind.choices)
    from_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("客户转移记录")
        verbose_name_plural = _("客户转移记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.customer} {self.get_kind_display()}"
