"""Reads of quotes: who sees which (as for trips), what waits for whom, an inquiry's state."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from fieldsales.core.workflow import waiting_for
from fieldsales.crm.customers.selectors import owned_by_q
from fieldsales.org.access import has_role, visible_people
from fieldsales.org.models import Role
from fieldsales.sales.inquiries.models import Inquiry

# What a quote asks of its inquiry (S3.2, S3.3): the inquiries' own answers.
from fieldsales.sales.inquiries.selectors import can_quote as can_quote
from fieldsales.sales.inquiries.selectors import (
    has_unanswered_requests as has_unanswered_requests,
)
from fieldsales.sales.quotes.models import EXPIRED, Quote, QuoteStatus

QUOTING_ROLES = (Role.SALESPERSON, Role.DEPT_HEAD, Role.DEPT_MANAGER, Role.GM)
# Who opens the quote pages: the quoting roles and finance (S1.3: prices are confidential).
# Admin runs the system, not the prices (S1.3 as the catalogue reads it): a quote shows each
# line's floor, so admin reads no quotes.
READING_ROLES = (*QUOTING_ROLES, Role.FINANCE)


def visible_quotes(*, user: Any) -> QuerySet[Quote]:
    """A salesperson's own quotes and those of their customers; a head's or manager's
    department's (org.access); everything for the GM and finance; nothing for other roles."""
    quotes = Quote.objects.select_related("customer", "salesperson", "price_list")
    if not getattr(user, "is_authenticated", False) or not has_role(user, *READING_ROLES):
        return quotes.none()
    people = visible_people(user)
    if people is None:
        return quotes
    # Whoever a step names sees what waits for them.
    condition = (
        Q(salesperson_id__in=people) | owned_by_q("customer", people) | Q(pending_user_id=user.pk)
    )
    return quotes.filter(condition)


def quotes_waiting(user: Any) -> QuerySet[Quote]:
    """Quotes whose current step the user decides (the inbox)."""
    return waiting_for(Quote, user)


def quotes_returned(user: Any) -> QuerySet[Quote]:
    """The author's rejected quotes: to edit and submit again, or to cancel."""
    return Quote.objects.filter(salesperson=user, status=QuoteStatus.REJECTED)


def quotes_started(user: Any) -> QuerySet[Quote]:
    return Quote.objects.filter(salesperson=user, submitted_at__isnull=False)


def visible_inquiry(user: Any, pk: Any) -> Inquiry | None:
    """The inquiry `pk` if the user sees it: theirs or their customers' (org.access scope)."""
    inquiries = Inquiry.objects.select_related("customer")
    people = visible_people(user)
    if people is not None:
        inquiries = inquiries.filter(Q(salesperson_id__in=people) | owned_by_q("customer", people))
    return inquiries.filter(pk=pk).first()


def quotes_for_opportunity(*, user: Any, opportunity: Any) -> QuerySet[Quote]:
    return visible_quotes(user=user).filter(opportunity=opportunity).order_by("-created_at")


def revisions_of(quote: Quote) -> QuerySet[Quote]:
    """Every revision of the quote's number, newest first."""
    return Quote.objects.filter(year=quote.year, seq=quote.seq).order_by("-revision")


def filtered(quotes: QuerySet[Quote], *, status: str = "") -> QuerySet[Quote]:
    """The lists' status filter; `expired` (S4.3) is approved or sent past `valid_until`, and
    approved or sent alone mean not expired."""
    today = timezone.localdate()
    live = (QuoteStatus.APPROVED, QuoteStatus.SENT)
    if status == EXPIRED:
        return quotes.filter(status__in=live, valid_until__lt=today)
    if status in live:
        return quotes.filter(status=status, valid_until__gte=today)
    if status in QuoteStatus.values:
        return quotes.filter(status=status)
    return quotes
