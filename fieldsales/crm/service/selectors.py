"""Reads of service requests."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from fieldsales.crm.customers import rules as customer_rules
from fieldsales.crm.customers.selectors import people_q, visible_customers
from fieldsales.crm.service.models import ServiceRequest


def visible_service_requests(*, user: Any) -> QuerySet[ServiceRequest]:
    requests = ServiceRequest.objects.select_related("customer", "owner")
    if not customer_rules.uses_crm(user):
        return requests.none()
    if people_q(user, "owner") is None:
        return requests
    return requests.filter(
        Q(owner=user)
        | Q(opened_by=user)
        | Q(customer__in=visible_customers(user=user).values("pk"))
    )
