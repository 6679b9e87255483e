"""REST endpoints of selling.md S3: `/api/inquiries/` and its actions; each parses, calls one
service and answers the document (or the request it made)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fieldsales.core.api import query_params, valid_input
from fieldsales.core.workflow import prefetch_approvals, prefetch_history
from fieldsales.sales.inquiries import selectors, services
from fieldsales.sales.inquiries import serializers as s
from fieldsales.sales.inquiries.models import Inquiry, InquiryKind, InquiryStatus

# What an inquiry's answer shows besides its row: requests with their people, files.
DOCUMENT_PREFETCH = ("requests__asked_by", "requests__answered_by", "attachments")


def _files(request: Request, key: str = "attachments") -> list[Any]:
    return list(request.FILES.getlist(key)) if hasattr(request, "FILES") else []


@extend_schema(
    parameters=[
        OpenApiParameter("status", str, enum=InquiryStatus.values),
        OpenApiParameter("kind", str, enum=InquiryKind.values),
        OpenApiParameter("scope", str, enum=["mine", "visible"], description="mine: my own"),
    ]
)
class InquiryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Inquiries and tenders (S3): registered and submitted in one call, decided by the
    department manager (then the GM when major), answered by technical and purchasing staff."""

    serializer_class = s.InquirySerializer
    queryset = Inquiry.objects.none()  # for the schema; get_queryset() applies visibility

    def get_queryset(self) -> QuerySet[Inquiry]:
        if getattr(self, "swagger_fake_view", False):
            return Inquiry.objects.none()
        inquiries = selectors.visible_inquiries(user=self.request.user)
        if self.action == "list":
            params = query_params(self.request)
            if params.get("status") in InquiryStatus.values:
                inquiries = inquiries.filter(status=params["status"])
            if params.get("kind") in InquiryKind.values:
                inquiries = inquiries.filter(kind=params["kind"])
            if params.get("scope") == "mine":
                inquiries = inquiries.filter(salesperson=self.request.user)
        # A draft's chain is previewed from its author's department (manager, head): joined
        # here, not read per row.
        author = "salesperson__employee__department"
        return (
            prefetch_history(prefetch_approvals(inquiries))
            .select_related(f"{author}__manager", f"{author}__head")
            .prefetch_related(*DOCUMENT_PREFETCH)
            .order_by("-created_at", "-pk")
        )

    def _answer(self, inquiry: Inquiry, code: int = 200) -> Response:
        visible = selectors.visible_inquiries(user=self.request.user)
        fresh = visible.prefetch_related(*DOCUMENT_PREFETCH).filter(pk=inquiry.pk).first()
        fresh = fresh or Inquiry.objects.get(pk=inquiry.pk)
        data = s.InquirySerializer(fresh, context={"request": self.request}).data
        return Response(data, status=code)

    @extend_schema(request=s.InquiryWriteSerializer, responses={201: s.InquirySerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Register an inquiry (JSON, or multipart with `items` as a JSON string and
        `attachments` files) and submit it for the decision at once."""
        data = valid_input(s.InquiryWriteSerializer, request)
        inquiry = services.inquiry_register(
            actor=request.user, data=dict(data), attachments=_files(request)
        )
        return self._answer(inquiry, 201)

    @extend_schema(request=s.DecideSerializer, responses=s.InquirySerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        """S3.2: participate or decline (a reason required) at the current step."""
        inquiry = self.get_object()
        data = valid_input(s.DecideSerializer, request)
        return self._answer(
            services.inquiry_decide(
                inquiry=inquiry,
                actor=request.user,
                participate=data["participate"],
                reason=data.get("reason", ""),
            )
        )

    @extend_schema(
        methods=["post"],
        request=s.RequestWriteSerializer,
        responses={201: s.InputRequestSerializer},
    )
    @extend_schema(methods=["get"], request=None, responses=s.InputRequestSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def requests(self, request: Request, pk: str | None = None) -> Response:
        """S3.3: the inquiry's requests; POST asks for technical or purchasing input."""
        inquiry = self.get_object()
        if request.method == "GET":
            rows = selectors.shown_requests(request.user, inquiry.requests.all())
            return Response(s.InputRequestSerializer(rows, many=True).data)
        data = valid_input(s.RequestWriteSerializer, request)
        made = services.inquiry_ask(
            inquiry=inquiry, actor=request.user, kind=data["kind"], question=data["question"]
        )
        return Response(s.InputRequestSerializer(made).data, status=201)

    @extend_schema(request=s.AnswerSerializer, responses=s.InputRequestSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"requests/(?P<request_id>[0-9]+)/answer",
        url_name="answer",
    )
    def answer(self, request: Request, pk: str | None = None, request_id: str = "") -> Response:
        """S3.3: the answer of a technical or purchasing holder, once (JSON, or multipart with
        `attachments`)."""
        inquiry = self.get_object()
        input_request = selectors.request_of(
            user=request.user, inquiry=inquiry, request_id=request_id
        )
        data = valid_input(s.AnswerSerializer, request)
        answered = services.inquiry_answer(
            request=input_request,
            actor=request.user,
            answer=data["answer"],
            attachments=_files(request),
        )
        return Response(s.InputRequestSerializer(answered).data)

    @extend_schema(request=s.OutcomeSerializer, responses=s.InquirySerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request: Request, pk: str | None = None) -> Response:
        """S3.4: won, lost (reason required, winning price if known) or withdrawn."""
        inquiry = self.get_object()
        data = valid_input(s.OutcomeSerializer, request)
        return self._answer(
            services.inquiry_outcome(
                inquiry=inquiry,
                actor=request.user,
                outcome=data["outcome"],
                reason=data.get("reason", ""),
                winning_price=data.get("winning_price"),
            )
        )

    @extend_schema(
        request={"multipart/form-data": s.AttachmentsUploadSerializer},
        responses={201: s.AttachmentSerializer(many=True)},
    )
    @action(detail=True, methods=["post"])
    def attachments(self, request: Request, pk: str | None = None) -> Response:
        """询价书/招标文件 (S3.1) as multipart `attachments` (PDF, JPEG, PNG, XLSX)."""
        inquiry = self.get_object()
        stored = services.inquiry_attach(
            inquiry=inquiry, actor=request.user, attachments=_files(request)
        )
        return Response(s.AttachmentSerializer(stored, many=True).data, status=201)
