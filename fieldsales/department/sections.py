"""The 部门 tab: one place in the main navigation for running the department (targets now;
plans, logs, reports and meetings as later work registers them).

`/department/` opens the first section this user may use, and each section's pages show the
others as a strip of tabs (`{% department_tabs %}`). Each subpackage registers its section in
its `entries.register()`, as selling's do (fieldsales.sales.sections).
"""

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


_sections: list[Section] = []


def register_section(section: Section) -> None:
    if all(s.url_name != section.url_name for s in _sections):
        _sections.append(section)
        _sections.sort(key=lambda s: s.order)


def sections_for(user: Any) -> list[Section]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [s for s in _sections if s.visible(user)]


def uses_department(user: Any) -> bool:
    """Whether the 部门 tab shows: some section is this user's."""
    return bool(sections_for(user))


def tabs(request: HttpRequest) -> list[dict[str, Any]]:
    """The strip of sections for this page: label, url, and whether it is the current one."""
    items = [{"label": s.label, "url": reverse(s.url_name)} for s in sections_for(request.user)]
    best = max(
        (item for item in items if request.path.startswith(item["url"])),
        key=lambda item: len(item["url"]),
        default=None,
    )
    for item in items:
        item["active"] = item is best
    return items


@login_required
def department_home(request: HttpRequest) -> HttpResponse:
    """`/department/`: the first section this user may open."""
    sections = sections_for(request.user)
    if not sections:
        raise Http404
    return redirect(sections[0].url_name)


department_home.admits = uses_department  # type: ignore[attr-defined]  # the navigation asks
