"""`fieldsales backup` and `fieldsales restore` (issue 15, operations): the drill.

A backup needs committed rows, so these tests run outside pytest-django's wrapping transaction.
They run on the configured database: SQLite by default, PostgreSQL with DATABASE_URL (the
empty database to restore into is then created for the test and dropped after).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from fieldsales.core.backup import (
    BackupError,
    _connect,
    backup,
    database_state,
    restore,
    sha256,
)

committed = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
MEDIA = {
    "receipts/2026/12/火车票 G1234.jpg": os.urandom(40_000),
    "orders/2026/12/SO-2026-001.pdf": b"%PDF-1.4\n" + os.urandom(2_000),
    "service/2026/12/photo.png": b"\x89PNG\r\n\x1a\n" + os.urandom(500),
}


@pytest.fixture
def media(settings):
    root = Path(settings.MEDIA_ROOT)
    for name, data in MEDIA.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


@pytest.fixture
def empty_database(tmp_path):
    """The settings of a second, empty database: a new SQLite file, or a new PostgreSQL one."""
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        yield {**source, "NAME": str(tmp_path / "restored.sqlite3")}
        return
    name = f"{source['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield {**source, "NAME": name}
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def every_row(database) -> dict[str, list[tuple]]:
    """Every row of every table, in key order: what a restore must give back unchanged."""
    with _connect(database) as db, db.cursor() as cursor:
        rows = {}
        for table in sorted(db.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {db.ops.quote_name(table)} ORDER BY 1")
            rows[table] = [
                tuple(bytes(v) if isinstance(v, memoryview) else v for v in r)
                for r in cursor.fetchall()
            ]
        return rows


def every_count(database) -> dict[str, int]:
    with _connect(database) as db:
        return database_state(db)["counts"]


@committed
def test_backup_of_the_company_restores_into_an_empty_database_and_media_folder(
    cast, media, empty_database, settings, tmp_path
):
    source = connection.settings_dict
    with _connect(source) as db:
        before = database_state(db)
    rows_before = every_row(source)

    archive = backup(output=tmp_path / "backups")
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    done = restore(archive=archive, database=empty_database)

    with _connect(empty_database) as db:
        after = database_state(db)
    assert after["counts"] == before["counts"]
    assert after["totals"] == before["totals"]
    assert after["migrations"] == before["migrations"]
    assert before["counts"]["auth.User"] == 8
    assert before["totals"]["crm.Opportunity.amount"] == "2230000.00"  # money to compare
    assert before["totals"]["sales.PriceListLine.market"] == "22247.70"
    assert every_row(empty_database) == rows_before
    for name, data in MEDIA.items():
        assert (tmp_path / "restored-media" / name).read_bytes() == data
    assert done.files == len(MEDIA) and done.pending_migrations == 0
    assert done.rows == sum(before["counts"].values())


@committed
def test_restore_replaces_a_database_that_has_users_only_when_forced(
    a_user, empty_database, tmp_path
):
    archive = backup(output=tmp_path)
    restore(archive=archive, database=empty_database)  # now it has a user

    with pytest.raises(BackupError) as refused:
        restore(archive=archive, database=empty_database)
    done = restore(archive=archive, database=empty_database, force=True)

    assert refused.value.code == 2
    assert done.rows == sum(every_count(empty_database).values())


@pytest.fixture
def a_user(db):
    return get_user_model().objects.create_user("keeper", password="x" * 12)


@committed
def test_the_archive_is_dated_and_its_manifest_lists_every_member(a_user, media, tmp_path):
    call_command("backup", "--output", str(tmp_path), stdout=open(os.devnull, "w"))  # noqa: SIM115

    [archive] = tmp_path.glob("*.tar.gz")
    assert re.fullmatch(r"fieldsales-backup-\d{8}-\d{6}\.tar\.gz", archive.name)
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "x", filter="data")
        names = set(tar.getnames())
    manifest = json.loads((tmp_path / "x" / "manifest.json").read_text())
    database = "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"
    assert names == {"manifest.json", database, *(f"media/{n}" for n in MEDIA)}
    assert manifest["files"] == {n: sha256(tmp_path / "x" / n) for n in names - {"manifest.json"}}
    assert manifest["app_version"] == "0.1.0"
    assert manifest["engine"] == ("sqlite" if connection.vendor == "sqlite" else "postgresql")
    assert "0001_initial" in manifest["migrations"]["core"]
    assert manifest["counts"]["auth.User"] == 1


@committed
def test_a_tampered_archive_is_refused_before_anything_is_written(
    db, media, empty_database, settings, tmp_path
):
    archive = backup(output=tmp_path / "backups")
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as tar, tarfile.open(tampered, "w:gz") as out:
        for member in tar.getmembers():
            data = tar.extractfile(member).read()
            if member.name.startswith("media/receipts/"):
                data = data[:-1] + bytes([data[-1] ^ 1])  # one bit of one receipt
            member.size = len(data)
            out.addfile(member, fileobj=io.BytesIO(data))
    settings.MEDIA_ROOT = tmp_path / "restored-media"

    with pytest.raises(BackupError) as refused:
        restore(archive=tampered, database=empty_database)

    assert refused.value.code == 2
    assert str(refused.value) == (
        "tampered.tar.gz is damaged or altered: media/receipts/2026/12/火车票 G1234.jpg"
    )
    assert not (tmp_path / "restored-media").exists()
    with _connect(empty_database) as db:
        assert db.introspection.table_names() == []


def test_restore_command_exits_2_with_one_line_for_a_tampered_archive(tmp_path):
    tampered = tmp_path / "fieldsales-backup-20261204-120000.tar.gz"
    tampered.write_bytes(b"not a gzip file")
    env = {**os.environ, "FIELDSALES_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}

    done = subprocess.run(
        [sys.executable, "-m", "fieldsales", "restore", str(tampered)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"CommandError: {tampered.name} is not a readable backup")


@committed
def test_restore_refuses_a_database_that_has_users(a_user, tmp_path):
    archive = backup(output=tmp_path)

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive))

    assert refused.value.returncode == 2
    assert "has 1 users: restore over it only with --force" in str(refused.value)
    assert get_user_model().objects.get().username == "keeper"


def test_backup_without_pg_dump_says_so(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    postgres = {"ENGINE": "django.db.backends.postgresql", "NAME": "fieldsales"}

    with pytest.raises(BackupError) as refused:
        backup(output=tmp_path, database=postgres)

    assert refused.value.code == 2
    assert str(refused.value).startswith("pg_dump is not on PATH")
