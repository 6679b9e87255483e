"""`/api/auth/`: getting a token for a username and password, and giving it back."""

from __future__ import annotations

from django.contrib.auth import logout
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fieldsales.core.api import valid_input
from fieldsales.org.accounts import token_issue


class TokenView(APIView):
    """`POST /api/auth/token/` {"username", "password"} → {"token"}.

    Failures count towards the lockout of the username and the address (django-axes); a
    locked-out caller gets 429. The token stops working after API_TOKEN_IDLE_DAYS unused.
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    @extend_schema(
        request=AuthTokenSerializer,
        responses=inline_serializer("TokenAnswer", {"token": serializers.CharField()}),
    )
    def post(self, request: Request) -> Response:
        # The plain Django request: axes marks a lockout on it, and its middleware answers 429.
        data = valid_input(AuthTokenSerializer, request, context={"request": request._request})
        token = token_issue(user=data["user"])
        return Response({"token": token.key})


class LogoutView(APIView):
    """`POST /api/auth/logout/`: the token this request was made with stops working (204).
    Called with a session instead, it ends the session."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, Token):
            request.auth.delete()
        else:
            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)
