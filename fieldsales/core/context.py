"""Template context shared by every page: the navigation of base.html."""

from __future__ import annotations

from typing import Any, TypedDict

from django.http import HttpRequest
from django.urls import NoReverseMatch, resolve, reverse
from django.utils.functional import SimpleLazyObject

from fieldsales.core.registry import nav_entries

_NAV = "_fieldsales_nav"  # the request's navigation, once built


class NavItem(TypedDict):
    label: str
    url: str
    icon: str
    active: bool
    badge: int | None


def _item(
    url_name: str, label: str, icon: str, badge: int | None = None, *, user: Any = None
) -> NavItem | None:
    # A URL that is not wired up yet is simply left out of the menu, and so is a page whose
    # view does not admit this user (a view may carry `admits(user)`, as the CRM's do).
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return None
    admits = getattr(resolve(url).func, "admits", None)
    if user is not None and admits is not None and not admits(user):
        return None
    return {"label": label, "url": url, "icon": icon, "active": False, "badge": badge}


def _mark_active(items: list[NavItem], path: str) -> None:
    # The longest matching prefix wins, so /trips/claims/ lights 报销, not 出差; 首页 only on itself.
    best: NavItem | None = None
    for item in items:
        url = item["url"]
        matches = path == url if url == "/" else path.startswith(url)
        if matches and (best is None or len(url) > len(best["url"])):
            best = item
    if best is not None:
        best["active"] = True


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The `nav` list of base.html: the sections this user may open (registered by the apps).

    Context processors run for every template rendered with the request, and a home page
    renders a dozen blocks: the list is built when a template first reads it, once per
    request (it was built thirteen times for a salesperson's home, 90 URL lookups)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    return {"nav": SimpleLazyObject(lambda: _nav_of(request, user))}


def _nav_of(request: HttpRequest, user: Any) -> list[NavItem]:
    items: list[NavItem] | None = getattr(request, _NAV, None)
    if items is None:
        candidates = [
            _item(
                entry.url_name,
                str(entry.label),
                entry.icon,
                entry.badge(request) if entry.badge is not None else None,
                user=user,
            )
            for entry in nav_entries(user)
        ]
        items = [item for item in candidates if item is not None]
        _mark_active(items, request.path)
        setattr(request, _NAV, items)
    return items


def inbox_badge(request: HttpRequest) -> int | None:
    """The inbox count the middleware put on the request (pages only)."""
    return getattr(request, "inbox_count", None)
