"""D11 for orders: installments coming due (within `DUE_AHEAD_DAYS`) and overdue (S6.4), to the
order's salesperson; an overdue one also to their department's manager. Each once."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.notifications import services as notify
from fieldsales.notifications.registry import Kind, Sweep, register_kind, register_sweep
from fieldsales.org.access import department_manager
from fieldsales.sales.orders.models import SIGNED_OR_LATER, Installment

INSTALLMENT_DUE = "sales.installment_due"
INSTALLMENT_OVERDUE = "sales.installment_overdue"
DUE_AHEAD_DAYS = 3  # the reminder's lead, as home's "due within 7 days" list is the other view
OVERDUE_WINDOW_DAYS = 30  # an older overdue is the receivables page's business


def installment_reminders(now: datetime) -> int:
    today = timezone.localdate(now)
    installments = Installment.objects.filter(
        order__status__in=SIGNED_OR_LATER,
        collected__lt=F("amount"),
        due__gte=today - timedelta(days=OVERDUE_WINDOW_DAYS),
        due__lte=today + timedelta(days=DUE_AHEAD_DAYS),
    ).select_related("order", "order__salesperson", "order__customer")
    made = 0
    for installment in installments:
        order = installment.order
        facts = {
            "number": order.number,
            "label": installment.label,
            "customer": order.customer.name,
            "due": f"{installment.due:%Y-%m-%d}",
            "rest": f"{installment.amount - installment.collected:,.2f}",
        }
        overdue = installment.due < today
        people = {order.salesperson}
        if overdue:
            people |= {department_manager(order.salesperson)} - {None}
        for person in people:
            made += bool(
                notify.notify(
                    recipient=person,
                    kind=INSTALLMENT_OVERDUE if overdue else INSTALLMENT_DUE,
                    dedupe_key=f"installment:{installment.pk}:{'overdue' if overdue else 'due'}",
                    title=(_("回款逾期：%(number)s") if overdue else _("回款即将到期：%(number)s"))
                    % facts,
                    body=_("%(customer)s · %(label)s 应于 %(due)s 回款，未回 ¥%(rest)s。") % facts,
                    link=reverse("sales:order_detail", args=[order.pk]),
                    document=order,
                )
            )
    return made


def register() -> None:
    register_kind(Kind(INSTALLMENT_DUE, gettext_lazy("回款即将到期"), 50))
    register_kind(Kind(INSTALLMENT_OVERDUE, gettext_lazy("回款逾期"), 51))
    register_sweep(Sweep("sales.installment_reminders", installment_reminders, timedelta(hours=6)))
