"""What core itself puts in the navigation (CoreConfig.ready): the inbox and the admin."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fieldsales.core.context import inbox_badge
from fieldsales.core.registry import NavEntry, register_nav


def register() -> None:
    """Register the inbox tab (with its count) and, for staff, the admin tab."""
    register_nav(NavEntry("approvals:inbox", _("审批"), "approval", 40, badge=inbox_badge))
    register_nav(NavEntry("admin:index", _("管理"), "admin", 90, visible=lambda u: u.is_staff))
