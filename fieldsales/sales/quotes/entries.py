"""What quotes plugs into the shared pages at start-up (SalesConfig.ready): the 报价 tab, the
inbox (the manager reviews quotes beside trips), the customer's timeline and the quote
blocks of the customer's and the opportunity's pages."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.db.models import Case, DecimalField, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models import CharField as CharFieldType
from django.db.models.functions import Coalesce, Concat
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext_lazy

from fieldsales.core import audit_text, labels
from fieldsales.core.api import MAX_ID
from fieldsales.core.audit_text import AuditVoice
from fieldsales.core.errors import NotFound
from fieldsales.core.inbox import InboxSource, model_numbers, register_source
from fieldsales.core.people import display_name
from fieldsales.crm.customers.related import CUSTOMER, OPPORTUNITY, RelatedBlock, register_related
from fieldsales.crm.customers.timeline import (
    TimelineEntry,
    TimelineSource,
    day_start,
    register_timeline,
)
from fieldsales.org.access import has_role
from fieldsales.org.models import Role
from fieldsales.sales.params import DEFAULT_SALES_PARAMS
from fieldsales.sales.quotes import pages, rules, selectors, services
from fieldsales.sales.quotes.models import Quote, QuoteLine, QuoteStatus
from fieldsales.sales.sections import Section, register_section
from fieldsales.sales.versions import SalesPolicyVersion

NAV_ROLES = (Role.SALESPERSON, Role.DEPT_HEAD, Role.DEPT_MANAGER, Role.GM, Role.FINANCE)


def quote_number(pk: int, created_at: datetime) -> str:
    """Quote numbers carry the revision: read from the row (a page reads its rows together)."""
    quote = Quote.objects.filter(pk=pk).only("seq", "year", "revision").first()
    return quote.number if quote is not None else str(pk)


def _status_label(code: str) -> str:
    return str(dict(QuoteStatus.choices).get(code, code))


def _subject() -> Any:
    """The customer, with a hint when a line is far below market (S2.2, S4.2: red in the
    page) or below market at all."""
    # The parameter in force today, read in the same query (the inbox is one query).
    version = SalesPolicyVersion.objects.filter(effective_from__lte=timezone.localdate())
    deep = Coalesce(
        Subquery(version.order_by("-effective_from").values("deep_discount_pct")[:1]),
        Value(DEFAULT_SALES_PARAMS.deep_discount_pct),
        output_field=DecimalField(max_digits=4, decimal_places=1),
    )
    far = QuoteLine.objects.filter(quote=OuterRef("pk"), below_market_pct__gt=deep)
    below = QuoteLine.objects.filter(quote=OuterRef("pk"), below_market_pct__gt=0)
    return Case(
        When(
            Exists(far),
            then=Concat(
                "customer__name",
                Value(" · " + _("有产品低于市场价超过审核幅度")),
                output_field=CharFieldType(),
            ),
        ),
        When(
            Exists(below),
            then=Concat(
                "customer__name", Value(" · " + _("低于市场价")), output_field=CharFieldType()
            ),
        ),
        default="customer__name",
        output_field=CharFieldType(),
    )


def _search(q: str) -> Q:
    """A customer's name or a number (QT-2026-003, QT-2026-003-r2)."""
    found = Q(customer__name__icontains=q)
    match = re.search(r"QT-?(\d{4})-?(\d{1,9})", q.strip().upper())
    if match is not None:
        found |= Q(year=int(match.group(1)), seq=int(match.group(2)))
    return found


def _find(pk: int, user: Any) -> Quote:
    quote = selectors.visible_quotes(user=user).filter(pk=pk).first() if 0 < pk <= MAX_ID else None
    if quote is None:
        raise NotFound(_("未找到。"))
    return quote


def _approve(quote: Quote, actor: Any, comment: str) -> Quote:
    return services.quote_decide(quote=quote, actor=actor, action="approve", comment=comment)


SOURCE = InboxSource(
    name="sales.quote",
    kind="quote",
    label=_lazy("报价单"),
    waiting=selectors.quotes_waiting,
    page_url="sales:quote_detail",
    api_path="/api/quotes/{id}/",
    number=quote_number,
    numbers=model_numbers("sales.Quote", "seq", "year", "revision"),
    person="salesperson",
    amount="total",
    status_labels=_status_label,
    order=60,
    returned=selectors.quotes_returned,
    started=selectors.quotes_started,
    decided=True,
    subject=_subject,
    search=_search,
    find=_find,
    approve=_approve,
)


# ---------------------------------------------------------------- customer and opportunity


def quote_entries(user: Any, customer: Any, limit: int) -> list[TimelineEntry]:
    if not rules.uses_quotes(user):
        return []
    quotes = (
        selectors.visible_quotes(user=user)
        .filter(customer=customer)
        .exclude(status=QuoteStatus.SUPERSEDED)
        .order_by("-quoted_on", "-pk")
    )
    entries = []
    for quote in quotes[:limit]:
        shown = quote.shown_status()
        entries.append(
            TimelineEntry(
                at=day_start(quote.quoted_on),
                kind=_("报价"),
                title=_("%(who)s 报价 ¥%(total)s")
                % {"who": display_name(quote.salesperson), "total": f"{quote.total:,.2f}"},
                meta=f"{quote.number} · {quote.quoted_on:%Y-%m-%d}",
                url=reverse("sales:quote_detail", args=[quote.pk]),
                status=_("已过期") if shown == "expired" else quote.get_status_display(),
                tone=pages.tone(shown),
                dated=True,
            )
        )
    return entries


def _related(page: str) -> Any:
    def context(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
        user = request.user
        if not rules.uses_quotes(user):
            return None
        quotes = selectors.visible_quotes(user=user).exclude(status=QuoteStatus.SUPERSEDED)
        quotes = quotes.filter(customer=obj) if page == CUSTOMER else quotes.filter(opportunity=obj)
        query = f"?{page}={obj.pk}"
        return {
            "rows": [
                {"quote": q, "status": q.shown_status(), "tone": pages.tone(q.shown_status())}
                for q in quotes.order_by("-created_at", "-pk")[:10]
            ],
            "new_url": reverse("sales:quote_new") + query if rules.can_create(user) else "",
        }

    return context


# How the quote's audit rows read (core.audit_text): its own actions as sentences.
VOICE = AuditVoice(
    noun=pgettext_lazy("audit", "报价单"),
    statuses="sales.quote_status",
    sentences={
        "send": _lazy("%(actor)s将%(document)s发给了客户"),
        "printed": _lazy("%(document)s打印后标记为已发出"),
        "print": _lazy("%(actor)s打印了%(document)s"),
        "accept": _lazy("%(actor)s登记了客户接受%(document)s"),
        "decline": _lazy("%(actor)s登记了客户拒绝%(document)s"),
        "revise": _lazy("%(actor)s修订了%(document)s（生成新版本）"),
    },
)


def _sees_quotes_tab(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and has_role(user, *NAV_ROLES)


def register() -> None:
    """Register the 报价 tab, the inbox source, the timeline source and the page blocks."""
    register_section(Section("sales:quote_list", _lazy("报价"), 30, _sees_quotes_tab))
    register_source(SOURCE)
    labels.register("sales.quote_status", dict(QuoteStatus.choices))
    audit_text.register_voice("sales.quote", VOICE)
    register_timeline(TimelineSource("sales.quotes", quote_entries, 30))
    for page in (CUSTOMER, OPPORTUNITY):
        register_related(
            RelatedBlock(page, "sales.quotes", "sales/quotes/_related.html", _related(page), 20)
        )
