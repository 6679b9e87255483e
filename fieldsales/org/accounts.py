"""Logins and API tokens: lockout after repeated failures, tokens that expire and are revoked."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from fieldsales.core.audit import audit
from fieldsales.org.models import TokenActivity

log = logging.getLogger("fieldsales.security")


# ---------------------------------------------------------------- brute force (django-axes)


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind PROXY_COUNT proxies the address they saw."""
    hops = settings.PROXY_COUNT
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with two thresholds instead of one.

    A username is locked after AXES_FAILURE_LIMIT failures (from any address), an address only
    after AXES_IP_FAILURE_LIMIT failures (for any usernames): fifty colleagues behind one office
    address do not lock each other out by their typos, while guessing one password is slow.
    Axes compares get_failures() with AXES_FAILURE_LIMIT, so an address over its own limit
    reports that limit.
    """

    def get_failures(self, request: Any, credentials: dict | None = None) -> int:
        attempts = self.get_user_attempts(request, credentials)  # [by username, by address]
        by_user, by_address = (
            qs.aggregate(n=Sum("failures_since_start"))["n"] or 0 for qs in attempts
        )
        limit = get_failure_limit(request, credentials)
        if by_address >= settings.AXES_IP_FAILURE_LIMIT:
            return max(by_user, limit)
        return by_user

    def reset_user_attempts(self, request: Any, credentials: dict | None = None) -> int:
        """A successful login forgets that username's failures only: forgetting the address's
        too would let someone with one valid account reset the count between guesses at
        a colleague's password."""
        by_user = self.filter_user_attempts(request, credentials)[0]
        count, _by_model = by_user.delete()
        return count

    def user_login_failed(self, sender: Any, credentials: dict, request: Any = None, **kw) -> None:
        super().user_login_failed(sender, credentials, request, **kw)
        if request is not None and getattr(request, "axes_locked_out", False):
            log.warning(
                "login locked out: username=%r address=%s path=%s",
                get_client_username(request, credentials),
                request.axes_ip_address,
                request.axes_path_info,
            )


def lockout_message() -> str:
    minutes = settings.AXES_COOLOFF_TIME
    if minutes is None:
        return _("登录失败次数过多，账号已锁定，请联系系统管理员解锁。")
    return _("登录失败次数过多，已锁定，请 %(minutes)d 分钟后再试或联系系统管理员解锁。") % {
        "minutes": int(minutes.total_seconds() // 60)
    }


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """429: as JSON ({"detail"}) for the API, as the login page with the reason otherwise."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    context = {"form": AuthenticationForm(request), "lockout": message, "next": ""}
    return render(request, "registration/login.html", context, status=429)


# ---------------------------------------------------------------- API tokens


def _idle_limit() -> timedelta:
    return timedelta(days=settings.API_TOKEN_IDLE_DAYS)


def _last_used(token: Token) -> Any:
    activity = getattr(token, "activity", None)
    return activity.last_used if activity is not None else token.created


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>` as DRF's, refused once unused for API_TOKEN_IDLE_DAYS.

    The last use is written at most every API_TOKEN_TOUCH_SECONDS, not on every request.
    """

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        try:
            token = Token.objects.select_related("user", "activity").get(key=key)
        except Token.DoesNotExist as error:
            raise AuthenticationFailed(_("令牌无效。")) from error
        if not token.user.is_active:
            raise AuthenticationFailed(_("用户已停用。"))
        now = timezone.now()
        last = _last_used(token)
        if now - last > _idle_limit():
            token.delete()
            raise AuthenticationFailed(_("令牌已过期，请重新获取。"))
        if now - last > timedelta(seconds=settings.API_TOKEN_TOUCH_SECONDS):
            TokenActivity.objects.update_or_create(token=token, defaults={"last_used": now})
        return token.user, token


@transaction.atomic
def token_issue(*, user: Any) -> Token:
    """The user's token for `POST /api/auth/token/`: the current one, or a new one when the
    current one has expired."""
    token = Token.objects.select_related("activity").filter(user=user).first()
    if token is not None and timezone.now() - _last_used(token) > _idle_limit():
        token.delete()
        token = None
    if token is None:
        token = Token.objects.create(user=user)
    TokenActivity.objects.update_or_create(token=token, defaults={"last_used": timezone.now()})
    return token


@transaction.atomic
def tokens_revoke(*, user: Any, actor: Any, reason: str) -> int:
    """Delete every API token of `user` (an audit row when there was one)."""
    count, _by_model = Token.objects.filter(user=user).delete()
    if count:
        audit(document=user, actor=actor, action="tokens_revoked", comment=reason)
    return count


class RevokeTokensOnPasswordChange:
    """Not a check: Django calls password_changed() whenever a password is saved (the user's
    own change, an admin's reset, `changepassword`), so every change ends the API tokens.
    Other sessions end by themselves: Django ties a session to the password it was opened with.
    """

    def validate(self, password: str, user: Any = None) -> None:
        return None

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is not None and user.pk is not None:
            Token.objects.filter(user=user).delete()

    def get_help_text(self) -> str:
        return _("修改密码后，该账号在其他设备上的登录和 API 令牌全部失效。")
