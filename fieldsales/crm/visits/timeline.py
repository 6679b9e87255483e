"""The customer timeline's visits and signed feedback (registered by CrmConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from fieldsales.core.people import display_name
from fieldsales.crm.customers.timeline import (
    TimelineEntry,
    TimelineSource,
    day_start,
    register_timeline,
)
from fieldsales.crm.visits.models import VisitSignature, VisitStatus
from fieldsales.crm.visits.selectors import visible_visits

TONES = {
    VisitStatus.CHECKED_OUT: "approved",
    VisitStatus.CHECKED_IN: "submitted",
    VisitStatus.CANCELLED: "cancelled",
}


def visit_entries(user: Any, customer: Any, limit: int) -> list[TimelineEntry]:
    visits = visible_visits(user=user).filter(customer=customer).order_by("-date", "-seq", "-pk")
    return [
        TimelineEntry(
            at=day_start(v.date),
            kind=_("拜访"),
            title=v.purpose,
            meta=display_name(v.salesperson),
            url=reverse("crm:visit_detail", args=[v.pk]),
            status=v.get_status_display(),
            tone=TONES.get(v.status, "draft"),
            dated=True,
        )
        for v in visits[:limit]
    ]


def feedback_entries(user: Any, customer: Any, limit: int) -> list[TimelineEntry]:
    """The customer's signed 客户拜访反馈表, of the visits the user may see."""
    signed = (
        VisitSignature.objects.filter(
            visit__in=visible_visits(user=user).filter(customer=customer).values("pk")
        )
        .select_related("visit")
        .order_by("-signed_at", "-pk")
        .defer("signature_png")
    )
    entries = []
    for s in signed[:limit]:
        satisfaction = s.get_satisfaction_display() if s.satisfaction else ""
        entries.append(
            TimelineEntry(
                at=s.signed_at,
                kind=_("拜访反馈"),
                title=_("客户%(name)s签字确认反馈表") % {"name": s.signer_name},
                meta=" · ".join(x for x in (satisfaction, s.comments[:40]) if x),
                url=reverse("crm:visit_feedback", args=[s.visit_id]),
                status=_("已签字"),
                tone="approved",
            )
        )
    return entries


def register() -> None:
    register_timeline(TimelineSource("crm.visits", visit_entries, 20))
    register_timeline(TimelineSource("crm.feedback", feedback_entries, 30))
