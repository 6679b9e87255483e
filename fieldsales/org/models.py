"""Company, departments, teams, employees, roles, and the effective-dated policy versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SALESPERSON = "salesperson", _("销售员")
    DEPT_HEAD = "dept_head", _("部门负责人")
    DEPT_MANAGER = "dept_manager", _("部门经理")
    GM = "gm", _("总经理")
    FINANCE = "finance", _("财务")
    ADMIN = "admin", _("系统管理员")


class TeamKind(models.TextChoices):
    MARKET_RESEARCH = "market_research", _("市场调研组")
    CUSTOMER_SERVICE = "customer_service", _("客户服务组")
    SALES = "sales", _("销售团队")


class Company(models.Model):
    name = models.CharField(_("公司名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("电话"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("公司")
        verbose_name_plural = _("公司")

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("部门名称"), max_length=100)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("部门负责人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_departments",
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("部门经理"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_departments",
    )

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="department_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("小组名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=TeamKind.choices)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("组长"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_teams",
    )

    class Meta:
        verbose_name = _("小组")
        verbose_name_plural = _("小组")

    def __str__(self) -> str:
        return self.name


class Employee(models.Model):
    """The person behind a login: role, department, team and who they report to."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employee"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employees",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("小组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    title = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("手机"), max_length=20, blank=True)
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("直接上级"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )

    class Meta:
        verbose_name = _("员工")
        verbose_name_plural = _("员工")

    def __str__(self) -> str:
        from fieldsales.core.people import display_name

        return display_name(self.user)


class RoleGrant(models.Model):
    """A role held besides the employee's own (a head who is also the manager today; a
    trainer, a vehicle keeper, technical or purchasing staff)."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("兼任角色")
        verbose_name_plural = _("兼任角色")
        constraints = [
            models.UniqueConstraint(fields=["employee", "role"], name="role_grant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.get_role_display()}"


class AlternateApprover(models.Model):
    """Who takes a step that nobody but the author could take (the GM's own trip)."""

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("代理审批人"), on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("代理审批人")
        verbose_name_plural = _("代理审批人")

    def __str__(self) -> str:
        return f"{self.get_role_display()} → {self.user}"


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
        from django.core.exceptions import ValidationError

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


class TokenActivity(models.Model):
    """When an API token was last used: a token idle for API_TOKEN_IDLE_DAYS stops working."""

    token = models.OneToOneField(
        "authtoken.Token", primary_key=True, on_delete=models.CASCADE, related_name="activity"
    )
    last_used = models.DateTimeField(_("最后使用"))

    class Meta:
        verbose_name = _("API 令牌使用记录")
        verbose_name_plural = _("API 令牌使用记录")

    def __str__(self) -> str:
        return f"{self.token.user} {self.last_used:%Y-%m-%d %H:%M}"
