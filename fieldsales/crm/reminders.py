"""D11 for the CRM: revisits coming due (老客户维护 a), service deadlines (the day before and
past), and the daily pool sweep run by the same scheduler. Each notification once."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.crm.customers.models import Customer, CustomerKind, CustomerStatus, Grade
from fieldsales.crm.customers.selectors import crm_settings
from fieldsales.crm.customers.services import pool_sweep
from fieldsales.crm.service.models import ServiceRequest
from fieldsales.notifications import services as notify
from fieldsales.notifications.registry import Kind, Sweep, register_kind, register_sweep

REVISIT_DUE = "crm.revisit_due"
SERVICE_DEADLINE = "crm.service_deadline"
# A revisit is told in the week it falls due; an older backlog is the revisit list's business
# (a first run on an old database must not send thousands).
REVISIT_WINDOW_DAYS = 7


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def revisit_reminders(now: datetime) -> int:
    """Kept customers whose revisit fell due within the last week (or today): to the owner."""
    today = timezone.localdate(now)
    settings = crm_settings()
    customers = Customer.objects.filter(
        status=CustomerStatus.ACTIVE,
        owner__isnull=False,
        kind__in=[CustomerKind.END_CUSTOMER, CustomerKind.DISTRIBUTOR],
    ).annotate(last_visit=Max("visits__check_in_at", filter=Q(visits__check_in_at__isnull=False)))
    # due = last day + interval ∈ [today − window, today]
    condition = Q()
    for grade in Grade:
        days = settings.revisit_days(grade)
        low = _start_of(today - timedelta(days=days + REVISIT_WINDOW_DAYS))
        high = _start_of(today - timedelta(days=days - 1))
        in_window = Q(last_visit__gte=low, last_visit__lt=high) | Q(
            last_visit__isnull=True, created_at__gte=low, created_at__lt=high
        )
        condition |= Q(grade=grade) & in_window
    made = 0
    for customer in customers.filter(condition).select_related("owner"):
        last = timezone.localdate(customer.last_visit or customer.created_at)
        due = last + timedelta(days=settings.revisit_days(customer.grade))
        facts = {"name": customer.name, "due": f"{due:%Y-%m-%d}"}
        made += bool(
            notify.notify(
                recipient=customer.owner,
                kind=REVISIT_DUE,
                dedupe_key=f"customer:{customer.pk}:revisit:{due:%Y-%m-%d}",
                title=_("客户回访到期：%(name)s") % facts,
                body=_("按客户分类，%(name)s 应于 %(due)s 前回访。") % facts,
                link=reverse("crm:customer_detail", args=[customer.pk]),
                document=customer,
            )
        )
    return made


def service_reminders(now: datetime) -> int:
    """Open service requests whose deadline is tomorrow or today (due), or past (overdue)."""
    today = timezone.localdate(now)
    requests = ServiceRequest.objects.filter(
        status__in=ServiceRequest.OPEN_STATUSES,
        deadline__gte=today - timedelta(days=30),
        deadline__lte=today + timedelta(days=1),
    ).select_related("owner")
    made = 0
    for request in requests:
        overdue = request.deadline < today
        facts = {"number": request.number, "title": request.title, "due": request.deadline}
        made += bool(
            notify.notify(
                recipient=request.owner,
                kind=SERVICE_DEADLINE,
                dedupe_key=f"service:{request.pk}:{'overdue' if overdue else 'due'}",
                title=(_("服务已超期：%(number)s") if overdue else _("服务即将到期：%(number)s"))
                % facts,
                body=_("%(title)s，处理期限 %(due)s。") % facts,
                link=reverse("crm:service_detail", args=[request.pk]),
                document=request,
            )
        )
    return made


def sweep_pool(now: datetime) -> int:
    """Customers without follow-up go back to the pool (the same job as `crm_pool_sweep`)."""
    return len(pool_sweep(now=now))


def register() -> None:
    register_kind(Kind(REVISIT_DUE, gettext_lazy("客户回访到期"), 40))
    register_kind(Kind(SERVICE_DEADLINE, gettext_lazy("售后服务处理期限"), 41))
    register_sweep(Sweep("crm.revisit_reminders", revisit_reminders, timedelta(hours=6)))
    register_sweep(Sweep("crm.service_reminders", service_reminders, timedelta(hours=1)))
    register_sweep(Sweep("crm.pool_sweep", sweep_pool, timedelta(days=1)))
