"""Celery tasks: send one delivery (retried with backoff), run one periodic sweep.

Without CELERY_BROKER_URL they run in-process (task_always_eager): a failure is then not
retried on the spot (that would hold the request) but by the `notifications.retry` sweep,
which `fieldsales jobs` runs from cron."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

# The app itself, not shared_task: the tasks must run with its settings (eager without a
# broker) wherever they are first imported. Django's start-up does not import Celery at all,
# so commands run from inside the package directory (makemessages) never meet the name
# clash of fieldsales/celery.py with the library.
from fieldsales.celery import app
from fieldsales.notifications import channels, registry, services


@app.task(bind=True, max_retries=5, ignore_result=True)
def deliver(self: Any, delivery_id: int) -> bool:
    """Send delivery `delivery_id` once; on failure retry in 1, 2, 4, 8, 16 minutes."""
    try:
        return services.delivery_send(delivery_id=delivery_id)
    except channels.SendFailed as exc:
        if self.request.is_eager:
            return False
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc


@app.task(ignore_result=True)
def run_sweep(name: str) -> int:
    """Run the periodic sweep `name` now (celery beat's entry point)."""
    return registry.sweep(name).run(timezone.now())


@app.task(ignore_result=True)
def build_export(export_id: int) -> None:
    """Write a large export's file and notify its owner (exports.py)."""
    from fieldsales.notifications.exports import export_build

    export_build(export_id=export_id)
