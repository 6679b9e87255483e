"""/api/plans/ (D2): list (?kind=&period=&owner=&department=&status=), create, retrieve, edit;
submit, approve, reject, withdraw, cancel, propose-change; a work plan's items. What the user
may not see is 404."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fieldsales.core.api import id_param, query_params, valid_input
from fieldsales.core.errors import NotFound
from fieldsales.department.plans import selectors, services
from fieldsales.department.plans import serializers as s
from fieldsales.department.plans.models import Plan, PlanItem, PlanKind, PlanStatus

PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _param_id(params: Any, name: str) -> int | None:
    text = params.get(name)
    if text in (None, ""):
        return None
    value = id_param(text)
    if value is None:
        raise serializers.ValidationError({name: ["须为编号"]})
    return value


def period_filter(text: str) -> Q:
    """`?period=`: 2026 (plans starting that year), 2026-12 (starting that month) or 2026-12-07
    (plans whose period holds that day)."""
    found = PERIOD.match(text.strip())
    try:
        if found is None:
            raise ValueError(text)
        year, month, day = found.groups()
        if day is not None:
            when = date(int(year), int(month), int(day))
            return Q(period_start__lte=when, period_end__gte=when)
        if month is not None:
            date(int(year), int(month), 1)
            return Q(period_start__year=int(year), period_start__month=int(month))
        return Q(period_start__year=int(year))
    except ValueError:
        raise serializers.ValidationError(
            {"period": ["期间须为 YYYY、YYYY-MM 或 YYYY-MM-DD"]}
        ) from None


def _choice(params: Any, name: str, choices: list[str]) -> str | None:
    text = params.get(name)
    if text in (None, ""):
        return None
    if text not in choices:
        raise serializers.ValidationError({name: [f"须为 {', '.join(choices)} 之一"]})
    return str(text)


def with_parts(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    items = PlanItem.objects.select_related("owner").order_by("position", "pk")
    return plans.prefetch_related(Prefetch("items", queryset=items), "customers")


@extend_schema(
    parameters=[
        OpenApiParameter("kind", str, description="sales, yearly, monthly, weekly 或 daily"),
        OpenApiParameter("period", str, description="YYYY、YYYY-MM 或 YYYY-MM-DD"),
        OpenApiParameter("owner", int, description="制定人编号"),
        OpenApiParameter("department", int, description="部门编号"),
        OpenApiParameter("status", str, description="状态"),
    ]
)
class PlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """D2 plans: salespeople's monthly sales plans and departments' work plans, every version."""

    serializer_class = s.PlanWriteSerializer
    queryset = Plan.objects.none()
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        plans = selectors.visible_plans(user=self.request.user)
        if self.action == "list":
            params = query_params(self.request)
            kind = _choice(params, "kind", PlanKind.values)
            if kind:
                plans = plans.filter(kind=kind)
            state = _choice(params, "status", PlanStatus.values)
            if state:
                plans = plans.filter(status=state)
            if params.get("period"):
                plans = plans.filter(period_filter(params["period"]))
            for name in ("owner", "department"):
                value = _param_id(params, name)
                if value is not None:
                    plans = plans.filter(**{f"{name}_id": value})
        return with_parts(plans).order_by("-period_start", "kind", "owner_id", "-version", "-pk")

    def _answer(self, plan: Plan, code: int = 200) -> Response:
        # The actor just acted on it: shown even if the action took it out of their sight.
        fresh = with_parts(Plan.objects.select_related("department", "owner")).get(pk=plan.pk)
        return Response(s.plan_body(fresh, user=self.request.user), status=code)

    @extend_schema(operation_id="plans_list", responses={200: dict})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            [s.plan_body(p, user=request.user, full=False) for p in page or []]
        )

    @extend_schema(responses={200: dict})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = self.get_object()
        body = s.plan_body(plan, user=request.user)
        visible = selectors.visible_plans(user=request.user).values("pk")
        body["versions"] = [
            {"id": v.pk, "version": v.version, "status": v.status, "reason": v.reason}
            for v in selectors.versions_of(plan).filter(pk__in=visible)
        ]
        return Response(body)

    @extend_schema(request=s.PlanWriteSerializer, responses={201: dict})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = valid_input(s.PlanWriteSerializer, request)
        return self._answer(services.plan_create(actor=request.user, data=data), 201)

    @extend_schema(request=s.PlanUpdateSerializer, responses={200: dict})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = self.get_object()
        data = valid_input(s.PlanUpdateSerializer, request)
        return self._answer(services.plan_update(plan=plan, actor=request.user, data=data))

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.plan_submit(plan=self.get_object(), actor=request.user))

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.plan_withdraw(plan=self.get_object(), actor=request.user))

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.plan_cancel(plan=self.get_object(), actor=request.user))

    def _decide(self, request: Request, verb: str) -> Response:
        comment = valid_input(s.PlanCommentSerializer, request).get("comment", "")
        return self._answer(
            services.plan_decide(
                plan=self.get_object(), actor=request.user, action=verb, comment=comment
            )
        )

    @extend_schema(request=s.PlanCommentSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(request, "approve")

    @extend_schema(request=s.PlanCommentSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(request, "reject")

    @extend_schema(request=s.PlanReasonSerializer, responses={201: dict})
    @action(detail=True, methods=["post"], url_path="propose-change")
    def propose_change(self, request: Request, pk: str | None = None) -> Response:
        """计划变更: a new draft version of an approved yearly or monthly plan, with a reason."""
        reason = valid_input(s.PlanReasonSerializer, request).get("reason", "")
        changed = services.plan_propose_change(
            plan=self.get_object(), actor=request.user, reason=reason
        )
        return self._answer(changed, 201)

    @extend_schema(request=s.PlanReasonSerializer, responses={201: dict})
    @action(detail=True, methods=["post"])
    def adjust(self, request: Request, pk: str | None = None) -> Response:
        """The same as propose-change (the name targets use)."""
        return self.propose_change(request, pk)

    @extend_schema(request=s.ItemSerializer, responses={201: dict})
    @action(detail=True, methods=["post"])
    def items(self, request: Request, pk: str | None = None) -> Response:
        """A new item on a work plan."""
        data = valid_input(s.ItemSerializer, request)
        item = services.item_add(plan=self.get_object(), actor=request.user, data=data)
        return Response(s.item_body(item), status=status.HTTP_201_CREATED)

    def _item(self, item: str | None) -> PlanItem:
        plan = self.get_object()
        found = plan.items.filter(pk=id_param(item) or 0).select_related("owner", "plan").first()
        if found is None:
            raise NotFound("未找到。")
        return found

    @extend_schema(request=s.ItemUpdateSerializer, responses={200: dict})
    @action(detail=True, methods=["patch", "delete"], url_path=r"items/(?P<item>[0-9]{1,19})")
    def item(self, request: Request, pk: str | None = None, item: str | None = None) -> Response:
        """Change an item (its status and result also on an approved plan) or remove it."""
        found = self._item(item)
        if request.method == "DELETE":
            services.item_delete(item=found, actor=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = valid_input(s.ItemUpdateSerializer, request)
        changed = services.item_update(item=found, actor=request.user, data=data)
        return Response(s.item_body(changed))
