"""The customer timeline's service requests and complaints (registered by CrmConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from fieldsales.core.people import display_name
from fieldsales.crm.customers.timeline import TimelineEntry, TimelineSource, register_timeline
from fieldsales.crm.service.models import ServiceStatus
from fieldsales.crm.service.selectors import visible_service_requests

TONES = {
    ServiceStatus.CLOSED: "approved",
    ServiceStatus.CANCELLED: "cancelled",
    ServiceStatus.RESOLVED: "warning",
}


def service_entries(user: Any, customer: Any, limit: int) -> list[TimelineEntry]:
    requests = (
        visible_service_requests(user=user).filter(customer=customer).order_by("-created_at", "-pk")
    )
    return [
        TimelineEntry(
            at=r.created_at,
            kind=r.get_kind_display(),
            title=r.title,
            meta=f"{r.number} · {display_name(r.owner)}",
            url=reverse("crm:service_detail", args=[r.pk]),
            status=r.get_status_display(),
            tone=TONES.get(r.status, "submitted"),
        )
        for r in requests[:limit]
    ]


def register() -> None:
    register_timeline(TimelineSource("crm.service", service_entries, 40))
