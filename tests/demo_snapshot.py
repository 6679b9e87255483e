"""The demo company for the `cast` fixture, loaded by its command once per test session and
then copied back from a snapshot of the rows it wrote (CI time: on PostgreSQL the command took
about 0.3 s, a copy a few milliseconds, and about 2,800 tests use the cast).

A copy is exact: PostgreSQL copies with COPY in its text format, SQLite with `quote()`d
literals, so every stored value comes back as it was, ids included. Ids do not collide with
later rows: PostgreSQL's sequences never go back, and SQLite's AUTOINCREMENT counter follows the
largest id inserted.

Only a test that runs inside a transaction gets the copy (pytest-django runs those first, on the
database as migrations left it), and only while the tables the demo writes are as empty as they
were when the snapshot was taken (one query; a fixture may have written products first, and
then the command runs). A transactional test, which commits and flushes, runs the command. The
snapshot is keyed by the database and the day, since the demo's dates are relative to today.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

DEMO_ARGS = ("demo", "--without-selling-documents")


@dataclass(frozen=True)
class _Table:
    name: str
    columns: tuple[str, ...]
    data: object  # PostgreSQL: COPY text (bytes); SQLite: rows of SQL literals
    rows_before: int  # 0: the demo writes into empty tables only (else no snapshot is kept)


_snapshots: dict[tuple[str, str, str], list[_Table]] = {}


def load_demo() -> None:
    """What `fieldsales demo --without-selling-documents` writes, into the test's database."""
    if not connection.in_atomic_block:
        _run_command()
        return
    key = (connection.vendor, str(connection.settings_dict["NAME"]), str(timezone.localdate()))
    snapshot = _snapshots.get(key)
    if snapshot is None:
        before = _contents()
        _run_command()
        changed = _changed(before)
        # Kept only when the demo wrote into empty tables: else the test had written first
        # (its rows would be in the copy), so the next test tries again.
        if not any(table.rows_before for table in changed):
            _snapshots[key] = changed
    elif _untouched(snapshot):
        _restore(snapshot)
    else:  # the test wrote rows first (a fixture's products): ids taken, the command it is
        _run_command()


def _run_command() -> None:
    with open(os.devnull, "w") as quiet:
        call_command(*DEMO_ARGS, stdout=quiet)


def _tables() -> list[str]:
    return sorted(connection.introspection.table_names(include_views=False))


def _columns(table: str) -> tuple[str, ...]:
    with connection.cursor() as cursor:
        described = connection.introspection.get_table_description(cursor, table)
    return tuple(column.name for column in described)


def _contents() -> dict[str, object]:
    return {table: _read(table, _columns(table)) for table in _tables()}


# Tables the database's triggers keep from other tables: restoring their rows as well as the
# rows the triggers read would count those rows twice.
KEPT_BY_TRIGGERS = {"sales_collected_month"}


def _changed(before: dict[str, object]) -> list[_Table]:
    changed = []
    for table in _tables():
        if table in KEPT_BY_TRIGGERS:
            continue
        columns = _columns(table)
        after = _read(table, columns)
        if after != before.get(table):
            rows_before = _count_of(before.get(table) or [])
            changed.append(_Table(table, columns, after, rows_before))
    return changed


def _count_of(data: object) -> int:
    if isinstance(data, bytes):
        return data.count(b"\n")
    return len(data)  # type: ignore[arg-type]


def _untouched(snapshot: list[_Table]) -> bool:
    """Every table the demo writes holds what it held before the demo (one query)."""
    counts = ", ".join(
        f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t.name)})" for t in snapshot
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        found = cursor.fetchone()
    return list(found) == [t.rows_before for t in snapshot]


def _quoted(names: tuple[str, ...]) -> str:
    return ", ".join(connection.ops.quote_name(name) for name in names)


def _read(table: str, columns: tuple[str, ...]) -> object:
    name = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_sql = f"COPY {name} ({_quoted(columns)}) TO STDOUT"
            with cursor.cursor.copy(copy_sql) as copy:
                return b"".join(bytes(block) for block in copy)
        literals = ", ".join(f"quote({connection.ops.quote_name(c)})" for c in columns)
        order = ", ".join(str(i + 1) for i in range(len(columns)))
        cursor.execute(f"SELECT {literals} FROM {name} ORDER BY {order}")
        return cursor.fetchall()


def _restore(snapshot: list[_Table]) -> None:
    with connection.cursor() as cursor:
        for table in snapshot:
            name = connection.ops.quote_name(table.name)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {name} ({_quoted(table.columns)}) FROM STDIN") as c:
                    c.write(table.data)
                continue
            rows = list(table.data)  # type: ignore[call-overload]
            for start in range(0, len(rows), 400):
                values = ", ".join(f"({', '.join(row)})" for row in rows[start : start + 400])
                cursor.execute(f"INSERT INTO {name} ({_quoted(table.columns)}) VALUES {values}")
