"""The customer timeline's satisfaction surveys (registered by CrmConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fieldsales.crm.customers.timeline import TimelineEntry, TimelineSource, register_timeline
from fieldsales.crm.surveys.selectors import visible_surveys


def survey_entries(user: Any, customer: Any, limit: int) -> list[TimelineEntry]:
    surveys = visible_surveys(user=user).filter(customer=customer).order_by("-recorded_at", "-pk")
    return [
        TimelineEntry(
            at=s.recorded_at,
            kind=_("满意度"),
            title=f"{s.get_kind_display()} · {s.get_score_display()}",
            meta=" · ".join(x for x in (s.quarter, s.respondent, s.comments[:40]) if x),
            status=s.get_score_display(),
            tone="approved" if s.score >= 3 else "warning",
        )
        for s in surveys[:limit]
    ]


def register() -> None:
    register_timeline(TimelineSource("crm.surveys", survey_entries, 50))
