"""The selling part's inquiries and tenders, spread over the span in date order, each in a
state its workflow could have reached: registered, decided (approved or declined), answered,
won or lost."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max

from fieldsales.core.models import Approval
from fieldsales.demo.generate import Context
from fieldsales.demo.generate.helpers import at, explicit_times, money
from fieldsales.demo.generate.selling.workflow import (
    DECLINES,
    MAJOR,
    RECENT,
    Chains,
    Numbers,
    decisions,
    pending,
)
from fieldsales.sales.inquiries.models import Inquiry, InquiryKind, InquiryStatus

INQUIRY_TITLES = ("屋顶分布式电站", "工商业储能项目", "地面电站扩建", "厂房光伏改造", "村级光伏")


def make_inquiries(
    ctx: Context, owned: list[tuple[int, int]], chains: Chains, approvals: list[Approval]
) -> list[Inquiry]:
    rng = ctx.rng
    today = ctx.today
    numbers = Numbers("inquiry", Inquiry.objects.aggregate(m=Max("seq"))["m"] or 0)
    days = sorted(ctx.day_in_past() for _i in range(ctx.count("inquiries")))
    made: list[tuple[Inquiry, bool, date, str]] = []
    for day in days:
        customer, person = ctx.pick(owned)
        tender = rng.random() < 0.3
        amount = money(rng.uniform(50_000, 2_000_000 if tender else 600_000))
        major = amount >= MAJOR
        chain = chains.chain(person, major)
        age = (today - day).days
        r = rng.random()
        if age < RECENT:
            status = (
                InquiryStatus.DRAFT
                if r < 0.1
                else InquiryStatus.SUBMITTED
                if r < 0.45
                else InquiryStatus.PARTICIPATING
            )
        else:
            status = (
                InquiryStatus.WON
                if r < 0.4
                else InquiryStatus.LOST
                if r < 0.7
                else InquiryStatus.DECLINED
                if r < 0.9
                else InquiryStatus.WITHDRAWN
            )
        made_at = at(day, 9, rng.randrange(60))
        decided = min(day + timedelta(days=rng.randint(0, 3)), today)
        inquiry = Inquiry(
            status=status,
            seq=numbers.take(),
            kind=InquiryKind.TENDER if tender else InquiryKind.INQUIRY,
            customer_id=customer,
            salesperson_id=person,
            title=f"{ctx.pick(INQUIRY_TITLES)} {rng.randint(1, 20)}MW",
            items=[
                {
                    "description": "光伏组件及配套",
                    "quantity": f"{rng.randint(10, 3000)}.000",
                    "unit": "块",
                }
            ],
            deadline=day + timedelta(days=rng.randint(10, 40)),
            estimated_amount=amount,
            created_at=made_at,
            updated_at=made_at,
        )
        if status != InquiryStatus.DRAFT:
            inquiry.chain, inquiry.round, inquiry.submitted_at = chain, 1, made_at
        outcome = ""
        if status == InquiryStatus.SUBMITTED:
            pending(inquiry, chain)
        elif status == InquiryStatus.DECLINED:
            outcome = "reject"
            inquiry.outcome_reason = "产能与交期不匹配，不参与"
        elif status in (InquiryStatus.PARTICIPATING, InquiryStatus.WON, InquiryStatus.LOST):
            outcome = "approve"
            inquiry.approved_at = at(decided, 16)
            inquiry.step = len(chain) - 1
        if status in (InquiryStatus.WON, InquiryStatus.LOST):
            inquiry.outcome_at = at(min(inquiry.deadline, today), 17)
            if status == InquiryStatus.WON:
                inquiry.winning_price = money(amount * Decimal(str(rng.uniform(0.85, 1.0))))
            else:
                inquiry.outcome_reason = ctx.pick(DECLINES)
        made.append((inquiry, major, decided, outcome))
    with explicit_times(Inquiry):
        ctx.bulk(Inquiry, (m[0] for m in made))
    numbers.save()
    content_type = ContentType.objects.get_for_model(Inquiry)
    for inquiry, major, decided, outcome in made:
        if outcome:
            approvals += decisions(
                content_type, inquiry, chains, inquiry.salesperson_id, major, decided, outcome
            )
    return [m[0] for m in made]
