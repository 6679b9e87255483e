"""The selling part's quotes: a third answer the inquiries (accepted when the tender was won,
declined when lost), the rest are drawn for the owners' customers; each priced on the list in
force on its day, in a state its workflow could have reached, with its decisions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType

from fieldsales.core.models import Approval
from fieldsales.demo.generate import Context
from fieldsales.demo.generate.helpers import at, explicit_times
from fieldsales.demo.generate.selling.catalogue import Lists, priced
from fieldsales.demo.generate.selling.workflow import (
    DECLINES,
    MAJOR,
    RECENT,
    ZERO,
    Chains,
    YearNumbers,
    choose,
    decisions,
    pending,
)
from fieldsales.sales.floor import below_market_pct
from fieldsales.sales.inquiries.models import Inquiry, InquiryStatus
from fieldsales.sales.quotes.models import Quote, QuoteLine, QuoteStatus

QUOTE_TERMS = ("送货到项目现场，运费我方承担", "预付30%，到货验收后付60%，质保金10%")

QUOTE_RECENT = (
    (0.1, QuoteStatus.DRAFT),
    (0.3, QuoteStatus.SUBMITTED),
    (0.45, QuoteStatus.APPROVED),
    (0.7, QuoteStatus.SENT),
    (0.8, QuoteStatus.REJECTED),
    (1.0, QuoteStatus.ACCEPTED),
)
QUOTE_OLD = (
    (0.5, QuoteStatus.ACCEPTED),
    (0.75, QuoteStatus.DECLINED),
    (0.85, QuoteStatus.SENT),
    (0.9, QuoteStatus.CANCELLED),
    (1.0, QuoteStatus.REJECTED),
)


def make_quotes(
    ctx: Context,
    owned: list[tuple[int, int]],
    kinds: dict[int, str],
    lists: Lists,
    products: list[int],
    chains: Chains,
    approvals: list[Approval],
    inquiries: list[Inquiry],
) -> list[Quote]:
    rng = ctx.rng
    today = ctx.today
    numbers = YearNumbers("quote-{year}", Quote)
    answered = [
        i
        for i in inquiries
        if i.status in (InquiryStatus.PARTICIPATING, InquiryStatus.WON, InquiryStatus.LOST)
    ]
    wanted = ctx.count("quotes")
    plans: list[tuple[date, int, int, Inquiry | None]] = []
    for inquiry in answered[: wanted // 3]:
        day = min(inquiry.created_at.date() + timedelta(days=rng.randint(1, 5)), today)
        plans.append((day, inquiry.customer_id, inquiry.salesperson_id, inquiry))
    while len(plans) < wanted:
        customer, person = ctx.pick(owned)
        plans.append((ctx.day_in_past(), customer, person, None))
    plans.sort(key=lambda p: p[0])
    made: list[tuple[Quote, list[dict[str, Any]], bool, date, str]] = []
    for day, customer, person, inquiry in plans:
        price_list, lines = priced(
            ctx, lists, products, kinds.get(customer, ""), day, rng.randint(1, 4)
        )
        total = sum((line["amount"] for line in lines), ZERO)
        major = total >= MAJOR
        chain = chains.chain(person, major)
        age = (today - day).days
        if inquiry is not None and inquiry.status != InquiryStatus.PARTICIPATING:
            status = (
                QuoteStatus.ACCEPTED
                if inquiry.status == InquiryStatus.WON
                else QuoteStatus.DECLINED
            )
        elif inquiry is not None:
            status = QuoteStatus.SENT
        else:
            status = choose(rng, QUOTE_RECENT if age < RECENT else QUOTE_OLD)
        made_at = at(day, 9, rng.randrange(60))
        decided = min(day + timedelta(days=rng.randint(0, 2)), today)
        quote = Quote(
            status=status,
            seq=numbers.take(day.year),
            year=day.year,
            customer_id=customer,
            salesperson_id=person,
            inquiry=inquiry,
            price_list=price_list,
            quoted_on=day,
            valid_until=day + timedelta(days=30),
            delivery_terms=QUOTE_TERMS[0],
            payment_terms=QUOTE_TERMS[1],
            total=total,
            created_at=made_at,
            updated_at=made_at,
        )
        outcome = ""
        if status not in (QuoteStatus.DRAFT, QuoteStatus.CANCELLED):
            quote.chain, quote.round, quote.submitted_at = chain, 1, made_at
        if status == QuoteStatus.SUBMITTED:
            pending(quote, chain)
        elif status == QuoteStatus.REJECTED:
            outcome = "reject"
        elif status in (
            QuoteStatus.APPROVED,
            QuoteStatus.SENT,
            QuoteStatus.ACCEPTED,
            QuoteStatus.DECLINED,
        ):
            outcome = "approve"
            quote.approved_at = at(decided, 16)
            quote.step = len(chain) - 1
        if status in (QuoteStatus.SENT, QuoteStatus.ACCEPTED, QuoteStatus.DECLINED):
            quote.customer_sent_at = at(decided, 17)
        if status in (QuoteStatus.ACCEPTED, QuoteStatus.DECLINED):
            answered_on = min(decided + timedelta(days=rng.randint(1, 14)), today)
            quote.decided_at = at(answered_on, 11)
            if status == QuoteStatus.DECLINED:
                quote.decline_reason = ctx.pick(DECLINES)
        made.append((quote, lines, major, decided, outcome))
    with explicit_times(Quote):
        ctx.bulk(Quote, (m[0] for m in made))
    numbers.save()
    ctx.bulk(
        QuoteLine,
        (
            QuoteLine(
                quote_id=quote.pk,
                below_market_pct=below_market_pct(line["market"], line["unit_price"]),
                **line,
            )
            for quote, lines, *_rest in made
            for line in lines
        ),
    )
    content_type = ContentType.objects.get_for_model(Quote)
    for quote, _lines, major, decided, outcome in made:
        if outcome:
            approvals += decisions(
                content_type, quote, chains, quote.salesperson_id, major, decided, outcome
            )
    # The lines stay on the quotes for the orders made from them.
    for quote, lines, *_rest in made:
        quote._generated_lines = lines  # type: ignore[attr-defined]
    return [m[0] for m in made]
