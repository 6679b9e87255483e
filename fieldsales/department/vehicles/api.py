"""/api/vehicles/ (D9): the department's cars (list, create, retrieve, PATCH by the manager;
`/{id}/bookings/` the car's calendar) and /api/vehicle-bookings/ (list, create by the trip's
traveller, retrieve; approve, reject, cancel; usage: the usage log). What the user may not see
is 404; an overlapping booking is 409 naming D9."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fieldsales.core.api import id_param, query_params, valid_input
from fieldsales.department.vehicles import rules, selectors, services
from fieldsales.department.vehicles import serializers as s
from fieldsales.department.vehicles.models import (
    BookingStatus,
    Vehicle,
    VehicleBooking,
    VehicleStatus,
)
from fieldsales.org.access import enforce
from fieldsales.trips.selectors import visible_trips


def _param_id(params: Any, name: str) -> int | None:
    text = params.get(name)
    if text in (None, ""):
        return None
    value = id_param(text)
    if value is None:
        raise serializers.ValidationError({name: ["须为编号"]})
    return value


def _choice(params: Any, name: str, choices: list[str]) -> str | None:
    text = params.get(name)
    if text in (None, ""):
        return None
    if text not in choices:
        raise serializers.ValidationError({name: [f"须为 {', '.join(choices)} 之一"]})
    return str(text)


@extend_schema(
    parameters=[
        OpenApiParameter("department", int, description="部门编号"),
        OpenApiParameter("status", str, description="available, in_service 或 retired"),
    ]
)
class VehicleViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """D9 company vehicles (公司车辆), kept by the department's manager."""

    serializer_class = s.VehicleCreateSerializer
    queryset = Vehicle.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        vehicles = selectors.visible_vehicles(user=self.request.user)
        if self.action == "list":
            params = query_params(self.request)
            department = _param_id(params, "department")
            if department is not None:
                vehicles = vehicles.filter(department_id=department)
            status = _choice(params, "status", list(VehicleStatus.values))
            if status:
                vehicles = vehicles.filter(status=status)
        return vehicles.order_by("department_id", "plate")

    @extend_schema(operation_id="vehicles_list", responses={200: dict})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([s.vehicle_body(v) for v in page or []])

    @extend_schema(responses={200: dict})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(s.vehicle_body(self.get_object()))

    @extend_schema(request=s.VehicleCreateSerializer, responses={201: dict})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Register a car of a department (default: the one the user keeps)."""
        data = dict(valid_input(s.VehicleCreateSerializer, request))
        department = data.pop("department", None)
        if department is None:
            kept = rules.kept_departments(request.user)
            if not kept:
                enforce(rules.can_keep(request.user, None))
            if len(kept) != 1:
                raise serializers.ValidationError({"department": ["请指定部门"]})
            department = kept[0]
        vehicle = services.vehicle_create(actor=request.user, department_id=department, data=data)
        return Response(s.vehicle_body(vehicle), status=201)

    @extend_schema(request=s.VehicleUpdateSerializer, responses={200: dict})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        vehicle = self.get_object()
        enforce(rules.can_keep(request.user, vehicle.department_id))
        data = valid_input(s.VehicleUpdateSerializer, request)
        vehicle = services.vehicle_update(vehicle=vehicle, actor=request.user, data=dict(data))
        return Response(s.vehicle_body(vehicle))

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["get"])
    def bookings(self, request: Request, pk: str | None = None) -> Response:
        """The car's calendar: its requested and approved bookings from four weeks back on;
        the details of a booking only to those who may see it."""
        vehicle = self.get_object()
        start = timezone.localdate() - timedelta(days=28)
        lines = selectors.calendar(user=request.user, vehicle=vehicle, start=start, days=120)
        return Response(
            {
                "vehicle": s.vehicle_body(vehicle),
                "bookings": [
                    {
                        "id": line.booking.pk if line.visible else None,
                        "start": line.booking.start.isoformat(),
                        "end": line.booking.end.isoformat(),
                        "status": line.booking.status,
                        "requester": s._person(line.booking.requester) if line.visible else None,
                    }
                    for line in lines
                ],
            }
        )


@extend_schema(
    parameters=[
        OpenApiParameter("vehicle", int, description="车辆编号"),
        OpenApiParameter("trip", int, description="出差申请编号"),
        OpenApiParameter("status", str, description="requested, approved, rejected 或 cancelled"),
    ]
)
class VehicleBookingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """D9 bookings of company cars for trips (用车申请), approved by the department's manager."""

    serializer_class = s.VehicleBookingCreateSerializer
    queryset = VehicleBooking.objects.none()
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        bookings = selectors.visible_bookings(user=self.request.user)
        if self.action == "list":
            params = query_params(self.request)
            for name in ("vehicle", "trip"):
                value = _param_id(params, name)
                if value is not None:
                    bookings = bookings.filter(**{f"{name}_id": value})
            status = _choice(params, "status", list(BookingStatus.values))
            if status:
                bookings = bookings.filter(status=status)
        return bookings.order_by("-start", "-pk")

    def _answer(self, booking: VehicleBooking, code: int = 200) -> Response:
        fresh = selectors.visible_bookings(user=self.request.user).get(pk=booking.pk)
        return Response(s.booking_body(fresh, user=self.request.user), status=code)

    @extend_schema(operation_id="vehicle_bookings_list", responses={200: dict})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        body = [s.booking_body(b, user=request.user, full=False) for b in page or []]
        return self.get_paginated_response(body)

    @extend_schema(responses={200: dict})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(s.booking_body(self.get_object(), user=request.user))

    @extend_schema(request=s.VehicleBookingCreateSerializer, responses={201: dict})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The traveller books a car of their department for their trip (its dates unless
        narrowed); sent to the manager at once. Overlapping an existing booking: 409 (D9)."""
        data = valid_input(s.VehicleBookingCreateSerializer, request)
        trip = visible_trips(user=request.user).filter(pk=data["trip"]).first()
        if trip is None:
            raise serializers.ValidationError({"trip": ["出差申请不存在"]})
        vehicle = selectors.vehicle_detail(user=request.user, pk=data["vehicle"])
        if vehicle is None:
            raise serializers.ValidationError({"vehicle": ["车辆不存在"]})
        booking = services.booking_request(
            actor=request.user,
            trip=trip,
            vehicle=vehicle,
            start=data.get("start"),
            end=data.get("end"),
            note=data.get("note", ""),
        )
        return self._answer(booking, 201)

    def _decide(self, request: Request, decision: str) -> Response:
        booking = self.get_object()
        comment = valid_input(s.VehicleDecisionSerializer, request)["comment"]
        return self._answer(
            services.booking_decide(
                booking=booking, actor=request.user, action=decision, comment=comment
            )
        )

    @extend_schema(request=s.VehicleDecisionSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """The manager approves: the trip's vehicle becomes the company's (P4.7)."""
        return self._decide(request, "approve")

    @extend_schema(request=s.VehicleDecisionSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        """The manager rejects, with a reason."""
        return self._decide(request, "reject")

    @extend_schema(request=s.VehicleDecisionSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """The requester or the manager cancels a booking not yet driven."""
        booking = self.get_object()
        enforce(rules.can_cancel(request.user, booking))
        comment = valid_input(s.VehicleDecisionSerializer, request)["comment"]
        return self._answer(
            services.booking_cancel(booking=booking, actor=request.user, comment=comment)
        )

    @extend_schema(request=s.VehicleUsageSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def usage(self, request: Request, pk: str | None = None) -> Response:
        """The usage log of an approved booking (odometer in not below out: 400)."""
        booking = self.get_object()
        enforce(rules.can_log_usage(request.user, booking))
        data = valid_input(s.VehicleUsageSerializer, request)
        services.usage_record(booking=booking, actor=request.user, data=dict(data))
        return self._answer(booking)
