"""Company vehicles (车辆, department.md D9): the department's cars kept by its manager,
bookings for trips approved by the manager (an approved booking makes the trip's vehicle the
company's, so P4.7 applies by itself), and the usage log of each booking."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldsales.core.models import MONEY
from fieldsales.core.workflow import (
    APPROVER,
    AUTHOR,
    ApprovalDocument,
    Kind,
    Table,
    Transition,
)


class VehicleStatus(models.TextChoices):
    AVAILABLE = "available", _("可用")
    IN_SERVICE = "in_service", _("维修保养中")
    RETIRED = "retired", _("已停用")


class Vehicle(models.Model):
    """A company car of one department (plate, model, seats, status)."""

    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("部门"),
        on_delete=models.PROTECT,
        related_name="vehicles",
    )
    plate = models.CharField(_("车牌号"), max_length=12, unique=True)
    model = models.CharField(_("车型"), max_length=60)
    seats = models.PositiveSmallIntegerField(_("座位数"))
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=VehicleStatus.choices,
        default=VehicleStatus.AVAILABLE,
        db_index=True,
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("公司车辆")
        verbose_name_plural = _("公司车辆")
        ordering = ["department_id", "plate"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(seats__gte=1) & models.Q(seats__lte=60),
                name="vehicle_seats_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plate} {self.model}"


class BookingStatus(models.TextChoices):
    # A booking is made and sent to the manager in one step: a draft never stays.
    DRAFT = "draft", _("草稿")
    REQUESTED = "requested", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")
    CANCELLED = "cancelled", _("已取消")


# The bookings that hold the car for their dates (D9: another one may not overlap them).
HOLDING = (BookingStatus.DRAFT, BookingStatus.REQUESTED, BookingStatus.APPROVED)


class VehicleBooking(ApprovalDocument):
    """用车申请: a company car for (part of) a trip, requested by the trip's traveller and
    approved or rejected by the department's manager (never by the requester)."""

    S = BookingStatus
    AUDIT_LABEL = "vehicle booking"
    TRANSITIONS: ClassVar[Table] = {
        (S.DRAFT, "submit"): Transition(S.REQUESTED, AUTHOR, Kind.SUBMIT),
        (S.REQUESTED, "approve"): Transition(S.APPROVED, APPROVER, Kind.APPROVE),
        (S.REQUESTED, "reject"): Transition(S.REJECTED, APPROVER, Kind.REJECT),
        # The requester or the car's keeper (the manager) takes the booking back (rules).
        (S.REQUESTED, "cancel"): Transition(S.CANCELLED, "party"),
        (S.APPROVED, "cancel"): Transition(S.CANCELLED, "party"),
    }
    CUSTOM_ACTORS = frozenset({"party"})

    status = models.CharField(
        _("状态"), max_length=20, choices=BookingStatus.choices, default=S.DRAFT, db_index=True
    )
    vehicle = models.ForeignKey(
        Vehicle, verbose_name=_("车辆"), on_delete=models.PROTECT, related_name="bookings"
    )
    trip = models.ForeignKey(
        "trips.Trip",
        verbose_name=_("出差申请"),
        on_delete=models.PROTECT,
        related_name="vehicle_bookings",
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="vehicle_bookings",
    )
    start = models.DateField(_("用车开始日期"))
    end = models.DateField(_("用车结束日期"))
    note = models.CharField(_("用车说明"), max_length=200, blank=True)
    # The trip's vehicle before the approval set it to the company's (restored on cancel).
    previous_vehicle = models.CharField(max_length=10, blank=True)

    class Meta:
        verbose_name = _("用车申请")
        verbose_name_plural = _("用车申请")
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["vehicle", "start", "end"], name="booking_vehicle_dates")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="booking_end_not_before_start"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"YC{self.created_at:%Y}{self.pk:05d}" if self.pk and self.created_at else "YC-new"

    @property
    def author(self) -> Any:
        return self.requester

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def may_act_as(self, who: str, user: Any) -> bool:
        if who == "party":
            from fieldsales.department.vehicles.rules import keeps_vehicle

            return user.pk == self.requester_id or keeps_vehicle(user, self.vehicle)
        return super().may_act_as(who, user)


class VehicleUsage(models.Model):
    """出车记录: the usage log of an approved booking (odometer out and in, fuel, driver)."""

    booking = models.OneToOneField(
        VehicleBooking, verbose_name=_("用车申请"), on_delete=models.CASCADE, related_name="usage"
    )
    odometer_out = models.PositiveIntegerField(_("出车里程（公里）"))
    odometer_in = models.PositiveIntegerField(_("还车里程（公里）"))
    fuel_litres = models.DecimalField(_("加油量（升）"), max_digits=8, decimal_places=2, default=0)
    fuel_cost = models.DecimalField(_("油费（元）"), default=0, **MONEY)
    driver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("驾驶人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    returned_at = models.DateTimeField(_("还车时间"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("出车记录")
        verbose_name_plural = _("出车记录")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(odometer_in__gte=models.F("odometer_out")),
                name="usage_odometer_in_not_below_out",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booking} · {self.distance} km"

    @property
    def distance(self) -> int:
        return self.odometer_in - self.odometer_out
