"""The duty reminder (D8, D11): "duty tomorrow" to the person on a shift, from noon the day
before until the shift begins; once per shift and person (a swapped-in person gets their own)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.department.duty import rules, selectors
from fieldsales.department.versions import department_params_on
from fieldsales.notifications import services
from fieldsales.notifications.registry import Kind, Sweep

TOMORROW = "duty.tomorrow"
KINDS = (Kind(TOMORROW, gettext_lazy("展厅值日提醒"), 65),)
FROM = time(12, 0)  # the day before, from noon


def send_reminders(now: datetime) -> int:
    """Remind the person of tomorrow's shift (and of today's, before it begins, when the
    reminder could not go out the day before)."""
    local = timezone.localtime(now)
    today = local.date()
    days = [today + timedelta(days=1)] if local.time() >= FROM else []
    days.append(today)
    made = 0
    with translation.override(settings.LANGUAGE_CODE):
        for day in days:
            for shift in selectors.shifts_on(day):
                if shift.done_at is not None or now >= rules.starts_at(shift):
                    continue
                params = department_params_on(day)
                title = (
                    _("明天 %(start)s–%(end)s 展厅值日")
                    if day > today
                    else _("今天 %(start)s–%(end)s 展厅值日")
                ) % {"start": f"{params.duty_start:%H:%M}", "end": f"{params.duty_end:%H:%M}"}
                body = _(
                    "%(department)s %(day)s 展厅维护由你值日，完成后请在 %(by)s 前点「已完成」。"
                ) % {
                    "department": shift.department.name,
                    "day": f"{day:%Y-%m-%d}",
                    "by": f"{params.duty_done_by:%H:%M}",
                }
                made += (
                    services.notify(
                        recipient=shift.person,
                        kind=TOMORROW,
                        dedupe_key=f"duty:{shift.pk}:{shift.person_id}:tomorrow",
                        title=title,
                        body=body,
                        link=reverse("department:duty"),
                        document=shift,
                    )
                    is not None
                )
    return made


SWEEP = Sweep("department.duty.reminder", send_reminders, timedelta(minutes=30))
