"""`fieldsales jobs`: run every periodic job once (for cron when no Celery broker runs)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from fieldsales.notifications.jobs import run_all


class Command(BaseCommand):
    help = "Run every periodic job (notification sweeps, retries) once, in this process."

    def handle(self, *args: Any, **options: Any) -> None:
        done = run_all(now=timezone.now())
        for name, result in done.items():
            self.stdout.write(f"{name}: {result}")
        if not done:
            self.stdout.write("no periodic jobs registered")
