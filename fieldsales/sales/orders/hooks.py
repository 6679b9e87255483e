"""What higher layers do when an order is signed (selling.md S7.3: trips corrects the claims
whose entertainment waited for it). Sales names no higher layer: they register here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fieldsales.sales.orders.models import Order

OnSigned = Callable[[Order, Any], None]
_on_signed: list[OnSigned] = []


def register_on_signed(hook: OnSigned) -> None:
    """`hook(order, actor)` runs inside the signing's transaction, after the order is signed."""
    if hook not in _on_signed:
        _on_signed.append(hook)


def order_signed(order: Order, actor: Any) -> None:
    for hook in _on_signed:
        hook(order, actor)
