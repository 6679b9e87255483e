"""What kinds of notification exist and which periodic sweeps make them.

Apps register in their `AppConfig.ready()`, as with `core.registry`: a `Kind` names what a
user may mute, a `Sweep` is a periodic job (due and overdue reports and logs, revisits,
installments) that celery beat runs on its schedule and `fieldsales jobs` runs once (for
cron when no broker is configured). A sweep makes its notifications through
`services.notify`, whose unique key keeps a notification from being sent twice however
often the sweep runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any


@dataclass(frozen=True)
class Kind:
    """A kind of notification: its code (stored on each notification) and its label."""

    code: str
    label: Any
    order: int = 0


@dataclass(frozen=True)
class Message:
    """A notification to make: `services.notify` takes these fields."""

    recipient: Any
    kind: str
    dedupe_key: str
    title: str
    body: str = ""
    link: str = ""
    document: Any = None


# What a document's move means for whom: (document, action, from_state, to_state, actor)
# -> the messages to make. The approval path (moves.py) is one; an app adds its own.
Mover = Callable[[Any, str, str, str, Any], list[Message]]


@dataclass(frozen=True)
class Sweep:
    """A periodic job: `run(now)` makes the notifications due at `now`, returns how many."""

    name: str
    run: Callable[[datetime], int]
    every: timedelta = timedelta(hours=1)


_kinds: dict[str, Kind] = {}
_sweeps: dict[str, Sweep] = {}
_movers: dict[str, Mover] = {}


def register_kind(kind: Kind) -> None:
    """Add a kind users may receive and mute (keyed by its code)."""
    _kinds[kind.code] = kind


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: (k.order, k.code))


def kind_codes() -> frozenset[str]:
    return frozenset(_kinds)


def register_sweep(sweep: Sweep) -> None:
    """Add a periodic job (keyed by its name; registering again replaces it)."""
    _sweeps[sweep.name] = sweep


def sweeps() -> list[Sweep]:
    return sorted(_sweeps.values(), key=lambda s: s.name)


def sweep(name: str) -> Sweep:
    return _sweeps[name]


def register_mover(name: str, mover: Mover) -> None:
    """Add what a workflow move means for whom (keyed by name; again replaces it)."""
    _movers[name] = mover


def movers() -> list[Mover]:
    return [_movers[name] for name in sorted(_movers)]
