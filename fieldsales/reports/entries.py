"""What reports plugs into the shared pages (ReportsConfig.ready): the home tab and the
inbox block of the home page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from fieldsales.core.inbox import inbox
from fieldsales.core.registry import NavEntry, PageBlock, register_block, register_nav

HOME_INBOX_SIZE = 10


def _home_inbox(request: HttpRequest) -> dict[str, Any]:
    return {"inbox": inbox(user=request.user)[:HOME_INBOX_SIZE]}


def register() -> None:
    """Register the home tab and the home page's inbox block."""
    register_nav(NavEntry("home", _("首页"), "home", 0))
    register_block(
        PageBlock("home", "reports.inbox", "approvals/_home_inbox.html", 30, _home_inbox)
    )
