"""`/api/notifications/`: my notifications (others' are 404), read, read all, the kinds I mute."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fieldsales.core.errors import NotFound
from fieldsales.notifications import selectors, services
from fieldsales.notifications.models import Notification
from fieldsales.notifications.registry import kinds


class NotificationSerializer(serializers.ModelSerializer):
    kind_label = serializers.SerializerMethodField()
    unread = serializers.BooleanField(read_only=True)
    document = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "body",
            "link",
            "document",
            "created_at",
            "read_at",
            "unread",
        ]
        read_only_fields = fields

    def get_kind_label(self, obj: Notification) -> str:
        labels = {k.code: str(k.label) for k in kinds()}
        return labels.get(obj.kind, obj.kind)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_document(self, obj: Notification) -> dict[str, Any] | None:
        if obj.content_type_id is None:
            return None
        return {"type": obj.content_type.model, "id": obj.object_id}


PREFERENCES = inline_serializer(
    "NotificationPreferences",
    {
        "kinds": serializers.ListField(child=serializers.DictField()),
        "muted": serializers.ListField(child=serializers.CharField()),
    },
)


def _preferences(user: Any) -> dict[str, Any]:
    rows = selectors.mute_preferences(user=user)
    return {"kinds": rows, "muted": [r["kind"] for r in rows if r["muted"]]}


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """Newest first; `?unread=1` only the unread ones."""

    serializer_class = NotificationSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # the schema, built without a user
            return Notification.objects.none()
        unread = self.request.query_params.get("unread") in ("1", "true")
        found = selectors.notifications_of(user=self.request.user, unread=unread)
        return found.select_related("content_type")

    def get_object(self) -> Notification:
        # Http404 (not our NotFound): DRF's OPTIONS on a list action asks for an object too.
        try:
            return selectors.notification_of(user=self.request.user, pk=self.kwargs.get("pk"))
        except NotFound:
            raise Http404 from None

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: Any = None) -> Response:
        notification = services.notification_read(notification=self.get_object(), user=request.user)
        return Response(NotificationSerializer(notification).data)

    @extend_schema(
        request=None,
        responses=inline_serializer("ReadAll", {"marked": serializers.IntegerField()}),
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        return Response({"marked": services.notifications_read_all(user=request.user)})

    @extend_schema(
        request=inline_serializer(
            "MutedKinds", {"muted": serializers.ListField(child=serializers.CharField())}
        ),
        responses=PREFERENCES,
    )
    @action(detail=False, methods=["get", "put"])
    def preferences(self, request: Request) -> Response:
        """GET: every kind and whether I mute it; PUT `{"muted": [kind, ...]}` replaces them."""
        if request.method == "PUT":
            data = request.data if isinstance(request.data, dict) else {}
            services.mutes_set(user=request.user, muted=data.get("muted"))
        return Response(_preferences(request.user))
