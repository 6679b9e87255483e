"""The generator's selling part (see fieldsales/demo/generate/__init__.py)."""

from __future__ import annotations

from fieldsales.demo.generate import Context


def generate(ctx: Context) -> None:
    """To be written."""
