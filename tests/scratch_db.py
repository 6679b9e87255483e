"""A new, empty database for the data-migration tests.

Inside `scratch_database()` the default connection points at a database of its own, so a test
migrates it forward from nothing to the old state it needs, writes rows with the models of that
state, and migrates on. The test database is not touched. Before, the tests unapplied the test
database's later migrations (some thirty, in every app that depends on the one tested) and
applied them again: Django renders the whole project's state at each step of going back, which
cost 40-100 s a test; going forward from an empty database costs a few seconds.

Needs a transactional test (`django_db(transaction=True)`): PostgreSQL creates a database only
outside a transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@contextmanager
def scratch_database(tmp_path: Path) -> Iterator[None]:
    """The default connection on a new, empty database for the block; dropped after it."""
    saved = connection.settings_dict["NAME"]
    postgres = connection.vendor == "postgresql"
    name = f"{saved}_scratch" if postgres else str(tmp_path / "scratch.sqlite3")
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    _point_at(name)
    try:
        yield
    finally:
        _point_at(saved)
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _point_at(name: str) -> None:
    connection.close()
    connection.settings_dict["NAME"] = name
    ContentType.objects.clear_cache()  # its ids are the other database's


def migrate(targets: list[tuple[str, str]] | None = None):
    """Migrate the database to `targets` (forward or back; None: the newest migrations) and
    return the apps of that state, for writing and reading rows as they were then."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps
