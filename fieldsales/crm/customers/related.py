"""Blocks of documents from higher layers on a customer's or an opportunity's page.

crm names no domain above it: sales (quotes) registers a block at start-up, the page renders
every registered block for its object. `context(request, obj)` returns the block's context,
or None to leave it out (the user may not see such documents).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

CUSTOMER, OPPORTUNITY = "customer", "opportunity"


@dataclass(frozen=True)
class RelatedBlock:
    page: str  # CUSTOMER or OPPORTUNITY
    name: str
    template: str
    context: Callable[[HttpRequest, Any], Mapping[str, Any] | None]
    order: int = 50


_blocks: dict[tuple[str, str], RelatedBlock] = {}


def register_related(block: RelatedBlock) -> None:
    """Add a block to the customer's or the opportunity's page (keyed by page and name)."""
    _blocks[(block.page, block.name)] = block


def render_related(page: str, request: HttpRequest, obj: Any) -> list[SafeString]:
    """Each registered block of `page` for `obj`, rendered, in order."""
    rendered = []
    for block in sorted((b for b in _blocks.values() if b.page == page), key=lambda b: b.order):
        context = block.context(request, obj)
        if context is not None:
            rendered.append(render_to_string(block.template, dict(context), request=request))
    return rendered
