"""Trip requests, advances, trip reports, expense claims and receipts.

A report's visits and their signed feedback are CRM visits (crm.Visit, crm.VisitSignature).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldsales.core.models import MONEY
from fieldsales.core.workflow import APPROVER, AUTHOR, SYSTEM, ApprovalDocument, Kind, Transition
from fieldsales.trips.policy_settings import settings_in_force

# PolicyVersion is one of this app's models: imported here so `trips.models` lists it.
from fieldsales.trips.policy_versions import PolicyVersion, policy_in_force  # noqa: F401


class Purpose(models.TextChoices):
    CUSTOMER_VISIT = "customer_visit", _("拜访客户")
    NEW_MARKET = "new_market", _("开拓新市场")


class Vehicle(models.TextChoices):
    COMPANY = "company", _("公司派车")
    OWN = "own", _("自备交通工具")
    HOST = "host", _("接待单位提供")


class TripStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("审批中")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")
    REPORTED = "reported", _("已报告")
    CLAIMED = "claimed", _("报销中")
    SETTLED = "settled", _("已结算")
    CANCELLED = "cancelled", _("已取消")


class Trip(ApprovalDocument):
    """出差登记表: the request to travel, approved by the department head then the GM (P1)."""

    S = TripStatus
    TRANSITIONS = {
        (S.DRAFT, "submit"): Transition(S.SUBMITTED, AUTHOR, Kind.SUBMIT),
        (S.REJECTED, "submit"): Transition(S.SUBMITTED, AUTHOR, Kind.SUBMIT),
        (S.SUBMITTED, "approve"): Transition(S.APPROVED, APPROVER, Kind.APPROVE),
        (S.SUBMITTED, "reject"): Transition(S.REJECTED, APPROVER, Kind.REJECT),
        (S.DRAFT, "cancel"): Transition(S.CANCELLED, AUTHOR),
        (S.SUBMITTED, "cancel"): Transition(S.CANCELLED, AUTHOR),
        (S.REJECTED, "cancel"): Transition(S.CANCELLED, AUTHOR),
        (S.APPROVED, "report"): Transition(S.REPORTED, AUTHOR),
        (S.CLAIMED, "report"): Transition(S.CLAIMED, AUTHOR),
        (S.SETTLED, "report"): Transition(S.SETTLED, AUTHOR),
        # The trip follows its traveller's claim (not a companion's, not a correction).
        (S.APPROVED, "claim_submitted"): Transition(S.CLAIMED, SYSTEM, Kind.SYSTEM),
        (S.REPORTED, "claim_submitted"): Transition(S.CLAIMED, SYSTEM, Kind.SYSTEM),
        (S.CLAIMED, "claim_approved"): Transition(S.SETTLED, SYSTEM, Kind.SYSTEM),
        # A rejected claim takes the trip back to where it stood: reported or just approved.
        (S.CLAIMED, "claim_rejected"): Transition(S.REPORTED, SYSTEM, Kind.SYSTEM),
        (S.CLAIMED, "claim_rejected_unreported"): Transition(S.APPROVED, SYSTEM, Kind.SYSTEM),
        # A claim withdrawn by its claimant takes the trip back the same way.
        (S.CLAIMED, "claim_withdrawn"): Transition(S.REPORTED, SYSTEM, Kind.SYSTEM),
        (S.CLAIMED, "claim_withdrawn_unreported"): Transition(S.APPROVED, SYSTEM, Kind.SYSTEM),
    }
    EDITABLE = (S.DRAFT, S.REJECTED)
    CANCELLABLE = (S.DRAFT, S.SUBMITTED, S.REJECTED)
    # A claim is accepted as soon as the trip is approved (api.md: tickets are bought ahead).
    CLAIMABLE = (S.APPROVED, S.REPORTED, S.CLAIMED, S.SETTLED)
    ADVANCEABLE = (S.SUBMITTED, S.APPROVED)  # P2.1

    status = models.CharField(
        _("状态"), max_length=20, choices=TripStatus.choices, default=S.DRAFT, db_index=True
    )
    traveller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("出差人"),
        on_delete=models.PROTECT,
        related_name="trips",
    )
    department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("出差事由"), max_length=20, choices=Purpose.choices)
    depart = models.DateField(_("计划出发日期"))
    return_date = models.DateField(_("计划返回日期"))
    vehicle = models.CharField(_("交通工具"), max_length=10, choices=Vehicle.choices, blank=True)
    flight_requested = models.BooleanField(_("申请乘坐飞机 (P4.4)"), default=False)
    note = models.TextField(_("说明"), blank=True)
    customers = models.ManyToManyField(
        "crm.Customer", verbose_name=_("拜访客户"), blank=True, related_name="trips"
    )
    special_case = models.BooleanField(_("特殊情况 (P5.2)"), default=False)
    special_case_reason = models.TextField(_("特殊情况说明"), blank=True)
    special_case_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("出差申请")
        verbose_name_plural = _("出差申请")
        ordering = ["-created_at"]
        # The inbox and its badge (workflow.waiting_for): an index lookup, not a scan.
        indexes = [
            models.Index(fields=["status", "pending_user_id", "pending_role"], name="trip_waiting"),
            # The list pages, newest first: a page read off the index.
            models.Index(fields=["created_at", "id"], name="trip_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(return_date__gte=models.F("depart")),
                name="trip_return_not_before_depart",
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"CC{self.created_at:%Y}{self.pk:05d}" if self.pk else "CC-new"

    @property
    def author(self):
        return self.traveller

    @property
    def days(self) -> int:
        return (self.return_date - self.depart).days + 1

    def chain_roles(self) -> tuple[str, ...]:
        return settings_in_force(self.depart).trip_chain


class TripDestination(models.Model):
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="destinations")
    seq = models.PositiveSmallIntegerField(default=0)
    province_code = models.CharField(max_length=6)
    province = models.CharField(_("省份"), max_length=30)
    city_code = models.CharField(max_length=6)
    city = models.CharField(_("城市"), max_length=30)

    class Meta:
        ordering = ["seq", "id"]

    def __str__(self) -> str:
        return f"{self.province}{self.city}"


class TripCompanion(models.Model):
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="companions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # P6.3: a colleague invited along is reimbursed nothing for the trip.
    invited = models.BooleanField(_("受邀同行"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["trip", "user"], name="companion_once_per_trip")
        ]

    def __str__(self) -> str:
        return f"{self.trip_id}:{self.user_id}"


class TripReport(models.Model):
    """出差总结报告 (P7.1), with the new-market analysis for market trips (P7.3)."""

    trip = models.OneToOneField(Trip, on_delete=models.PROTECT, related_name="report")
    actual_depart = models.DateField(_("实际出发日期"))
    actual_return = models.DateField(_("实际返回日期"))
    route = models.TextField(_("出差路线"))
    results = models.TextField(_("出差收获"), blank=True)
    orders_signed = models.TextField(_("订单签订情况"), blank=True)
    follow_up = models.TextField(_("后续跟进计划"), blank=True)
    market_report = models.TextField(_("新市场分析报告"), blank=True)
    submitted_on = models.DateField(_("提交日期"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("出差报告")
        verbose_name_plural = _("出差报告")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(actual_return__gte=models.F("actual_depart")),
                name="report_return_not_before_depart",
            )
        ]

    def __str__(self) -> str:
        return f"报告 {self.trip_id}"


class PayMethod(models.TextChoices):
    """How finance paid or received money (issue 10.5); empty when an API client did not say."""

    TRANSFER = "transfer", _("转账")
    CASH = "cash", _("现金")


VOUCHER_MAX = 30  # 凭证号: an accounting voucher number such as 记-2026-12-0031


def _method(verbose: str) -> models.CharField:
    return models.CharField(verbose, max_length=10, choices=PayMethod.choices, blank=True)


def _voucher(verbose: str) -> models.CharField:
    return models.CharField(verbose, max_length=VOUCHER_MAX, blank=True)


class AdvanceStatus(models.TextChoices):
    # Only inside the request's transaction: an advance is created and submitted at once.
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("审批中")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")
    PAID = "paid", _("已付款")
    SETTLED = "settled", _("已冲账")
    CANCELLED = "cancelled", _("已作废")


class Advance(ApprovalDocument):
    """预支差旅费单: at most the policy's limit (P2.3), finance then the GM (P2.2)."""

    S = AdvanceStatus
    TRANSITIONS = {
        (S.DRAFT, "submit"): Transition(S.SUBMITTED, AUTHOR, Kind.SUBMIT),
        (S.SUBMITTED, "approve"): Transition(S.APPROVED, APPROVER, Kind.APPROVE),
        (S.SUBMITTED, "reject"): Transition(S.REJECTED, APPROVER, Kind.REJECT),
        (S.SUBMITTED, "cancel"): Transition(S.CANCELLED, AUTHOR),
        (S.APPROVED, "pay"): Transition(S.PAID, "finance"),
        # Finance voids an approved advance that will not be paid out (so a claim can settle).
        (S.APPROVED, "void"): Transition(S.CANCELLED, "finance"),
        # A paid advance whose trip will never be claimed: the traveller returned the cash.
        (S.PAID, "repay"): Transition(S.SETTLED, "finance"),
        # The traveller's approved claim deducts the paid advance (P8.2).
        (S.PAID, "settle"): Transition(S.SETTLED, SYSTEM, Kind.SYSTEM),
    }
    OPEN = (S.SUBMITTED, S.APPROVED, S.PAID)
    UNPAID = (S.SUBMITTED, S.APPROVED)

    status = models.CharField(
        _("状态"), max_length=20, choices=AdvanceStatus.choices, default=S.DRAFT
    )
    trip = models.ForeignKey(Trip, on_delete=models.PROTECT, related_name="advances")
    traveller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="advances"
    )
    amount = models.DecimalField(_("金额"), **MONEY)
    reason = models.CharField(_("借款事由"), max_length=200, blank=True)
    paid_at = models.DateTimeField(_("付款时间"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What finance entered at payment: the business date the money left, how, which voucher.
    paid_method = _method(_("付款方式"))
    paid_on = models.DateField(_("付款日期"), null=True, blank=True)
    paid_voucher = _voucher(_("付款凭证号"))
    settled_at = models.DateTimeField(_("冲账时间"), null=True, blank=True)
    # Settled by a repayment that finance recorded, not by a claim: never deducted from one.
    repaid_at = models.DateTimeField(_("归还时间"), null=True, blank=True)
    repaid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    repaid_amount = models.DecimalField(_("归还金额"), null=True, blank=True, **MONEY)
    repaid_method = _method(_("归还方式"))
    repaid_on = models.DateField(_("归还日期"), null=True, blank=True)
    repaid_voucher = _voucher(_("归还凭证号"))

    class Meta:
        verbose_name = _("预支差旅费")
        verbose_name_plural = _("预支差旅费")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["status", "pending_user_id", "pending_role"], name="advance_waiting"
            ),
            # The list pages, newest first: a page read off the index.
            models.Index(fields=["created_at", "id"], name="advance_newest"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="advance_positive")
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"JK{self.created_at:%Y}{self.pk:05d}" if self.pk else "JK-new"

    @property
    def author(self):
        return self.traveller

    def chain_roles(self) -> tuple[str, ...]:
        return settings_in_force(self.trip.depart).advance_chain


# claim-format.md item fields that only a reviewer states (api.md): from the claimant a 400;
# the engine gets them from ClaimOverride, ClaimNote and ClaimConsent rows instead.
REVIEWER_ITEM_FIELDS = ("override", "reviewer_note", "head_consent")
HEAD_ROLES = ("dept_head", "dept_manager")


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("审批中")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")
    SETTLED = "settled", _("已结算")


class Claim(ApprovalDocument):
    """差旅费报销单: receipts priced by the engine, reviewed by the head then finance (P8)."""

    S = ClaimStatus
    TRANSITIONS = {
        (S.DRAFT, "submit"): Transition(S.SUBMITTED, AUTHOR, Kind.SUBMIT),
        (S.REJECTED, "submit"): Transition(S.SUBMITTED, AUTHOR, Kind.SUBMIT),
        (S.SUBMITTED, "approve"): Transition(S.APPROVED, APPROVER, Kind.APPROVE),
        (S.SUBMITTED, "reject"): Transition(S.REJECTED, APPROVER, Kind.REJECT),
        # The claimant takes a submitted claim back to a draft until the first decision
        # (rules.can_withdraw), to edit and submit it again.
        (S.SUBMITTED, "withdraw"): Transition(S.DRAFT, AUTHOR),
        (S.APPROVED, "settle"): Transition(S.SETTLED, "finance"),
    }
    EDITABLE = (S.DRAFT, S.REJECTED)
    CORRECTABLE = (S.APPROVED, S.SETTLED)  # P8.3: by a correction, never by an edit

    status = models.CharField(
        _("状态"), max_length=20, choices=ClaimStatus.choices, default=S.DRAFT, db_index=True
    )
    trip = models.ForeignKey(Trip, on_delete=models.PROTECT, related_name="claims")
    claimant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claims"
    )
    items = models.JSONField(_("报销明细"), default=list)
    evaluation = models.JSONField(_("核算结果"), default=dict)
    policy_version = models.CharField(_("制度版本"), max_length=60, blank=True)
    claimed_total = models.DecimalField(_("申报金额"), default=0, **MONEY)
    reimbursed_total = models.DecimalField(_("核准金额"), default=0, **MONEY)
    advance_deducted = models.DecimalField(_("冲抵预支"), default=0, **MONEY)
    pay_to_traveller = models.DecimalField(_("应补付"), default=0, **MONEY)
    return_to_company = models.DecimalField(_("应退还"), default=0, **MONEY)
    settled_at = models.DateTimeField(_("结算时间"), null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # How the difference was paid out (or received back), on which day, under which voucher.
    settled_method = _method(_("结算方式"))
    settled_on = models.DateField(_("结算日期"), null=True, blank=True)
    settled_voucher = _voucher(_("结算凭证号"))
    # P8.3: an approved claim is never edited; a correction is a new claim pointing at it.
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("更正的报销单"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    # selling.md S7.3: a correction made when this order was signed (its chain is finance's).
    deal_order = models.ForeignKey(
        "sales.Order",
        verbose_name=_("成交订单"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("差旅费报销单")
        verbose_name_plural = _("差旅费报销单")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["status", "pending_user_id", "pending_role"], name="claim_waiting"
            ),
            # The list pages, newest first: a page read off the index.
            models.Index(fields=["created_at", "id"], name="claim_newest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["trip", "claimant"],
                condition=models.Q(corrects__isnull=True),
                name="one_claim_per_traveller",
            ),
            models.UniqueConstraint(
                fields=["corrects"],
                condition=models.Q(corrects__isnull=False),
                name="one_correction_per_claim",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"BX{self.created_at:%Y}{self.pk:05d}" if self.pk else "BX-new"

    @property
    def author(self):
        return self.claimant

    def chain_roles(self) -> tuple[str, ...]:
        roles = settings_in_force(self.trip.depart).claim_chain
        if self.deal_order_id is not None:
            # S7.3: the head approved the claim; only the engine's reading of the signed order
            # changed, so the correction goes to the payer's steps alone.
            return tuple(r for r in roles if r not in HEAD_ROLES) or ("finance",)
        return roles


class ClaimItemKey(models.Model):
    """One line of a claim as the duplicate-receipt check matches it (issue 15): the claimant,
    kind, amount and date, written by the services whenever the claim's items are."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="item_keys")
    claimant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    item = models.CharField(max_length=40)
    kind = models.CharField(max_length=20)
    amount = models.DecimalField(**MONEY)
    date = models.DateField()

    class Meta:
        indexes = [
            models.Index(fields=["claimant", "kind", "date", "amount"], name="claim_item_key_match")
        ]

    def __str__(self) -> str:
        return f"{self.claim_id}:{self.item}"


class ClaimOverride(models.Model):
    """P9: a reviewer's written exception for one line's amount."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="overrides")
    item = models.CharField(_("明细"), max_length=40)
    amount = models.DecimalField(_("核准金额"), **MONEY)
    reason = models.TextField(_("理由"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20)
    at = models.DateTimeField(auto_now_add=True)
    # The claimant's line as it stood when the reviewer spoke: a later edit of the line voids
    # the statement (empty on rows older than this field: they always apply).
    line = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="override_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.item} → {self.amount}"


class ReviewerStatement(models.Model):
    """A reviewer's written statement on one line of a claim, with who, role and when."""

    item = models.CharField(_("明细"), max_length=40)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20)
    at = models.DateTimeField(auto_now_add=True)
    line = models.JSONField(default=dict, blank=True)  # as on ClaimOverride

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.item}: {self.note[:20]}"


class ClaimNote(ReviewerStatement):
    """P4.6 d: the current approver's note on a line (the "other special" taxi reason)."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="notes")
    note = models.TextField(_("审核说明"))

    class Meta(ReviewerStatement.Meta):
        pass


class ClaimConsent(ReviewerStatement):
    """P4.6: the traveller's department head consents to a taxi or tricycle line."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="consents")
    note = models.TextField(_("同意说明"))

    class Meta(ReviewerStatement.Meta):
        pass


class Receipt(models.Model):
    """A photo or PDF of a receipt, stored outside the web root."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="receipts")
    item = models.CharField(_("明细"), max_length=40)
    file = models.FileField(upload_to="receipts/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    original_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


class ReceiptDraft(models.Model):
    """A receipt uploaded with a claim form that was refused (issue 10): kept for its owner
    only, named by a secret token in the form shown again, until the claim is saved."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=43, unique=True)
    file = models.FileField(upload_to="receipt-drafts/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    original_name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"
