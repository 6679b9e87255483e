"""Issue 8 item 1: repeated failed logins lock the username (page, admin and API alike); an
address is locked only after many more, so an office sharing one address keeps working."""

from __future__ import annotations

import logging

import pytest
from axes.models import AccessAttempt
from django.test import Client
from rest_framework.test import APIClient

PASSWORD = "demo-pass-2026"
OFFICE = "10.0.0.7"


def page_login(username: str, password: str, address: str = OFFICE):
    return Client(REMOTE_ADDR=address).post("/login/", {"username": username, "password": password})


def token_login(username: str, password: str, address: str = OFFICE):
    return APIClient(REMOTE_ADDR=address).post(
        "/api/auth/token/", {"username": username, "password": password}, format="json"
    )


def test_item1_page_login_locks_the_username_after_five_failures(cast):
    answers = [page_login("sales1", "wrong-guess").status_code for _ in range(5)]
    assert answers == [200, 200, 200, 200, 429]
    locked = page_login("sales1", PASSWORD, address="10.9.9.9")  # even the right one, elsewhere
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in locked.wsgi_request.session


def test_item1_token_endpoint_locks_the_username_after_five_failures(cast):
    answers = [token_login("sales1", "wrong-guess").status_code for _ in range(5)]
    assert answers == [400, 400, 400, 400, 429]
    locked = token_login("sales1", PASSWORD, address="10.9.9.9")
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.json()["detail"]
    assert "token" not in locked.json()


def test_item1_page_and_api_failures_count_together(cast):
    for _ in range(3):
        page_login("sales1", "wrong-guess")
    token_login("sales1", "wrong-guess")
    assert token_login("sales1", "wrong-guess").status_code == 429
    assert page_login("sales1", PASSWORD).status_code == 429


def test_item1_one_persons_typos_do_not_lock_the_office(cast):
    for _ in range(6):
        page_login("sales1", "wrong-guess")
    colleague = page_login("sales2", PASSWORD)
    assert colleague.status_code == 302
    assert token_login("head", PASSWORD).status_code == 200


def test_item1_the_address_is_locked_after_fifty_failures(cast):
    for n in range(50):  # a password spray: one guess per name, no username reaches 5
        page_login(f"user{n}", "wrong-guess")
    assert page_login("sales2", PASSWORD).status_code == 429
    assert token_login("sales2", PASSWORD).status_code == 429
    assert page_login("sales2", PASSWORD, address="10.0.0.8").status_code == 302


def test_item1_thresholds_come_from_settings(cast, settings):
    settings.AXES_FAILURE_LIMIT = 2
    assert [page_login("sales1", "x").status_code for _ in range(2)] == [200, 429]


def test_item1_a_successful_login_forgets_only_its_own_usernames_failures(cast):
    for _ in range(4):
        page_login("sales2", "wrong-guess")  # someone guessing at sales2 from the office
    assert page_login("sales1", PASSWORD).status_code == 302  # sales1 logs in from there
    assert page_login("sales2", "wrong-guess").status_code == 429  # sales2's count stayed


def test_item1_the_lockout_is_logged(cast, caplog):
    with caplog.at_level(logging.WARNING, logger="fieldsales.security"):
        for _ in range(5):
            page_login("sales1", "wrong-guess")
    assert any(
        "login locked out" in r.getMessage() and "sales1" in r.getMessage() for r in caplog.records
    )
    assert AccessAttempt.objects.get(username="sales1").failures_since_start == 5


def test_item1_admin_unlocks_a_username(cast):
    for _ in range(5):
        page_login("sales1", "wrong-guess")
    assert page_login("sales1", PASSWORD).status_code == 429
    admin = Client()
    admin.force_login(cast["admin"])
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "sales1" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="sales1")
    answer = admin.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert answer.status_code == 302
    assert page_login("sales1", PASSWORD).status_code == 302


@pytest.mark.parametrize("path", ["/admin/login/"])
def test_item1_admin_login_is_locked_too(cast, path):
    client = Client(REMOTE_ADDR=OFFICE)
    for _ in range(5):
        client.post(path, {"username": "admin", "password": "wrong-guess"})
    answer = client.post(path, {"username": "admin", "password": PASSWORD})
    assert answer.status_code == 429
