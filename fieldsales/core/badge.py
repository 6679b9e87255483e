"""The inbox badge's counts in one query, its SQL compiled once per user.

Every page shows how many documents wait for the user: a COUNT per inbox source. Building and
compiling those eleven querysets cost some 15 ms a page, more than running them. A user's
querysets depend on the code and on who the user is: their roles, departments, teams and
alternates, which the sources read from the org and auth tables while building them. So the
compiled SQL of a user's counts is kept (per process, for `KEEP_SECONDS`) under the org
tables' generation, a number in the shared cache raised whenever a row of the org or auth
apps is saved or deleted (a sign-in's `last_login` aside); all counts then run as one query.

Kept only when it is safe to: if building a user's querysets read any other table, or put a
date or time into the SQL, nothing is kept and every request builds them again.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from fieldsales.core import memo

KEEP_SECONDS = 60  # a process without the shared cache sees an org change this late at most
KEEP_USERS = 1000
GENERATION = "core.badge.org_generation"
WATCHED_APPS = {"org", "auth"}  # what building the querysets may read
_READABLE = ("org_", "auth_")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_TABLE = re.compile(r'\b(?:FROM|JOIN)\s+["`]?(\w+)', re.IGNORECASE)


@dataclass(frozen=True)
class Compiled:
    names: tuple[str, ...]  # the sources counted by the query, in its column order
    empty: tuple[str, ...]  # the sources with nothing possible (an empty queryset)
    sql: str
    params: tuple[Any, ...]


_kept: OrderedDict[tuple[Any, ...], tuple[float, Compiled]] = OrderedDict()
_lock = threading.Lock()


def counts(user: Any, parts: Callable[[], Iterable[tuple[str, QuerySet[Any]]]]) -> dict[str, int]:
    """{source name: documents waiting} for the user; `parts` builds (name, queryset) pairs."""
    key = (user.pk, timezone.localdate(), _generation())
    compiled = _recall(key)
    if compiled is None:
        compiled, safe = _compile(parts)
        if safe:
            _keep(key, compiled)
    found = dict.fromkeys(compiled.empty, 0)
    if compiled.names:
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, compiled.params)
            row = cursor.fetchone()
        found.update(zip(compiled.names, (int(n) for n in row), strict=True))
    return found


def _compile(parts: Callable[[], Iterable[tuple[str, QuerySet[Any]]]]) -> tuple[Compiled, bool]:
    """The counts' SQL, and whether it may be kept: building read only org and auth tables,
    and no date or time went into it."""
    read: list[str] = []

    def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        read.append(sql)
        return execute(sql, params, many, context)

    names: list[str] = []
    empty: list[str] = []
    columns: list[str] = []
    params: list[Any] = []
    # A fresh memo while building: what the request remembered already is read again, so
    # every table the querysets depend on is seen.
    with connection.execute_wrapper(watch), memo.fresh():
        for name, queryset in parts():
            try:
                sql, more = queryset.order_by().query.sql_with_params()
            except EmptyResultSet:
                empty.append(name)
                continue
            columns.append(f"(SELECT COUNT(*) FROM ({sql}) AS badge_{len(names)})")
            names.append(name)
            params.extend(more)
    safe = all(_reads_only_org(sql) for sql in read) and not any(map(_is_time, params))
    compiled = Compiled(tuple(names), tuple(empty), "SELECT " + ", ".join(columns), tuple(params))
    return compiled, safe


def _is_time(param: Any) -> bool:
    """A date or time, as the database driver gets it (SQLite's are ISO strings)."""
    return isinstance(param, (date, datetime)) or (
        isinstance(param, str) and _ISO_DAY.match(param) is not None
    )


def _reads_only_org(sql: str) -> bool:
    """Whether every table the statement names after FROM or JOIN is an org or auth table."""
    return all(table.startswith(_READABLE) for table in _TABLE.findall(sql))


def _recall(key: tuple[Any, ...]) -> Compiled | None:
    with _lock:
        found = _kept.get(key)
        if found is None or time.monotonic() - found[0] > KEEP_SECONDS:
            return None
        _kept.move_to_end(key)
        return found[1]


def _keep(key: tuple[Any, ...], compiled: Compiled) -> None:
    with _lock:
        _kept[key] = (time.monotonic(), compiled)
        _kept.move_to_end(key)
        while len(_kept) > KEEP_USERS:
            _kept.popitem(last=False)


def forget() -> None:
    """Keep nothing compiled so far (a test's database is another company)."""
    with _lock:
        _kept.clear()


def _generation() -> int:
    return cache.get(GENERATION, 0)  # type: ignore[no-any-return]


def _org_changed(sender: Any, **kwargs: Any) -> None:
    if sender._meta.app_label not in WATCHED_APPS:
        return
    if set(kwargs.get("update_fields") or ()) == {"last_login"}:
        return  # a sign-in: nobody's roles changed
    try:
        cache.incr(GENERATION)
    except ValueError:  # not set yet (or evicted): any new value differs from what was kept
        cache.set(GENERATION, time.time_ns(), timeout=None)


post_save.connect(_org_changed, dispatch_uid="fieldsales.core.badge.saved")
post_delete.connect(_org_changed, dispatch_uid="fieldsales.core.badge.deleted")
