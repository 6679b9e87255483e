"""Issue 7 item 10: the trip report's feedback becomes the CRM visit's feedback (one record).

Each trips.VisitFeedback row becomes a crm.Visit linked to its trip (customer, salesperson =
traveller, status checked_out, date = the day the customer signed, kept within the report's
actual dates) with a crm.VisitSignature and, when scored, the visit's SatisfactionSurvey.

The 5-level scale maps onto the one 4-level scale by label: 5 非常满意 -> 4 非常满意,
4 满意 -> 3 满意, 3 较满意 -> 3 满意, 2 一般 -> 2 一般, 1 不满意 -> 1 不满意.

A form whose legacy hash still matched when migrated is sealed again by the CRM's hash function
of that time (plain SHA-256, frozen here as `crm_feedback_hash`; crm migration 0007 seals it
again with the keyed HMAC); one that no longer matched keeps its old hash, so it keeps showing
as changed after signing. Each migrated visit carries an audit entry
`feedback_migrated` naming the old row; reversing recreates the old rows from those visits
(a 较满意 comes back as 满意) and deletes them.
"""

import hashlib
import json

from django.db import migrations
from django.utils import timezone

FIVE_TO_FOUR = {5: 4, 4: 3, 3: 3, 2: 2, 1: 1}
FOUR_TO_FIVE = {4: 5, 3: 4, 2: 2, 1: 1}
MARK = "feedback_migrated"


def legacy_hash(trip_id, code, content, satisfaction, signer_name, signed_at, png):
    """The retired trips.services.feedback_hash, kept here only to check the old rows."""
    payload = json.dumps(
        [
            trip_id,
            code,
            content,
            satisfaction,
            signer_name,
            signed_at,
            hashlib.sha256(png).hexdigest(),
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def crm_feedback_hash(
    *, visit, signer_name, signer_title, satisfaction, comments, signed_at, png
):
    """crm.services.visit_feedback_hash as it was when this migration was written (plain
    SHA-256 over the visit and the signed form), frozen: the live seal is a keyed HMAC now."""
    payload = json.dumps(
        [
            visit.pk,
            visit.customer.code,
            visit.salesperson.username,
            visit.date.isoformat(),
            visit.check_in_at.isoformat() if visit.check_in_at else None,
            *(
                getattr(visit, key)
                for key in ("content", "needs", "agreements", "objections", "next_step")
            ),
            satisfaction,
            comments,
            signer_name,
            signer_title,
            signed_at,
            hashlib.sha256(png).hexdigest(),
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def forward(apps, schema_editor):
    visit_feedback_hash = crm_feedback_hash
    VisitFeedback = apps.get_model("trips", "VisitFeedback")
    TripReport = apps.get_model("trips", "TripReport")
    Visit = apps.get_model("crm", "Visit")
    VisitSignature = apps.get_model("crm", "VisitSignature")
    Survey = apps.get_model("crm", "SatisfactionSurvey")
    AuditEvent = apps.get_model("core", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    visit_type, _created = ContentType.objects.get_or_create(app_label="crm", model="visit")

    rows = VisitFeedback.objects.select_related("trip__traveller", "customer").order_by("pk")
    for old in rows:
        trip = old.trip
        report = TripReport.objects.filter(trip=trip).first()
        first = report.actual_depart if report else trip.depart
        last = report.actual_return if report else trip.return_date
        day = min(max(timezone.localdate(old.signed_at), first), last)
        png = bytes(old.signature_png)
        intact = old.content_hash == legacy_hash(
            trip.pk,
            old.customer.code,
            old.content,
            old.satisfaction,
            old.signer_name,
            old.signed_at.isoformat(),
            png,
        )
        seq = Visit.objects.filter(salesperson=trip.traveller, date=day).count() + 1
        visit = Visit.objects.create(
            customer=old.customer,
            salesperson=trip.traveller,
            status="checked_out",
            date=day,
            seq=min(seq, 99),
            purpose=f"出差拜访（CC{trip.created_at:%Y}{trip.pk:05d}）",
            trip=trip,
            content=old.content,
            recorded_at=old.signed_at,
        )
        score = FIVE_TO_FOUR.get(old.satisfaction)
        content_hash = old.content_hash
        if intact:
            content_hash = visit_feedback_hash(
                visit=visit,
                signer_name=old.signer_name,
                signer_title="",
                satisfaction=score,
                comments="",
                signed_at=old.signed_at.isoformat(),
                png=png,
            )
        VisitSignature.objects.create(
            visit=visit,
            signer_name=old.signer_name,
            satisfaction=score,
            signature_png=png,
            signed_at=old.signed_at,
            content_hash=content_hash,
        )
        if score is not None:
            quarter = f"{day.year}Q{(day.month - 1) // 3 + 1}"
            Survey.objects.create(
                customer=old.customer,
                kind="visit",
                visit=visit,
                quarter=quarter,
                score=score,
                respondent=old.signer_name,
                salesperson=trip.traveller,
                recorded_by=trip.traveller,
            )
        AuditEvent.objects.create(
            content_type=visit_type,
            object_id=visit.pk,
            actor=None,
            action=MARK,
            data={"visit_feedback": old.pk, "trip": trip.pk, "intact": intact},
        )


def backward(apps, schema_editor):
    VisitFeedback = apps.get_model("trips", "VisitFeedback")
    Visit = apps.get_model("crm", "Visit")
    VisitSignature = apps.get_model("crm", "VisitSignature")
    Survey = apps.get_model("crm", "SatisfactionSurvey")
    AuditEvent = apps.get_model("core", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    visit_type = ContentType.objects.filter(app_label="crm", model="visit").first()
    if visit_type is None:
        return
    for event in AuditEvent.objects.filter(content_type=visit_type, action=MARK):
        visit = Visit.objects.select_related("customer").filter(pk=event.object_id).first()
        signature = VisitSignature.objects.filter(visit_id=event.object_id).first()
        if visit is None or signature is None:
            continue
        score = FOUR_TO_FIVE.get(signature.satisfaction)
        png = bytes(signature.signature_png)
        VisitFeedback.objects.update_or_create(
            trip_id=visit.trip_id,
            customer_id=visit.customer_id,
            defaults={
                "content": visit.content,
                "satisfaction": score,
                "signer_name": signature.signer_name,
                "signature_png": png,
                "signed_at": signature.signed_at,
                "content_hash": legacy_hash(
                    visit.trip_id,
                    visit.customer.code,
                    visit.content,
                    score,
                    signature.signer_name,
                    signature.signed_at.isoformat(),
                    png,
                ),
            },
        )
        # Plain deletes: the migrated visit has nothing else pointing at it.
        Survey.objects.filter(visit_id=visit.pk)._raw_delete(schema_editor.connection.alias)
        VisitSignature.objects.filter(pk=signature.pk)._raw_delete(schema_editor.connection.alias)
        AuditEvent.objects.filter(content_type=visit_type, object_id=visit.pk).delete()
        Visit.objects.filter(pk=visit.pk)._raw_delete(schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("trips", "0005_claim_notes_and_consents"),
        ("crm", "0006_satisfaction_four_level_labels"),
        ("core", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
