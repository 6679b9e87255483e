"""Issue 8 item 3: API tokens expire after API_TOKEN_IDLE_DAYS unused, `POST /api/auth/logout/`
ends the token, an admin revokes a user's tokens."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from fieldsales.core.models import AuditEvent
from fieldsales.org.models import TokenActivity

PASSWORD = "demo-pass-2026"


def get_token(username: str) -> str:
    answer = APIClient().post("/api/auth/token/", {"username": username, "password": PASSWORD})
    assert answer.status_code == 200
    return answer.data["token"]


def with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def idle_for(key: str, delta: timedelta) -> None:
    TokenActivity.objects.filter(token_id=key).update(last_used=timezone.now() - delta)


def test_item3_a_token_unused_for_thirty_days_expires(cast):
    key = get_token("sales1")
    idle_for(key, timedelta(days=29, hours=23))
    assert with_token(key).get("/api/trips/").status_code == 200
    idle_for(key, timedelta(days=30, minutes=1))
    answer = with_token(key).get("/api/trips/")
    assert answer.status_code == 401
    assert "过期" in answer.data["detail"]
    assert not Token.objects.filter(key=key).exists()


def test_item3_the_idle_days_are_a_setting(cast, settings):
    settings.API_TOKEN_IDLE_DAYS = 1
    key = get_token("sales1")
    idle_for(key, timedelta(days=1, minutes=1))
    assert with_token(key).get("/api/trips/").status_code == 401


def test_item3_a_token_in_use_does_not_expire_and_its_use_is_written_sparingly(cast):
    key = get_token("sales1")
    idle_for(key, timedelta(seconds=30))
    before = TokenActivity.objects.get(token_id=key).last_used
    with_token(key).get("/api/trips/")
    assert TokenActivity.objects.get(token_id=key).last_used == before  # not on every request
    idle_for(key, timedelta(days=20))
    with_token(key).get("/api/trips/")
    last = TokenActivity.objects.get(token_id=key).last_used
    assert timezone.now() - last < timedelta(minutes=1)  # used today: 30 more days


def test_item3_logging_in_again_after_expiry_gives_a_new_token(cast):
    old = get_token("sales1")
    idle_for(old, timedelta(days=31))
    new = get_token("sales1")
    assert new != old
    assert with_token(new).get("/api/trips/").status_code == 200


def test_item3_logout_ends_the_token(cast):
    key = get_token("sales2")
    client = with_token(key)
    assert client.post("/api/auth/logout/").status_code == 204
    assert client.get("/api/trips/").status_code == 401
    assert not Token.objects.filter(key=key).exists()
    assert APIClient().post("/api/auth/logout/").status_code == 401


def test_item3_admin_revokes_a_users_tokens(cast):
    key = get_token("sales1")
    other = get_token("sales2")
    admin = Client()
    admin.force_login(cast["admin"])
    answer = admin.post(
        "/admin/auth/user/",
        {"action": "revoke_api_tokens", "_selected_action": [cast["sales1"].pk]},
    )
    assert answer.status_code == 302
    assert with_token(key).get("/api/trips/").status_code == 401
    assert with_token(other).get("/api/trips/").status_code == 200
    event = AuditEvent.objects.get(action="tokens_revoked")
    assert (event.object_id, event.actor, event.content_type) == (
        cast["sales1"].pk,
        cast["admin"],
        ContentType.objects.get_for_model(get_user_model()),
    )
