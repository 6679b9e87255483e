"""Production mode: `fieldsales check --deploy` is clean when DEBUG is off."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys


def test_check_deploy_is_clean_without_debug(tmp_path):
    env = os.environ | {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "sales.example.com",
        "FIELDSALES_DATA_DIR": str(tmp_path),
        "FEEDBACK_SEAL_KEYS": "v1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "-m", "fieldsales", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_feedback_seal_keys(tmp_path):
    """Issue 8 item 5: production seals signed feedback with keys from the environment."""
    env = os.environ | {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "sales.example.com",
        "FIELDSALES_DATA_DIR": str(tmp_path),
    }
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "FEEDBACK_SEAL_KEYS"):
        env.pop(name, None)
    command = [sys.executable, "-m", "fieldsales", "check", "--deploy", "--fail-level", "WARNING"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.returncode != 0
    assert "(fieldsales.W001) FEEDBACK_SEAL_KEYS is not set" in result.stderr
    # An ill-formed value is an error even without --deploy.
    env["FEEDBACK_SEAL_KEYS"] = "v1:c2hvcnQ="
    result = subprocess.run(
        [sys.executable, "-m", "fieldsales", "check"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode != 0
    assert "(fieldsales.E001) FEEDBACK_SEAL_KEYS: the key of 'v1' is shorter than 32 bytes" in (
        result.stderr
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = os.environ | {"DEBUG": "false", "FIELDSALES_DATA_DIR": str(tmp_path)}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "fieldsales", "check"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
