"""Writes for expense claims (P8): create, correct, edit, submit, withdraw, decide, settle."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from fieldsales.core import workflow
from fieldsales.core.audit import audit
from fieldsales.core.errors import InvalidTransition
from fieldsales.crm.models import Customer
from fieldsales.org.access import enforce
from fieldsales.trips import deals, rules, selectors
from fieldsales.trips.models import Advance, AdvanceStatus, Claim, ClaimStatus, Trip, TripReport
from fieldsales.trips.services.common import enforce_rule
from fieldsales.trips.services.evaluation import (
    evaluate_claim,
    money_audit,
    reevaluate,
    store_evaluation,
)
from fieldsales.trips.services.items import check_items, write_item_keys
from fieldsales.trips.services.payments import checked_payment, payment_audit


@transaction.atomic
def claim_create(*, trip: Trip, actor: Any, items: Any) -> Claim:
    """A draft claim by the traveller or a companion, evaluated at once (P8.1)."""
    items = check_items(items)
    deals.check_links(items, claimant=actor)
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    enforce_rule(rules.can_claim(actor, trip), field="trip")
    claim = Claim(trip=trip, claimant=actor, items=items)
    evaluation = evaluate_claim(claim, items)
    store_evaluation(claim, evaluation)
    claim.save()
    write_item_keys(claim)
    audit(
        document=claim,
        actor=actor,
        action="create",
        to_status=claim.status,
        data=money_audit(claim),
    )
    return claim


@transaction.atomic
def claim_correct(*, claim: Claim, actor: Any) -> Claim:
    """P8.3: a correction of an approved or settled claim, as a new draft with its items."""
    original = Claim.objects.select_for_update().get(pk=claim.pk)
    enforce(rules.can_correct(actor, original))
    # Only the claimant's facts: the reviewers of the correction state their own (P9, P4.6).
    items = [selectors.claimant_item(item) for item in original.items]
    correction = Claim(trip=original.trip, claimant=actor, items=items, corrects=original)
    store_evaluation(correction, evaluate_claim(correction, items))
    correction.save()
    write_item_keys(correction)
    audit(
        document=correction,
        actor=actor,
        action="create",
        to_status=correction.status,
        data={"corrects": original.pk} | money_audit(correction),
    )
    audit(document=original, actor=actor, action="corrected", data={"correction": correction.pk})
    return correction


@transaction.atomic
def claim_update(*, claim: Claim, actor: Any, items: Any) -> Claim:
    """Replace the items of a draft or rejected claim; re-evaluated."""
    items = check_items(items)
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    enforce(rules.can_edit_claim(actor, claim))
    deals.check_links(items, claimant=claim.claimant)
    fields = store_evaluation(claim, evaluate_claim(claim, items))
    claim.items = items
    claim.save(update_fields=[*fields, "items", "updated_at"])
    write_item_keys(claim)
    audit(
        document=claim,
        actor=actor,
        action="edit",
        from_status=claim.status,
        to_status=claim.status,
        data=money_audit(claim),
    )
    return claim


def _trip_follows_claim(claim: Claim, event: str = "") -> None:
    """The traveller's own claim (not a companion's, not a correction) moves the trip:
    submitted -> claimed, approved -> settled, rejected or withdrawn -> back to reported or
    approved. `event` names the move when the claim's new status does not (withdrawn)."""
    trip = Trip.objects.select_for_update().get(pk=claim.trip_id)
    if claim.claimant_id != trip.traveller_id or claim.corrects_id is not None:
        return
    action = f"claim_{event or claim.status}"
    back = event == "withdrawn" or claim.status == ClaimStatus.REJECTED
    if back and not TripReport.objects.filter(trip=trip).exists():
        action = f"{action}_unreported"
    if (trip.status, action) in Trip.TRANSITIONS:
        workflow.apply(model=Trip, pk=trip.pk, actor=None, action=action, data={"claim": claim.pk})


def claim_submit(*, claim: Claim, actor: Any) -> Claim:
    """Re-evaluate and send to the head, then finance (P8.3)."""

    def after(locked: Claim, old: str) -> None:
        reevaluate(locked)
        audit(document=locked, actor=actor, action="evaluate", data=money_audit(locked))
        _trip_follows_claim(locked)

    return workflow.apply(model=Claim, pk=claim.pk, actor=actor, action="submit", after=after)


def claim_withdraw(*, claim: Claim, actor: Any, comment: str = "") -> Claim:
    """The claimant takes a submitted claim back to a draft before its first decision; the
    trip goes back with it (as after a rejection)."""

    def check(locked: Claim) -> None:
        enforce(rules.can_withdraw(actor, locked))

    def after(locked: Claim, old: str) -> None:
        _trip_follows_claim(locked, "withdrawn")

    return workflow.apply(
        model=Claim,
        pk=claim.pk,
        actor=actor,
        action="withdraw",
        comment=comment,
        before=check,
        after=after,
    )


def _lock_for_final_approval(locked: Claim) -> None:
    """Before the final evaluation: lock the claimant's advances on the trip (so a payment
    cannot slip in between, issue 7.4) and refuse while one is unpaid (7.3); lock the trip's
    customers so that P6.1 is counted again with every other approval committed (7.6)."""
    advances = list(
        Advance.objects.select_for_update()
        .filter(trip_id=locked.trip_id, traveller_id=locked.claimant_id)
        .order_by("pk")
    )
    message = selectors.unpaid_advance_message([a for a in advances if a.status in Advance.UNPAID])
    if message:
        raise InvalidTransition(message)
    customer_ids = list(
        Trip.customers.through.objects.filter(trip_id=locked.trip_id).values_list(
            "customer_id", flat=True
        )
    )
    list(
        Customer.objects.select_for_update(no_key=True)
        .filter(pk__in=customer_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def claim_decide(*, claim: Claim, actor: Any, action: str, comment: str = "") -> Claim:
    """Approve or reject; the last approval re-evaluates and settles the paid advance (P8.2)."""

    def before(locked: Claim) -> None:
        if action == "approve" and locked.step + 1 >= len(locked.chain):
            _lock_for_final_approval(locked)

    def after(locked: Claim, old: str) -> None:
        if locked.status == ClaimStatus.APPROVED:
            reevaluate(locked)
            if locked.corrects_id is None:
                _settle_advances(locked)
            audit(document=locked, actor=actor, action="evaluate", data=money_audit(locked))
        _trip_follows_claim(locked)

    return workflow.apply(
        model=Claim,
        pk=claim.pk,
        actor=actor,
        action=action,
        comment=comment,
        before=before,
        after=after,
    )


def _settle_advances(claim: Claim) -> None:
    """The paid advance is deducted by the approved claim (no unpaid one is left, 7.3): a
    system move, the claim's approver is recorded on the claim."""
    now = timezone.now()

    def stamp(locked: Advance) -> None:
        locked.settled_at = now
        locked.save(update_fields=["settled_at"])

    paid = Advance.objects.filter(
        trip_id=claim.trip_id, traveller_id=claim.claimant_id, status=AdvanceStatus.PAID
    )
    for pk in paid.order_by("pk").values_list("pk", flat=True):
        workflow.apply(
            model=Advance,
            pk=pk,
            actor=None,
            action="settle",
            before=stamp,
            data={"claim": claim.pk},
        )


def claim_settle(
    *,
    claim: Claim,
    actor: Any,
    method: str = "",
    on: date | None = None,
    voucher: str = "",
) -> Claim:
    """Finance records that the difference was paid out or returned (P8.2): how, on which
    day, under which voucher; a second settle is 409."""
    recorded: dict[str, str] = {}  # filled once checked, read by the audit row after `stamp`

    def stamp(locked: Claim) -> None:
        payment = checked_payment(method=method, on=on, voucher=voucher)
        locked.settled_at, locked.settled_by = timezone.now(), actor
        locked.settled_method, locked.settled_on = payment.method, payment.on
        locked.settled_voucher = payment.voucher
        locked.save(
            update_fields=[
                "settled_at",
                "settled_by",
                "settled_method",
                "settled_on",
                "settled_voucher",
            ]
        )
        recorded.update(payment_audit(payment))

    return workflow.apply(
        model=Claim, pk=claim.pk, actor=actor, action="settle", before=stamp, data=recorded
    )
