"""API shapes of the CRM: what a program sends and what it gets back (api.md style)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from fieldsales.core import numbers
from fieldsales.core.api import MoneyField
from fieldsales.core.people import display_name
from fieldsales.crm.models import (
    Contact,
    Customer,
    CustomerKind,
    CustomerTransfer,
    Grade,
    Intent,
    Opportunity,
    SatisfactionSurvey,
    ServiceKind,
    ServiceRequest,
    Source,
    Stage,
    StageChange,
    SurveyKind,
    Visit,
)

# ---------------------------------------------------------------- customers


class CustomerWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20, required=False, allow_blank=True)
    name = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=CustomerKind.choices, required=False)
    grade = serializers.ChoiceField(choices=Grade.choices, required=False)
    province = serializers.CharField(max_length=30)
    city = serializers.CharField(max_length=30)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    industry = serializers.CharField(max_length=60, required=False, allow_blank=True)
    source = serializers.ChoiceField(choices=Source.choices, required=False, allow_blank=True)
    intent = serializers.ChoiceField(choices=Intent.choices, required=False, allow_blank=True)
    scale = serializers.CharField(max_length=60, required=False, allow_blank=True)
    credit_code = serializers.CharField(max_length=18, required=False, allow_blank=True)
    products_needed = serializers.CharField(max_length=200, required=False, allow_blank=True)
    annual_demand = serializers.CharField(max_length=100, required=False, allow_blank=True)
    competitors = serializers.CharField(max_length=200, required=False, allow_blank=True)
    credit_limit = MoneyField(required=False)
    latitude = numbers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True, coerce_to_string=True
    )
    longitude = numbers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True, coerce_to_string=True
    )
    remarks = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    contact_name = serializers.CharField(max_length=40, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    contact_title = serializers.CharField(max_length=40, required=False, allow_blank=True)
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


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    commit = serializers.BooleanField(required=False, default=False)


class RevisitSerializer(serializers.Serializer):
    customer = numbers.IntegerField(source="customer.pk")
    code = serializers.CharField(source="customer.code")
    name = serializers.CharField(source="customer.name")
    grade = serializers.CharField(source="customer.grade")
    owner = numbers.IntegerField(source="customer.owner_id")
    last_visit = serializers.DateField(allow_null=True)
    due = serializers.DateField()
    days_overdue = numbers.IntegerField()


# ---------------------------------------------------------------- contacts


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


# ---------------------------------------------------------------- opportunities


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
        from fieldsales.crm.services import next_stages

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


# ---------------------------------------------------------------- visits


def feedback_data(signature: Any) -> dict[str, Any]:
    """One signed version of the 客户拜访反馈表 as the API shows it, with its seal status."""
    from fieldsales.crm.models import SealStatus
    from fieldsales.crm.services import visit_feedback_seal_status

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


# ---------------------------------------------------------------- service requests and surveys


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


class SurveySerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    score_label = serializers.CharField(source="get_score_display", read_only=True)
    salesperson_name = serializers.SerializerMethodField()

    class Meta:
        model = SatisfactionSurvey
        fields = [
            "id",
            "customer",
            "customer_name",
            "kind",
            "visit",
            "service_request",
            "quarter",
            "score",
            "score_label",
            "comments",
            "respondent",
            "salesperson",
            "salesperson_name",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields

    def get_salesperson_name(self, survey: SatisfactionSurvey) -> str:
        return display_name(survey.salesperson)


class SurveyWriteSerializer(serializers.Serializer):
    customer = numbers.IntegerField()
    kind = serializers.ChoiceField(choices=SurveyKind.choices)
    score = numbers.IntegerField(min_value=1, max_value=4)
    comments = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    respondent = serializers.CharField(max_length=40, required=False, allow_blank=True)
    quarter = serializers.RegexField(r"^20[0-9][0-9]Q[1-4]$", required=False, allow_blank=True)
    visit = numbers.IntegerField(required=False, allow_null=True)
    service_request = numbers.IntegerField(required=False, allow_null=True)


class ScoreLineSerializer(serializers.Serializer):
    salesperson = numbers.IntegerField(source="salesperson.pk")
    salesperson_name = serializers.SerializerMethodField()
    count = numbers.IntegerField()
    average = numbers.DecimalField(max_digits=4, decimal_places=2)
    satisfied_rate = numbers.DecimalField(max_digits=5, decimal_places=1)

    def get_salesperson_name(self, line: Any) -> str:
        return display_name(line.salesperson)
