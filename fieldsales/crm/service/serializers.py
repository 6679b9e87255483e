"""REST shapes of service requests."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from fieldsales.core import numbers
from fieldsales.core.people import display_name
from fieldsales.crm.service.models import ServiceKind, ServiceRequest


class ServiceRequestSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    owner_name = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()

    class Meta:
        model = ServiceRequest
        fields = [
            "id",
            "number",
            "kind",
            "customer",
            "customer_name",
            "status",
            "status_label",
            "title",
            "description",
            "contact_name",
            "contact_phone",
            "owner",
            "owner_name",
            "deadline",
            "opened_by",
            "resolution",
            "resolved_at",
            "confirmed_by_name",
            "confirmed_at",
            "confirmation_note",
            "created_at",
            "steps",
        ]
        read_only_fields = fields

    def get_owner_name(self, request: ServiceRequest) -> str:
        return display_name(request.owner)

    def get_steps(self, request: ServiceRequest) -> list[dict[str, Any]]:
        return [
            {
                "action": s.action,
                "note": s.note,
                "by": s.by_id,
                "by_name": display_name(s.by),
                "at": s.at.isoformat(),
            }
            for s in request.steps.all()
        ]


class ServiceRequestWriteSerializer(serializers.Serializer):
    customer = numbers.IntegerField()
    kind = serializers.ChoiceField(choices=ServiceKind.choices)
    title = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=4000)
    contact_name = serializers.CharField(max_length=40, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    owner = numbers.IntegerField(required=False, allow_null=True)
    deadline = serializers.DateField(required=False, allow_null=True)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=4000)


class AssignSerializer(serializers.Serializer):
    owner = numbers.IntegerField()
    deadline = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(max_length=4000)


class ConfirmClosureSerializer(serializers.Serializer):
    confirmed_by_name = serializers.CharField(max_length=40)
    satisfaction = numbers.IntegerField(min_value=1, max_value=4, required=False, allow_null=True)
    comments = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
