"""REST shapes of visits and their feedback."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from fieldsales.core import numbers
from fieldsales.core.people import display_name
from fieldsales.crm.visits.feedback import visit_feedback_seal_status
from fieldsales.crm.visits.models import SealStatus, Visit


class RevisitSerializer(serializers.Serializer):
    customer = numbers.IntegerField(source="customer.pk")
    code = serializers.CharField(source="customer.code")
    name = serializers.CharField(source="customer.name")
    grade = serializers.CharField(source="customer.grade")
    owner = numbers.IntegerField(source="customer.owner_id")
    last_visit = serializers.DateField(allow_null=True)
    due = serializers.DateField()
    days_overdue = numbers.IntegerField()


def feedback_data(signature: Any) -> dict[str, Any]:
    """One signed version of the 客户拜访反馈表 as the API shows it, with its seal status."""
    status = visit_feedback_seal_status(signature)
    return {
        "version": signature.version,
        "signer_name": signature.signer_name,
        "signer_title": signature.signer_title,
        "satisfaction": signature.satisfaction,
        "comments": signature.comments,
        "signed_at": signature.signed_at.isoformat(),
        "content": signature.content,
        "needs": signature.needs,
        "agreements": signature.agreements,
        "objections": signature.objections,
        "next_step": signature.next_step,
        "next_visit_date": signature.next_visit_date.isoformat()
        if signature.next_visit_date
        else None,
        "content_hash": signature.content_hash,
        "seal_key": signature.seal_key,
        "seal_status": status,
        "seal_status_label": str(SealStatus(status).label),
        "intact": status == SealStatus.INTACT,
    }


class VisitSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    salesperson_name = serializers.SerializerMethodField()
    feedback = serializers.SerializerMethodField()
    signed_versions = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField()

    class Meta:
        model = Visit
        fields = [
            "id",
            "number",
            "customer",
            "customer_name",
            "salesperson",
            "salesperson_name",
            "status",
            "status_label",
            "date",
            "seq",
            "purpose",
            "materials",
            "contact",
            "opportunity",
            "trip",
            "appointment_confirmed",
            "appointment_confirmed_at",
            "appointment_note",
            "check_in_at",
            "check_in_lat",
            "check_in_lng",
            "check_in_accuracy_m",
            "check_in_distance_m",
            "check_in_flagged",
            "check_out_at",
            "check_out_lat",
            "check_out_lng",
            "check_out_distance_m",
            "check_out_flagged",
            "content",
            "needs",
            "agreements",
            "objections",
            "next_step",
            "next_visit_date",
            "recorded_at",
            "recorded_late",
            "record_version",
            "cancel_reason",
            "feedback",
            "signed_versions",
            "photos",
            "created_at",
        ]
        read_only_fields = fields

    def get_salesperson_name(self, visit: Visit) -> str:
        return display_name(visit.salesperson)

    def get_feedback(self, visit: Visit) -> dict[str, Any] | None:
        """The version the customer signed last, its seal checked now; `current` is false
        once the record was corrected after signing (a new version awaits the signature)."""
        signature = visit.signature
        if signature is None:
            return None
        return feedback_data(signature) | {"current": signature.version >= visit.record_version}

    def get_signed_versions(self, visit: Visit) -> list[dict[str, Any]]:
        """Every signed version, oldest first (each stays readable after a correction)."""
        if "signatures" in getattr(visit, "_prefetched_objects_cache", {}):
            rows = sorted(visit.signatures.all(), key=lambda row: row.version)
        else:
            rows = list(visit.signatures.order_by("version"))
        for row in rows:
            row.visit = visit
        return [feedback_data(row) for row in rows]

    def get_photos(self, visit: Visit) -> list[dict[str, Any]]:
        return [
            {
                "id": p.pk,
                "caption": p.caption,
                "content_type": p.content_type,
                "size": p.size,
                "sha256": p.sha256,
            }
            for p in visit.photos.all()
        ]


class VisitWriteSerializer(serializers.Serializer):
    customer = numbers.IntegerField()
    date = serializers.DateField()
    seq = numbers.IntegerField(required=False, min_value=1, max_value=99)
    purpose = serializers.CharField(max_length=200)
    materials = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact = numbers.IntegerField(required=False, allow_null=True)
    opportunity = numbers.IntegerField(required=False, allow_null=True)
    trip = numbers.IntegerField(required=False, allow_null=True)
    appointment_confirmed = serializers.BooleanField(required=False, default=False)
    appointment_note = serializers.CharField(max_length=200, required=False, allow_blank=True)
    salesperson = numbers.IntegerField(required=False)


class VisitEditSerializer(serializers.Serializer):
    date = serializers.DateField(required=False)
    seq = numbers.IntegerField(required=False, min_value=1, max_value=99)
    purpose = serializers.CharField(max_length=200, required=False)
    materials = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact = numbers.IntegerField(required=False, allow_null=True)
    opportunity = numbers.IntegerField(required=False, allow_null=True)
    trip = numbers.IntegerField(required=False, allow_null=True)


class PositionSerializer(serializers.Serializer):
    latitude = numbers.FloatField(min_value=-90, max_value=90)
    longitude = numbers.FloatField(min_value=-180, max_value=180)
    accuracy = numbers.FloatField(required=False, allow_null=True, min_value=0)


class RecordSerializer(serializers.Serializer):
    content = serializers.CharField(max_length=4000)
    needs = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    agreements = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    objections = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    next_step = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    next_visit_date = serializers.DateField(required=False, allow_null=True)


class SignSerializer(serializers.Serializer):
    signer_name = serializers.CharField(max_length=40)
    signer_title = serializers.CharField(max_length=40, required=False, allow_blank=True)
    satisfaction = numbers.IntegerField(min_value=1, max_value=4, required=False, allow_null=True)
    comments = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    signature = serializers.CharField(max_length=3_000_000)


class PhotoSerializer(serializers.Serializer):
    photo = serializers.FileField()
    caption = serializers.CharField(max_length=100, required=False, allow_blank=True)


class ConfirmAppointmentSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
