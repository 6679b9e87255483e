"""The travel policy's effective-dated versions (policy.md's parameters) and which is in force.

The model lives here, beside its lookups, so that trips.models can ask for the chain in force
without importing the selectors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldsales.core.memo import rows_of
from fieldsales.org.models import Role
from fieldsales.policy.params import DEFAULT_POLICY, PolicyParams


def _money(verbose: str, default: str) -> models.DecimalField:
    return models.DecimalField(verbose, max_digits=12, decimal_places=2, default=default)


class PolicyVersion(models.Model):
    """Every parameter of policy.md, in force from `effective_from` until the next version."""

    name = models.CharField(_("版本名称"), max_length=60, unique=True)
    effective_from = models.DateField(_("生效日期"), unique=True)
    home_province = models.CharField(_("本省 (P3)"), max_length=20, default="浙江")
    home_region = models.CharField(_("本地区 (P4.5)"), max_length=20, default="金华")
    home_region_cities = models.CharField(
        _("本地区城市 (P4.5)"),
        max_length=200,
        default="金华,婺城,金东,兰溪,义乌,东阳,永康,武义,浦江,磐安",
        help_text=_("以逗号分隔"),
    )
    local_cities = models.CharField(
        _("市内交通限乘公交的城市 (P4.6)"), max_length=200, default="浦江,义乌"
    )
    advance_max = _money(_("预支上限 (P2.3)"), "500.00")
    one_open_advance = models.BooleanField(_("前账不清，后账不借 (P2.4)"), default=True)
    allowance_day_trip_in = _money(_("省内当天往返补贴/天 (P3.1)"), "15.00")
    allowance_overnight_in = _money(_("省内过夜补贴/天 (P3.2)"), "100.00")
    allowance_out = _money(_("省外补贴/天 (P3.3)"), "130.00")
    sleeper_min_hours = models.DecimalField(
        _("可乘硬卧的连续乘车时长 (P4.1)"), max_digits=5, decimal_places=2, default="10"
    )
    paid_days_in = models.PositiveSmallIntegerField(_("省内最多报销天数 (P5.1)"), default=2)
    paid_days_out = models.PositiveSmallIntegerField(_("省外最多报销天数 (P5.1)"), default=3)
    absence_after_in = models.PositiveSmallIntegerField(_("省内超过即旷工天数 (P5.2)"), default=4)
    absence_after_out = models.PositiveSmallIntegerField(_("省外超过即旷工天数 (P5.2)"), default=5)
    tickets_beyond_paid_days = models.BooleanField(_("超期后车票仍可报销 (P5.1)"), default=True)
    max_trips_per_customer = models.PositiveSmallIntegerField(
        _("同一客户最多报销次数 (P6.1)"), default=2
    )
    entertainment_min_order = _money(_("招待费最低单笔订单 (P6.2)"), "10000.00")
    entertainment_rate = models.DecimalField(
        _("招待费比例 (P6.2)"), max_digits=5, decimal_places=4, default="0.0200"
    )
    report_due_days = models.PositiveSmallIntegerField(_("出差报告期限/天 (P7.1)"), default=3)
    trip_chain = models.CharField(_("出差审批链 (P1.2)"), max_length=100, default="dept_head,gm")
    advance_chain = models.CharField(_("预支审批链 (P2.2)"), max_length=100, default="finance,gm")
    claim_chain = models.CharField(
        _("报销审批链 (P8.3)"), max_length=100, default="dept_head,finance"
    )
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("制度版本")
        verbose_name_plural = _("制度版本")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(advance_max__gte=0), name="policy_advance_max_non_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(paid_days_in__lte=models.F("absence_after_in"))
                & models.Q(paid_days_out__lte=models.F("absence_after_out")),
                name="policy_paid_days_within_absence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.effective_from} 起）"

    def clean(self) -> None:
        """Chains name known approver roles; city lists are not empty."""
        errors: dict[str, str] = {}
        approvers = {Role.DEPT_HEAD, Role.DEPT_MANAGER, Role.GM, Role.FINANCE}
        for field in ("trip_chain", "advance_chain", "claim_chain"):
            roles = [
                r.strip() for r in getattr(self, field).replace("，", ",").split(",") if r.strip()
            ]
            unknown = [r for r in roles if r not in approvers]
            if not roles or unknown:
                errors[field] = _(
                    "审批链须为以逗号分隔的角色：dept_head, dept_manager, gm, finance"
                )
        for field in ("home_region_cities", "local_cities"):
            if not getattr(self, field).strip():
                errors[field] = _("至少填写一个城市")
        if errors:
            raise ValidationError(errors)


_SPLIT_FIELDS = {"home_region_cities", "local_cities"}


def params_of(version: PolicyVersion) -> PolicyParams:
    """The engine's parameters held by one policy version (its workflow settings are in
    policy_settings)."""
    values: dict[str, Any] = {}
    for field in PolicyParams.__dataclass_fields__:
        if not hasattr(version, field):
            continue
        value = getattr(version, field)
        if field in _SPLIT_FIELDS:
            value = tuple(v.strip() for v in value.replace("，", ",").split(",") if v.strip())
        elif isinstance(value, Decimal) and field in {"sleeper_min_hours", "entertainment_rate"}:
            value = value.normalize()
        values[field] = value
    return DEFAULT_POLICY.replace(**values)


def policy_version_on(day: date) -> PolicyVersion | None:
    """The stored version in force on `day`, if any."""
    versions = rows_of(PolicyVersion, "-effective_from")  # once per request
    return next((v for v in versions if v.effective_from <= day), None)


def policy_in_force(day: date) -> PolicyParams:
    """The parameters in force on `day`; the seed's defaults when no version covers it."""
    version = policy_version_on(day)
    return params_of(version) if version is not None else DEFAULT_POLICY


def next_version_day(version: PolicyVersion) -> date | None:
    """The day the version after `version` takes over (None: it is the latest)."""
    later = PolicyVersion.objects.filter(effective_from__gt=version.effective_from)
    return later.order_by("effective_from").values_list("effective_from", flat=True).first()


def first_policy_day() -> date:
    """The day the company's first policy version took effect: no trip is older."""
    first = PolicyVersion.objects.order_by("effective_from").values_list(
        "effective_from", flat=True
    )
    return first.first() or DEFAULT_POLICY.effective_from
