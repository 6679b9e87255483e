"""`fieldsales restore ARCHIVE [--force]`: a backup back into the configured database and media."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from fieldsales.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Check every checksum of a `fieldsales backup` archive, then replace the configured "
        "database with it and copy its files into the media folder. Refuses (exit 2) an altered "
        "archive, and a database that has users unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="replace a database that already has users"
        )

    def handle(self, *args, archive: Path, force: bool, **options):
        try:
            done = restore(archive=archive, force=force)
        except BackupError as error:
            raise CommandError(str(error), returncode=error.code) from error
        except DatabaseError as error:  # unreachable, wrong password, no such database
            raise CommandError(f"database: {str(error).strip().splitlines()[0]}") from error
        self.stdout.write(
            f"restored {archive.name}: {done.rows} rows in {done.tables} tables, "
            f"{done.files} media files; row counts and money totals match the manifest"
        )
        if done.pending_migrations:
            self.stdout.write(
                f"{done.pending_migrations} migrations to apply: run `fieldsales migrate`"
            )
