"""Writes: make a notification once, mark read, mute kinds, send a delivery."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core.errors import RuleBroken
from fieldsales.notifications import channels
from fieldsales.notifications.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Mute,
    Notification,
)
from fieldsales.notifications.registry import kind_codes

logger = logging.getLogger(__name__)


def _channels_for(recipient: Any) -> list[str]:
    """The channels besides in-app that are configured and reach this recipient."""
    chosen = []
    if channels.email_enabled() and (recipient.email or "").strip():
        chosen.append(Channel.EMAIL)
    if channels.webhook_url():
        chosen.append(Channel.WEBHOOK)
    return chosen


def _schedule(delivery_ids: list[int]) -> None:
    # Imported here: the tasks module binds to the Celery app, loaded by the app config.
    from fieldsales.notifications.tasks import deliver

    for pk in delivery_ids:
        try:
            deliver.delay(pk)
        except Exception:  # a broker down must not break the request; the retry sweep resends
            logger.exception("notifications: could not queue delivery %s", pk)


@transaction.atomic
def notify(
    *,
    recipient: Any,
    kind: str,
    dedupe_key: str,
    title: str,
    body: str = "",
    link: str = "",
    document: Any = None,
) -> Notification | None:
    """Make the notification once per (recipient, kind, key) and send it after commit.

    None when the recipient muted the kind, is inactive, or already has it."""
    if kind not in kind_codes():
        raise ValueError(f"unknown notification kind {kind!r}")
    if not recipient.is_active or Mute.objects.filter(user=recipient, kind=kind).exists():
        return None
    notification, created = Notification.objects.get_or_create(
        recipient=recipient,
        kind=kind,
        dedupe_key=dedupe_key[:200],
        defaults={
            "title": title[:200],
            "body": body,
            "link": link[:300],
            "content_type": ContentType.objects.get_for_model(type(document))
            if document is not None
            else None,
            "object_id": document.pk if document is not None else None,
        },
    )
    if not created:
        return None
    now = timezone.now()
    deliveries = [
        Delivery(
            notification=notification,
            channel=Channel.IN_APP,
            status=DeliveryStatus.SENT,
            attempts=1,
            sent_at=now,
        ),
        *(Delivery(notification=notification, channel=c) for c in _channels_for(recipient)),
    ]
    Delivery.objects.bulk_create(deliveries)
    pending = list(
        Delivery.objects.filter(notification=notification, status=DeliveryStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if pending:
        transaction.on_commit(lambda: _schedule(pending))
    return notification


def notification_read(*, notification: Notification, user: Any) -> Notification:
    """Mark the user's own notification read (reading it again changes nothing)."""
    if notification.recipient_id != user.pk:
        raise RuleBroken(_("只能标记自己的通知"))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_read_all(*, user: Any) -> int:
    """Mark every unread notification of the user read; returns how many were unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def mutes_set(*, user: Any, muted: Iterable[Any]) -> frozenset[str]:
    """Replace the kinds the user mutes (400 naming `muted` for a kind that does not exist)."""
    if isinstance(muted, str | bytes) or not isinstance(muted, Iterable):
        raise RuleBroken(_("请给出要屏蔽的通知类型列表"), field="muted")
    wanted = set()
    for code in muted:
        if not isinstance(code, str) or code not in kind_codes():
            raise RuleBroken(_("没有这种通知类型：%(kind)s") % {"kind": code}, field="muted")
        wanted.add(code)
    Mute.objects.filter(user=user).exclude(kind__in=wanted).delete()
    have = set(Mute.objects.filter(user=user).values_list("kind", flat=True))
    Mute.objects.bulk_create([Mute(user=user, kind=k) for k in sorted(wanted - have)])
    return frozenset(wanted)


def delivery_send(*, delivery_id: int) -> bool:
    """Send one pending delivery through its channel, once: True when it was sent now.

    The row stays locked while sending, so a task delivered twice sends once; a failure is
    recorded (attempts, error) and raised as `channels.SendFailed` for the task to retry."""
    failure: Exception | None = None
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("notification__recipient")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status == DeliveryStatus.SENT:
            return False
        delivery.attempts += 1
        try:
            channels.send(delivery.channel, delivery.notification)
        except Exception as exc:  # any channel error: recorded, logged, retried later
            failure = exc
            delivery.status = DeliveryStatus.FAILED
            delivery.error = f"{type(exc).__name__}: {exc}"[:2000]
            logger.warning(
                "notifications: %s delivery %s failed: %s", delivery.channel, delivery.pk, exc
            )
        else:
            delivery.status = DeliveryStatus.SENT
            delivery.sent_at = timezone.now()
            delivery.error = ""
        delivery.save(update_fields=["attempts", "status", "error", "sent_at"])
    if failure is not None:
        raise channels.SendFailed(str(failure)) from failure
    return True
