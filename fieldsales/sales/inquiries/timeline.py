"""Inquiries on the customer timeline (crm.customers.timeline; registered by entries.py): the
customer's inquiries and tenders as the user may see them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from fieldsales.core.people import display_name
from fieldsales.crm.customers.timeline import TimelineEntry, TimelineSource, register_timeline
from fieldsales.sales.inquiries.selectors import STATUS_TONES, visible_inquiries


def inquiry_entries(user: Any, customer: Any, limit: int) -> list[TimelineEntry]:
    inquiries = visible_inquiries(user=user).filter(customer=customer).order_by("-created_at")
    return [
        TimelineEntry(
            at=i.created_at,
            kind=i.get_kind_display(),
            title=_("%(who)s 登记%(kind)s：%(title)s")
            % {
                "who": display_name(i.salesperson),
                "kind": i.get_kind_display(),
                "title": i.title or (i.items[0]["description"] if i.items else ""),
            },
            meta=_("%(number)s · 截止 %(deadline)s")
            % {"number": i.number, "deadline": f"{i.deadline:%Y-%m-%d}"},
            url=reverse("sales:inquiry_detail", args=[i.pk]),
            status=i.get_status_display(),
            tone=STATUS_TONES.get(i.status, "draft"),
        )
        for i in inquiries[:limit]
    ]


def register() -> None:
    register_timeline(TimelineSource("sales.inquiries", inquiry_entries, 40))
