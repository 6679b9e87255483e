"""How the crm part writes its rows: `Table` (COPY on PostgreSQL, executemany on SQLite, ids
given here; not bulk_create, see its docstring)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connections, models, router
from django.db.models import Max


class Table:
    """Rows of one model written fast: every column filled (the model's defaults for what a
    row leaves out), ids given here, then PostgreSQL's COPY or SQLite's executemany.

    bulk_create spends most of its time preparing each value of each model instance; at
    `full` that is minutes for the CRM alone. The rows here are dicts of column values
    (attnames: `customer_id`), checked by the database's own constraints; the automatic
    times (`created_at`, `at`) are written as planned, never stamped with the present."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.defaults: dict[str, Any] = {}
        for f in self.fields:
            auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            blank = f.primary_key or auto or (f.null and not f.has_default())
            self.defaults[f.attname] = None if blank else f.get_default()
        self.connection = connections[router.db_for_write(model)]

    def next_id(self) -> int:
        return (self.model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def insert(self, rows: Iterable[dict[str, Any]], *, with_ids: bool = True) -> int:
        """Write `rows` (with their "id" unless `with_ids` is False: then numbered here)."""
        defaults, names = self.defaults, len(self.defaults)
        next_id = None if with_ids else self.next_id()
        batch: list[tuple[Any, ...]] = []
        count = 0
        for row in rows:
            values = {**defaults, **row}
            if len(values) != names:
                raise ValueError(
                    f"{self.model.__name__}: no such columns {set(row) - set(defaults)}"
                )
            if next_id is not None:
                values["id"] = next_id
                next_id += 1
            batch.append(tuple(values.values()))
            if len(batch) >= 5000:
                self._write(batch)
                count += len(batch)
                batch = []
        if batch:
            self._write(batch)
            count += len(batch)
        if count and self.connection.vendor == "postgresql":
            table = self.model._meta.db_table
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    f'(SELECT MAX(id) FROM "{table}"))',
                    [f'"{table}"'],
                )
        return count

    def _write(self, batch: list[tuple[Any, ...]]) -> None:
        table = self.model._meta.db_table
        columns = ", ".join(f'"{f.column}"' for f in self.fields)
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
                    for values in batch:
                        copy.write_row(values)
                return
            ops = self.connection.ops
            dated = [
                (
                    i,
                    ops.adapt_datetimefield_value
                    if isinstance(f, models.DateTimeField)
                    else ops.adapt_datefield_value,
                )
                for i, f in enumerate(self.fields)
                if isinstance(f, models.DateField)
            ]
            if dated:
                converted = []
                for values in batch:
                    row = list(values)
                    for i, adapt in dated:
                        row[i] = adapt(row[i])
                    converted.append(row)
                batch = converted  # type: ignore[assignment]
            marks = ", ".join(["%s"] * len(self.fields))
            cursor.executemany(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', batch)
