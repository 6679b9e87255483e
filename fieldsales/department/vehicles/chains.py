"""Who approves a booking (D9): the manager who keeps the car (the department's head when no
manager is named). When that is the requester, the department's other head or manager takes
it, and with none, the GM (nobody approves their own booking)."""

from __future__ import annotations

from fieldsales.core.workflow import chain_from_roles, register_chain
from fieldsales.core.workflow.chains import Step
from fieldsales.department.vehicles.models import VehicleBooking
from fieldsales.org.models import Role


def booking_chain(booking: VehicleBooking) -> list[Step]:
    department = booking.vehicle.department
    for role, person in (
        (Role.DEPT_MANAGER, department.manager),
        (Role.DEPT_HEAD, department.head),
    ):
        if person is not None and person.is_active and person.pk != booking.requester_id:
            return [{"role": role, "user": person.pk, "alternate": False}]
    return chain_from_roles(roles=[Role.GM], author=booking.requester)


def register() -> None:
    register_chain(VehicleBooking, booking_chain)
