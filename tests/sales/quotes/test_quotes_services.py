"""S4 through the services: pricing (S2.1 at the fen, S2.2), review chains (S4.2), every
state × action (S4.3), revise, print (S4.4)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from quote_helpers import lines

from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken
from fieldsales.sales.models import PriceList, Quote, QuoteStatus
from fieldsales.sales.quotes.services import (
    price_lines,
    quote_accept,
    quote_cancel,
    quote_create,
    quote_decide,
    quote_decline,
    quote_printed,
    quote_revise,
    quote_send,
    quote_submit,
    quote_update,
    quote_withdraw,
)

pytestmark = pytest.mark.django_db
D = Decimal


def data(catalogue, customer, *specs, **extra):
    specs = specs or (("TQ-M550", "10", "1000.00"),)
    return {
        "customer": customer.pk,
        "lines": [
            {
                "product": line["product"],
                "quantity": D(line["quantity"]),
                "unit_price": D(line["unit_price"]),
            }
            for line in lines(catalogue, *specs)
        ],
        "valid_until": timezone.localdate() + timedelta(days=30),
    } | extra


def draft(cast, catalogue, customer, *specs, user="sales1", **extra):
    return quote_create(actor=cast[user], data=data(catalogue, customer, *specs, **extra))


def approved(cast, catalogue, customer, *specs):
    quote = draft(cast, catalogue, customer, *specs)
    quote_submit(quote=quote, actor=cast["sales1"])
    quote = quote_decide(quote=quote, actor=cast["head"], action="approve")
    if quote.status == QuoteStatus.SUBMITTED:
        quote = quote_decide(quote=quote, actor=cast["gm"], action="approve")
    return quote


# ---------------------------------------------------------------- S2 pricing


def test_s2_1_factory_minimum_is_accepted_for_an_end_customer(cast, catalogue, end_customer):
    quote = draft(cast, catalogue, end_customer, ("TQ-M550", "10", "800.00"))
    line = quote.lines.get()
    assert (line.amount, line.floor, line.market, line.below_market_pct) == (
        D("8000.00"),
        D("800.00"),
        D("1000.00"),
        D("20.0"),
    )
    assert quote.total == D("8000.00")
    assert quote.number == f"QT-{timezone.localdate().year}-{quote.seq:03d}-r1"


def test_s2_1_one_fen_below_the_factory_minimum_is_refused_naming_the_rule_and_line(
    cast, catalogue, end_customer
):
    with pytest.raises(RuleBroken) as refused:
        draft(cast, catalogue, end_customer, ("TQ-CAB4", "1", "4.40"), ("TQ-M550", "10", "799.99"))
    assert refused.value.field == "lines"
    assert refused.value.message.startswith("S2.1 第2行")
    assert "799.99" in refused.value.message and "800.00" in refused.value.message


def test_s2_1_distributor_floor_for_a_distributor(cast, catalogue, distributor, end_customer):
    quote = draft(cast, catalogue, distributor, ("TQ-M550", "10", "750.00"))
    assert quote.lines.get().floor == D("750.00")
    with pytest.raises(RuleBroken, match="S2.1"):
        draft(cast, catalogue, distributor, ("TQ-M550", "10", "749.99"))
    with pytest.raises(RuleBroken, match="S2.1"):
        draft(cast, catalogue, end_customer, ("TQ-M550", "10", "750.00"))


def test_s2_2_below_market_to_one_decimal_and_amount_rounded_to_the_fen(
    cast, catalogue, end_customer
):
    quote = draft(cast, catalogue, end_customer, ("TQ-CAB4", "3.333", "5.15"))
    line = quote.lines.get()
    assert line.amount == D("17.16")  # 17.16495 half up
    assert line.below_market_pct == D("6.4")


def test_no_price_list_in_force_is_400(cast, catalogue, end_customer):
    PriceList.objects.update(effective=timezone.localdate() + timedelta(days=1))
    with pytest.raises(RuleBroken, match="没有生效的价格表"):
        draft(cast, catalogue, end_customer)


def test_product_not_on_the_list_or_inactive_is_400(cast, catalogue, end_customer):
    with pytest.raises(RuleBroken, match="第1行"):
        draft(cast, catalogue, end_customer, ("TQ-OLD", "1", "700.00"))
    body = data(catalogue, end_customer)
    body["lines"][0]["product"] = catalogue["unlisted"].pk
    with pytest.raises(RuleBroken, match="价格表"):
        quote_create(actor=cast["sales1"], data=body)


def test_price_lines_refuses_bad_quantities(cast, catalogue, end_customer):
    product = catalogue["products"]["TQ-M550"].pk
    today = timezone.localdate()
    for quantity in (D("0"), D("-1"), D("1.0001"), None):
        with pytest.raises(RuleBroken):
            price_lines(
                customer=end_customer,
                lines=[{"product": product, "quantity": quantity, "unit_price": D("900.00")}],
                on=today,
            )
    with pytest.raises(RuleBroken):
        price_lines(customer=end_customer, lines=[], on=today)


def test_valid_until_before_today_is_400(cast, catalogue, end_customer):
    with pytest.raises(RuleBroken) as refused:
        draft(cast, catalogue, end_customer, valid_until=timezone.localdate() - timedelta(days=1))
    assert refused.value.field == "valid_until"


def test_customer_not_visible_is_400(cast, catalogue):
    from fieldsales.crm.models import Customer

    theirs = Customer.objects.get(code="C-0002")  # sales2's
    with pytest.raises(RuleBroken) as refused:
        draft(cast, catalogue, theirs)
    assert refused.value.field == "customer"


def test_technical_and_finance_users_may_not_quote(cast, catalogue, end_customer):
    with pytest.raises(Forbidden):
        draft(cast, catalogue, end_customer, user="finance")
    with pytest.raises(Forbidden):
        draft(cast, catalogue, end_customer, user="tech")


# ---------------------------------------------------------------- inquiry and opportunity


def test_inquiry_must_be_participating_and_of_the_same_customer(
    cast, catalogue, end_customer, distributor, make_inquiry
):
    with pytest.raises(RuleBroken, match="S3.2"):
        draft(
            cast, catalogue, end_customer, inquiry=make_inquiry(end_customer, status="submitted").pk
        )
    with pytest.raises(RuleBroken, match="另一个客户"):
        draft(cast, catalogue, end_customer, inquiry=make_inquiry(distributor).pk)
    quote = draft(cast, catalogue, end_customer, inquiry=make_inquiry(end_customer).pk)
    assert quote.inquiry is not None


def test_s3_3_submit_is_409_while_a_request_is_unanswered(
    cast, catalogue, end_customer, make_inquiry
):
    inquiry = make_inquiry(end_customer, unanswered=True)
    quote = draft(cast, catalogue, end_customer, inquiry=inquiry.pk)
    with pytest.raises(InvalidTransition, match="S3.3"):
        quote_submit(quote=quote, actor=cast["sales1"])
    inquiry.requests.update(answered_at=timezone.now(), answer="参数见附件")
    assert quote_submit(quote=quote, actor=cast["sales1"]).status == QuoteStatus.SUBMITTED


def test_opportunity_must_be_the_customers(cast, catalogue, end_customer, distributor):
    from fieldsales.crm.models import Opportunity

    other = Opportunity.objects.create(customer=distributor, owner=cast["sales1"], title="别家")
    with pytest.raises(RuleBroken) as refused:
        draft(cast, catalogue, end_customer, opportunity=other.pk)
    assert refused.value.field == "opportunity"
    mine = Opportunity.objects.create(customer=end_customer, owner=cast["sales1"], title="电站")
    assert draft(cast, catalogue, end_customer, opportunity=mine.pk).opportunity == mine


# ---------------------------------------------------------------- S4.2 chains


def chain_roles(quote):
    return [step["role"] for step in Quote.objects.get(pk=quote.pk).chain]


def test_s4_2_manager_alone_at_market(cast, catalogue, end_customer):
    quote = draft(cast, catalogue, end_customer)
    quote_submit(quote=quote, actor=cast["sales1"])
    assert chain_roles(quote) == ["dept_manager"]


def test_s4_2_deep_discount_above_15_pct_goes_to_the_gm(cast, catalogue, end_customer):
    at_15 = draft(cast, catalogue, end_customer, ("TQ-M550", "1", "850.00"))
    quote_submit(quote=at_15, actor=cast["sales1"])
    assert chain_roles(at_15) == ["dept_manager"]  # 15.0 is not more than 15.0
    at_20 = draft(cast, catalogue, end_customer, ("TQ-M550", "1", "800.00"))
    quote_submit(quote=at_20, actor=cast["sales1"])
    assert chain_roles(at_20) == ["dept_manager", "gm"]


def test_s4_2_total_of_500000_goes_to_the_gm(cast, catalogue, end_customer):
    major = draft(cast, catalogue, end_customer, ("TQ-INV50", "25", "20000.00"))
    assert major.total == D("500000.00")
    quote_submit(quote=major, actor=cast["sales1"])
    assert chain_roles(major) == ["dept_manager", "gm"]
    below = draft(cast, catalogue, end_customer, ("TQ-INV50", "24", "20000.00"))
    quote_submit(quote=below, actor=cast["sales1"])
    assert chain_roles(below) == ["dept_manager"]


def test_s4_2_managers_own_quote_goes_to_the_gm_alone(cast, catalogue, end_customer):
    quote = draft(cast, catalogue, end_customer, user="head")
    quote_submit(quote=quote, actor=cast["head"])
    assert chain_roles(quote) == ["gm"]
    with pytest.raises(Forbidden):
        quote_decide(quote=quote, actor=cast["head"], action="approve")
    assert quote_decide(quote=quote, actor=cast["gm"], action="approve").status == "approved"


def test_nobody_approves_their_own_quote(cast, catalogue, end_customer):
    quote = draft(cast, catalogue, end_customer)
    quote_submit(quote=quote, actor=cast["sales1"])
    with pytest.raises(Forbidden):
        quote_decide(quote=quote, actor=cast["sales1"], action="approve")
    with pytest.raises(Forbidden):
        quote_decide(quote=quote, actor=cast["sales2"], action="approve")


def test_reject_needs_a_comment_and_goes_back_to_the_author(cast, catalogue, end_customer):
    quote = draft(cast, catalogue, end_customer)
    quote_submit(quote=quote, actor=cast["sales1"])
    with pytest.raises(RuleBroken):
        quote_decide(quote=quote, actor=cast["head"], action="reject", comment=" ")
    rejected = quote_decide(quote=quote, actor=cast["head"], action="reject", comment="价格太低")
    assert rejected.status == QuoteStatus.REJECTED
    updated = quote_update(
        quote=rejected,
        actor=cast["sales1"],
        data={"lines": data(catalogue, end_customer, ("TQ-M550", "10", "950.00"))["lines"]},
    )
    assert updated.total == D("9500.00")
    assert quote_submit(quote=updated, actor=cast["sales1"]).status == QuoteStatus.SUBMITTED


# ---------------------------------------------------------------- S4.3 states × actions


def test_withdraw_and_cancel(cast, catalogue, end_customer):
    quote = draft(cast, catalogue, end_customer)
    quote_submit(quote=quote, actor=cast["sales1"])
    with pytest.raises(InvalidTransition):
        quote_cancel(quote=quote, actor=cast["sales1"])
    assert quote_withdraw(quote=quote, actor=cast["sales1"]).status == QuoteStatus.DRAFT
    assert quote_cancel(quote=quote, actor=cast["sales1"]).status == QuoteStatus.CANCELLED
    with pytest.raises(InvalidTransition):
        quote_submit(quote=quote, actor=cast["sales1"])


def test_approved_quote_is_never_edited(cast, catalogue, end_customer):
    quote = approved(cast, catalogue, end_customer)
    with pytest.raises(InvalidTransition):
        quote_update(quote=quote, actor=cast["sales1"], data={"note": "改"})
    with pytest.raises(InvalidTransition):
        quote_cancel(quote=quote, actor=cast["sales1"])
    with pytest.raises(InvalidTransition):
        quote_decide(quote=quote, actor=cast["head"], action="approve")


def test_draft_cannot_be_sent_accepted_printed_or_revised(cast, catalogue, end_customer):
    quote = draft(cast, catalogue, end_customer)
    for call in (quote_send, quote_accept, quote_decline, quote_revise):
        with pytest.raises(InvalidTransition):
            call(quote=quote, actor=cast["sales1"])
    with pytest.raises(InvalidTransition, match="S4.4"):
        quote_printed(quote=quote, actor=cast["sales1"])


def test_send_then_accept_or_decline(cast, catalogue, end_customer):
    quote = approved(cast, catalogue, end_customer)
    with pytest.raises(Forbidden):
        quote_send(quote=quote, actor=cast["sales2"])
    sent = quote_send(quote=quote, actor=cast["sales1"])
    assert sent.status == QuoteStatus.SENT and sent.customer_sent_at is not None
    with pytest.raises(InvalidTransition):
        quote_send(quote=sent, actor=cast["sales1"])
    assert quote_accept(quote=sent, actor=cast["sales1"]).status == QuoteStatus.ACCEPTED
    other = approved(cast, catalogue, end_customer)
    declined = quote_decline(quote=other, actor=cast["sales1"], reason="价格偏高")
    assert (declined.status, declined.decline_reason) == (QuoteStatus.DECLINED, "价格偏高")
    for call in (quote_accept, quote_revise, quote_send):
        with pytest.raises(InvalidTransition):
            call(quote=declined, actor=cast["sales1"])


def test_s4_3_expired_quote_cannot_be_accepted_or_declined(cast, catalogue, end_customer):
    quote = approved(cast, catalogue, end_customer)
    Quote.objects.filter(pk=quote.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    quote.refresh_from_db()
    assert quote.shown_status() == "expired"
    with pytest.raises(InvalidTransition, match="S4.3"):
        quote_accept(quote=quote, actor=cast["sales1"])
    with pytest.raises(InvalidTransition, match="S4.3"):
        quote_decline(quote=quote, actor=cast["sales1"])
    sent = quote_send(quote=quote, actor=cast["sales1"])
    with pytest.raises(InvalidTransition, match="S4.3"):
        quote_accept(quote=sent, actor=cast["sales1"])


def test_s4_3_revise_makes_a_new_draft_and_supersedes_the_old(cast, catalogue, end_customer):
    quote = approved(cast, catalogue, end_customer, ("TQ-M550", "10", "900.00"))
    new = quote_revise(quote=quote, actor=cast["sales1"])
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.SUPERSEDED
    assert (new.status, new.seq, new.year, new.revision) == ("draft", quote.seq, quote.year, 2)
    assert new.number.endswith("-r2") and new.previous == quote
    assert [(x.product_id, x.quantity, x.unit_price) for x in new.lines.all()] == [
        (x.product_id, x.quantity, x.unit_price) for x in quote.lines.all()
    ]
    assert quote_submit(quote=new, actor=cast["sales1"]).status == QuoteStatus.SUBMITTED
    with pytest.raises(InvalidTransition):
        quote_revise(quote=quote, actor=cast["sales1"])


def test_s4_4_printing_marks_sent_once(cast, catalogue, end_customer):
    quote = approved(cast, catalogue, end_customer)
    printed = quote_printed(quote=quote, actor=cast["head"])
    assert printed.status == QuoteStatus.SENT
    again = quote_printed(quote=printed, actor=cast["sales1"])
    assert again.status == QuoteStatus.SENT
