"""REST endpoints of customers and contacts (api.md), and what every crm endpoint shares."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
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
from fieldsales.crm.customers import rules, selectors, services
from fieldsales.crm.customers import serializers as s
from fieldsales.crm.customers.models import Contact, Customer


def active_user(pk: Any, field: str) -> Any:
    """The active user `pk` names, else a 400 on `field`."""
    user = get_user_model().objects.filter(pk=pk, is_active=True).select_related("employee").first()
    if user is None:
        raise serializers.ValidationError({field: ["用户不存在"]})
    return user


def visible_or_400(queryset: Any, pk: Any, field: str, label: str) -> Any:
    """A referenced object the user may not see is reported as missing input (400), not 404."""
    found = queryset.filter(pk=pk).first() if pk else None
    if found is None:
        raise serializers.ValidationError({field: [f"{label}不存在"]})
    return found


class CrmOnly:
    """Every CRM endpoint is a 404 for a role with no CRM (finance), after 401 for nobody."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not rules.uses_crm(request.user):
            raise NotFound


# A crm record's endpoints: list, read, create and PATCH, never PUT or DELETE. No docstring:
# the OpenAPI description of each endpoint stays its own (or CrmOnly's).
class CrmRecordViewSet(
    CrmOnly,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "patch", "head", "options"]


class CustomerViewSet(CrmRecordViewSet):
    """Customers and prospects: own and pool for a salesperson, the department's, or all."""

    serializer_class = s.CustomerSerializer
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
            data["owner"] = active_user(data["owner"], "owner")
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
                to_user=active_user(data["to_user"], "to_user"),
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


class ContactViewSet(CrmRecordViewSet):
    serializer_class = s.ContactSerializer

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
        customer = visible_or_400(
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
