"""D12's overdue counts: a registry each part of the department fills at start-up.

    register_overdue(OverdueCount("logs", _("工作日志逾期"), count=fn, url_name="..."))

`count(viewer, today) -> int` counts what is overdue among what the viewer sees (one or two
queries, whatever the data). Revisits, installments and trip reports are registered by this
package (entries.py); work logs and reports register theirs from their own entries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class OverdueCount:
    code: str
    label: Any
    count: Callable[[Any, date], int]
    url_name: str
    order: int = 50


_counts: dict[str, OverdueCount] = {}


def register_overdue(entry: OverdueCount) -> None:
    """Add (or replace, by code) one overdue count."""
    _counts[entry.code] = entry


def registered() -> list[OverdueCount]:
    return sorted(_counts.values(), key=lambda e: (e.order, e.code))


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def overdue_counts(viewer: Any, today: date) -> list[dict[str, Any]]:
    """[{code, label, count, url}] in the registry's order."""
    return [
        {
            "code": e.code,
            "label": str(e.label),
            "count": int(e.count(viewer, today)),
            "url": _url(e.url_name),
        }
        for e in registered()
    ]
