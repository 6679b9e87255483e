"""Settings for several processes (issue 15 item 4): REDIS_URL shares the cache and the sessions,
FIELDSALES_MEDIA_S3_BUCKET puts the media in a private bucket; unset, the defaults stay.

Each case imports the settings module in a new interpreter with its own environment, as a
server process started with those variables would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

DUMP = """
import json
from fieldsales import settings as s
print(json.dumps({
    "caches": getattr(s, "CACHES", None),
    "session_engine": getattr(s, "SESSION_ENGINE", None),
    "default_storage": s.STORAGES["default"],
    "media_url": getattr(s, "MEDIA_URL", None),
}))
"""

TOPOLOGY_VARS = (
    "REDIS_URL",
    "FIELDSALES_MEDIA_S3_BUCKET",
    "FIELDSALES_MEDIA_S3_ENDPOINT_URL",
    "FIELDSALES_MEDIA_S3_REGION",
    "FIELDSALES_MEDIA_S3_ACCESS_KEY_ID",
    "FIELDSALES_MEDIA_S3_SECRET_ACCESS_KEY",
    "FIELDSALES_MEDIA_S3_PREFIX",
)


def settings_with(tmp_path: Path, code: str = DUMP, **env: str) -> dict:
    base = {k: v for k, v in os.environ.items() if k not in TOPOLOGY_VARS}
    base.update(PYTHONPATH=str(ROOT), FIELDSALES_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="")
    base.update(env)
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=base,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_without_redis_url_each_process_keeps_a_local_cache_and_database_sessions(tmp_path):
    found = settings_with(tmp_path)
    assert found["caches"] is None  # Django's default: local memory
    assert found["session_engine"] is None  # Django's default: the database


def test_redis_url_makes_the_cache_redis_and_sessions_cached_in_it(tmp_path):
    found = settings_with(tmp_path, REDIS_URL="redis://127.0.0.1:6379/5")
    cache = found["caches"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/5"
    assert found["session_engine"] == "django.contrib.sessions.backends.cached_db"


def test_without_a_bucket_media_stay_on_disk(tmp_path):
    found = settings_with(tmp_path)
    assert found["default_storage"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_puts_media_in_private_s3_storage_with_no_public_url(tmp_path):
    found = settings_with(
        tmp_path,
        FIELDSALES_MEDIA_S3_BUCKET="fieldsales-media",
        FIELDSALES_MEDIA_S3_ENDPOINT_URL="https://s3.example.com",
        FIELDSALES_MEDIA_S3_REGION="cn-east-1",
        FIELDSALES_MEDIA_S3_PREFIX="prod",
    )
    storage = found["default_storage"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "fieldsales-media"
    assert options["endpoint_url"] == "https://s3.example.com"
    assert options["region_name"] == "cn-east-1"
    assert options["location"] == "prod"
    assert options["default_acl"] is None  # nothing made public-read
    assert options["querystring_auth"] is True
    assert found["media_url"] is None  # files are only served by the permission-checked views


def test_the_bucket_options_are_ones_the_s3_storage_accepts(tmp_path):
    pytest.importorskip("storages.backends.s3")  # django-storages[s3] (pyproject); CI has it
    code = """
import json, django
django.setup()
from django.core.files.storage import storages
storage = storages["default"]
print(json.dumps({"class": type(storage).__name__, "bucket": storage.bucket_name,
                  "location": storage.location, "signed": storage.querystring_auth,
                  "acl": storage.default_acl, "overwrite": storage.file_overwrite}))
"""
    found = settings_with(
        tmp_path,
        code=code,
        DJANGO_SETTINGS_MODULE="fieldsales.settings",
        FIELDSALES_MEDIA_S3_BUCKET="fieldsales-media",
        FIELDSALES_MEDIA_S3_ENDPOINT_URL="http://127.0.0.1:9",
    )
    # Constructing the storage refuses an option it does not know (ImproperlyConfigured).
    assert found == {
        "class": "S3Storage",
        "bucket": "fieldsales-media",
        "location": "media",
        "signed": True,
        "acl": None,
        "overwrite": False,
    }
