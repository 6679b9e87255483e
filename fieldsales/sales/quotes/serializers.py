"""API shapes of selling.md's quotes: what a program sends and what it gets back."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fieldsales.core import numbers
from fieldsales.core.api import MAX_ID, MoneyField
from fieldsales.core.people import display_name
from fieldsales.core.workflow.present import approvals_of, current_step_of
from fieldsales.sales.chains import quote_gm_reasons
from fieldsales.sales.quotes.models import EXPIRED, Quote, QuoteStatus

QUANTITY = re.compile(r"^[0-9]{1,9}(\.[0-9]{1,3})?$")
STATUSES = [*QuoteStatus.values, EXPIRED]


@extend_schema_field(
    {"type": "string", "format": "decimal", "pattern": QUANTITY.pattern, "example": "10.000"}
)
class QuantityField(serializers.Field):
    """A quantity as a decimal string with at most three decimals (or a whole number)."""

    default_error_messages = {"invalid": '数量须为字符串形式的正数，最多三位小数，例如 "10.000"'}

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, int) and not isinstance(data, bool):
            data = str(data)
        if not isinstance(data, str) or not QUANTITY.match(data.strip()):
            self.fail("invalid")
        return Decimal(data.strip())

    def to_representation(self, value: Decimal) -> str:
        return f"{Decimal(value):.3f}"


class QuoteLineInputSerializer(serializers.Serializer):
    product = numbers.IntegerField(min_value=1, max_value=MAX_ID)
    quantity = QuantityField()
    unit_price = MoneyField()


class QuoteWriteSerializer(serializers.Serializer):
    customer = numbers.IntegerField(min_value=1, max_value=MAX_ID)
    inquiry = numbers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True)
    opportunity = numbers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )
    lines = QuoteLineInputSerializer(many=True, allow_empty=False, max_length=100)
    valid_until = serializers.DateField(required=False)  # default: 30 days from today
    delivery_terms = serializers.CharField(required=False, allow_blank=True, max_length=200)
    payment_terms = serializers.CharField(required=False, allow_blank=True, max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class QuoteCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class QuoteDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class QuoteLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    position = serializers.IntegerField(read_only=True)
    product = serializers.IntegerField(source="product_id", read_only=True)
    product_code = serializers.CharField(source="product.code", read_only=True)
    product_name = serializers.CharField(source="product.name", read_only=True)
    model = serializers.CharField(source="product.model", read_only=True)
    unit = serializers.CharField(source="product.unit", read_only=True)
    quantity = QuantityField(read_only=True)
    unit_price = MoneyField(read_only=True)
    amount = MoneyField(read_only=True)
    market = MoneyField(read_only=True)
    floor = MoneyField(read_only=True)
    below_market_pct = serializers.SerializerMethodField()

    def get_below_market_pct(self, line: Any) -> str:
        """S2.2: percent below market, one decimal ("0.0" at or above market)."""
        return f"{line.below_market_pct:.1f}"


class QuoteSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    status = serializers.SerializerMethodField()
    stored_status = serializers.CharField(source="status", read_only=True)
    expired = serializers.SerializerMethodField()
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    salesperson_name = serializers.SerializerMethodField()
    price_list_number = serializers.CharField(source="price_list.number", read_only=True)
    lines = QuoteLineSerializer(many=True, read_only=True)
    total = MoneyField(read_only=True)
    approvals = serializers.SerializerMethodField()
    current_step = serializers.SerializerMethodField()
    gm_reasons = serializers.SerializerMethodField()
    sent_at = serializers.DateTimeField(source="customer_sent_at", read_only=True)

    class Meta:
        model = Quote
        fields = [
            "id",
            "number",
            "revision",
            "previous",
            "status",
            "stored_status",
            "expired",
            "customer",
            "customer_name",
            "salesperson",
            "salesperson_name",
            "inquiry",
            "opportunity",
            "price_list",
            "price_list_number",
            "quoted_on",
            "valid_until",
            "delivery_terms",
            "payment_terms",
            "note",
            "lines",
            "total",
            "chain",
            "current_step",
            "approvals",
            "gm_reasons",
            "submitted_at",
            "approved_at",
            "sent_at",
            "decided_at",
            "decline_reason",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=STATUSES))
    def get_status(self, quote: Quote) -> str:
        """S4.3: an approved or sent quote past `valid_until` shows `expired`."""
        return quote.shown_status()

    def get_expired(self, quote: Quote) -> bool:
        return quote.is_expired()

    def get_salesperson_name(self, quote: Quote) -> str:
        return display_name(quote.salesperson)

    def get_approvals(self, quote: Quote) -> list[dict[str, Any]]:
        return approvals_of(quote)

    def get_current_step(self, quote: Quote) -> dict[str, Any] | None:
        return current_step_of(quote)

    def get_gm_reasons(self, quote: Quote) -> list[str]:
        """S4.2: why the GM reviews it too: "major", "deep_discount" (empty: the manager alone)."""
        return quote_gm_reasons(quote)
