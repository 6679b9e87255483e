"""Document numbers from a locked counter row: parallel saves never get the same number.

`next_number` bumps the row with an UPDATE (which takes the row lock on PostgreSQL and the
write lock on SQLite) and reads it back under select_for_update, inside the caller's
transaction: a second transaction waits for the first to commit. A series that has no row
yet starts after `start()` (e.g. the highest number already in use).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import F

from fieldsales.core.models import Counter


def next_number(name: str, *, start: Callable[[], int] = lambda: 0) -> int:
    """The next number of the series `name` (1, 2, …, or after `start()` for a new series)."""
    with transaction.atomic():
        if not Counter.objects.filter(name=name).update(value=F("value") + 1):
            try:
                with transaction.atomic():
                    Counter.objects.create(name=name, value=start() + 1)
            except IntegrityError:  # another transaction created the series first
                Counter.objects.filter(name=name).update(value=F("value") + 1)
        return Counter.objects.select_for_update().get(name=name).value
