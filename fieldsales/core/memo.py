"""Reads a request repeats, made once per request: the effective-dated parameter versions in
force, asked once per row of a list (a shift's hours, a quote's major amount, a trip's policy).

`rows_of(Model, *ordering)` is every row of a small table, fetched once per request and
forgotten when one of them is saved or deleted. Outside a request (a command, a task, a test
calling a service) nothing is kept: every call reads the database, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.core.signals import request_finished, request_started
from django.db import models
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")

_VOLATILE = ("memo.volatile",)  # the keys `forget_on_save` asked for
_store: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar("fieldsales_memo", default=None)


def remembered(
    key: tuple[Any, ...], compute: Callable[[], T], *, forget_on_save: bool = False
) -> T:
    """`compute()` once per request under `key` (every time outside a request); with
    `forget_on_save`, computed again after the request saves or deletes any row."""
    store = _store.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
        if forget_on_save:
            store.setdefault(_VOLATILE, set()).add(key)
    return store[key]  # type: ignore[no-any-return]


def recalled(key: tuple[Any, ...]) -> Any:
    """What the request remembers under `key`, or None: nothing is computed."""
    store = _store.get()
    return None if store is None else store.get(key)


def rows_of(model: type[models.Model], *ordering: str) -> list[Any]:
    """Every row of `model` (a table of a few versions), in `ordering`."""
    return remembered(
        ("rows", model._meta.label, ordering),
        lambda: list(model._default_manager.order_by(*ordering)),
    )


@contextmanager
def fresh() -> Iterator[None]:
    """Within the block, a request remembers nothing it remembered before (and forgets what the
    block computed after it): every read goes to the database."""
    if _store.get() is None:
        yield
        return
    token = _store.set({})
    try:
        yield
    finally:
        _store.reset(token)


def _begin(**_kwargs: Any) -> None:
    _store.set({})


def _end(**_kwargs: Any) -> None:
    _store.set(None)


def _forget_rows(sender: Any, **_kwargs: Any) -> None:
    store = _store.get()
    if store:
        label = sender._meta.label
        for key in [k for k in store if k[0] == "rows" and k[1] == label]:
            del store[key]
        for key in store.pop(_VOLATILE, set()):
            store.pop(key, None)


request_started.connect(_begin, dispatch_uid="fieldsales.core.memo.begin")
request_finished.connect(_end, dispatch_uid="fieldsales.core.memo.end")
post_save.connect(_forget_rows, dispatch_uid="fieldsales.core.memo.saved")
post_delete.connect(_forget_rows, dispatch_uid="fieldsales.core.memo.deleted")
