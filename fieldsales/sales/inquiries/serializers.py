"""API shapes of selling.md's inquiries: what a program sends and what it gets back."""

from __future__ import annotations

import json
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fieldsales.core import numbers
from fieldsales.core.api import MAX_ID, MoneyField
from fieldsales.core.people import display_name
from fieldsales.core.workflow import chain_steps, chain_user_names
from fieldsales.core.workflow.present import approvals_of, current_step_of, history_of
from fieldsales.sales.inquiries import selectors
from fieldsales.sales.inquiries.models import (
    InputRequest,
    Inquiry,
    InquiryAttachment,
    InquiryKind,
    RequestKind,
)


class ItemSerializer(serializers.Serializer):
    """One requested line (S3.1): free text, a quantity as a decimal string (3 decimals)."""

    description = serializers.CharField(max_length=200)
    quantity = serializers.CharField(max_length=20, help_text='a decimal string, e.g. "10.000"')
    unit = serializers.CharField(max_length=10, required=False, allow_blank=True)


@extend_schema_field(
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "description": {"type": "string", "maxLength": 200},
                "quantity": {"type": "string", "example": "10.000"},
                "unit": {"type": "string", "maxLength": 10},
            },
            "required": ["description", "quantity"],
        },
    }
)
class ItemsField(serializers.JSONField):
    """The items as JSON; in a multipart body (with attachments) as a JSON-encoded string."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str):
            try:
                return json.loads(data)
            except ValueError:
                self.fail("invalid")
        return super().to_internal_value(data)


class InquiryWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=InquiryKind.choices)
    customer = numbers.IntegerField(min_value=1, max_value=MAX_ID)
    # Checked line by line by the service (400 on `items` naming the line).
    items = ItemsField()
    deadline = serializers.DateField()
    estimated_amount = MoneyField()
    opportunity = numbers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )
    title = serializers.CharField(max_length=120, required=False, allow_blank=True)
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class DecideSerializer(serializers.Serializer):
    participate = serializers.BooleanField()
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class RequestWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    question = serializers.CharField(max_length=4000)


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=4000)
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="PDF, JPEG, PNG or XLSX"
    )


class AttachmentsUploadSerializer(serializers.Serializer):
    attachments = serializers.ListField(
        child=serializers.FileField(), help_text="PDF, JPEG, PNG or XLSX (multipart)"
    )


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["won", "lost", "withdrawn"])
    reason = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    winning_price = MoneyField(required=False, allow_null=True)


def attachment_data(a: InquiryAttachment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "name": a.name,
        "content_type": a.content_type,
        "size": a.size,
        "request": a.request_id,
        "uploaded_by": a.uploaded_by_id,
        "uploaded_at": a.uploaded_at.isoformat(),
        "url": reverse("sales:inquiry_file", args=[a.pk]),
    }


def request_data(r: InputRequest, files: list[InquiryAttachment]) -> dict[str, Any]:
    return {
        "id": r.pk,
        "kind": r.kind,
        "question": r.question,
        "asked_by": r.asked_by_id,
        "asked_by_name": display_name(r.asked_by),
        "asked_at": r.asked_at.isoformat(),
        "answered": r.answered,
        "answer": r.answer,
        "answered_by": r.answered_by_id,
        "answered_by_name": display_name(r.answered_by) if r.answered_by_id else "",
        "answered_at": r.answered_at.isoformat() if r.answered_at else None,
        "attachments": [attachment_data(a) for a in files if a.request_id == r.pk],
    }


class InquirySerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    salesperson_name = serializers.SerializerMethodField()
    estimated_amount = serializers.SerializerMethodField()
    winning_price = MoneyField(read_only=True, allow_null=True)
    chain = serializers.SerializerMethodField()
    approvals = serializers.SerializerMethodField()
    current_step = serializers.SerializerMethodField()
    requests = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    can_quote = serializers.SerializerMethodField()
    has_unanswered_requests = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    class Meta:
        model = Inquiry
        fields = [
            "id",
            "number",
            "kind",
            "status",
            "customer",
            "customer_name",
            "salesperson",
            "salesperson_name",
            "opportunity",
            "title",
            "items",
            "deadline",
            "estimated_amount",
            "note",
            "chain",
            "approvals",
            "current_step",
            "requests",
            "attachments",
            "can_quote",
            "has_unanswered_requests",
            "outcome_reason",
            "winning_price",
            "outcome_at",
            "history",
            "submitted_at",
            "approved_at",
            "created_at",
        ]

    def _user(self) -> Any:
        request = self.context.get("request")
        return getattr(request, "user", None)

    def get_salesperson_name(self, inquiry: Inquiry) -> str:
        return display_name(inquiry.salesperson)

    def get_estimated_amount(self, inquiry: Inquiry) -> str | None:
        """Hidden (null) from technical and purchasing staff: they see no prices (S1.3)."""
        if not selectors.sees_prices(self._user()):
            return None
        return f"{inquiry.estimated_amount:.2f}"

    def get_chain(self, inquiry: Inquiry) -> list[dict[str, Any]]:
        shown = chain_steps(inquiry, names=self._chain_names()).steps
        steps = inquiry.chain or []
        return [
            {
                "index": s.number - 1,
                "role": s.role,
                "user": steps[s.number - 1].get("user") if s.number - 1 < len(steps) else None,
                "alternate": s.alternate,
                "state": s.state,
                "who": s.who,
            }
            for s in shown
        ]

    def _chain_names(self) -> dict[int, str]:
        """The names every chain of the page names, asked once (a list's serializer is the
        child of a ListSerializer holding the page)."""
        if "_chain_names" not in self.context:
            parent = getattr(self.parent, "instance", None)
            page = list(parent) if parent is not None else [self.instance]
            self.context["_chain_names"] = chain_user_names(page)
        return self.context["_chain_names"]  # type: ignore[no-any-return]

    def get_approvals(self, inquiry: Inquiry) -> list[dict[str, Any]]:
        return approvals_of(inquiry)

    def get_current_step(self, inquiry: Inquiry) -> dict[str, Any] | None:
        return current_step_of(inquiry)

    def _files(self, inquiry: Inquiry) -> list[InquiryAttachment]:
        cache = self.context.setdefault("_files", {})
        if inquiry.pk not in cache:
            cache[inquiry.pk] = list(inquiry.attachments.all())
        return cache[inquiry.pk]

    def get_requests(self, inquiry: Inquiry) -> list[dict[str, Any]]:
        files = self._files(inquiry)
        shown = selectors.shown_requests(self._user(), inquiry.requests.all())
        return [request_data(r, files) for r in shown]

    def get_attachments(self, inquiry: Inquiry) -> list[dict[str, Any]]:
        return [attachment_data(a) for a in self._files(inquiry) if a.request_id is None]

    def get_can_quote(self, inquiry: Inquiry) -> bool:
        return selectors.can_quote(inquiry)

    def get_has_unanswered_requests(self, inquiry: Inquiry) -> bool:
        # From the prefetched requests (selectors.has_unanswered_requests asks the database).
        return any(not r.answered for r in inquiry.requests.all())

    def get_history(self, inquiry: Inquiry) -> list[dict[str, Any]]:
        return history_of(inquiry)


class InputRequestSerializer(serializers.ModelSerializer):
    """A request as its own resource (the answer endpoint's reply)."""

    answered = serializers.BooleanField(read_only=True)
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = InputRequest
        fields = [
            "id",
            "inquiry",
            "kind",
            "question",
            "asked_by",
            "asked_at",
            "answered",
            "answer",
            "answered_by",
            "answered_at",
            "attachments",
        ]

    def get_attachments(self, request: InputRequest) -> list[dict[str, Any]]:
        return [attachment_data(a) for a in request.attachments.all()]


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = InquiryAttachment
        fields = ["id", "name", "content_type", "size", "request", "uploaded_at", "url"]

    def get_url(self, a: InquiryAttachment) -> str:
        return reverse("sales:inquiry_file", args=[a.pk])
