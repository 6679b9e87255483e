"""Visits, their photos and the customer's signed feedback versions."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldsales.core.workflow import Stateful, Table, Transition
from fieldsales.crm.customers.models import COORD, Contact, Customer
from fieldsales.crm.pipeline.models import Opportunity
from fieldsales.crm.surveys.models import Satisfaction
from fieldsales.crm.visits import rules


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("已计划")
    CHECKED_IN = "checked_in", _("已签到")
    CHECKED_OUT = "checked_out", _("已签退")
    CANCELLED = "cancelled", _("已取消")


def optional_link(to: Any, label: Any, related_name: str = "visits") -> Any:
    """A visit's optional link (contact, opportunity, trip): cleared when its target goes."""
    return models.ForeignKey(
        to,
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


class Visit(Stateful):
    """One planned visit at a customer, then its check-in, record, signed feedback, check-out."""

    S = VisitStatus
    # Written only by workflow.apply (visits.services): check in, check out, cancel move it;
    # the other steps keep it and are allowed only in the states listed.
    TRANSITIONS: ClassVar[Table] = {
        (S.PLANNED, "confirm"): Transition(S.PLANNED, "salesperson"),
        (S.PLANNED, "edit"): Transition(S.PLANNED, "salesperson"),
        (S.PLANNED, "check_in"): Transition(S.CHECKED_IN, "salesperson"),
        (S.CHECKED_IN, "record"): Transition(S.CHECKED_IN, "salesperson"),
        (S.CHECKED_OUT, "record"): Transition(S.CHECKED_OUT, "salesperson"),
        (S.CHECKED_IN, "photo"): Transition(S.CHECKED_IN, "salesperson"),
        (S.CHECKED_OUT, "photo"): Transition(S.CHECKED_OUT, "salesperson"),
        (S.CHECKED_IN, "sign"): Transition(S.CHECKED_IN, "salesperson"),
        (S.CHECKED_OUT, "sign"): Transition(S.CHECKED_OUT, "salesperson"),
        (S.CHECKED_IN, "check_out"): Transition(S.CHECKED_OUT, "salesperson"),
        (S.PLANNED, "cancel"): Transition(S.CANCELLED, "planner"),
    }
    CUSTOM_ACTORS = frozenset({"salesperson", "planner"})

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
    contact = optional_link(Contact, _("拜访对象"))
    opportunity = optional_link(Opportunity, _("相关商机"))
    # By name: the link is trips' (trips.visits); crm imports nothing of trips.
    trip = optional_link("trips.Trip", _("所属出差"), related_name="crm_visits")
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
        indexes = [
            models.Index(fields=["salesperson", "date"]),
            # The latest check-in per customer (revisits due): one index probe each.
            models.Index(fields=["customer", "check_in_at"], name="crm_visit_customer_checkin"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"BF{self.created_at:%Y}{self.pk:05d}" if self.pk else "BF-new"

    def may_act_as(self, who: str, user: Any) -> bool:
        return rules.acts_as(who, user, self)

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


class LastCheckIn(models.Model):
    """A customer's latest check-in (老客户维护's 最近拜访), kept by the database itself: the
    triggers of crm migration 0010 recompute it whenever a visit is added, checked in, moved
    or deleted, whoever writes the visit (a service, the generator, an import). Never written
    here; the revisit list reads it instead of looking up every customer's visits."""

    customer = models.OneToOneField(
        Customer, on_delete=models.CASCADE, primary_key=True, related_name="last_check_in"
    )
    at = models.DateTimeField(null=True)

    class Meta:
        db_table = "crm_last_check_in"

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.at}"


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
