"""What vehicles plug into the shared pages at start-up (DepartmentConfig.ready): the approval
chain, bookings waiting for the manager in the inbox, the 车辆 section of the 部门 tab, the
cancellation notice, labels and how the audit rows read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from fieldsales.core import audit_text, labels
from fieldsales.core.api import MAX_ID
from fieldsales.core.errors import NotFound
from fieldsales.core.inbox import InboxSource, register_source
from fieldsales.department.sections import Section, register_section
from fieldsales.department.vehicles import chains, notify, rules, selectors, services
from fieldsales.department.vehicles.models import BookingStatus, VehicleBooking, VehicleStatus
from fieldsales.notifications.registry import register_kind, register_mover

STATUS_LABELS = dict(BookingStatus.choices)
ACTIONS = {
    "create": gettext_lazy("创建"),
    "submit": gettext_lazy("申请用车"),
    "approve": gettext_lazy("批准"),
    "reject": gettext_lazy("驳回"),
    "cancel": gettext_lazy("取消"),
    "usage": gettext_lazy("登记出车记录"),
}


def booking_number(pk: int, created_at: datetime) -> str:
    return f"YC{created_at:%Y}{pk:05d}"


def _returned(user: Any) -> QuerySet[VehicleBooking]:
    return VehicleBooking.objects.none()


def _started(user: Any) -> QuerySet[VehicleBooking]:
    return VehicleBooking.objects.filter(requester=user, submitted_at__isnull=False)


def _find(pk: int, user: Any) -> VehicleBooking:
    found = selectors.booking_detail(user=user, pk=pk) if 0 < pk <= MAX_ID else None
    if found is None:
        raise NotFound(_("未找到。"))
    return found


def _approve(booking: VehicleBooking, actor: Any, comment: str) -> VehicleBooking:
    return services.booking_decide(booking=booking, actor=actor, action="approve", comment=comment)


def _search(q: str) -> Q:
    return Q(vehicle__plate__icontains=q) | Q(note__icontains=q)


SOURCE = InboxSource(
    name="department.vehicle_booking",
    kind="vehicle_booking",
    label=gettext_lazy("用车申请"),
    waiting=selectors.bookings_waiting,
    page_url="department:vehicle_booking",
    api_path="/api/vehicle-bookings/{id}/",
    number=booking_number,
    person="requester",
    status_labels=lambda code: str(STATUS_LABELS.get(code, code)),
    order=76,
    returned=_returned,
    started=_started,
    decided=True,
    subject=lambda: F("vehicle__plate"),
    dates=("start", "end"),
    search=_search,
    find=_find,
    approve=_approve,
)

SECTION = Section("department:vehicles", gettext_lazy("车辆"), 70, rules.reads_vehicles)

VOICE = audit_text.AuditVoice(
    noun=pgettext_lazy("audit", "用车申请"),
    actions="department.vehicle_booking.action",
    statuses="department.vehicle_booking.status",
    sentences={},
)
VEHICLE_VOICE = audit_text.AuditVoice(
    noun=pgettext_lazy("audit", "公司车辆"),
    statuses="department.vehicle.status",
    sentences={},
)


def register() -> None:
    chains.register()
    register_section(SECTION)
    register_source(SOURCE)
    for kind in notify.KINDS:
        register_kind(kind)
    register_mover("vehicles", notify.booking_messages)
    labels.register("department.vehicle_booking.status", STATUS_LABELS)
    labels.register("department.vehicle_booking.action", ACTIONS)
    labels.register("department.vehicle.status", dict(VehicleStatus.choices))
    audit_text.register_voice("department.vehiclebooking", VOICE)
    audit_text.register_voice("department.vehicle", VEHICLE_VOICE)
