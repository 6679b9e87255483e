"""API plumbing shared by every app: errors as the contract says, money as strings; the inbox."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import Http404, QueryDict
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from fieldsales.core.bulk import approve_many
from fieldsales.core.errors import ServiceError
from fieldsales.core.inbox import TABS, TODO, InboxRow, inbox
from fieldsales.core.numbers import AMOUNT

_AMOUNT = AMOUNT  # ASCII digits only (core.numbers)

# The largest id a row can have (BigAutoField; SQLite's INTEGER is 64 bits too). A larger
# number given as an id would overflow the database driver instead of matching nothing.
MAX_ID = 2**63 - 1


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map service errors to 400/403/409 and Django's ValidationError to 400."""
    if isinstance(exc, ServiceError):
        return Response(exc.as_dict(), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        return Response({"detail": "未找到。"}, status=status.HTTP_404_NOT_FOUND)
    return drf_exception_handler(exc, context)


def valid_input(serializer_class: type[serializers.Serializer], request: Request, **kw: Any) -> Any:
    """The request body validated by `serializer_class` (a 400 naming the fields otherwise)."""
    serializer = serializer_class(data=request.data, **kw)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def query_params(request: Request) -> QueryDict:
    """The query string for filtering; a NUL character, which PostgreSQL can neither store
    nor compare, is refused with a 400 naming the parameter."""
    for key, values in request.query_params.lists():
        if any("\x00" in value for value in values):
            raise serializers.ValidationError({key: [ProhibitNullCharactersValidator.message]})
    return request.query_params


def id_param(value: str | None) -> int | None:
    """The id in a query parameter, or None when it is not a number (ASCII digits only:
    "²" is a digit to `str.isdigit()` but not to the database). A number too large to be
    an id is 0, which no row has (ids start at 1)."""
    if not value or not value.isascii() or not value.isdigit():
        return None
    return int(value) if int(value) <= MAX_ID else 0


@extend_schema_field(
    {"type": "string", "format": "decimal", "pattern": _AMOUNT.pattern, "example": "300.00"}
)
class MoneyField(serializers.Field):
    """A decimal string in both directions; a JSON number is refused (claim-format.md)."""

    default_error_messages = {
        "invalid": '金额须为字符串形式的非负数，最多两位小数，例如 "300.00"',
    }

    def to_internal_value(self, data: Any) -> Decimal:
        if not isinstance(data, str) or not _AMOUNT.match(data.strip()):
            self.fail("invalid")
        return Decimal(data.strip())

    def to_representation(self, value: Decimal) -> str:
        return f"{Decimal(value):.2f}"


class InboxView(APIView):
    """What waits for the current user, across every registered source, oldest first; paged in
    the database (core.inbox), so `next` and `previous` link the pages. `?tab=` done, started
    or cc gives the other tabs (newest first); `?q=`, `?kind=` and `?person=` narrow them."""

    @extend_schema(responses={200: dict})
    def get(self, request: Request) -> Response:
        params = query_params(request)
        tab = params.get("tab") or TODO
        if tab not in TABS:
            raise serializers.ValidationError({"tab": [f"one of {', '.join(TABS)}"]})
        documents = inbox(
            user=request.user,
            tab=tab,
            q=(params.get("q") or "")[:100],
            kind=params.get("kind") or "",
            person=id_param(params.get("person")),
        )
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(documents, request, view=self)
        return paginator.get_paginated_response([_inbox_entry(row) for row in page or []])


def _inbox_entry(row: InboxRow) -> dict[str, Any]:
    """One inbox row as api.md gives it, plus what an approver sees in the list."""
    return {
        "kind": row.kind,
        "id": row.id,
        "number": row.number,
        "status": row.status,
        "author": row.person_id,
        "author_name": row.person,
        "submitted_at": row.submitted_at,
        "amount": None if row.amount is None else f"{row.amount:.2f}",
        "violations": row.violations,
        "url": row.api_url,
        "waiting_since": row.waiting_since,
        "subject": row.subject,
        "subject_count": row.subject_count,
        "date_from": row.date_from,
        "date_to": row.date_to,
        "decidable": row.decidable,
    }


class BulkItemSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=40)
    id = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class BulkApproveSerializer(serializers.Serializer):
    items = BulkItemSerializer(many=True, allow_empty=False, max_length=100)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class BulkApproveView(APIView):
    """`POST /api/approvals/approve/` `{"items": [{"kind", "id"}], "comment"}`: each document
    approved through its own service, one by one; 200 with what was approved, what the user
    had already approved (a repeated request) and what failed with the rule's reason."""

    @extend_schema(request=BulkApproveSerializer, responses={200: dict})
    def post(self, request: Request) -> Response:
        data = valid_input(BulkApproveSerializer, request)
        items = [(item["kind"], item["id"]) for item in data["items"]]
        result = approve_many(user=request.user, items=items, comment=data.get("comment", ""))
        return Response(
            {
                "approved": [_outcome(o) for o in result.approved],
                "already": [_outcome(o) for o in result.already],
                "failed": [
                    _outcome(o) | {"reason": o.reason, "status": o.status} for o in result.failed
                ],
            }
        )


def _outcome(outcome: Any) -> dict[str, Any]:
    return {"kind": outcome.kind, "id": outcome.id, "number": outcome.number}
