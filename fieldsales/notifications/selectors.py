"""Reads: a user sees their own notifications only (another's is 404)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fieldsales.core.errors import NotFound
from fieldsales.notifications.models import Delivery, DeliveryStatus, Mute, Notification
from fieldsales.notifications.registry import kinds

MAX_ATTEMPTS = 5
MAX_ID = 2**63 - 1  # a larger id would overflow the database driver
LOST_AFTER = timedelta(minutes=15)  # a pending delivery older than this lost its task


def notifications_of(*, user: Any, unread: bool = False) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    found = Notification.objects.filter(recipient=user)
    if unread:
        found = found.filter(read_at__isnull=True)
    return found.order_by("-created_at", "-id")


def unread_count(*, user: Any) -> int:
    """The bell's number: one indexed COUNT."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_of(*, user: Any, pk: Any) -> Notification:
    """The user's own notification `pk` (404 for anyone else's or a bad id)."""
    try:
        number = int(str(pk)) if str(pk).isascii() and str(pk).isdigit() else 0
        if not 0 < number <= MAX_ID:
            raise Notification.DoesNotExist
        return Notification.objects.get(recipient=user, pk=number)
    except Notification.DoesNotExist:
        raise NotFound(_("通知不存在")) from None


def mute_preferences(*, user: Any) -> list[dict[str, Any]]:
    """Every kind with its label and whether the user mutes it."""
    muted = set(Mute.objects.filter(user=user).values_list("kind", flat=True))
    return [{"kind": k.code, "label": str(k.label), "muted": k.code in muted} for k in kinds()]


def deliveries_to_retry(*, now: datetime) -> list[int]:
    """Failed deliveries under the attempt limit, and pending ones whose task was lost."""
    failed = Delivery.objects.filter(status=DeliveryStatus.FAILED, attempts__lt=MAX_ATTEMPTS)
    lost = Delivery.objects.filter(status=DeliveryStatus.PENDING, created_at__lt=now - LOST_AFTER)
    rows = (failed | lost).order_by("pk").values_list("pk", flat=True)
    return list(rows[:500])
