"""/healthz and /readyz (issue 15, operations): a load balancer's probes."""

from __future__ import annotations

import socket

import pytest
from django.core.files.storage import InMemoryStorage
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from fieldsales.core import health


@pytest.fixture(autouse=True)
def _forget_migrations(monkeypatch):
    # readyz remembers applied migrations for the life of the process; each test starts afresh.
    monkeypatch.setattr(health, "_migrated", False)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_healthz_answers_without_database_or_session(client):
    # No django_db mark: pytest-django refuses any query, so none is made.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_healthz_and_readyz_are_not_redirected_to_https(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/login/").status_code == 301  # the rest of the site still is


@pytest.mark.django_db
def test_readyz_all_checks_pass(client, settings):
    settings.CELERY_BROKER_URL = "memory://"

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "migrations": "ok",
            "media": "ok",
            "redis": "not configured",
        },
    }
    assert "Set-Cookie" not in response.headers


@pytest.mark.django_db
def test_readyz_is_cheap(client, django_assert_max_num_queries):
    client.get("/readyz")  # the migration graph is read once per process

    with django_assert_max_num_queries(1):
        assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_503_when_media_folder_is_not_writable(client, settings, tmp_path):
    # A file where the folder should be: not writable even for root (who ignores permissions).
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker / "media"

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failing"] == ["media"]
    assert body["checks"]["database"] == "ok"
    assert str(blocker) not in response.content.decode()  # the detail goes to the log only


@pytest.mark.django_db
def test_readyz_503_when_redis_is_down(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["redis"]


@pytest.mark.django_db
def test_readyz_checks_a_redis_cache_too(settings):
    settings.CELERY_BROKER_URL = "memory://"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/1",
        }
    }

    assert health.redis_urls() == ["redis://127.0.0.1:6379/1"]


@pytest.mark.django_db
def test_readyz_redis_ok_when_it_answers(client, settings):
    url = "redis://127.0.0.1:6379/0"
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            pass
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CELERY_BROKER_URL = url

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"]["redis"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_readyz_503_when_a_migration_is_not_applied(client):
    # The last applied migration of one app forgotten: its plan is no longer empty.
    recorder = MigrationRecorder(connection)
    last = recorder.migration_qs.filter(app="core").order_by("-id").first()
    last.delete()
    try:
        response = client.get("/readyz")
    finally:
        recorder.record_applied(last.app, last.name)

    assert response.status_code == 503
    assert response.json()["failing"] == ["migrations"]
    assert response.json()["checks"]["migrations"] == "unapplied migrations"


class RefusingStorage(InMemoryStorage):
    """Object storage that refuses writes (a bucket gone read-only, wrong credentials)."""

    def _save(self, name, content):
        raise PermissionError("AccessDenied")


def _media_storage(settings, backend):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": backend}}


@pytest.mark.django_db
def test_readyz_writes_to_object_storage_when_media_are_not_on_disk(client, settings, tmp_path):
    # Media in S3-compatible storage: the folder on disk does not matter, the bucket does.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker / "media"
    _media_storage(settings, "django.core.files.storage.InMemoryStorage")
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json()["checks"]["media"] == "ok"
    from django.core.files.storage import default_storage

    assert default_storage.listdir(".readyz") == ([], [])  # the probe's object is deleted

    _media_storage(settings, f"{__name__}.RefusingStorage")
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["failing"] == ["media"]
