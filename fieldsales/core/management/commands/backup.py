"""`fieldsales backup [--output DIR]`: the database and the media folder in one dated archive."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from fieldsales.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write fieldsales-backup-YYYYmmdd-HHMMSS.tar.gz: the database (SQLite's online backup "
        "or pg_dump), the media folder and a manifest of checksums. Prints the archive's path."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=settings.DATA_DIR / "backups",
            help="folder for the archive (default: FIELDSALES_DATA_DIR/backups)",
        )

    def handle(self, *args, output: Path, **options):
        try:
            archive = backup(output=output)
        except BackupError as error:
            raise CommandError(str(error), returncode=error.code) from error
        except DatabaseError as error:  # unreachable, wrong password, no such database
            raise CommandError(f"database: {str(error).strip().splitlines()[0]}") from error
        self.stdout.write(str(archive))
