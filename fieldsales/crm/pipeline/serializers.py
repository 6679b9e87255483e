"""REST shapes of opportunities and stage moves."""

from __future__ import annotations

from rest_framework import serializers

from fieldsales.core import numbers
from fieldsales.core.api import MoneyField
from fieldsales.core.people import display_name
from fieldsales.crm.pipeline.models import Opportunity, Stage, StageChange
from fieldsales.crm.pipeline.services import next_stages


class StageChangeSerializer(serializers.ModelSerializer):
    by_name = serializers.SerializerMethodField()

    class Meta:
        model = StageChange
        fields = ["from_stage", "to_stage", "by", "by_name", "note", "at"]

    def get_by_name(self, row: StageChange) -> str:
        return display_name(row.by)


class OpportunitySerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    amount = MoneyField(read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    owner_name = serializers.SerializerMethodField()
    history = StageChangeSerializer(source="changes", many=True, read_only=True)
    next_stages = serializers.SerializerMethodField()

    class Meta:
        model = Opportunity
        fields = [
            "id",
            "number",
            "customer",
            "customer_name",
            "owner",
            "owner_name",
            "title",
            "stage",
            "stage_label",
            "next_stages",
            "amount",
            "expected_close",
            "next_follow_up",
            "products",
            "note",
            "lost_reason",
            "won_reason",
            "stage_changed_at",
            "closed_at",
            "created_at",
            "history",
        ]
        read_only_fields = fields

    def get_owner_name(self, opportunity: Opportunity) -> str:
        return display_name(opportunity.owner)

    def get_next_stages(self, opportunity: Opportunity) -> list[str]:
        return next_stages(opportunity.stage)


class OpportunityWriteSerializer(serializers.Serializer):
    customer = numbers.IntegerField()
    title = serializers.CharField(max_length=120)
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    amount = MoneyField(required=False)
    expected_close = serializers.DateField(required=False, allow_null=True)
    next_follow_up = serializers.DateField(required=False, allow_null=True)
    products = serializers.CharField(max_length=200, required=False, allow_blank=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class MoveSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    amount = MoneyField(required=False)
