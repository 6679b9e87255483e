"""Reads of service requests."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from fieldsales.crm.customers import rules as customer_rules
from fieldsales.crm.customers.selectors import people_q, team_members, visible_customers
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


def assign_targets(*, user: Any, request: ServiceRequest) -> list[Any]:
    """The colleagues the user may hand the request to, as service_request_assign allows
    (themselves or someone whose work they direct), its current owner left out."""
    people = team_members(user=user).select_related("employee__department")
    return [
        person
        for person in people
        if person.pk != request.owner_id
        and (person.pk == user.pk or customer_rules.directs(user, person))
    ]
