"""API shapes of the catalogue (selling.md's API table): products and price lists."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fieldsales.core import numbers
from fieldsales.core.api import MAX_ID, MoneyField
from fieldsales.core.people import display_name
from fieldsales.core.workflow import available_actions
from fieldsales.core.workflow.present import approvals_of, current_step_of, history_of
from fieldsales.sales.catalogue.models import PriceList, PriceListStatus, Product


class ProductSerializer(serializers.ModelSerializer):
    category_name = serializers.CharField(source="category.name", read_only=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "code",
            "name",
            "model",
            "unit",
            "category",
            "category_name",
            "active",
            "note",
        ]


class ProductWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=100)
    model = serializers.CharField(max_length=100, allow_blank=True, required=False)
    unit = serializers.CharField(max_length=10)
    category = numbers.IntegerField(min_value=1, max_value=MAX_ID)
    active = serializers.BooleanField(required=False)
    note = serializers.CharField(max_length=200, allow_blank=True, required=False)


class PriceLineSerializer(serializers.Serializer):
    """One product's three tiers, yuan incl. VAT, as strings ("880.00")."""

    product = numbers.IntegerField(min_value=1, max_value=MAX_ID)
    market = MoneyField()
    factory_min = MoneyField()
    distributor_min = MoneyField()


class PriceListWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    effective = serializers.DateField()
    note = serializers.CharField(max_length=2000, allow_blank=True, required=False)
    prices = PriceLineSerializer(many=True, required=False, max_length=2000)


class PriceListCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class PriceListImportSerializer(serializers.Serializer):
    file = serializers.FileField()


@extend_schema_field(
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "product": {"type": "integer"},
                "product_code": {"type": "string"},
                "product_name": {"type": "string"},
                "model": {"type": "string"},
                "unit": {"type": "string"},
                "category": {"type": "integer"},
                "market": {"type": "string", "example": "880.00"},
                "factory_min": {"type": "string", "example": "800.00"},
                "distributor_min": {"type": "string", "example": "760.00"},
            },
        },
    }
)
class PricesField(serializers.Field):
    def to_representation(self, price_list: PriceList) -> list[dict[str, Any]]:
        return [
            {
                "product": line.product_id,
                "product_code": line.product.code,
                "product_name": line.product.name,
                "model": line.product.model,
                "unit": line.product.unit,
                "category": line.product.category_id,
                "market": f"{line.market:.2f}",
                "factory_min": f"{line.factory_min:.2f}",
                "distributor_min": f"{line.distributor_min:.2f}",
            }
            for line in price_list.lines.all()
        ]


class PriceListSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=PriceListStatus.choices, read_only=True)
    created_by_name = serializers.SerializerMethodField()
    prices = PricesField(source="*", read_only=True)
    approvals = serializers.SerializerMethodField()
    current_step = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = PriceList
        fields = [
            "id",
            "number",
            "name",
            "effective",
            "note",
            "status",
            "created_by",
            "created_by_name",
            "created_at",
            "submitted_at",
            "approved_at",
            "chain",
            "current_step",
            "approvals",
            "prices",
            "history",
            "actions",
        ]

    def get_created_by_name(self, price_list: PriceList) -> str:
        return display_name(price_list.created_by)

    def get_approvals(self, price_list: PriceList) -> list[dict[str, Any]]:
        return approvals_of(price_list)

    def get_current_step(self, price_list: PriceList) -> dict[str, Any] | None:
        return current_step_of(price_list)

    def get_history(self, price_list: PriceList) -> list[dict[str, Any]]:
        return history_of(price_list)

    def get_actions(self, price_list: PriceList) -> list[str]:
        """What the requesting user may do now (submit, approve, reject, cancel)."""
        request = self.context.get("request")
        if request is None:
            return []
        return available_actions(price_list, request.user)
