"""What inquiries plugs into the shared pages at start-up (SalesConfig.ready): the 询价 tab,
two inbox sources (decisions for the manager and the GM; open requests for technical and
purchasing staff), their home block and the customer timeline."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.db.models import Exists, F, Min, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fieldsales.core.inbox import InboxSource, model_numbers, register_source
from fieldsales.core.registry import PageBlock, register_block
from fieldsales.crm.customers.related import CUSTOMER, RelatedBlock, register_related
from fieldsales.sales.inquiries import rules, selectors, services, timeline, views
from fieldsales.sales.inquiries.models import Inquiry, InquiryStatus
from fieldsales.sales.sections import Section, register_section


def _number(pk: int, created_at: datetime) -> str:
    row = Inquiry.objects.filter(pk=pk).values_list("kind", "seq").first()
    if row is None:
        return str(pk)
    return Inquiry(pk=pk, kind=row[0], seq=row[1], created_at=created_at).number


def inquiry_number(pk: int, created_at: datetime) -> str:
    return _number(pk, created_at)


def _status_label(code: str) -> str:
    return str(dict(InquiryStatus.choices).get(code, code))


def _waiting_answer(code: str) -> str:
    """A request row says what waits for the reader, whatever the inquiry's state."""
    return str(_("待答复"))


def _search(q: str) -> Q:
    """Customer, title or number (XJ-2026-003, or its last digits)."""
    found = Q(customer__name__icontains=q) | Q(title__icontains=q)
    number = re.search(r"([0-9]{1,9})\s*$", q)
    return found | Q(seq=int(number.group(1))) if number else found


def _customer_name() -> Any:
    return F("customer__name")


def _find(pk: int, user: Any) -> Inquiry:
    return selectors.find_inquiry(user=user, inquiry_id=pk)


def _approve(inquiry: Inquiry, actor: Any, comment: str) -> Inquiry:
    return services.inquiry_decide(inquiry=inquiry, actor=actor, participate=True, reason=comment)


def _started(user: Any) -> QuerySet[Inquiry]:
    return Inquiry.objects.filter(salesperson=user, submitted_at__isnull=False)


def inquiries_with_open_requests(user: Any) -> QuerySet[Inquiry]:
    """待我处理 for technical and purchasing staff: inquiries with an open request of their
    kind, waiting since the oldest such request."""
    mine = selectors.requests_waiting(user).filter(inquiry=OuterRef("pk"))
    oldest = mine.order_by().values("inquiry").annotate(first=Min("asked_at")).values("first")
    return Inquiry.objects.filter(Exists(mine)).annotate(asked_since=Subquery(oldest[:1]))


COMMON: dict[str, Any] = {
    "number": inquiry_number,
    "numbers": model_numbers("sales.Inquiry", "kind", "seq", "created_at"),
    "person": "salesperson",
    "page_url": "sales:inquiry_detail",
    "api_path": "/api/inquiries/{id}/",
    "subject": _customer_name,
    "dates": ("deadline", "deadline"),
    "search": _search,
}

SOURCES = [
    InboxSource(
        name="sales.inquiry",
        kind="inquiry",
        label=_("询价/招标"),
        waiting=selectors.inquiries_waiting,
        amount="estimated_amount",
        order=60,
        status_labels=_status_label,
        started=_started,
        decided=True,
        find=_find,
        approve=_approve,
        **COMMON,
    ),
    InboxSource(
        name="sales.inquiry_request",
        kind="inquiry_request",
        label=_("协助请求"),
        waiting=inquiries_with_open_requests,
        since=("asked_since", "created_at"),
        order=65,
        status_labels=_waiting_answer,
        applies=rules.answers_requests,
        **COMMON,
    ),
]


def _home_requests(request: HttpRequest) -> dict[str, Any]:
    """Technical and purchasing staff's home: the open questions asked of them, oldest first."""
    waiting = selectors.requests_waiting(request.user).order_by("asked_at", "pk")
    return {"open_requests": list(waiting[:10]), "open_count": waiting.count()}


BLOCKS = [
    PageBlock(
        "home",
        "sales.inquiry_requests",
        "sales/inquiries/_home_requests.html",
        8,
        _home_requests,
        rules.answers_requests,
    ),
]

SECTION = Section("sales:inquiry_list", _("询价"), 20, rules.sells)


def _customer_block(request: HttpRequest, customer: Any) -> dict[str, Any] | None:
    """The customer's inquiries and 登记询价 on the customer's page, for those who sell."""
    user = request.user
    if not rules.sells(user):
        return None
    inquiries = selectors.visible_inquiries(user=user).filter(customer=customer)
    return {
        "inquiries": inquiries.select_related("customer", "salesperson").order_by("-created_at")[
            :10
        ],
        "new_url": f"{reverse('sales:inquiry_new')}?customer={customer.pk}",
        "tones": views.STATUS_TONES,
        "sees_prices": selectors.sees_prices(user),
    }


def register() -> None:
    """Register the 询价 section, the inbox sources, the home block, the timeline source and
    the block on the customer's page."""
    register_section(SECTION)
    register_related(
        RelatedBlock(
            CUSTOMER, "sales.inquiries", "sales/inquiries/_related.html", _customer_block, 10
        )
    )
    for source in SOURCES:
        register_source(source)
    for block in BLOCKS:
        register_block(block)
    timeline.register()
