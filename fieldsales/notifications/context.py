"""The bell of base.html: the reader's unread count (one COUNT, only where a page shows it:
the template calls the function, so partials that never name it cost nothing)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from fieldsales.notifications.selectors import unread_count


def bell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": lambda: unread_count(user=user)}
