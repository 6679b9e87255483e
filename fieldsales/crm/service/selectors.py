"""Reads of service requests."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from fieldsales.crm.customers import rules as customer_rules
from fieldsales.crm.customers.selectors import rows_of_visible_customers, team_members
from fieldsales.crm.service.models import ServiceRequest


def visible_service_requests(*, user: Any) -> QuerySet[ServiceRequest]:
    requests = ServiceRequest.objects.select_related("customer", "owner")
    if not customer_rules.uses_crm(user):
        return requests.none()
    # Their own (handled or opened) and those of the customers they see.
    pks = rows_of_visible_customers(
        ServiceRequest.objects, user=user, also=Q(owner=user) | Q(opened_by=user)
    )
    return requests if pks is None else requests.filter(pk__in=pks)


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
