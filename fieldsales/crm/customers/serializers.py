"""REST shapes of customers, contacts and owner changes."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from fieldsales.core import numbers
from fieldsales.core.api import MoneyField
from fieldsales.core.people import display_name
from fieldsales.crm.customers.models import (
    CUSTOMER_CONTACT_TEXT,
    CUSTOMER_TEXT,
    Contact,
    Customer,
    CustomerKind,
    CustomerTransfer,
    Grade,
    Intent,
    Source,
)


class CustomerWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20, required=False, allow_blank=True)
    name = serializers.CharField(max_length=CUSTOMER_TEXT["name"])
    kind = serializers.ChoiceField(choices=CustomerKind.choices, required=False)
    grade = serializers.ChoiceField(choices=Grade.choices, required=False)
    province = serializers.CharField(max_length=30)
    city = serializers.CharField(max_length=30)
    address = serializers.CharField(
        max_length=CUSTOMER_TEXT["address"], required=False, allow_blank=True
    )
    industry = serializers.CharField(
        max_length=CUSTOMER_TEXT["industry"], required=False, allow_blank=True
    )
    source = serializers.ChoiceField(choices=Source.choices, required=False, allow_blank=True)
    intent = serializers.ChoiceField(choices=Intent.choices, required=False, allow_blank=True)
    scale = serializers.CharField(
        max_length=CUSTOMER_TEXT["scale"], required=False, allow_blank=True
    )
    credit_code = serializers.CharField(
        max_length=CUSTOMER_TEXT["credit_code"], required=False, allow_blank=True
    )
    products_needed = serializers.CharField(
        max_length=CUSTOMER_TEXT["products_needed"], required=False, allow_blank=True
    )
    annual_demand = serializers.CharField(
        max_length=CUSTOMER_TEXT["annual_demand"], required=False, allow_blank=True
    )
    competitors = serializers.CharField(
        max_length=CUSTOMER_TEXT["competitors"], required=False, allow_blank=True
    )
    credit_limit = MoneyField(required=False)
    latitude = numbers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True, coerce_to_string=True
    )
    longitude = numbers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True, coerce_to_string=True
    )
    remarks = serializers.CharField(
        max_length=CUSTOMER_TEXT["remarks"], required=False, allow_blank=True
    )
    contact_name = serializers.CharField(
        max_length=CUSTOMER_CONTACT_TEXT["contact_name"], required=False, allow_blank=True
    )
    contact_phone = serializers.CharField(
        max_length=CUSTOMER_CONTACT_TEXT["contact_phone"], required=False, allow_blank=True
    )
    contact_title = serializers.CharField(
        max_length=CUSTOMER_CONTACT_TEXT["contact_title"], required=False, allow_blank=True
    )
    owner = numbers.IntegerField(required=False, allow_null=True)
    confirm_duplicates = serializers.BooleanField(required=False, default=False)


class CustomerSerializer(serializers.ModelSerializer):
    owner_name = serializers.SerializerMethodField()
    credit_limit = MoneyField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    contacts = serializers.SerializerMethodField()

    class Meta:
        model = Customer
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "grade",
            "province",
            "city",
            "province_code",
            "city_code",
            "address",
            "industry",
            "source",
            "intent",
            "scale",
            "credit_code",
            "products_needed",
            "annual_demand",
            "competitors",
            "credit_limit",
            "latitude",
            "longitude",
            "remarks",
            "contact_name",
            "contact_phone",
            "owner",
            "owner_name",
            "last_order_signed",
            "last_activity_at",
            "pooled_at",
            "created_at",
            "contacts",
        ]
        read_only_fields = fields

    def get_owner_name(self, customer: Customer) -> str:
        return display_name(customer.owner)

    def get_contacts(self, customer: Customer) -> list[dict[str, Any]]:
        return [
            {
                "id": c.id,
                "name": c.name,
                "title": c.title,
                "role": c.role,
                "phone": c.phone,
                "is_primary": c.is_primary,
            }
            for c in customer.contacts.all()
        ]


class CustomerCreatedSerializer(CustomerSerializer):
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(CustomerSerializer.Meta):
        fields = [*CustomerSerializer.Meta.fields, "warnings"]
        read_only_fields = fields


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")


class TransferSerializer(serializers.Serializer):
    to_user = numbers.IntegerField()
    reason = serializers.CharField(max_length=200)


class TransferLogSerializer(serializers.ModelSerializer):
    from_owner_name = serializers.SerializerMethodField()
    to_owner_name = serializers.SerializerMethodField()
    by_name = serializers.SerializerMethodField()

    class Meta:
        model = CustomerTransfer
        fields = [
            "id",
            "kind",
            "from_owner",
            "from_owner_name",
            "to_owner",
            "to_owner_name",
            "by",
            "by_name",
            "reason",
            "at",
        ]

    def get_from_owner_name(self, row: CustomerTransfer) -> str:
        return display_name(row.from_owner)

    def get_to_owner_name(self, row: CustomerTransfer) -> str:
        return display_name(row.to_owner)

    def get_by_name(self, row: CustomerTransfer) -> str:
        return display_name(row.by)


class DuplicateSerializer(serializers.Serializer):
    """A possible duplicate; one the user may not see is `hidden`: no id, code, name or owner."""

    id = serializers.IntegerField(allow_null=True)
    code = serializers.CharField(allow_null=True)
    name = serializers.CharField(allow_null=True)
    owner_name = serializers.CharField(allow_null=True)
    department = serializers.CharField()
    hidden = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    message = serializers.CharField()


class ContactSerializer(serializers.ModelSerializer):
    customer = numbers.IntegerField(source="customer_id")

    class Meta:
        model = Contact
        fields = [
            "id",
            "customer",
            "name",
            "title",
            "role",
            "phone",
            "email",
            "is_primary",
            "note",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {"name": {"max_length": 40}}
