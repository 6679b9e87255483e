"""May this user do this to a company vehicle or a booking, and if not, why (department.md D9).

The department's manager (its head when no manager is named) keeps its cars and decides its
bookings; the trip's traveller books a car of their department for their trip; the GM reads
every car and booking. A salesperson sees their department's cars and when they are taken,
and their own bookings; what a user may not see is 404 (selectors.py).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fieldsales.core.workflow import may_decide
from fieldsales.department.access import signed_in as _signed_in
from fieldsales.department.vehicles.models import BookingStatus, Vehicle, VehicleBooking
from fieldsales.org.access import ALLOWED, Denied, Verdict, department_ids, has_role
from fieldsales.org.models import Role
from fieldsales.trips.models import TripStatus

# A car is booked for a trip still to happen: being written, approved or on its way to be.
BOOKABLE_TRIPS = (TripStatus.DRAFT, TripStatus.SUBMITTED, TripStatus.APPROVED)


def reads_every_vehicle(user: Any) -> bool:
    return _signed_in(user) and has_role(user, Role.GM)


def kept_departments(user: Any) -> list[int]:
    """The departments whose cars this user keeps (as their manager or head)."""
    return department_ids(user) if _signed_in(user) else []


def keeps_vehicle(user: Any, vehicle: Vehicle) -> bool:
    return vehicle.department_id in kept_departments(user)


def member_department(user: Any) -> int | None:
    """The user's own department (whose cars they may book)."""
    if not _signed_in(user):
        return None
    employee = getattr(user, "employee", None)
    return employee.department_id if employee is not None else None


def reads_vehicles(user: Any) -> bool:
    return bool(
        reads_every_vehicle(user) or kept_departments(user) or member_department(user) is not None
    )


def can_keep(user: Any, department_id: int | None) -> Verdict:
    """D9: the department's manager adds and edits its cars."""
    if department_id is not None and department_id in kept_departments(user):
        return ALLOWED
    return Denied(_("公司车辆由本部门经理管理（D9）"))


def can_book(user: Any, trip: Any) -> Verdict:
    """The trip's traveller books a car for it while the trip is still to happen."""
    if not _signed_in(user) or user.pk != trip.traveller_id:
        return Denied(_("用车申请由出差人本人提出（D9）"))
    if trip.status not in BOOKABLE_TRIPS:
        return Denied(
            _("出差申请“%(status)s”，不能再申请用车（D9）") % {"status": trip.get_status_display()},
            409,
        )
    return ALLOWED


def can_decide(user: Any, booking: VehicleBooking) -> Verdict:
    """Approve or reject: the manager the booking waits for, never the requester."""
    if _signed_in(user) and may_decide(document=booking, user=user):
        return ALLOWED
    if user is not None and user.pk == booking.requester_id:
        return Denied(_("不能审批自己的单据"))
    if booking.status != BookingStatus.REQUESTED:
        return Denied(
            _("用车申请“%(status)s”，不能审批") % {"status": booking.get_status_display()}, 409
        )
    return Denied(_("您不是此用车申请的审批人"))


def _party(user: Any, booking: VehicleBooking) -> bool:
    return _signed_in(user) and (
        user.pk == booking.requester_id or keeps_vehicle(user, booking.vehicle)
    )


def can_cancel(user: Any, booking: VehicleBooking) -> Verdict:
    """The requester or the car's keeper, while requested or approved and not yet driven."""
    if not _party(user, booking):
        return Denied(_("只有申请人或车辆管理人可以取消用车申请"))
    if booking.status not in (BookingStatus.REQUESTED, BookingStatus.APPROVED):
        return Denied(
            _("用车申请“%(status)s”，不能取消") % {"status": booking.get_status_display()}, 409
        )
    if VehicleBooking.objects.filter(pk=booking.pk, usage__isnull=False).exists():
        return Denied(_("已有出车记录，不能取消用车申请"), 409)
    return ALLOWED


def can_log_usage(user: Any, booking: VehicleBooking) -> Verdict:
    """The usage log: the requester or the keeper, once the booking is approved."""
    if not _party(user, booking):
        return Denied(_("出车记录由申请人或车辆管理人填写"))
    if booking.status != BookingStatus.APPROVED:
        return Denied(
            _("用车申请“%(status)s”，不能填写出车记录") % {"status": booking.get_status_display()},
            409,
        )
    return ALLOWED
