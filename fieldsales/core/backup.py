"""Backup and restore: the database and the media folder in one dated archive.

`fieldsales-backup-YYYYmmdd-HHMMSS.tar.gz` holds
    database.sqlite3 or database.pgdump   SQLite's online backup, or pg_dump --format=custom
    media/...                             every file under MEDIA_ROOT
    manifest.json                         the sha256 of every other member, the app version,
                                          the applied migrations, row counts and the total
                                          of every decimal column (money, coordinates)
The counts and totals are read in the same snapshot as the dump, so a restore can check the
database it made against them. A restore checks every checksum before it writes anything.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO

from django.apps import apps
from django.conf import settings
from django.db import connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import load_backend

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024
ALIAS = "fieldsales-backup"


class BackupError(Exception):
    """A one-line reason; `code` is the exit status (2: refused before anything was written)."""

    def __init__(self, message: str, *, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Restored:
    tables: int
    rows: int
    files: int
    pending_migrations: int


def backup(*, output: Path, database: dict[str, Any] | None = None) -> Path:
    """Write one dated archive of the database and MEDIA_ROOT into `output`; its path."""
    database = database or connections["default"].settings_dict
    engine = engine_of(database)
    output.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(tz=UTC).strftime("%Y%m%d-%H%M%S")
    archive = output / f"fieldsales-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(prefix="fieldsales-backup-") as work:
        dump = Path(work) / DATABASE_MEMBERS[engine]
        if engine == "sqlite":
            state = _sqlite_dump(database, dump)
        else:
            state = _postgres_dump(database, dump)
        partial = archive.with_name(archive.name + ".part")
        try:
            _write(partial, dump, {"engine": engine, **state})
            partial.replace(archive)  # a half-written archive never carries the final name
        finally:
            partial.unlink(missing_ok=True)  # left only when writing failed
    return archive


def _write(path: Path, dump: Path, state: dict[str, Any]) -> None:
    """The database dump, the media files and last the manifest of their checksums."""
    files = {}
    # Only its owner may read it: it holds every record, password hashes included.
    with _private(path) as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
        files[dump.name] = _add(tar, dump, dump.name)
        for file in media_files(Path(settings.MEDIA_ROOT)):
            name = f"{MEDIA}/{file.relative_to(settings.MEDIA_ROOT).as_posix()}"
            files[name] = _add(tar, file, name)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(tz=UTC).isoformat(timespec="seconds"),
            "app_version": app_version(),
            **state,
            "files": files,
        }
        data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
        tar.addfile(info, io.BytesIO(data))


def restore(
    *, archive: Path, database: dict[str, Any] | None = None, force: bool = False
) -> Restored:
    """Check `archive`, then replace the database and add its files to MEDIA_ROOT."""
    database = database or connections["default"].settings_dict
    engine = engine_of(database)
    with tempfile.TemporaryDirectory(prefix="fieldsales-restore-") as work:
        manifest = unpack(archive, Path(work))
        if manifest["engine"] != engine:
            raise BackupError(
                f"{archive.name} holds a {manifest['engine']} database, "
                f"the configured one is {engine}",
                code=2,
            )
        users = _count_users(database)
        if users and not force:
            raise BackupError(
                f"the database {database['NAME']} has {users} users: "
                "restore over it only with --force",
                code=2,
            )
        dump = Path(work) / DATABASE_MEMBERS[engine]
        connections.close_all()  # nothing of ours may hold the database while it is replaced
        if engine == "sqlite":
            _sqlite_restore(dump, database)
        else:
            _postgres_restore(dump, database)
        files = _restore_media(Path(work) / MEDIA, Path(settings.MEDIA_ROOT))
    with _connect(database) as connection:
        found = database_state(connection)
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    for key in ("counts", "totals"):
        differ = sorted(k for k in manifest[key] if manifest[key][k] != found[key].get(k))
        if differ:
            raise BackupError(f"the restored database differs from the manifest: {differ[0]}")
    return Restored(
        tables=len(found["counts"]),
        rows=sum(found["counts"].values()),
        files=files,
        pending_migrations=len(pending),
    )


def unpack(archive: Path, into: Path) -> dict[str, Any]:
    """Extract `archive` into `into` and return its manifest, or refuse it (code 2) when a
    member is missing, added, altered or not a plain file."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                if not member.isfile() or not _expected(member.name):
                    raise BackupError(f"{archive.name}: unexpected member {member.name}", code=2)
            tar.extractall(into, members=members, filter="data")
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, tarfile.TarError, EOFError, ValueError) as error:
        raise BackupError(f"{archive.name} is not a readable backup: {error}", code=2) from error
    if (
        manifest.get("format") != FORMAT
        or manifest.get("engine") not in DATABASE_MEMBERS
        or not all(isinstance(manifest.get(key), dict) for key in ("files", "counts", "totals"))
    ):
        raise BackupError(f"{archive.name}: not a fieldsales backup manifest", code=2)
    listed = manifest["files"]
    present = {m.name for m in members} - {MANIFEST}
    for name in sorted(present | set(listed)):
        if name not in listed or name not in present or sha256(into / name) != listed[name]:
            raise BackupError(f"{archive.name} is damaged or altered: {name}", code=2)
    return manifest


def database_state(connection: BaseDatabaseWrapper) -> dict[str, Any]:
    """Applied migrations, the rows of every table and the total of every decimal column
    (every money column among them)."""
    counts: dict[str, int] = {}
    totals: dict[str, str] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, id")
        migrations: dict[str, list[str]] = {}
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
        # The tables and columns the database has: an older backup may lack the newest ones.
        tables = set(connection.introspection.table_names(cursor))
        for model in _tables():
            if model._meta.db_table not in tables:
                continue
            columns = {
                c.name
                for c in connection.introspection.get_table_description(
                    cursor, model._meta.db_table
                )
            }
            decimals = [
                f
                for f in model._meta.local_fields
                if isinstance(f, models.DecimalField) and f.column in columns
            ]
            quote = connection.ops.quote_name
            sums = "".join(f", SUM({quote(f.column)})" for f in decimals)
            cursor.execute(f"SELECT COUNT(*){sums} FROM {quote(model._meta.db_table)}")
            count, *sums_found = cursor.fetchone()
            counts[model._meta.label] = count
            for field, total in zip(decimals, sums_found, strict=True):
                totals[f"{model._meta.label}.{field.name}"] = _amount(total, field.decimal_places)
    return {"migrations": migrations, "counts": counts, "totals": totals}


def media_files(root: Path) -> list[Path]:
    """Every plain file under the media folder (links are not followed)."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def engine_of(database: dict[str, Any]) -> str:
    vendor = database["ENGINE"].rsplit(".", 1)[-1]
    if vendor == "sqlite3":
        return "sqlite"
    if vendor in ("postgresql", "postgis"):
        return "postgresql"
    raise BackupError(f"backups support SQLite and PostgreSQL, not {database['ENGINE']}", code=2)


def app_version() -> str:
    try:
        return metadata.version("fieldsales")
    except metadata.PackageNotFoundError:
        return "unknown"


# --- SQLite ---------------------------------------------------------------------------------


def _sqlite_dump(database: dict[str, Any], dump: Path) -> dict[str, Any]:
    if not Path(database["NAME"]).is_file():
        raise BackupError(f"no database at {database['NAME']}", code=2)
    # The online backup API copies a consistent database while others keep writing.
    source = sqlite3.connect(database["NAME"])
    target = sqlite3.connect(dump)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    with _connect({**database, "NAME": str(dump)}) as connection:
        return database_state(connection)


def _sqlite_restore(dump: Path, database: dict[str, Any]) -> None:
    # Through the backup API, not a file copy: it takes the database's lock and replaces every
    # page, whether or not the file exists or another process has it open.
    source = sqlite3.connect(dump)
    target = sqlite3.connect(database["NAME"])
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


# --- PostgreSQL -----------------------------------------------------------------------------


def _postgres_dump(database: dict[str, Any], dump: Path) -> dict[str, Any]:
    pg_dump = _tool("pg_dump")
    with _connect(database) as connection, connection.cursor() as cursor:
        # pg_dump reads the snapshot this transaction exported: the counts match the dump.
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"], database)
        state = database_state(connection)
        cursor.execute("ROLLBACK")
    return state


def _postgres_restore(dump: Path, database: dict[str, Any]) -> None:
    pg_restore = _tool("pg_restore")
    options = ["--clean", "--if-exists", "--no-owner", "--exit-on-error"]
    _run([pg_restore, *options, f"--dbname={database['NAME']}", str(dump)], database)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} is not on PATH: install the PostgreSQL client of the server's version "
            "(Debian: apt-get install postgresql-client)",
            code=2,
        )
    return found


def _run(command: list[str], database: dict[str, Any]) -> None:
    env = {**os.environ, "PGDATABASE": database["NAME"]}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if database.get(key):
            env[variable] = str(database[key])
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]  # never on the command line
    if database.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = database["OPTIONS"]["sslmode"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit {done.returncode}"]
        raise BackupError(f"{Path(command[0]).name} failed: {lines[-1]}")


# --- helpers --------------------------------------------------------------------------------


@contextmanager
def _connect(database: dict[str, Any]) -> Iterator[BaseDatabaseWrapper]:
    """A connection of its own to `database` (a complete settings dict), closed after."""
    wrapper = load_backend(database["ENGINE"]).DatabaseWrapper(database, alias=ALIAS)
    # Django's introspection and migration code look the connection up by its alias.
    connections[ALIAS] = wrapper
    try:
        yield wrapper
    finally:
        wrapper.close()
        del connections[ALIAS]


def _tables() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]


def _amount(total: Any, places: int) -> str:
    # SQLite sums decimals as floats: rounded to the column's places they are exact again.
    return str(Decimal(str(total or 0)).quantize(Decimal(1).scaleb(-places)))


def _count_users(database: dict[str, Any]) -> int:
    with _connect(database) as connection:
        if "auth_user" not in connection.introspection.table_names():
            return 0
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM auth_user")
            return int(cursor.fetchone()[0])


def _restore_media(source: Path, root: Path) -> int:
    """Copy the archive's media files into MEDIA_ROOT (files already there and not in the
    archive stay)."""
    files = media_files(source)
    for path in files:
        target = root / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return len(files)


def _add(tar: tarfile.TarFile, path: Path, name: str) -> str:
    digest = sha256(path)
    tar.add(path, arcname=name, recursive=False)
    return digest


def _private(path: Path) -> BinaryIO:
    return open(path, "xb", opener=lambda p, flags: os.open(p, flags, 0o600))  # noqa: SIM115


def _expected(name: str) -> bool:
    return name == MANIFEST or name in DATABASE_MEMBERS.values() or name.startswith(f"{MEDIA}/")
