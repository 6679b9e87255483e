"""Company, departments, teams, employees, roles, alternate approvers and API token activity."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldsales.core.people import display_name


class Role(models.TextChoices):
    SALESPERSON = "salesperson", _("销售员")
    DEPT_HEAD = "dept_head", _("部门负责人")
    DEPT_MANAGER = "dept_manager", _("部门经理")
    GM = "gm", _("总经理")
    FINANCE = "finance", _("财务")
    ADMIN = "admin", _("系统管理员")
    TECHNICAL = "technical", _("技术部")
    PURCHASING = "purchasing", _("采购部")


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
