"""selling.md S7.3: when an order is signed within `entertainment_wait_days` of a trip's
return, each approved claim whose entertainment line waited for it gets a correction (P8.3)
for the difference, submitted to finance at once; it waits in the traveller's and finance's
inboxes. Once per claim (one correction per claim, a database constraint)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Exists, OuterRef, TextField
from django.db.models.functions import Cast

from fieldsales.core import workflow
from fieldsales.core.audit import audit
from fieldsales.policy import Code
from fieldsales.sales.orders.models import Order
from fieldsales.sales.versions import sales_params_on
from fieldsales.trips import deals, selectors
from fieldsales.trips.models import Claim
from fieldsales.trips.services.evaluation import evaluate_claim, money_audit, store_evaluation
from fieldsales.trips.services.items import write_item_keys

PENDING = Code.ENTERTAINMENT_DEAL_PENDING.value


def _waited_for(claim: Claim, order: Order) -> bool:
    """A line of the claim named this order (or its opportunity) and was paid 0.00 pending."""
    named = {str(i.get("id")) for i in claim.items if deals.names_deal(i, order)}
    lines = claim.evaluation.get("lines", [])
    return any(line.get("item") in named and line.get("violation") == PENDING for line in lines)


def _candidates(order: Order) -> list[Claim]:
    """Approved or settled claims, not corrected yet, of trips back within the longest wait
    before the signing, whose evaluation holds a pending entertainment line."""
    longest = max(sales_params_on(order.signed_on).entertainment_wait_days, 0)
    since = order.signed_on - timedelta(days=longest + 366)  # any version's window fits
    corrected = Claim.objects.filter(corrects=OuterRef("pk"))
    claims = (
        Claim.objects.select_for_update(of=("self",))
        .filter(~Exists(corrected), status__in=Claim.CORRECTABLE, trip__return_date__gte=since)
        .annotate(text=Cast("evaluation", TextField()))
        .filter(text__contains=PENDING)
        .select_related("trip", "claimant")
        .order_by("pk")
    )
    return [
        c for c in claims if _waited_for(c, order) and order.signed_on <= deals.wait_until(c.trip)
    ]


def correct_for_signed_order(order: Order, actor: Any) -> list[Claim]:
    """The corrections made for this signing (none where the difference is nothing)."""
    made = []
    for original in _candidates(order):
        items = [selectors.claimant_item(item) for item in original.items]
        correction = Claim(
            trip=original.trip,
            claimant=original.claimant,
            items=items,
            corrects=original,
            deal_order=order,
        )
        store_evaluation(correction, evaluate_claim(correction, items))
        if correction.reimbursed_total <= original.reimbursed_total:
            continue
        correction.save()
        write_item_keys(correction)
        data = {"corrects": original.pk, "order": order.number} | money_audit(correction)
        audit(document=correction, actor=actor, action="create_for_order", data=data)
        audit(
            document=original,
            actor=actor,
            action="corrected",
            data={"correction": correction.pk, "order": order.number},
        )
        # Submitted in the traveller's name (the author's transition), to finance alone.
        made.append(
            workflow.apply(
                model=Claim,
                pk=correction.pk,
                actor=original.claimant,
                action="submit",
                data={"automatic": True, "order": order.number},
            )
        )
    return made
