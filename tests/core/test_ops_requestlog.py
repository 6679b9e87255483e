"""Request ids and the JSON request log (issue 15, operations)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fieldsales.core.requestlog import JsonFormatter, RequestIdFilter, request_id_from

ROOT = Path(__file__).resolve().parents[2]


def request_lines(caplog):
    return [r for r in caplog.records if r.name == "fieldsales.request"]


def test_a_valid_request_id_is_kept_and_sent_back(client):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-42.a_b-C"})

    assert response.headers["X-Request-ID"] == "lb-42.a_b-C"


@pytest.mark.parametrize(
    "header", ["", "a" * 65, "has space", "new\nline", "semi;colon", "中文", "x/y"]
)
def test_an_invalid_request_id_is_replaced(header):
    made = request_id_from(header)

    assert made != header
    assert len(made) == 32 and made.isalnum()


def test_a_request_without_id_gets_one(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]

    assert len(first) == 32 and first != second


def test_one_json_line_per_request_with_user_and_duration(client, cast, caplog):
    caplog.set_level(logging.INFO, logger="fieldsales.request")
    client.force_login(cast["sales1"])

    client.get("/", headers={"X-Request-ID": "req-1"})

    [record] = request_lines(caplog)
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "INFO"
    assert line["request_id"] == "req-1"
    assert line["method"] == "GET"
    assert line["path"] == "/"
    assert line["status"] == 200
    assert line["user_id"] == cast["sales1"].pk
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["time"].endswith("+00:00")
    assert line["message"] == "GET / 200"


def test_anonymous_request_has_no_user_and_query_string_is_not_logged(client, db, caplog):
    caplog.set_level(logging.INFO, logger="fieldsales.request")

    client.get("/login/?next=/secret-token")

    [record] = request_lines(caplog)
    assert record.user_id is None
    assert record.path == "/login/"
    assert "secret-token" not in record.getMessage()


def test_probes_are_logged_only_at_debug(client, caplog):
    caplog.set_level(logging.INFO, logger="fieldsales.request")

    client.get("/healthz")

    assert request_lines(caplog) == []


def test_other_records_in_a_request_carry_its_id(client, db, caplog, settings, tmp_path):
    # readyz logs a failing check: that warning has the request's id.
    blocker = tmp_path / "file"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker / "media"
    caplog.set_level(logging.WARNING, logger="fieldsales.health")
    caplog.handler.addFilter(RequestIdFilter())

    client.get("/readyz", headers={"X-Request-ID": "probe-7"})

    [warning] = [r for r in caplog.records if r.name == "fieldsales.health"]
    assert warning.request_id == "probe-7"


def test_log_json_setting_writes_json_lines_to_stderr(tmp_path):
    # A fresh process, as production starts: settings read FIELDSALES_LOG_JSON at import.
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "Client().post('/healthz', headers={'X-Request-ID': 'abc'})\n"
        "import logging; logging.getLogger('fieldsales.x').warning('hello %s', 1)\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fieldsales.settings",
        "FIELDSALES_LOG_JSON": "1",
        "FIELDSALES_DATA_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)

    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    lines = [json.loads(line) for line in done.stderr.splitlines()]
    request = next(line for line in lines if line["logger"] == "fieldsales.request")
    assert request["request_id"] == "abc"
    assert request["path"] == "/healthz"
    assert request["status"] == 405  # a probe's failure is logged
    assert lines[-1]["message"] == "hello 1"
    assert lines[-1]["request_id"] is None
