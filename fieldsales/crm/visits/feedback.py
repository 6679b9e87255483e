"""The customer's signed 客户拜访反馈表: its seal, and signing it (also from a trip report)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core import seals
from fieldsales.core.audit import audit
from fieldsales.core.errors import RuleBroken
from fieldsales.core.signatures import decode_signature
from fieldsales.crm.customers.models import Customer
from fieldsales.crm.customers.services import touch
from fieldsales.crm.surveys.models import SatisfactionSurvey, SurveyKind
from fieldsales.crm.surveys.selectors import quarter_of
from fieldsales.crm.surveys.services import satisfaction_score
from fieldsales.crm.visits.models import SealStatus, Visit, VisitSignature, VisitStatus

RECORD_FIELDS = ("content", "needs", "agreements", "objections", "next_step")


# What a signed version keeps of the visit record (VisitSignature has the same fields).
SIGNED_FIELDS = (*RECORD_FIELDS, "next_visit_date")


def _utc(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def visit_feedback_payload(signature: VisitSignature) -> bytes:
    """What the seal of a signed version covers: the visit and customer it belongs to, the
    record as the customer read it, the customer's part, signer, signing time, the drawing."""
    visit = signature.visit
    return json.dumps(
        [
            "crm.visit-feedback/2",
            visit.pk,
            visit.customer.code,
            visit.salesperson.username,
            visit.date.isoformat(),
            _utc(visit.check_in_at),
            signature.version,
            *(getattr(signature, key) for key in RECORD_FIELDS),
            signature.next_visit_date.isoformat() if signature.next_visit_date else None,
            signature.satisfaction,
            signature.comments,
            signature.signer_name,
            signature.signer_title,
            _utc(signature.signed_at),
            hashlib.sha256(bytes(signature.signature_png)).hexdigest(),
        ],
        ensure_ascii=False,
    ).encode()


def visit_feedback_hash(signature: VisitSignature) -> tuple[str, str]:
    """The one seal of signed feedback: (key version, HMAC-SHA256 hex) under the current key
    (core.seals); a changed row cannot be sealed again without the key."""
    return seals.seal(visit_feedback_payload(signature))


def visit_feedback_seal_status(signature: VisitSignature) -> str:
    """SealStatus of a signed version: intact, altered after signing, or cannot verify (its
    key version is not among ours). The visit's live record must still read as the version
    signed last, unless it has moved on to a new (unsigned) version."""
    status = seals.verify(
        visit_feedback_payload(signature), version=signature.seal_key, digest=signature.content_hash
    )
    visit = signature.visit
    moved_on = signature.version < visit.record_version
    if (
        status == SealStatus.INTACT
        and not moved_on
        and any(getattr(visit, key) != getattr(signature, key) for key in SIGNED_FIELDS)
    ):
        return SealStatus.ALTERED
    return status


def visit_feedback_intact(signature: VisitSignature) -> bool:
    """Whether the signed version still matches the seal taken at signing."""
    return visit_feedback_seal_status(signature) == SealStatus.INTACT


def sign_feedback(
    visit: Visit,
    actor: Any,
    *,
    signer_name: Any,
    signature: Any,
    satisfaction: Any,
    comments: Any,
    signer_title: Any,
    prefix: str = "",
) -> VisitSignature:
    """The signed version (the record as the customer read it), its seal and the visit
    survey; `prefix` names fields (`visits[0].`)."""
    signer_name = str(signer_name or "").strip()
    if not signer_name:
        raise RuleBroken(_("请填写客户签字人姓名"), field=f"{prefix}signer_name")
    if len(signer_name) > 40:
        raise RuleBroken(_("最多 %(n)d 个字") % {"n": 40}, field=f"{prefix}signer_name")
    png = decode_signature(signature, field=f"{prefix}signature")
    score = satisfaction_score(satisfaction, f"{prefix}satisfaction")
    comments = str(comments or "").strip()[:2000]
    signer_title = str(signer_title or "").strip()[:40]
    signed = VisitSignature(
        visit=visit,
        version=visit.record_version,
        signer_name=signer_name,
        signer_title=signer_title,
        satisfaction=score,
        comments=comments,
        signature_png=png,
        signed_at=timezone.now().replace(microsecond=0),
        **{key: getattr(visit, key) for key in SIGNED_FIELDS},
    )
    signed.seal_key, signed.content_hash = visit_feedback_hash(signed)
    signed.save()
    if score is not None:
        # The customer's satisfaction for the quarter of the visit (trip visits included);
        # signing a corrected version again gives the visit's one survey its latest answer.
        SatisfactionSurvey.objects.update_or_create(
            visit=visit,
            defaults={
                "customer": visit.customer,
                "kind": SurveyKind.VISIT,
                "quarter": quarter_of(visit.date),
                "score": score,
                "comments": comments,
                "respondent": signer_name,
                "salesperson": visit.salesperson,
                "recorded_by": actor,
            },
        )
    touch(visit.customer)
    audit(
        document=visit,
        actor=actor,
        action="sign",
        data={"hash": signed.content_hash, "version": signed.version, "key": signed.seal_key},
    )
    return signed


@transaction.atomic
def trip_visit_file(
    *,
    trip: Any,
    actor: Any,
    customer: Customer,
    visited_on: date,
    content: str,
    signer_name: str,
    signature: str,
    satisfaction: Any = None,
    comments: str = "",
    signer_title: str = "",
    prefix: str = "",
) -> Visit:
    """A visit named in a trip report (P7.2): the customer's visit record with its signed
    feedback, the same record a visit checked in on the phone makes, linked to the trip.

    The caller (trips) checks the trip, the customer and the date; `prefix` names the fields.
    """
    content = str(content or "").strip()[:4000]
    if not content:
        raise RuleBroken(_("请填写拜访内容"), field=f"{prefix}content")
    now = timezone.now()
    last = Visit.objects.filter(salesperson=trip.traveller, date=visited_on).aggregate(m=Max("seq"))
    visit = Visit.objects.create(
        customer=customer,
        salesperson=trip.traveller,
        status=VisitStatus.CHECKED_OUT,
        date=visited_on,
        seq=min((last["m"] or 0) + 1, 99),
        purpose=(_("出差拜访（%(trip)s）") % {"trip": trip.number})[:200],
        trip=trip,
        content=content,
        recorded_at=now,
        recorded_late=visited_on != timezone.localdate(now),
    )
    audit(
        document=visit,
        actor=actor,
        action="trip_report",
        to_status=visit.status,
        data={"trip": trip.pk},
    )
    sign_feedback(
        visit,
        actor,
        signer_name=signer_name,
        signature=signature,
        satisfaction=satisfaction,
        comments=comments,
        signer_title=signer_title,
        prefix=prefix,
    )
    return visit
