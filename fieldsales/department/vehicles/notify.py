"""The booking's notifications (D11). Waiting (to the manager) and decided (to the requester)
come from the generic approval path (notifications.moves: kinds `waiting` and `decision`, once
per round and step), like every document with an approval chain; this adds what that path does
not cover: a cancelled booking told to the other party (the requester or the car's keeper)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.core.people import display_name
from fieldsales.department.vehicles.models import BookingStatus, VehicleBooking
from fieldsales.notifications.registry import Kind, Message

CANCELLED = "vehicle.cancelled"
KINDS = (Kind(CANCELLED, gettext_lazy("用车申请取消"), 66),)


def _keeper(booking: VehicleBooking) -> Any:
    department = booking.vehicle.department
    return department.manager or department.head


def booking_messages(
    document: Any, action: str, from_state: str, to_state: str, actor: Any
) -> list[Message]:
    """A cancelled booking: the requester when the manager cancelled it, the manager when the
    requester cancelled one that was approved or waiting (never the actor)."""
    if not isinstance(document, VehicleBooking) or action != "cancel":
        return []
    if to_state != BookingStatus.CANCELLED:
        return []
    actor_pk = actor.pk if actor is not None else None
    names = {
        "number": document.number,
        "plate": document.vehicle.plate,
        "start": document.start.isoformat(),
        "end": document.end.isoformat(),
        "person": display_name(actor) if actor is not None else "",
    }
    recipients = [document.requester, _keeper(document)]
    return [
        Message(
            recipient=person,
            kind=CANCELLED,
            dedupe_key=f"vehicle-booking:{document.pk}:cancelled",
            title=_("用车申请已取消：%(number)s %(plate)s") % names,
            body=_("%(person)s 取消了 %(plate)s %(start)s 至 %(end)s 的用车申请。") % names,
            link=reverse("department:vehicle_booking", args=[document.pk]),
            document=document,
        )
        for person in recipients
        if person is not None and person.pk != actor_pk
    ]
