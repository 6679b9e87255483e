"""Passwords are stored as Argon2id with OWASP's parameters (core.hashers); a hash made by the
earlier hasher (PBKDF2) still signs in, and that sign-in rewrites it as Argon2id."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password, make_password
from django.test import Client

from fieldsales import settings as project

pytestmark = pytest.mark.django_db
PASSWORD = "demo-pass-2026"


@pytest.fixture
def real_hashers(settings, cast):
    # After the cast: its users are stored with the tests' fast hasher, and the snapshot it
    # keeps for later tests must stay so.
    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS  # the tests' MD5 undone


def test_a_new_password_is_argon2id_with_owasp_parameters(real_hashers):
    encoded = make_password(PASSWORD)
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password(PASSWORD, encoded)
    assert not check_password("wrong-guess", encoded)


def test_an_earlier_pbkdf2_hash_signs_in_and_is_rewritten(real_hashers, cast):
    sales1 = cast["sales1"]
    sales1.password = PBKDF2PasswordHasher().encode(PASSWORD, "somesalt1234")
    sales1.save(update_fields=["password"])
    client = Client()
    wrong = client.post("/login/", {"username": "sales1", "password": "wrong-guess"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    sales1.refresh_from_db()
    assert sales1.password.startswith("pbkdf2_sha256$")

    answer = client.post("/login/", {"username": "sales1", "password": PASSWORD})
    assert answer.status_code == 302
    assert client.session["_auth_user_id"] == str(sales1.pk)
    sales1.refresh_from_db()
    assert sales1.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password(PASSWORD, sales1.password)
