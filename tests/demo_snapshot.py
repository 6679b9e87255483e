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

`load_kept` does the same for any other loader: the generated tiny company (`tiny_company` in
conftest), which takes 10-30 s to generate and a second to copy back.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

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


@dataclass(frozen=True)
class _Kept:
    tables: list[_Table]
    result: Any  # what the loader returned


_snapshots: dict[tuple[str, str, str, str], _Kept] = {}


def load_demo() -> None:
    """What `fieldsales demo --without-selling-documents` writes, into the test's database."""
    if not connection.in_atomic_block:
        _run_command()
        return
    load_kept("demo", _run_command)


def load_kept(name: str, load: Callable[[], Any]) -> Any:
    """Run `load` (inside the caller's transaction) the first time this session on this database
    and day, keeping the rows it wrote and what it returned; afterwards copy the rows back and
    return the kept result. Rows written first by the caller make it run `load` again."""
    key = (
        name,
        connection.vendor,
        str(connection.settings_dict["NAME"]),
        str(timezone.localdate()),
    )
    kept = _snapshots.get(key)
    if kept is not None and _untouched(kept.tables):
        _restore(kept.tables)
        return kept.result
    if kept is not None:  # the test wrote rows first (a fixture's products): ids taken
        return load()
    before = _contents()
    result = load()
    changed = _changed(before)
    # Kept only when the loader wrote into empty tables: else the test had written first
    # (its rows would be in the copy), so the next test tries again.
    if not any(table.rows_before for table in changed):
        _snapshots[key] = _Kept(changed, result)
    return result


TINY_SEED = 7


def load_tiny_company() -> SimpleNamespace:
    """`fieldsales generate --size tiny --seed 7` on the empty database, inside the caller's
    transaction: `.output` is what it printed, `.ctx` the generator's context."""

    def generate() -> SimpleNamespace:
        from fieldsales.demo.management.commands.generate import Command

        out, command = io.StringIO(), Command()
        call_command(command, "--size", "tiny", "--seed", str(TINY_SEED), stdout=out)
        return SimpleNamespace(output=out.getvalue(), ctx=command.generated)

    return load_kept(f"generate tiny {TINY_SEED}", generate)


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


# Tables whose triggers read other tables' rows: copied back after all the others.
RESTORED_LAST = ("sales_collection",)  # its triggers read the collection's order


def _restore(snapshot: list[_Table]) -> None:
    ordered = sorted(snapshot, key=lambda table: table.name in RESTORED_LAST)
    with connection.cursor() as cursor:
        for table in ordered:
            name = connection.ops.quote_name(table.name)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {name} ({_quoted(table.columns)}) FROM STDIN") as c:
                    c.write(table.data)
                continue
            rows = list(table.data)  # type: ignore[call-overload]
            for start in range(0, len(rows), 400):
                values = ", ".join(f"({', '.join(row)})" for row in rows[start : start + 400])
                cursor.execute(f"INSERT INTO {name} ({_quoted(table.columns)}) VALUES {values}")
