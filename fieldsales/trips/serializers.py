"""API shapes of api.md: what a program sends and what it gets back."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fieldsales.core import numbers
from fieldsales.core.api import MAX_ID, MoneyField
from fieldsales.core.people import display_name
from fieldsales.core.workflow.present import approvals_of, current_step_of, history_of
from fieldsales.crm.visits.selectors import visits_for_trip
from fieldsales.trips.models import Advance, Claim, PayMethod, Purpose, Trip, Vehicle
from fieldsales.trips.selectors import evaluation_in_language, report_of, reviews_of
from fieldsales.trips.services import trip_estimate


class DestinationSerializer(serializers.Serializer):
    province = serializers.CharField(max_length=30)
    city = serializers.CharField(max_length=30)


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}]})
class UserRefField(serializers.Field):
    """A user by id (`7`) or by username (`"sales2"`)."""

    default_error_messages = {"invalid": "须为用户编号或用户名"}

    def to_internal_value(self, data: Any) -> int | str:
        if isinstance(data, bool) or not isinstance(data, int | str) or data == "":
            self.fail("invalid")
        if isinstance(data, str) and "\x00" in data:  # no username has one; PostgreSQL refuses it
            self.fail("invalid")
        return data

    def to_representation(self, value: Any) -> Any:
        return value


class CompanionSerializer(serializers.Serializer):
    user = UserRefField()
    invited = serializers.BooleanField(default=False)


class TripWriteSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    destinations = DestinationSerializer(many=True, allow_empty=False)
    depart = serializers.DateField()
    customers = serializers.ListField(
        child=numbers.IntegerField(min_value=1, max_value=MAX_ID), required=False
    )
    companions = CompanionSerializer(many=True, required=False)
    vehicle = serializers.ChoiceField(
        choices=Vehicle.choices, allow_null=True, allow_blank=True, required=False
    )
    flight_requested = serializers.BooleanField(required=False)
    note = serializers.CharField(allow_blank=True, required=False, max_length=2000)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "return_date" in attrs and "depart" in attrs and attrs["return_date"] < attrs["depart"]:
            raise serializers.ValidationError({"return": [_("返回日期不能早于出发日期")]})
        return attrs


# `return` is a Python keyword, so the field is added by name.
TripWriteSerializer._declared_fields["return"] = serializers.DateField(source="return_date")


class TripSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    traveller_name = serializers.SerializerMethodField()
    destinations = serializers.SerializerMethodField()
    customers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    companions = serializers.SerializerMethodField()
    approvals = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()
    current_step = serializers.SerializerMethodField()
    estimate = serializers.SerializerMethodField()
    report = serializers.SerializerMethodField()
    days = numbers.IntegerField(read_only=True)

    class Meta:
        model = Trip
        fields = [
            "id",
            "number",
            "status",
            "traveller",
            "traveller_name",
            "purpose",
            "destinations",
            "depart",
            "days",
            "customers",
            "companions",
            "vehicle",
            "flight_requested",
            "note",
            "special_case",
            "special_case_reason",
            "approvals",
            "history",
            "current_step",
            "estimate",
            "report",
            "submitted_at",
            "approved_at",
            "created_at",
        ]

    def get_traveller_name(self, trip: Trip) -> str:
        return display_name(trip.traveller)

    def get_destinations(self, trip: Trip) -> list[dict[str, str]]:
        return [
            {
                "province": d.province,
                "city": d.city,
                "province_code": d.province_code,
                "city_code": d.city_code,
            }
            for d in trip.destinations.all()
        ]

    def get_companions(self, trip: Trip) -> list[dict[str, Any]]:
        return [{"user": c.user_id, "invited": c.invited} for c in trip.companions.all()]

    def get_approvals(self, trip: Trip) -> list[dict[str, Any]]:
        return approvals_of(trip)

    def get_history(self, trip: Trip) -> list[dict[str, Any]]:
        return history_of(trip)

    def get_current_step(self, trip: Trip) -> dict[str, Any] | None:
        return current_step_of(trip)

    def get_estimate(self, trip: Trip) -> dict[str, Any]:
        # A list passes the policies in force on its trips' departures (selectors.policies_on).
        policies = self.context.get("policies") or {}
        return trip_estimate(trip=trip, params=policies.get(trip.depart))

    def get_report(self, trip: Trip) -> dict[str, Any] | None:
        report = report_of(trip)
        if report is None:
            return None
        return {
            "actual_depart": report.actual_depart,
            "actual_return": report.actual_return,
            "route": report.route,
            "results": report.results,
            "orders_signed": report.orders_signed,
            "follow_up": report.follow_up,
            "market_report": report.market_report,
            "submitted_on": report.submitted_on,
            "visits": trip_visits_of(trip),
        }

    def to_representation(self, instance: Trip) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["return"] = instance.return_date.isoformat()
        return data


def trip_visits_of(trip: Trip) -> list[dict[str, Any]]:
    """The visits made on the trip (CRM visits: checked in or named in the report) and their
    signed feedback (P7.2); `signed` false while the customer has not signed yet."""
    return [
        {
            "visit": row.visit.pk,
            "number": row.visit.number,
            "customer": row.customer.pk,
            "visited_on": row.date.isoformat(),
            "content": row.content,
            "signed": row.signed,
            "satisfaction": row.satisfaction,
            "satisfaction_label": row.satisfaction_label,
            "signer_name": row.signer_name,
            "signed_at": row.signed_at.isoformat() if row.signed_at else None,
            "content_hash": row.content_hash,
            "intact": row.intact if row.signed else None,
            # Issue 8 item 5: the version the customer signed and its seal checked now.
            "version": row.version if row.signed else None,
            "seal_status": row.seal_status or None,
        }
        for row in visits_for_trip(trip)
    ]


class ReportVisitSerializer(serializers.Serializer):
    """One visit of the report (P7.2): the customer's visit record with its signed feedback."""

    customer = numbers.IntegerField(min_value=1, max_value=MAX_ID)
    visited_on = serializers.DateField(required=False, allow_null=True)
    content = serializers.CharField(max_length=4000)
    satisfaction = serializers.JSONField(required=False, allow_null=True)
    signer_name = serializers.CharField(max_length=40)
    signer_title = serializers.CharField(max_length=40, required=False, allow_blank=True)
    comments = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    signature = serializers.CharField()


class ReportSerializer(serializers.Serializer):
    actual_depart = serializers.DateField(required=False, allow_null=True)
    actual_return = serializers.DateField(required=False, allow_null=True)
    route = serializers.CharField(max_length=5000)
    results = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    orders_signed = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    follow_up = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    market_report = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    visits = ReportVisitSerializer(many=True, required=False)


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class SpecialCaseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class AdvanceWriteSerializer(serializers.Serializer):
    trip = numbers.IntegerField()
    amount = MoneyField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200)


class PaymentSerializer(serializers.Serializer):
    """How finance paid or received the money (issue 10.5), every field optional: `method`
    `transfer` or `cash` (default: not stated), `date` (default: today, never later),
    `voucher` (the accounting voucher number, default empty)."""

    method = serializers.ChoiceField(choices=PayMethod.choices, required=False, allow_blank=True)
    date = serializers.DateField(required=False, allow_null=True)
    # Its length is the service's rule (a 400 naming `voucher`, the same on the page).
    voucher = serializers.CharField(required=False, allow_blank=True, trim_whitespace=True)


class RepaySerializer(PaymentSerializer):
    """Finance records the traveller's repayment of a paid advance (issue 7.5)."""

    amount = MoneyField(required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AdvanceSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    amount = MoneyField()
    repaid_amount = MoneyField(read_only=True, allow_null=True)
    approvals = serializers.SerializerMethodField()
    current_step = serializers.SerializerMethodField()

    class Meta:
        model = Advance
        fields = [
            "id",
            "number",
            "status",
            "trip",
            "traveller",
            "amount",
            "reason",
            "approvals",
            "current_step",
            "paid_at",
            "paid_by",
            "paid_method",
            "paid_on",
            "paid_voucher",
            "settled_at",
            "repaid_at",
            "repaid_by",
            "repaid_amount",
            "repaid_method",
            "repaid_on",
            "repaid_voucher",
            "submitted_at",
            "approved_at",
            "created_at",
        ]

    def get_approvals(self, advance: Advance) -> list[dict[str, Any]]:
        return approvals_of(advance)

    def get_current_step(self, advance: Advance) -> dict[str, Any] | None:
        return current_step_of(advance)


class ClaimWriteSerializer(serializers.Serializer):
    trip = numbers.IntegerField()
    items = serializers.JSONField()


class ClaimItemsSerializer(serializers.Serializer):
    items = serializers.JSONField()


class OverrideSerializer(serializers.Serializer):
    item = serializers.CharField(max_length=40)
    amount = MoneyField()
    reason = serializers.CharField(max_length=2000)


class ReviewNoteSerializer(serializers.Serializer):
    """A reviewer's note (P4.6 d) or the department head's consent (P4.6) on one line."""

    item = serializers.CharField(max_length=40)
    note = serializers.CharField(max_length=2000)


def _reviewer(row: Any) -> dict[str, Any]:
    return {
        "item": row.item,
        "by": row.by_id,
        "by_name": display_name(row.by),
        "role": row.role,
        "at": row.at.isoformat(),
        "applies": getattr(row, "applies", True),
    }


class ClaimSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    approvals = serializers.SerializerMethodField()
    current_step = serializers.SerializerMethodField()
    overrides = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField()
    consents = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "number",
            "status",
            "trip",
            "claimant",
            "items",
            "policy_version",
            "approvals",
            "current_step",
            "overrides",
            "notes",
            "consents",
            "corrects",
            "deal_order",
            "submitted_at",
            "approved_at",
            "settled_at",
            "settled_method",
            "settled_on",
            "settled_voucher",
            "created_at",
        ]

    def get_approvals(self, claim: Claim) -> list[dict[str, Any]]:
        return approvals_of(claim)

    def get_current_step(self, claim: Claim) -> dict[str, Any] | None:
        return current_step_of(claim)

    def _reviews(self, claim: Claim) -> dict[str, list[Any]]:
        cache = getattr(self, "_reviews_cache", {})
        if claim.pk not in cache:
            cache[claim.pk] = reviews_of(claim=claim)
            self._reviews_cache = cache
        return cache[claim.pk]

    def get_overrides(self, claim: Claim) -> list[dict[str, Any]]:
        """P9 overrides: who, when, why; `applies` is false once the claimant changed the line."""
        return [
            _reviewer(o) | {"amount": f"{o.amount:.2f}", "reason": o.reason}
            for o in self._reviews(claim)["overrides"]
        ]

    def get_notes(self, claim: Claim) -> list[dict[str, Any]]:
        return [_reviewer(n) | {"note": n.note} for n in self._reviews(claim)["notes"]]

    def get_consents(self, claim: Claim) -> list[dict[str, Any]]:
        return [_reviewer(c) | {"note": c.note} for c in self._reviews(claim)["consents"]]

    def to_representation(self, instance: Claim) -> dict[str, Any]:
        data = super().to_representation(instance)
        evaluation = evaluation_in_language(instance.evaluation or {})
        for key in (
            "scope",
            "days",
            "paid_days",
            "absent_days",
            "report_due",
            "lines",
            "violations",
            "totals",
            "settlement",
        ):
            data[key] = evaluation.get(key)
        return data
