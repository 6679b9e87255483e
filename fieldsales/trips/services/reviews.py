"""A reviewer's word on one claim line: the P9 override, the P4.6 note and consent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fieldsales.core.audit import audit
from fieldsales.core.errors import RuleBroken
from fieldsales.core.workflow import role_of
from fieldsales.org.access import enforce
from fieldsales.policy.money import is_amount
from fieldsales.trips import rules, selectors
from fieldsales.trips.models import (
    Claim,
    ClaimConsent,
    ClaimNote,
    ClaimOverride,
)
from fieldsales.trips.services.evaluation import money_audit, reevaluate


def _reviewed_line(locked: Claim, actor: Any, item: str, *, what: str) -> dict[str, Any]:
    """The claimant's line a reviewer speaks about; 409 unless the claim is under review, 403
    unless the actor is the current step's approver, 400 for an unknown line."""
    enforce(rules.can_review(actor, locked, what=what))
    line = next((i for i in locked.items if str(i.get("id")) == str(item)), None)
    if line is None:
        raise RuleBroken(_("报销单中没有这一项明细"), field="item")
    return selectors.claimant_item(line)


@transaction.atomic
def claim_override(*, claim: Claim, actor: Any, item: str, amount: Decimal, reason: str) -> Claim:
    """P9: the current step's approver sets one line's amount, at most what it claims, with
    a written reason."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    line = _reviewed_line(locked, actor, item, what=_("调整金额（P9）"))
    if not (reason or "").strip():
        raise RuleBroken(_("调整金额须写明理由（P9）"), field="reason")
    claimed = line.get("amount")
    claimed = Decimal(claimed) if isinstance(claimed, str) and is_amount(claimed) else None
    if amount < 0:
        raise RuleBroken(_("核准金额不能为负数"), field="amount")
    if claimed is not None and amount > claimed:
        raise RuleBroken(
            _("核准金额不能超过该项申报金额%(claimed)s元（P9）") % {"claimed": f"{claimed:.2f}"},
            field="amount",
        )
    return _record_review(
        locked,
        ClaimOverride,
        actor=actor,
        line=line,
        fields={"item": str(item), "amount": amount, "reason": reason.strip()},
        action="override",
        comment=reason,
        data={"item": str(item), "amount": f"{amount:.2f}", "rule": "P9"},
    )


def _record_review(
    locked: Claim,
    model: Any,
    *,
    actor: Any,
    line: dict[str, Any],
    fields: dict[str, Any],
    action: str,
    comment: str,
    data: dict[str, Any],
) -> Claim:
    """One reviewer's override, note or consent on a line: stored with the step's role, the
    claim re-evaluated, and the audit row with the money as it now stands."""
    step = locked.current_step() or {}
    role = step.get("role", role_of(actor))
    model.objects.create(claim=locked, by=actor, role=role, line=line, **fields)
    reevaluate(locked)
    audit(
        document=locked,
        actor=actor,
        action=action,
        comment=comment,
        data=data | money_audit(locked),
    )
    return locked


# P4.6: a note or a consent is about a taxi or tricycle ride.
CITY_RIDE_KINDS = ("taxi", "tricycle")


def _check_city_ride(line: dict[str, Any], note: str) -> None:
    if line.get("kind") not in CITY_RIDE_KINDS:
        raise RuleBroken(_("只有出租车、三轮车明细需要审核说明或同意（P4.6）"), field="item")
    if not (note or "").strip():
        raise RuleBroken(_("请写明理由"), field="note")


def _record_statement(
    locked: Claim, *, actor: Any, item: str, note: str, model: Any, action: str, what: str
) -> Claim:
    """A reviewer's note or consent on one taxi or tricycle line, recorded and re-evaluated."""
    line = _reviewed_line(locked, actor, item, what=what)
    _check_city_ride(line, note)
    return _record_review(
        locked,
        model,
        actor=actor,
        line=line,
        fields={"item": str(item), "note": note.strip()},
        action=action,
        comment=note.strip(),
        data={"item": str(item), "rule": "P4.6"},
    )


@transaction.atomic
def claim_note(*, claim: Claim, actor: Any, item: str, note: str) -> Claim:
    """P4.6 d: the current step's approver writes the note an "other special" taxi needs."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    return _record_statement(
        locked,
        actor=actor,
        item=item,
        note=note,
        model=ClaimNote,
        action="note",
        what=_("填写审核说明（P4.6）"),
    )


@transaction.atomic
def claim_consent(*, claim: Claim, actor: Any, item: str, note: str) -> Claim:
    """P4.6: the traveller's department head, at their own step, consents to a taxi ride."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    enforce(rules.can_consent(actor, locked))
    return _record_statement(
        locked,
        actor=actor,
        item=item,
        note=note,
        model=ClaimConsent,
        action="consent",
        what=_("同意乘坐出租车（P4.6）"),
    )
