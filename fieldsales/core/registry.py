"""Where apps plug into the shared pages: navigation and page blocks (labels: core.labels).

Core names no app. Each app registers its entries in its `AppConfig.ready()`, as apps register
with Django's admin site; the inbox sources are registered the same way (core.inbox).
Registering an entry again under the same key replaces it, so a second `ready()` is harmless.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

UserTest = Callable[[Any], bool]


@dataclass(frozen=True)
class NavEntry:
    """A tab of the main navigation: shown when its URL resolves and `visible(user)` allows."""

    url_name: str
    label: str
    icon: str
    order: int
    visible: UserTest | None = None
    badge: Callable[[HttpRequest], int | None] | None = None


@dataclass(frozen=True)
class PageBlock:
    """A part of a shared page ("home", "inbox"), rendered from `template` with `context(request)`.

    `slot` is where the page puts it: "content" (the body) or "actions" (the page's buttons)."""

    page: str
    name: str
    template: str
    order: int
    context: Callable[[HttpRequest], Mapping[str, Any]] | None = None
    visible: UserTest | None = None
    slot: str = "content"


_nav: dict[str, NavEntry] = {}
_blocks: dict[tuple[str, str], PageBlock] = {}


def register_nav(entry: NavEntry) -> None:
    """Add a tab to the main navigation (keyed by its URL name)."""
    _nav[entry.url_name] = entry


def nav_entries(user: Any) -> list[NavEntry]:
    """The tabs this user may see, in order."""
    return sorted(
        (e for e in _nav.values() if e.visible is None or e.visible(user)), key=lambda e: e.order
    )


def register_block(block: PageBlock) -> None:
    """Add a block to a shared page (keyed by page and name)."""
    _blocks[(block.page, block.name)] = block


def page_blocks(page: str, user: Any, *, slot: str = "content") -> list[PageBlock]:
    """The blocks of `page` this user may see, in order."""
    chosen = [
        b
        for (name, _key), b in _blocks.items()
        if name == page and b.slot == slot and (b.visible is None or b.visible(user))
    ]
    return sorted(chosen, key=lambda b: b.order)


def render_blocks(page: str, request: HttpRequest, *, slot: str = "content") -> list[SafeString]:
    """Each visible block of `page` rendered to HTML, in order."""
    rendered = []
    for block in page_blocks(page, request.user, slot=slot):
        context = dict(block.context(request)) if block.context is not None else {}
        rendered.append(render_to_string(block.template, context, request=request))
    return rendered
