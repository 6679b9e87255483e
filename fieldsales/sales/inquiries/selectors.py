"""Reads of inquiries: who sees which (selling.md's visibility), what waits for whom, and what
the quotes subpackage asks before it quotes an inquiry (S3.2, S3.3)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from fieldsales.core.api import MAX_ID
from fieldsales.core.errors import NotFound, RuleBroken
from fieldsales.core.workflow import waiting_for
from fieldsales.crm.customers.selectors import owned_by_q
from fieldsales.org.access import sees_company, visible_people
from fieldsales.sales.inquiries import rules
from fieldsales.sales.inquiries.models import InputRequest, Inquiry, InquiryStatus


def _asked_of(user: Any) -> Q:
    """Inquiries with a request of a kind the user answers (technical, purchasing staff)."""
    kinds = rules.request_kinds_of(user)
    if not kinds:
        return Q(pk__in=[])
    asked = InputRequest.objects.filter(inquiry=OuterRef("pk"), kind__in=kinds)
    return Q(Exists(asked))


def visible_inquiries(*, user: Any) -> QuerySet[Inquiry]:
    """A salesperson's own inquiries and those of their customers; a head's or manager's the
    department's; the GM, finance (and admin) all; technical and purchasing staff only those
    they are asked about; whoever a step names sees what waits for them."""
    inquiries = Inquiry.objects.select_related("customer", "salesperson", "opportunity")
    if user is None or not getattr(user, "is_authenticated", False):
        return inquiries.none()
    people = visible_people(user)
    if people is None:
        return inquiries
    condition = (
        Q(salesperson_id__in=people)
        | owned_by_q("customer", people)
        | Q(pending_user_id=user.pk)
        | _asked_of(user)
    )
    return inquiries.filter(condition)


def find_inquiry(*, user: Any, inquiry_id: Any) -> Inquiry:
    """The inquiry the user may see, else 404."""
    found = None
    if (
        isinstance(inquiry_id, int)
        and not isinstance(inquiry_id, bool)
        and 0 < inquiry_id <= MAX_ID
    ):
        found = visible_inquiries(user=user).filter(pk=inquiry_id).first()
    elif isinstance(inquiry_id, str) and inquiry_id.isascii() and inquiry_id.isdigit():
        return find_inquiry(user=user, inquiry_id=int(inquiry_id))
    if found is None:
        raise NotFound(_("询价不存在"), field="inquiry")
    return found


def quotable_inquiry(user: Any, inquiry_id: Any) -> Inquiry:
    """The inquiry a quote may name: one the user sees (else 404 on `inquiry`) that is
    participating (S3.2; else 400 on `inquiry`)."""
    inquiry = find_inquiry(user=user, inquiry_id=inquiry_id)
    if not rules.can_quote(inquiry):
        raise RuleBroken(
            _("只有决定参与的询价才能报价（S3.2），该询价当前为“%(status)s”")
            % {"status": inquiry.get_status_display()},
            field="inquiry",
        )
    return inquiry


def can_quote(inquiry: Inquiry) -> bool:
    """S3.2: only a participating inquiry can get a quote."""
    return rules.can_quote(inquiry)


def open_requests(inquiry: Inquiry) -> QuerySet[InputRequest]:
    """The inquiry's requests not answered yet (S3.3)."""
    return InputRequest.objects.filter(inquiry_id=inquiry.pk, answered_at__isnull=True)


def has_unanswered_requests(inquiry: Inquiry) -> bool:
    """S3.3: a quote for the inquiry cannot be submitted while this is true (409)."""
    return open_requests(inquiry).exists()


def inquiries_waiting(user: Any) -> QuerySet[Inquiry]:
    """Inquiries waiting for the user's decision (S3.2): their step, not their own."""
    return waiting_for(Inquiry, user).exclude(salesperson=user)


def requests_waiting(user: Any) -> QuerySet[InputRequest]:
    """Open requests of the kinds the user answers, on inquiries still being worked on."""
    kinds = rules.request_kinds_of(user)
    if not kinds:
        return InputRequest.objects.none()
    return InputRequest.objects.filter(
        kind__in=kinds, answered_at__isnull=True, inquiry__status__in=rules.OPEN
    ).select_related("inquiry", "inquiry__customer", "asked_by")


def request_of(*, user: Any, inquiry: Inquiry, request_id: Any) -> InputRequest:
    """A request of an inquiry the user sees (404 otherwise)."""
    found = None
    if (
        isinstance(request_id, int | str)
        and str(request_id).isascii()
        and str(request_id).isdigit()
    ):
        pk = int(request_id)
        if 0 < pk <= MAX_ID:
            found = inquiry.requests.filter(pk=pk).select_related("inquiry").first()
    if found is None:
        raise NotFound(_("协助请求不存在"))
    return found


def sees_prices(user: Any) -> bool:
    """S1.3: technical and purchasing staff see no prices; the estimated amount is hidden
    from them unless they also hold a selling or company role."""
    return not rules.answers_requests(user) or rules.sells(user) or sees_company(user)


def shown_requests(user: Any, requests: Any) -> list[InputRequest]:
    """The requests of an inquiry the user reads: all of them, but technical and purchasing
    staff read only those of their kind (a purchasing answer carries cost prices)."""
    if sees_prices(user):
        return list(requests)
    kinds = set(rules.request_kinds_of(user))
    return [r for r in requests if r.kind in kinds]


STATUS_TONES = {
    InquiryStatus.DRAFT: "draft",
    InquiryStatus.SUBMITTED: "submitted",
    InquiryStatus.PARTICIPATING: "approved",
    InquiryStatus.DECLINED: "rejected",
    InquiryStatus.WON: "approved",
    InquiryStatus.LOST: "rejected",
    InquiryStatus.WITHDRAWN: "cancelled",
}
