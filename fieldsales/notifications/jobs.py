"""The periodic jobs run once, in-process (`fieldsales jobs`, for cron without a broker)."""

from __future__ import annotations

import logging
from datetime import datetime

from fieldsales.notifications.registry import sweeps

logger = logging.getLogger(__name__)


def run_all(*, now: datetime) -> dict[str, int | str]:
    """Every registered sweep once: {name: how many it made, or the error it raised}."""
    done: dict[str, int | str] = {}
    for sweep in sweeps():
        try:
            done[sweep.name] = sweep.run(now)
        except Exception as exc:  # one broken sweep must not stop the others
            logger.exception("notifications: sweep %s failed", sweep.name)
            done[sweep.name] = f"error: {type(exc).__name__}: {exc}"
    return done


def beat_schedule() -> dict[str, dict[str, object]]:
    """Celery beat's schedule: each sweep through `tasks.run_sweep` at its interval."""
    return {
        sweep.name: {
            "task": "fieldsales.notifications.tasks.run_sweep",
            "schedule": sweep.every.total_seconds(),
            "args": (sweep.name,),
        }
        for sweep in sweeps()
    }
