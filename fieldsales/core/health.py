"""Probes for a load balancer: `/healthz` (the process answers) and `/readyz` (it can serve).

Both need no login, are exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT) and write no
session. The probe must send a Host header that ALLOWED_HOSTS accepts (the site's name), as
every request to Django must. Failures are logged with their detail; the answer names only the
failing check, since it is public.
"""

from __future__ import annotations

import logging
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger("fieldsales.health")

OK = "ok"
NOT_CONFIGURED = "not configured"
REDIS_TIMEOUT_SECONDS = 1.0

# Once every migration is applied it stays so for the life of the process; loading the
# migration graph on every probe would make readyz the slowest request of the site.
_migrated = False


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and answers; nothing else is touched."""
    return JsonResponse({"status": OK})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Database, migrations, media folder and Redis: 200 when all answer, 503 naming the failing."""
    checks = {name: _run(name, check) for name, check in CHECKS.items()}
    failing = [name for name, result in checks.items() if result not in (OK, NOT_CONFIGURED)]
    if failing:
        return JsonResponse(
            {"status": "unavailable", "failing": failing, "checks": checks}, status=503
        )
    return JsonResponse({"status": OK, "checks": checks})


def _run(name: str, check: Callable[[], str]) -> str:
    try:
        return check()
    except Exception as error:  # every failure is an answer, never a 500
        log.warning("readyz: %s failed: %r", name, error)
        return "failed"


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return OK


def check_migrations() -> str:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            log.warning("readyz: %d migration(s) not applied", len(plan))
            return "unapplied migrations"
        _migrated = True
    return OK


def check_media() -> str:
    """Media can be written where they are kept: a temporary file in the media folder, or
    on other storage (S3-compatible) a small object written and deleted."""
    if not isinstance(default_storage, FileSystemStorage):
        name = default_storage.save(f".readyz/{uuid.uuid4().hex}", ContentFile(b"ready"))
        default_storage.delete(name)
        return OK
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=root, prefix=".readyz-"):
        pass
    return OK


def check_redis() -> str:
    urls = redis_urls()
    if not urls:
        return NOT_CONFIGURED
    import redis  # only a site configured with Redis needs the client

    for url in urls:
        client = redis.Redis.from_url(
            url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
        )
        try:
            client.ping()
        finally:
            client.close()
    return OK


def redis_urls() -> list[str]:
    """The Redis servers the settings name: the Celery broker and any Redis cache."""
    urls = [settings.CELERY_BROKER_URL]
    for cache in settings.CACHES.values():
        if "redis" in cache.get("BACKEND", "").lower():
            location = cache.get("LOCATION", "")
            urls += location if isinstance(location, list | tuple) else [location]
    found = [url for url in urls if url.startswith(("redis://", "rediss://", "unix://"))]
    return list(dict.fromkeys(found))


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "migrations": check_migrations,
    "media": check_media,
    "redis": check_redis,
}
