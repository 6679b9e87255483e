"""Celery tasks: send one delivery (retried with backoff), run one periodic sweep.

Without CELERY_BROKER_URL they run in-process (task_always_eager): a failure is then not
retried on the spot (that would hold the request) but by the `notifications.retry` sweep,
which `fieldsales jobs` runs from cron."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.utils import timezone

from fieldsales.notifications import channels, registry, services


@shared_task(bind=True, max_retries=5, ignore_result=True)
def deliver(self: Any, delivery_id: int) -> bool:
    """Send delivery `delivery_id` once; on failure retry in 1, 2, 4, 8, 16 minutes."""
    try:
        return services.delivery_send(delivery_id=delivery_id)
    except channels.SendFailed as exc:
        if self.request.is_eager:
            return False
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc


@shared_task(ignore_result=True)
def run_sweep(name: str) -> int:
    """Run the periodic sweep `name` now (celery beat's entry point)."""
    return registry.sweep(name).run(timezone.now())
