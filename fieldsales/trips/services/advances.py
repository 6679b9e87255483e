"""Writes for travel advances (P2): request, decide, cancel, pay, repay."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core import workflow
from fieldsales.core.errors import RuleBroken
from fieldsales.org.access import enforce
from fieldsales.trips import rules
from fieldsales.trips.models import (
    Advance,
    Trip,
)
from fieldsales.trips.policy_settings import settings_in_force
from fieldsales.trips.services.common import enforce_rule
from fieldsales.trips.services.payments import checked_payment, payment_audit


@transaction.atomic
def advance_request(*, trip: Trip, actor: Any, amount: Decimal, reason: str = "") -> Advance:
    """P2: an advance against a submitted or approved trip, within the limit, one open at a time."""
    # Lock the traveller so two concurrent requests cannot both pass the P2.4 check, then the
    # trip so that a claim being submitted at the same moment is seen (issue 7.3).
    get_user_model().objects.select_for_update().get(pk=actor.pk)
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    enforce_rule(rules.can_advance(actor, trip), field="trip")
    settings = settings_in_force(trip.depart)
    if amount <= 0:
        raise RuleBroken(_("预支金额须大于零"), field="amount")
    if amount > settings.advance_max:
        raise RuleBroken(
            _("预支差旅费最多不可超过%(max)s元（P2.3）") % {"max": settings.advance_max},
            field="amount",
        )
    if (
        settings.one_open_advance
        and Advance.objects.filter(traveller=actor, status__in=Advance.OPEN).exists()
    ):
        raise RuleBroken(_("前账不清，后账不借：您还有未结清的预支（P2.4）"), field="trip")
    # Created as a draft and submitted at once by the machine, which builds its chain (P2.2).
    advance = Advance.objects.create(trip=trip, traveller=actor, amount=amount, reason=reason or "")
    return workflow.apply(
        model=Advance,
        pk=advance.pk,
        actor=actor,
        action="submit",
        data={"amount": f"{amount:.2f}"},
    )


def _lock_trip(locked: Advance) -> None:
    """Locks the trip after the advance: the order claim approval uses (claim, advances, trip)."""
    Trip.objects.select_for_update().get(pk=locked.trip_id)


def advance_decide(*, advance: Advance, actor: Any, action: str, comment: str = "") -> Advance:
    def check(locked: Advance) -> None:
        if action == "approve":
            _lock_trip(locked)
            enforce(rules.trip_alive(locked))

    return workflow.apply(
        model=Advance, pk=advance.pk, actor=actor, action=action, comment=comment, before=check
    )


def advance_cancel(*, advance: Advance, actor: Any, comment: str = "") -> Advance:
    """The traveller withdraws a submitted advance; finance voids an approved, unpaid one."""
    action = "cancel" if actor.pk == advance.traveller_id else "void"
    return workflow.apply(model=Advance, pk=advance.pk, actor=actor, action=action, comment=comment)


def advance_pay(
    *,
    advance: Advance,
    actor: Any,
    method: str = "",
    on: date | None = None,
    voucher: str = "",
) -> Advance:
    """Finance hands the approved advance out (how, on which day, which voucher); a second
    pay is 409.

    The advance row is locked first (workflow.apply), as claim approval locks the trip's
    advances before its final evaluation: a payment and a claim approval serialize."""
    recorded: dict[str, str] = {}  # filled once checked, read by the audit row after `stamp`

    def stamp(locked: Advance) -> None:
        _lock_trip(locked)
        enforce(rules.can_pay(actor, locked))
        payment = checked_payment(method=method, on=on, voucher=voucher)
        locked.paid_at, locked.paid_by = timezone.now(), actor
        locked.paid_method, locked.paid_on = payment.method, payment.on
        locked.paid_voucher = payment.voucher
        locked.save(update_fields=["paid_at", "paid_by", "paid_method", "paid_on", "paid_voucher"])
        recorded.update(payment_audit(payment))

    return workflow.apply(
        model=Advance, pk=advance.pk, actor=actor, action="pay", before=stamp, data=recorded
    )


def advance_repay(
    *,
    advance: Advance,
    actor: Any,
    amount: Decimal | None = None,
    comment: str = "",
    method: str = "",
    on: date | None = None,
    voucher: str = "",
) -> Advance:
    """Finance records that the traveller returned a paid advance whose trip will not be
    claimed (how, when, which voucher); it is then `settled` (no longer open for P2.4) and
    never deducted from a claim."""
    recorded: dict[str, str] = {}

    def stamp(locked: Advance) -> None:
        if amount is not None and amount != locked.amount:
            raise RuleBroken(
                _("归还金额须等于预支金额%(amount)s元") % {"amount": f"{locked.amount:.2f}"},
                field="amount",
            )
        enforce(rules.can_repay(actor, locked))
        payment = checked_payment(method=method, on=on, voucher=voucher)
        now = timezone.now()
        locked.repaid_at, locked.repaid_by, locked.repaid_amount = now, actor, locked.amount
        locked.repaid_method, locked.repaid_on = payment.method, payment.on
        locked.repaid_voucher = payment.voucher
        locked.settled_at = now
        locked.save(
            update_fields=[
                "repaid_at",
                "repaid_by",
                "repaid_amount",
                "repaid_method",
                "repaid_on",
                "repaid_voucher",
                "settled_at",
            ]
        )
        recorded.update(payment_audit(payment))

    return workflow.apply(
        model=Advance,
        pk=advance.pk,
        actor=actor,
        action="repay",
        comment=comment,
        before=stamp,
        data=recorded,
    )
