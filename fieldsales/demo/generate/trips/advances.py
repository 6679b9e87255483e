"""The trips' advances (P2): requested once the trip is approved, decided, paid by finance;
and P2.4's bookkeeping of when each closed (settled by the claim, or returned in cash)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from fieldsales.demo.generate.trips.plans import Doc, TripPlan, World
from fieldsales.demo.generate.trips.workflow import audit, decide, submit
from fieldsales.org.models import Role
from fieldsales.trips.models import Advance, AdvanceStatus, PayMethod


def request_advance(world: World, plan: TripPlan, approved: datetime, unclaimed: bool) -> None:
    """P2: about one trip in three draws an advance once approved, when none is open (P2.4)."""
    rng, person = world.rng, plan.traveller
    asked = world.after(approved, 0.5, 6)
    if rng.random() >= (0.6 if unclaimed else 0.3) or person.advance_open:
        return
    if person.advance_closed_at is not None and asked < person.advance_closed_at:
        return
    if not world.done(asked):
        return
    limit = world.settings[world.version(plan.depart)].advance_max
    amount = min(limit, Decimal(rng.choice((200, 300, 300, 500, 500))))
    advance = Advance(
        status=AdvanceStatus.DRAFT,
        traveller=person.user,
        amount=amount,
        reason="差旅费预支",
        chain=[],
        created_at=asked,
        updated_at=asked,
    )
    doc = Doc(advance)
    plan.advances.append(doc)
    person.advance_open = True
    submit(doc, world.chain("advance", plan.depart, person), person.user.pk, asked, 1)
    doc.audits[-1]["data"] = {"amount": f"{amount:.2f}"}
    decided = decide(world, doc, person, asked, (1, 10))
    if advance.status != AdvanceStatus.APPROVED or decided is None:
        return
    paid = world.after(decided, 1, 20)
    if not world.done(paid):
        return
    finance = world.approver({"role": Role.FINANCE, "user": None}, person)
    advance.paid_at, advance.paid_by_id, advance.paid_on = paid, finance, timezone.localdate(paid)
    advance.paid_method = PayMethod.CASH if rng.random() < 0.3 else PayMethod.TRANSFER
    advance.paid_voucher = world.voucher(advance.paid_on)
    payment = {
        "method": advance.paid_method,
        "on": advance.paid_on.isoformat(),
        "voucher": advance.paid_voucher,
    }
    doc.audits.append(audit(finance, "pay", paid, advance.status, AdvanceStatus.PAID, data=payment))
    advance.status, advance.updated_at = AdvanceStatus.PAID, paid


def close_advances(world: World, plan: TripPlan, unclaimed: bool) -> None:
    """P2.4's bookkeeping: when the trip's advance closed (settled by the claim above, or
    returned in cash when the trip will not be claimed), or that it is still open."""
    person = plan.traveller
    for doc in plan.advances:
        advance = doc.row
        if unclaimed and advance.status == AdvanceStatus.PAID and plan.report is not None:
            returned = world.after(plan.report.created_at, 4, 96)
            if world.done(returned):
                finance = advance.paid_by_id
                advance.repaid_at = advance.settled_at = returned
                advance.repaid_by_id, advance.repaid_amount = finance, advance.amount
                advance.repaid_method, advance.repaid_on = (
                    PayMethod.CASH,
                    timezone.localdate(returned),
                )
                advance.repaid_voucher = world.voucher(advance.repaid_on)
                payment = {
                    "method": advance.repaid_method,
                    "on": advance.repaid_on.isoformat(),
                    "voucher": advance.repaid_voucher,
                }
                doc.audits.append(
                    audit(
                        finance,
                        "repay",
                        returned,
                        advance.status,
                        AdvanceStatus.SETTLED,
                        "出差未报销，归还预支现金",
                        payment,
                    )
                )
                advance.status, advance.updated_at = AdvanceStatus.SETTLED, returned
        if advance.status in Advance.OPEN:
            person.advance_open = True
        else:
            person.advance_open = False
            person.advance_closed_at = advance.updated_at
