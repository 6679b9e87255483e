"""Reads the sheets need beyond one subdomain."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Max
from django.utils import timezone

from fieldsales.crm.customers.models import Customer
from fieldsales.crm.visits.models import Visit


def last_follow_up(customers: Iterable[Customer]) -> dict[int, date]:
    """Each customer's most recent follow-up day (a check-in or the last recorded activity)."""
    ids = [c.pk for c in customers]
    visits = (
        Visit.objects.filter(customer__in=ids, check_in_at__isnull=False)
        .values("customer")
        .annotate(last=Max("check_in_at"))
    )
    latest = {row["customer"]: timezone.localdate(row["last"]) for row in visits}
    for customer in customers:
        if customer.last_activity_at is not None:
            day = timezone.localdate(customer.last_activity_at)
            latest[customer.pk] = max(day, latest.get(customer.pk, day))
    return latest
