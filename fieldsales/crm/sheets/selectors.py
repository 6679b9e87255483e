"""Reads the sheets need beyond one subdomain."""

from __future__ import annotations

from datetime import date

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from fieldsales.crm.customers.models import Contact, Customer


def with_sheet_columns(customers: QuerySet[Customer]) -> QuerySet[Customer]:
    """Customers annotated with what a sheet row reads besides the row: the primary contact
    (else the first: the contacts' own order) as subqueries, and the last check-in (kept by the
    database: visits.models.LastCheckIn), so that a sheet of any length is one query (streamed)
    and a page of it one too."""
    contact = Contact.objects.filter(customer=OuterRef("pk")).order_by("-is_primary", "id")
    return customers.annotate(
        sheet_contact_name=Subquery(contact.values("name")[:1]),
        sheet_contact_title=Subquery(contact.values("title")[:1]),
        sheet_contact_phone=Subquery(contact.values("phone")[:1]),
        sheet_last_visit=F("last_check_in__at"),
    )


def sheet_last_follow_up(customer: Customer) -> date | None:
    """The later of the customer's last check-in (with_sheet_columns) and last activity."""
    days = [
        timezone.localdate(at)
        for at in (customer.sheet_last_visit, customer.last_activity_at)  # type: ignore[attr-defined]
        if at is not None
    ]
    return max(days) if days else None
