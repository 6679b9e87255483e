"""REST endpoints of the CRM; each action parses, calls one service, answers the document."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.request import Request
from rest_framework.response import Response

from fieldsales.core import ratelimit
from fieldsales.core.api import id_param, query_params, valid_input
from fieldsales.core.parsers import FormParser, JSONParser, MultiPartParser
from fieldsales.core.people import display_name
from fieldsales.core.sheets import check_upload_size
from fieldsales.crm import selectors, services
from fieldsales.crm import serializers as s
from fieldsales.crm.models import (
    Contact,
    Customer,
    Opportunity,
    SatisfactionSurvey,
    ServiceRequest,
    Visit,
)


def _user(pk: Any, field: str) -> Any:
    user = get_user_model().objects.filter(pk=pk, is_active=True).select_related("employee").first()
    if user is None:
        raise serializers.ValidationError({field: ["用户不存在"]})
    return user


def _visible(queryset: Any, pk: Any, field: str, label: str) -> Any:
    """A referenced object the user may not see is reported as missing input (400), not 404."""
    found = queryset.filter(pk=pk).first() if pk else None
    if found is None:
        raise serializers.ValidationError({field: [f"{label}不存在"]})
    return found


class CrmOnly:
    """Every CRM endpoint is a 404 for a role with no CRM (finance), after 401 for nobody."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not selectors.uses_crm(request.user):
            raise NotFound


# ---------------------------------------------------------------- customers


class CustomerViewSet(
    CrmOnly,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Customers and prospects: own and pool for a salesperson, the department's, or all."""

    serializer_class = s.CustomerSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's pass
            return Customer.objects.none()
        customers = selectors.visible_customers(user=self.request.user).prefetch_related("contacts")
        params = query_params(self.request)
        if params.get("q"):
            q = params["q"].strip()
            customers = customers.filter(
                Q(name__icontains=q)
                | Q(code__icontains=q)
                | Q(contact_name__icontains=q)
                | Q(contact_phone__icontains=q)
            )
        for key in ("status", "kind", "grade", "province"):
            if params.get(key):
                customers = customers.filter(**{key: params[key]})
        if params.get("owner"):
            owner = id_param(params["owner"])
            customers = customers.none() if owner is None else customers.filter(owner_id=owner)
        return customers.order_by("code")

    def _answer(self, customer: Customer, code: int = 200) -> Response:
        fresh = (
            self.get_queryset()
            .model.objects.prefetch_related("contacts")
            .select_related("owner")
            .get(pk=customer.pk)
        )
        return Response(s.CustomerSerializer(fresh).data, status=code)

    @extend_schema(request=s.CustomerWriteSerializer, responses=s.CustomerCreatedSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(valid_input(s.CustomerWriteSerializer, request))
        if data.get("owner") is not None:
            data["owner"] = _user(data["owner"], "owner")
        if "credit_limit" in data:
            data["credit_limit"] = str(data["credit_limit"])
        try:
            created = services.customer_create(
                actor=request.user, data=data, confirm_duplicates=data.pop("confirm_duplicates")
            )
        except services.DuplicateSuspected as error:
            return Response(
                {
                    "confirm_duplicates": [error.message],
                    "duplicates": s.DuplicateSerializer(
                        [_as_row(d) for d in error.duplicates], many=True
                    ).data,
                },
                status=400,
            )
        body = self._answer(created.customer, 201).data | {"warnings": created.warnings}
        return Response(body, status=201)

    @extend_schema(request=s.CustomerWriteSerializer, responses=s.CustomerSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = self.get_object()
        data = dict(valid_input(s.CustomerWriteSerializer, request, partial=True))
        data.pop("confirm_duplicates", None)
        data.pop("owner", None)  # ownership moves only by claim, release or transfer
        if "credit_limit" in data:
            data["credit_limit"] = str(data["credit_limit"])
        if ("province" in data) != ("city" in data):
            merged = {"province": customer.province, "city": customer.city} | data
            data["province"], data["city"] = merged["province"], merged["city"]
        return self._answer(
            services.customer_update(customer=customer, actor=request.user, data=data)
        )

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses=s.CustomerSerializer)
    @action(detail=True, methods=["post"])
    def claim(self, request: Request, pk: str | None = None) -> Response:
        customer = services.customer_claim_from_pool(customer=self.get_object(), actor=request.user)
        return self._answer(customer)

    @extend_schema(request=s.ReasonSerializer, responses=s.CustomerSerializer)
    @action(detail=True, methods=["post"])
    def release(self, request: Request, pk: str | None = None) -> Response:
        customer = self.get_object()
        reason = valid_input(s.ReasonSerializer, request)["reason"]
        return self._answer(
            services.customer_release_to_pool(customer=customer, actor=request.user, reason=reason)
        )

    @extend_schema(request=s.TransferSerializer, responses=s.CustomerSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, pk: str | None = None) -> Response:
        customer = self.get_object()
        data = valid_input(s.TransferSerializer, request)
        return self._answer(
            services.customer_transfer(
                customer=customer,
                actor=request.user,
                to_user=_user(data["to_user"], "to_user"),
                reason=data["reason"],
            )
        )

    @extend_schema(responses=s.TransferLogSerializer(many=True))
    @action(detail=True, methods=["get"])
    def transfers(self, request: Request, pk: str | None = None) -> Response:
        rows = selectors.customer_history(self.get_object())
        return Response(s.TransferLogSerializer(rows, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("name", str),
            OpenApiParameter("phone", str),
            OpenApiParameter("address", str),
        ],
        responses=s.DuplicateSerializer(many=True),
    )
    @action(detail=False, methods=["get"])
    def duplicates(self, request: Request) -> Response:
        """Possible duplicates of a customer about to be entered (any owner; rate limited).

        A customer the user may not see is named only by its owner's department (`hidden`).
        """
        if not ratelimit.allow("duplicates", request.user, selectors.duplicate_checks_per_minute()):
            raise Throttled(wait=ratelimit.retry_after(), detail=_("查重太频繁，请稍后再试"))
        params = query_params(request)
        found = selectors.possible_duplicates(
            name=params.get("name", ""),
            phone=params.get("phone", ""),
            address=params.get("address", ""),
            user=request.user,
        )
        return Response(s.DuplicateSerializer([_as_row(d) for d in found], many=True).data)

    @extend_schema(request={"multipart/form-data": s.ImportSerializer})
    @action(detail=False, methods=["post"], url_path="import")
    def import_sheet(self, request: Request) -> Response:
        """目标客户基本信息情况统计表 (.xlsx): a preview, or with commit=true all rows or none."""
        data = valid_input(s.ImportSerializer, request)
        check_upload_size(data["file"].size)  # before the upload is read into memory
        content = data["file"].read()
        if data["commit"]:
            done = services.import_customers_from_excel(content=content, actor=request.user)
            return Response(
                {
                    "created": [{"id": c.pk, "code": c.code, "name": c.name} for c in done.created],
                    "updated": [{"id": c.pk, "code": c.code, "name": c.name} for c in done.updated],
                },
                status=201,
            )
        preview = services.import_customers_preview(content=content, actor=request.user)
        return Response(
            {
                "ok": preview.ok,
                "file_errors": preview.file_errors,
                "rows": [
                    {
                        "row": r.number,
                        "action": r.action,
                        "code": r.customer.code if r.customer else r.data.get("code", ""),
                        "name": r.data.get("name", ""),
                        "changes": [
                            {"field": c.field, "label": c.label, "old": c.old, "new": c.new}
                            for c in r.changes
                        ],
                        "errors": r.errors,
                        "warnings": r.warnings,
                    }
                    for r in preview.rows
                ],
            },
            status=200 if preview.ok else 400,
        )

    @extend_schema(responses=s.RevisitSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="overdue-revisits")
    def overdue_revisits(self, request: Request) -> Response:
        rows = selectors.overdue_revisits(
            user=request.user,
            today=timezone.localdate(),
            mine_only=request.query_params.get("scope") == "mine",
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.RevisitSerializer(page, many=True).data)


def _as_row(duplicate: selectors.Duplicate) -> dict[str, Any]:
    customer, hidden = duplicate.customer, duplicate.hidden
    return {
        "id": None if hidden else customer.pk,
        "code": None if hidden else customer.code,
        "name": None if hidden else customer.name,
        "owner_name": None
        if hidden
        else (display_name(customer.owner) if customer.owner else "公海"),
        "department": duplicate.department,
        "hidden": hidden,
        "reasons": list(duplicate.reasons),
        "message": duplicate.message(),
    }


# ---------------------------------------------------------------- contacts


class ContactViewSet(
    CrmOnly,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.ContactSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's pass
            return Contact.objects.none()
        contacts = selectors.visible_contacts(user=self.request.user)
        params = query_params(self.request)
        if params.get("customer"):
            customer = id_param(params["customer"])
            contacts = (
                contacts.none() if customer is None else contacts.filter(customer_id=customer)
            )
        return contacts.order_by("customer_id", "-is_primary", "pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = valid_input(s.ContactSerializer, request)
        customer = _visible(
            selectors.visible_customers(user=request.user),
            data.pop("customer_id"),
            "customer",
            "客户",
        )
        contact = services.contact_add(customer=customer, actor=request.user, data=data)
        return Response(s.ContactSerializer(Contact.objects.get(pk=contact.pk)).data, status=201)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        contact = self.get_object()
        data = dict(valid_input(s.ContactSerializer, request, partial=True))
        data.pop("customer_id", None)
        contact = services.contact_update(contact=contact, actor=request.user, data=data)
        return Response(s.ContactSerializer(Contact.objects.get(pk=contact.pk)).data)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)


# ---------------------------------------------------------------- opportunities


class OpportunityViewSet(
    CrmOnly,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The five-stage development pipeline; /move/ follows the transition table."""

    serializer_class = s.OpportunitySerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's pass
            return Opportunity.objects.none()
        opportunities = selectors.visible_opportunities(user=self.request.user).prefetch_related(
            "changes__by"
        )
        params = query_params(self.request)
        if params.get("stage"):
            opportunities = opportunities.filter(stage=params["stage"])
        if (customer := id_param(params.get("customer"))) is not None:
            opportunities = opportunities.filter(customer_id=customer)
        if params.get("scope") == "mine":
            opportunities = opportunities.filter(owner=self.request.user)
        return opportunities.order_by("-created_at", "-pk")

    def _answer(self, opportunity: Opportunity, code: int = 200) -> Response:
        fresh = (
            self.get_queryset()
            .model.objects.select_related("customer", "owner")
            .get(pk=opportunity.pk)
        )
        return Response(s.OpportunitySerializer(fresh).data, status=code)

    @extend_schema(request=s.OpportunityWriteSerializer, responses=s.OpportunitySerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(valid_input(s.OpportunityWriteSerializer, request))
        customer = _visible(
            selectors.visible_customers(user=request.user), data.pop("customer"), "customer", "客户"
        )
        return self._answer(
            services.opportunity_create(customer=customer, actor=request.user, data=data), 201
        )

    @extend_schema(request=s.OpportunityWriteSerializer, responses=s.OpportunitySerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        opportunity = self.get_object()
        data = dict(valid_input(s.OpportunityWriteSerializer, request, partial=True))
        if "stage" in data:
            raise serializers.ValidationError({"stage": ["请通过 /move/ 推进阶段"]})
        data.pop("customer", None)
        return self._answer(
            services.opportunity_update(opportunity=opportunity, actor=request.user, data=data)
        )

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=s.MoveSerializer, responses=s.OpportunitySerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        opportunity = self.get_object()
        data = valid_input(s.MoveSerializer, request)
        return self._answer(
            services.opportunity_move(
                opportunity=opportunity,
                actor=request.user,
                to_stage=data["stage"],
                reason=data["reason"],
                note=data["note"],
                amount=data.get("amount"),
            )
        )


# ---------------------------------------------------------------- visits


class VisitViewSet(
    CrmOnly,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Planned visits, check-in and check-out with the phone's position, record, signature."""

    serializer_class = s.VisitSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's pass
            return Visit.objects.none()
        visits = (
            selectors.visible_visits(user=self.request.user)
            .select_related("customer", "salesperson")
            .prefetch_related("photos", "signatures")
        )
        params = query_params(self.request)
        for key, lookup in (("date_from", "date__gte"), ("date_to", "date__lte")):
            if params.get(key):
                try:
                    visits = visits.filter(**{lookup: params[key]})
                except Exception as error:  # a malformed date is the caller's input error
                    raise serializers.ValidationError({key: ["日期格式应为 YYYY-MM-DD"]}) from error
        if params.get("status"):
            visits = visits.filter(status=params["status"])
        if (customer := id_param(params.get("customer"))) is not None:
            visits = visits.filter(customer_id=customer)
        if params.get("scope") == "mine":
            visits = visits.filter(salesperson=self.request.user)
        return visits.order_by("-date", "seq", "-pk")

    def _answer(self, visit: Visit, code: int = 200) -> Response:
        fresh = (
            Visit.objects.select_related("customer", "salesperson")
            .prefetch_related("signatures")
            .get(pk=visit.pk)
        )
        return Response(s.VisitSerializer(fresh).data, status=code)

    @extend_schema(request=s.VisitWriteSerializer, responses=s.VisitSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(valid_input(s.VisitWriteSerializer, request))
        customer = _visible(
            selectors.visible_customers(user=request.user), data.pop("customer"), "customer", "客户"
        )
        if data.get("salesperson") is not None:
            data["salesperson"] = _user(data["salesperson"], "salesperson")
        visit = services.visit_plan(actor=request.user, customer=customer, data=data)
        return self._answer(visit, 201)

    @extend_schema(request=s.VisitEditSerializer, responses=s.VisitSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        visit = self.get_object()
        data = dict(valid_input(s.VisitEditSerializer, request, partial=True))
        return self._answer(services.visit_update(visit=visit, actor=request.user, data=data))

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=s.ConfirmAppointmentSerializer, responses=s.VisitSerializer)
    @action(detail=True, methods=["post"], url_path="confirm-appointment")
    def confirm_appointment(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        note = valid_input(s.ConfirmAppointmentSerializer, request)["note"]
        return self._answer(
            services.visit_confirm_appointment(visit=visit, actor=request.user, note=note)
        )

    @extend_schema(request=s.ReasonSerializer, responses=s.VisitSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        reason = valid_input(s.ReasonSerializer, request)["reason"]
        return self._answer(services.visit_cancel(visit=visit, actor=request.user, reason=reason))

    @extend_schema(request=s.PositionSerializer, responses=s.VisitSerializer)
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        data = valid_input(s.PositionSerializer, request)
        return self._answer(
            services.visit_check_in(
                visit=visit,
                actor=request.user,
                latitude=data["latitude"],
                longitude=data["longitude"],
                accuracy=data.get("accuracy"),
            )
        )

    @extend_schema(request=s.PositionSerializer, responses=s.VisitSerializer)
    @action(detail=True, methods=["post"], url_path="check-out")
    def check_out(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        data = valid_input(s.PositionSerializer, request)
        return self._answer(
            services.visit_check_out(
                visit=visit,
                actor=request.user,
                latitude=data["latitude"],
                longitude=data["longitude"],
            )
        )

    @extend_schema(request=s.RecordSerializer, responses=s.VisitSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        data = valid_input(s.RecordSerializer, request)
        return self._answer(services.visit_record(visit=visit, actor=request.user, data=data))

    @extend_schema(request=s.SignSerializer, responses=s.VisitSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        data = valid_input(s.SignSerializer, request)
        services.visit_sign(
            visit=visit,
            actor=request.user,
            signer_name=data["signer_name"],
            signer_title=data.get("signer_title", ""),
            satisfaction=data.get("satisfaction"),
            comments=data.get("comments", ""),
            signature=data["signature"],
        )
        return self._answer(visit)

    @extend_schema(request={"multipart/form-data": s.PhotoSerializer}, responses=s.VisitSerializer)
    @action(detail=True, methods=["post"])
    def photos(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        data = valid_input(s.PhotoSerializer, request)
        services.visit_add_photo(
            visit=visit, actor=request.user, upload=data["photo"], caption=data.get("caption", "")
        )
        return self._answer(visit, 201)


# ---------------------------------------------------------------- service requests


class ServiceRequestViewSet(
    CrmOnly,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """After-sales requests and complaints: steps, owner, deadline, customer-confirmed closure."""

    serializer_class = s.ServiceRequestSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's pass
            return ServiceRequest.objects.none()
        requests = selectors.visible_service_requests(user=self.request.user).prefetch_related(
            "steps__by"
        )
        params = query_params(self.request)
        for key in ("status", "kind"):
            if params.get(key):
                requests = requests.filter(**{key: params[key]})
        if params.get("overdue") == "1":
            requests = requests.filter(
                status__in=ServiceRequest.OPEN_STATUSES, deadline__lt=timezone.localdate()
            )
        return requests.order_by("-created_at", "-pk")

    def _answer(self, request_: ServiceRequest, code: int = 200) -> Response:
        fresh = ServiceRequest.objects.select_related("customer", "owner").get(pk=request_.pk)
        return Response(s.ServiceRequestSerializer(fresh).data, status=code)

    @extend_schema(request=s.ServiceRequestWriteSerializer, responses=s.ServiceRequestSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(valid_input(s.ServiceRequestWriteSerializer, request))
        customer = _visible(
            selectors.visible_customers(user=request.user), data.pop("customer"), "customer", "客户"
        )
        if data.get("owner") is not None:
            data["owner"] = _user(data["owner"], "owner")
        return self._answer(
            services.service_request_open(actor=request.user, customer=customer, data=data), 201
        )

    @extend_schema(request=s.NoteSerializer, responses=s.ServiceRequestSerializer)
    @action(detail=True, methods=["post"])
    def step(self, request: Request, pk: str | None = None) -> Response:
        obj = self.get_object()
        note = valid_input(s.NoteSerializer, request)["note"]
        return self._answer(
            services.service_request_step(request=obj, actor=request.user, note=note)
        )

    @extend_schema(request=s.AssignSerializer, responses=s.ServiceRequestSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        obj = self.get_object()
        data = valid_input(s.AssignSerializer, request)
        return self._answer(
            services.service_request_assign(
                request=obj,
                actor=request.user,
                owner=_user(data["owner"], "owner"),
                deadline=data.get("deadline"),
                note=data["note"],
            )
        )

    @extend_schema(request=s.ResolveSerializer, responses=s.ServiceRequestSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: str | None = None) -> Response:
        obj = self.get_object()
        resolution = valid_input(s.ResolveSerializer, request)["resolution"]
        return self._answer(
            services.service_request_resolve(request=obj, actor=request.user, resolution=resolution)
        )

    @extend_schema(request=s.ConfirmClosureSerializer, responses=s.ServiceRequestSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        obj = self.get_object()
        data = valid_input(s.ConfirmClosureSerializer, request)
        return self._answer(
            services.service_request_confirm(
                request=obj,
                actor=request.user,
                confirmed_by_name=data["confirmed_by_name"],
                satisfaction=data.get("satisfaction"),
                comments=data["comments"],
            )
        )

    @extend_schema(request=s.ReasonSerializer, responses=s.ServiceRequestSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        obj = self.get_object()
        reason = valid_input(s.ReasonSerializer, request)["reason"]
        return self._answer(
            services.service_request_reopen(request=obj, actor=request.user, reason=reason)
        )

    @extend_schema(request=s.ReasonSerializer, responses=s.ServiceRequestSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        obj = self.get_object()
        reason = valid_input(s.ReasonSerializer, request)["reason"]
        return self._answer(
            services.service_request_cancel(request=obj, actor=request.user, reason=reason)
        )


# ---------------------------------------------------------------- satisfaction surveys


class SurveyViewSet(
    CrmOnly,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Satisfaction scores (1-4) per visit, per service request, per quarter."""

    serializer_class = s.SurveySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's pass
            return SatisfactionSurvey.objects.none()
        surveys = selectors.visible_surveys(user=self.request.user)
        params = query_params(self.request)
        for key in ("quarter", "kind"):
            if params.get(key):
                surveys = surveys.filter(**{key: params[key]})
        return surveys.order_by("-recorded_at", "-pk")

    @extend_schema(request=s.SurveyWriteSerializer, responses=s.SurveySerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(valid_input(s.SurveyWriteSerializer, request))
        customer = _visible(
            selectors.visible_customers(user=request.user), data.pop("customer"), "customer", "客户"
        )
        visit = (
            _visible(selectors.visible_visits(user=request.user), data["visit"], "visit", "拜访")
            if data.get("visit")
            else None
        )
        service_request = (
            _visible(
                selectors.visible_service_requests(user=request.user),
                data["service_request"],
                "service_request",
                "售后单",
            )
            if data.get("service_request")
            else None
        )
        survey = services.survey_record(
            actor=request.user,
            customer=customer,
            kind=data["kind"],
            score=data["score"],
            comments=data.get("comments", ""),
            respondent=data.get("respondent", ""),
            quarter=data.get("quarter", ""),
            visit=visit,
            service_request=service_request,
        )
        fresh = SatisfactionSurvey.objects.select_related("customer", "salesperson").get(
            pk=survey.pk
        )
        return Response(s.SurveySerializer(fresh).data, status=201)

    @extend_schema(
        parameters=[OpenApiParameter("quarter", str)], responses=s.ScoreLineSerializer(many=True)
    )
    @action(detail=False, methods=["get"])
    def scores(self, request: Request) -> Response:
        """Per salesperson: count, average and satisfied rate for a quarter (default: this one)."""
        quarter = request.query_params.get("quarter") or selectors.quarter_of(timezone.localdate())
        if not services._QUARTER.match(quarter):
            raise serializers.ValidationError({"quarter": ["季度格式应为 2026Q1"]})
        lines = selectors.satisfaction_scores(user=request.user, quarter=quarter)
        return Response(
            {"quarter": quarter, "results": s.ScoreLineSerializer(lines, many=True).data}
        )
