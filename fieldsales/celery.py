"""The Celery app: Redis as the broker when CELERY_BROKER_URL is set; without it every task
runs in-process (task_always_eager, the default of `make run`).

    celery -A fieldsales worker -l info      # sends notifications
    celery -A fieldsales beat -l info        # the periodic sweeps (notifications.registry)
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fieldsales.settings")

app = Celery("fieldsales")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["fieldsales.notifications"])


@app.on_after_finalize.connect
def _beat_schedule(sender: Any, **kwargs: Any) -> None:
    # The sweeps are registered by the apps at start-up; beat reads them from here.
    from fieldsales.notifications.jobs import beat_schedule

    sender.conf.beat_schedule = {**beat_schedule(), **(sender.conf.beat_schedule or {})}
