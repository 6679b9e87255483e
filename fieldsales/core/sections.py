"""A tab of the main navigation that holds several sections (销售: prices, inquiries, quotes,
orders …; 部门: targets, plans …).

A phone's bottom bar holds six or seven tabs, so such an app takes one: its home URL opens the
first section this user may use, and each section's pages show the others as a strip of tabs.
Each subpackage registers its section at start-up (`group.register(Section(...))`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


@dataclass(frozen=True)
class Section:
    url_name: str
    label: Any
    order: int
    visible: Callable[[Any], bool]


class SectionGroup:
    """The sections of one navigation tab, in their order."""

    def __init__(self) -> None:
        self._sections: list[Section] = []

    def register(self, section: Section) -> None:
        if all(s.url_name != section.url_name for s in self._sections):
            self._sections.append(section)
            self._sections.sort(key=lambda s: s.order)

    def for_user(self, user: Any) -> list[Section]:
        if not getattr(user, "is_authenticated", False):
            return []
        return [s for s in self._sections if s.visible(user)]

    def used_by(self, user: Any) -> bool:
        """Whether the tab shows: some section is this user's."""
        return bool(self.for_user(user))

    def tabs(self, request: HttpRequest) -> list[dict[str, Any]]:
        """The strip of sections for this page: label, url, and whether it is the current one."""
        items = [
            {"label": s.label, "url": reverse(s.url_name)} for s in self.for_user(request.user)
        ]
        best = max(
            (item for item in items if request.path.startswith(item["url"])),
            key=lambda item: len(item["url"]),
            default=None,
        )
        for item in items:
            item["active"] = item is best
        return items

    def home_view(self) -> Callable[[HttpRequest], HttpResponse]:
        """The tab's own URL: the first section this user may open (404 when none)."""

        @login_required
        def home(request: HttpRequest) -> HttpResponse:
            sections = self.for_user(request.user)
            if not sections:
                raise Http404
            return redirect(sections[0].url_name)

        home.admits = self.used_by  # type: ignore[attr-defined]  # the navigation asks the view
        return home
