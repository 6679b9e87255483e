"""`fieldsales sweep_receipts`: remove receipt files no receipt row names (a server killed
between writing a file and committing its claim leaves one); only files older than an hour,
so an upload being saved right now is never touched."""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from fieldsales.trips.models import Receipt
from fieldsales.trips.services import receipt_drafts_discard
from fieldsales.trips.services.receipts import DRAFT_LIFETIME


class Command(BaseCommand):
    help = "Delete receipt files that belong to no receipt (older than --minutes, default 60)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--minutes", type=int, default=60)

    def handle(self, *args, minutes: int = 60, **options) -> None:
        # Receipts kept from refused claim forms nobody came back for (issue 10).
        drafts = receipt_drafts_discard(older_than=DRAFT_LIFETIME)
        self.stdout.write(f"removed {drafts} abandoned receipt draft(s)")
        root = Path(settings.MEDIA_ROOT)
        folder = root / "receipts"
        if not folder.is_dir():
            return
        known = set(Receipt.objects.values_list("file", flat=True))
        cutoff = time.time() - minutes * 60
        removed = 0
        for path in folder.rglob("*"):
            stale = path.is_file() and path.stat().st_mtime < cutoff
            if stale and path.relative_to(root).as_posix() not in known:
                path.unlink()
                removed += 1
        self.stdout.write(f"removed {removed} orphan receipt file(s)")
