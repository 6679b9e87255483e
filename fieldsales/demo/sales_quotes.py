"""The demo company's quotes (selling.md), loaded idempotently by `fieldsales demo`."""

from __future__ import annotations

from typing import Any


def load(users: dict[str, Any]) -> None:
    """Nothing yet."""
