"""Issue 8 item 2: Django's password validators; every user changes their own password from
the pages; a password change or an admin's reset ends that user's other sessions and tokens."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

OLD = "demo-pass-2026"
NEW = "Lanting-Jiangnan-77"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token_client(username: str) -> APIClient:
    client = APIClient()
    key = client.post("/api/auth/token/", {"username": username, "password": OLD}).data["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.mark.parametrize(
    "password",
    [
        "12345678",  # the issue's: short, numeric and common
        "abcdefg9",  # under ten characters
        "1234567890123",  # all digits
        "password123",  # a common password
        "sales1sal1",  # too like the username
    ],
)
def test_item2_weak_passwords_are_refused_on_the_page(cast, password):
    client = logged_in(cast["sales1"])
    answer = client.post(
        "/account/password/",
        {"old_password": OLD, "new_password1": password, "new_password2": password},
    )
    assert answer.status_code == 200
    assert answer.context["form"].errors["new_password2"]
    cast["sales1"].refresh_from_db()
    assert cast["sales1"].check_password(OLD)


def test_item2_validators_refuse_the_issues_password(cast):
    with pytest.raises(ValidationError) as refused:
        validate_password("12345678", user=cast["sales1"])
    codes = {e.code for e in refused.value.error_list}
    assert {"password_too_short", "password_too_common", "password_entirely_numeric"} <= codes


def test_item2_every_page_links_to_the_password_page(cast):
    client = logged_in(cast["sales2"])
    assert 'href="/account/password/"' in client.get("/").content.decode()
    assert client.get("/account/password/").status_code == 200
    assert Client().get("/account/password/").status_code == 302  # login first


def test_item2_own_change_keeps_this_session_and_ends_the_others_and_the_tokens(cast):
    user = cast["sales1"]
    here, elsewhere = logged_in(user), logged_in(user)
    api = token_client("sales1")
    assert api.get("/api/trips/").status_code == 200
    answer = here.post(
        "/account/password/", {"old_password": OLD, "new_password1": NEW, "new_password2": NEW}
    )
    assert answer.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302  # to the login page
    assert api.get("/api/trips/").status_code == 401
    assert not Token.objects.filter(user=user).exists()


def test_item2_admin_reset_ends_the_users_sessions_and_tokens(cast):
    user = cast["sales2"]
    session = logged_in(user)
    api = token_client("sales2")
    admin = logged_in(cast["admin"])
    answer = admin.post(
        f"/admin/auth/user/{user.pk}/password/",
        {"password1": NEW, "password2": NEW, "usable_password": "true"},
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert session.get("/").status_code == 302
    assert api.get("/api/trips/").status_code == 401


def test_item2_admin_reset_refuses_a_weak_password(cast):
    admin = logged_in(cast["admin"])
    answer = admin.post(
        f"/admin/auth/user/{cast['sales2'].pk}/password/",
        {"password1": "12345678", "password2": "12345678", "usable_password": "true"},
    )
    assert answer.status_code == 200
    cast["sales2"].refresh_from_db()
    assert cast["sales2"].check_password(OLD)
