"""Customers, contacts, the development pipeline, visits with signed feedback, service, surveys.

Sources: the seed's 五、客户开发与维护 (the five development steps, old-customer maintenance),
上门走访客户管理制度 (visit plan, appointment, record), 上门销售行为规范制度 (complaints,
revisits) and 拜访新客户与回访老客户流程 (weekly plan for the Saturday meeting, the target
customer sheet).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldsales.core.models import MONEY

COORD = {"max_digits": 9, "decimal_places": 6, "null": True, "blank": True}


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
    # The target customer sheet (目标客户基本信息情况统计表) and the pool.
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    grade = models.CharField(_("客户等级"), max_length=1, choices=Grade.choices, default=Grade.C)
    source = models.CharField(_("客户来源"), max_length=20, choices=Source.choices, blank=True)
    intent = models.CharField(_("意向程度"), max_length=10, choices=Intent.choices, blank=True)
    scale = models.CharField(_("规模"), max_length=60, blank=True)
    products_needed = models.CharField(_("需求产品"), max_length=200, blank=True)
    annual_demand = models.CharField(_("年需求量/采购额"), max_length=100, blank=True)
    competitors = models.CharField(_("现有供应商/竞争对手"), max_length=200, blank=True)
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
        indexes = [models.Index(fields=["status", "owner"]), models.Index(fields=["name"])]
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


# ---------------------------------------------------------------- the development pipeline


class Stage(models.TextChoices):
    """五、客户开发与维护 2: a. 查找潜在客户 … e. 跟进合同执行, then won or lost."""

    LEAD_FOUND = "lead_found", _("查找潜在客户")
    CONTACTED = "contacted", _("建立联系")
    NEEDS_UNDERSTOOD = "needs_understood", _("推荐产品、了解需求")
    CONTRACT_SIGNED = "contract_signed", _("确定合作意向、签订合同")
    IN_EXECUTION = "in_execution", _("跟进合同执行")
    WON = "won", _("成交")
    LOST = "lost", _("丢单")


BOARD_STAGES = (
    Stage.LEAD_FOUND,
    Stage.CONTACTED,
    Stage.NEEDS_UNDERSTOOD,
    Stage.CONTRACT_SIGNED,
    Stage.IN_EXECUTION,
)
CLOSED_STAGES = (Stage.WON, Stage.LOST)


class Opportunity(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="opportunities")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("负责业务员"),
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    title = models.CharField(_("商机名称"), max_length=120)
    stage = models.CharField(
        _("阶段"), max_length=20, choices=Stage.choices, default=Stage.LEAD_FOUND, db_index=True
    )
    amount = models.DecimalField(_("预计金额"), default=0, **MONEY)
    expected_close = models.DateField(_("预计签约日期"), null=True, blank=True)
    next_follow_up = models.DateField(_("下次跟进日期"), null=True, blank=True)
    products = models.CharField(_("意向产品"), max_length=200, blank=True)
    note = models.TextField(_("说明"), blank=True)
    lost_reason = models.CharField(_("丢单原因"), max_length=200, blank=True)
    won_reason = models.CharField(_("成交说明"), max_length=200, blank=True)
    stage_changed_at = models.DateTimeField(_("进入当前阶段时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("商机")
        verbose_name_plural = _("商机")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="opportunity_amount_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def number(self) -> str:
        return f"SJ{self.created_at:%Y}{self.pk:05d}" if self.pk else "SJ-new"

    @property
    def is_open(self) -> bool:
        return self.stage not in CLOSED_STAGES


class StageChange(models.Model):
    """The pipeline's history: every move with its date, who, and why."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="changes")
    from_stage = models.CharField(_("原阶段"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=20, choices=Stage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("说明"), max_length=200, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("商机阶段变化")
        verbose_name_plural = _("商机阶段变化")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


# ---------------------------------------------------------------- visits (上门走访)


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("已计划")
    CHECKED_IN = "checked_in", _("已签到")
    CHECKED_OUT = "checked_out", _("已签退")
    CANCELLED = "cancelled", _("已取消")


class Visit(models.Model):
    """One planned visit at a customer, then its check-in, record, signed feedback, check-out."""

    S = VisitStatus
    # (status, action) -> new status; record and sign change no status (see RECORDABLE).
    TRANSITIONS = {
        (S.PLANNED, "confirm"): S.PLANNED,
        (S.PLANNED, "edit"): S.PLANNED,
        (S.PLANNED, "check_in"): S.CHECKED_IN,
        (S.CHECKED_IN, "record"): S.CHECKED_IN,
        (S.CHECKED_OUT, "record"): S.CHECKED_OUT,
        (S.CHECKED_IN, "photo"): S.CHECKED_IN,
        (S.CHECKED_OUT, "photo"): S.CHECKED_OUT,
        (S.CHECKED_IN, "sign"): S.CHECKED_IN,
        (S.CHECKED_OUT, "sign"): S.CHECKED_OUT,
        (S.CHECKED_IN, "check_out"): S.CHECKED_OUT,
        (S.PLANNED, "cancel"): S.CANCELLED,
    }

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="visits")
    salesperson = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("业务员"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=VisitStatus.choices, default=S.PLANNED, db_index=True
    )
    date = models.DateField(_("拜访日期"), db_index=True)
    seq = models.PositiveSmallIntegerField(_("拜访顺序"), default=1)
    purpose = models.CharField(_("拜访目的"), max_length=200)
    materials = models.CharField(_("携带资料/样品/合同"), max_length=200, blank=True)
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("拜访对象"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("相关商机"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    trip = models.ForeignKey(
        "trips.Trip",
        verbose_name=_("所属出差"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="crm_visits",
    )
    appointment_confirmed = models.BooleanField(_("已与客户预约"), default=False)
    appointment_confirmed_at = models.DateTimeField(_("预约确认时间"), null=True, blank=True)
    appointment_note = models.CharField(_("预约说明"), max_length=200, blank=True)
    # Check-in and check-out: the phone's geolocation, never typed in.
    check_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    check_in_lat = models.DecimalField(_("签到纬度"), **COORD)
    check_in_lng = models.DecimalField(_("签到经度"), **COORD)
    check_in_accuracy_m = models.PositiveIntegerField(
        _("签到定位精度（米）"), null=True, blank=True
    )
    check_in_distance_m = models.PositiveIntegerField(_("签到距客户（米）"), null=True, blank=True)
    check_in_flagged = models.BooleanField(_("签到距离异常"), default=False)
    check_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    check_out_lat = models.DecimalField(_("签退纬度"), **COORD)
    check_out_lng = models.DecimalField(_("签退经度"), **COORD)
    check_out_distance_m = models.PositiveIntegerField(_("签退距客户（米）"), null=True, blank=True)
    check_out_flagged = models.BooleanField(_("签退距离异常"), default=False)
    # The visit record (洽谈内容/客户需求, 达成共识, 存在问题, 下次跟进计划).
    content = models.TextField(_("洽谈内容"), blank=True)
    needs = models.TextField(_("客户需求"), blank=True)
    agreements = models.TextField(_("达成共识"), blank=True)
    objections = models.TextField(_("存在问题/客户异议"), blank=True)
    next_step = models.TextField(_("下次跟进计划"), blank=True)
    next_visit_date = models.DateField(_("下次跟进日期"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("记录时间"), null=True, blank=True)
    recorded_late = models.BooleanField(_("未于当天记录"), default=False)
    # The version of the record above: 1 until the customer has signed; an edit after the
    # customer signed version n makes it n + 1, unsigned until the customer signs again.
    record_version = models.PositiveSmallIntegerField(_("记录版本"), default=1)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("客户拜访")
        verbose_name_plural = _("客户拜访")
        ordering = ["date", "seq", "id"]
        indexes = [models.Index(fields=["salesperson", "date"])]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"BF{self.created_at:%Y}{self.pk:05d}" if self.pk else "BF-new"

    @property
    def is_recorded(self) -> bool:
        return self.recorded_at is not None

    @property
    def signature(self) -> VisitSignature | None:
        """The latest version the customer signed, or None (prefetch `signatures` in lists)."""
        if "signatures" in getattr(self, "_prefetched_objects_cache", {}):
            rows = sorted(self.signatures.all(), key=lambda row: row.version)
            return rows[-1] if rows else None
        return self.signatures.order_by("-version").first()

    @property
    def awaiting_signature(self) -> bool:
        """Recorded and its current version not signed (never signed, or edited after)."""
        signed = self.signature
        return self.is_recorded and (signed is None or signed.version < self.record_version)


class VisitPhoto(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="visits/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.visit} #{self.pk}"


class Satisfaction(models.IntegerChoices):
    """The one 4-level scale of the visit feedback form and every survey (api.md)."""

    VERY_SATISFIED = 4, _("非常满意")
    SATISFIED = 3, _("满意")
    NEUTRAL = 2, _("一般")
    UNSATISFIED = 1, _("不满意")


class SealStatus(models.TextChoices):
    """What checking a signed form's keyed seal says (core.seals)."""

    INTACT = "intact", _("校验一致")
    ALTERED = "altered", _("签字后内容被改动")
    UNVERIFIABLE = "unverifiable", _("无法校验")


class VisitSignature(models.Model):
    """客户拜访反馈表: one version of the visit record as the customer signed it, sealed.

    The one visit feedback record: a visit checked in on the phone and a visit named in a trip
    report (P7.2) both carry their signed feedback here. Each row is immutable: it keeps the
    record fields the customer read (a later edit of the visit makes a new, unsigned version
    and leaves this one readable and printable) and a keyed seal (HMAC-SHA256, `seal_key`
    names the key) over the visit, the signed record, the customer's part and the signature.
    """

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="signatures")
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    # The visit record as signed (Visit.RECORD fields at signing time).
    content = models.TextField(_("洽谈内容"), blank=True)
    needs = models.TextField(_("客户需求"), blank=True)
    agreements = models.TextField(_("达成共识"), blank=True)
    objections = models.TextField(_("存在问题/客户异议"), blank=True)
    next_step = models.TextField(_("下次跟进计划"), blank=True)
    next_visit_date = models.DateField(_("下次跟进日期"), null=True, blank=True)
    signer_name = models.CharField(_("客户签字人"), max_length=40)
    signer_title = models.CharField(_("职务"), max_length=40, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("满意度"), choices=Satisfaction.choices, null=True, blank=True
    )
    comments = models.TextField(_("意见或建议"), blank=True)
    signature_png = models.BinaryField(_("客户签名"))
    signed_at = models.DateTimeField(_("签字时间"))
    content_hash = models.CharField(_("内容摘要"), max_length=64)
    seal_key = models.CharField(_("密钥版本"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("客户拜访反馈表")
        verbose_name_plural = _("客户拜访反馈表")
        ordering = ["visit", "version"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "version"], name="crm_signature_version")
        ]

    def __str__(self) -> str:
        return f"{self.visit} v{self.version} {self.signer_name}"


# ---------------------------------------------------------------- after-sales and complaints


class ServiceKind(models.TextChoices):
    SERVICE = "service", _("售后服务")
    COMPLAINT = "complaint", _("投诉")


class ServiceStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    IN_PROGRESS = "in_progress", _("处理中")
    RESOLVED = "resolved", _("待客户确认")
    CLOSED = "closed", _("已关闭")
    CANCELLED = "cancelled", _("已撤销")


class ServiceRequest(models.Model):
    """售后服务 / 投诉: handling steps, an owner, a deadline, closure confirmed by the customer."""

    S = ServiceStatus
    TRANSITIONS = {
        (S.OPEN, "start"): S.IN_PROGRESS,
        (S.OPEN, "step"): S.IN_PROGRESS,
        (S.IN_PROGRESS, "step"): S.IN_PROGRESS,
        (S.OPEN, "assign"): S.OPEN,
        (S.IN_PROGRESS, "assign"): S.IN_PROGRESS,
        (S.IN_PROGRESS, "resolve"): S.RESOLVED,
        (S.RESOLVED, "confirm"): S.CLOSED,
        (S.RESOLVED, "reopen"): S.IN_PROGRESS,
        (S.OPEN, "cancel"): S.CANCELLED,
    }
    OPEN_STATUSES = (S.OPEN, S.IN_PROGRESS, S.RESOLVED)

    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="service_requests"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=ServiceKind.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=ServiceStatus.choices, default=S.OPEN, db_index=True
    )
    title = models.CharField(_("事项"), max_length=120)
    description = models.TextField(_("详细情况"))
    contact_name = models.CharField(_("客户联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("负责人"),
        on_delete=models.PROTECT,
        related_name="service_requests",
    )
    deadline = models.DateField(_("处理期限"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    resolution = models.TextField(_("处理结果"), blank=True)
    resolved_at = models.DateTimeField(_("处理完成时间"), null=True, blank=True)
    confirmed_by_name = models.CharField(_("客户确认人"), max_length=40, blank=True)
    confirmed_at = models.DateTimeField(_("客户确认时间"), null=True, blank=True)
    confirmation_note = models.CharField(_("客户确认意见"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("售后服务/投诉")
        verbose_name_plural = _("售后服务/投诉")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        prefix = "TS" if self.kind == ServiceKind.COMPLAINT else "FW"
        return f"{prefix}{self.created_at:%Y}{self.pk:05d}" if self.pk else f"{prefix}-new"


class ServiceStep(models.Model):
    """One handling step of a service request or complaint."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("动作"), max_length=20)
    note = models.TextField(_("处理情况"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.request} {self.action}"


# ---------------------------------------------------------------- satisfaction


class SurveyKind(models.TextChoices):
    VISIT = "visit", _("拜访")
    SERVICE = "service", _("售后/投诉处理")
    QUARTERLY = "quarterly", _("季度回访")


class SatisfactionSurvey(models.Model):
    """客户满意度: per visit, per service request or complaint, per quarter; kept for evaluation."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="surveys")
    kind = models.CharField(_("类型"), max_length=10, choices=SurveyKind.choices)
    visit = models.OneToOneField(
        Visit, null=True, blank=True, on_delete=models.PROTECT, related_name="survey"
    )
    service_request = models.OneToOneField(
        ServiceRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="survey"
    )
    quarter = models.CharField(_("季度"), max_length=7, help_text=_("例如 2026Q1"))
    score = models.PositiveSmallIntegerField(_("满意度"), choices=Satisfaction.choices)
    comments = models.TextField(_("意见或建议"), blank=True)
    respondent = models.CharField(_("受访人"), max_length=40, blank=True)
    # Whose evaluation the score counts for: the customer's salesperson when it was taken.
    salesperson = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("满意度调查")
        verbose_name_plural = _("满意度调查")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=4), name="survey_score_1_to_4"
            ),
            models.UniqueConstraint(
                fields=["customer", "quarter"],
                condition=models.Q(kind="quarterly"),
                name="one_quarterly_survey_per_customer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer} {self.quarter} {self.score}"
