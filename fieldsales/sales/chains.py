"""Who reviews what in selling (registered in SalesConfig.ready).

S1.2 a price list goes to the GM. S3.2 an inquiry goes to the department manager, then to the
GM when major. S4.2 a quote goes to the department manager, then to the GM when its total is
major or a line is more than `deep_discount_pct` below market; a manager's own document skips
their own step, so it goes to the GM alone.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from fieldsales.core.workflow import chain_from_roles, register_chain
from fieldsales.core.workflow.chains import Step
from fieldsales.org.models import Role
from fieldsales.sales.catalogue.models import PriceList
from fieldsales.sales.inquiries.models import Inquiry
from fieldsales.sales.quotes.models import Quote
from fieldsales.sales.versions import sales_params_on


def price_list_chain(price_list: PriceList) -> list[Step]:
    return chain_from_roles(roles=[Role.GM], author=price_list.author)


def inquiry_needs_gm(inquiry: Inquiry) -> bool:
    """S3.2: estimated amount at or above `major_amount`."""
    params = sales_params_on(_day_of(inquiry))
    return bool(inquiry.estimated_amount >= params.major_amount)


def inquiry_chain(inquiry: Inquiry) -> list[Step]:
    roles = [Role.DEPT_MANAGER] + ([Role.GM] if inquiry_needs_gm(inquiry) else [])
    return _with_gm_fallback(roles, inquiry.author)


def quote_gm_reasons(quote: Quote) -> list[str]:
    """S4.2: why a quote also goes to the GM ("major", "deep_discount"); empty when it does not."""
    params = sales_params_on(quote.quoted_on)
    reasons = []
    if quote.total >= params.major_amount:
        reasons.append("major")
    if any(line.below_market_pct > params.deep_discount_pct for line in quote.lines.all()):
        reasons.append("deep_discount")
    return reasons


def quote_chain(quote: Quote) -> list[Step]:
    roles = [Role.DEPT_MANAGER] + ([Role.GM] if quote_gm_reasons(quote) else [])
    return _with_gm_fallback(roles, quote.author)


def _with_gm_fallback(roles: list[str], author: Any) -> list[Step]:
    """The steps for `roles`; when the manager's step falls away (the author is the manager, or
    has no department) the GM reviews alone."""
    steps = chain_from_roles(roles=roles, author=author)
    if not steps:
        steps = chain_from_roles(roles=[Role.GM], author=author)
    return steps


def _day_of(document: Any) -> Any:
    created = getattr(document, "created_at", None)
    return timezone.localdate(created) if created else timezone.localdate()


def register() -> None:
    register_chain(PriceList, price_list_chain)
    register_chain(Inquiry, inquiry_chain)
    register_chain(Quote, quote_chain)
