"""The channels besides in-app: e-mail over SMTP (Django's EMAIL_* settings) and a DingTalk
or WeCom group robot (FIELDSALES_WEBHOOK_URL), both plain text with the page's address."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from django.conf import settings
from django.core.mail import send_mail

from fieldsales.core import people

WEBHOOK_TIMEOUT = 5  # seconds: a robot that does not answer is retried later, not waited for


class SendFailed(Exception):
    """A channel could not send (the task retries it)."""


def email_enabled() -> bool:
    """E-mail is sent when an SMTP host is configured (EMAIL_HOST)."""
    return bool(getattr(settings, "EMAIL_HOST", ""))


def webhook_url() -> str:
    return str(getattr(settings, "FIELDSALES_WEBHOOK_URL", "") or "")


def absolute(link: str) -> str:
    base = str(getattr(settings, "FIELDSALES_BASE_URL", "") or "").rstrip("/")
    return f"{base}{link}" if link and link.startswith("/") and base else link


def text_of(notification: Any, *, with_name: bool = False) -> str:
    """The notification as plain text: title, body and the address of its page."""
    lines = [notification.title]
    if with_name:
        lines[0] = f"{people.display_name(notification.recipient)}：{notification.title}"
    if notification.body:
        lines.append(notification.body)
    if notification.link:
        lines.append(absolute(notification.link))
    return "\n".join(lines)


def send_email(notification: Any) -> None:
    send_mail(
        subject=notification.title,
        message=text_of(notification),
        from_email=None,  # DEFAULT_FROM_EMAIL
        recipient_list=[notification.recipient.email],
        fail_silently=False,
    )


def send_webhook(notification: Any) -> None:
    """POST the robot's text message; a non-2xx answer or an errcode other than 0 fails."""
    payload = {"msgtype": "text", "text": {"content": text_of(notification, with_name=True)}}
    request = urllib.request.Request(
        webhook_url(),
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:  # noqa: S310
        answer = response.read(65536)
    try:
        errcode = json.loads(answer or b"{}").get("errcode", 0)
    except (ValueError, AttributeError):
        errcode = 0  # a robot that answers no JSON took the message
    if errcode not in (0, None):
        raise SendFailed(f"robot answered errcode {errcode}")


def send(channel: str, notification: Any) -> None:
    """Send the notification through `channel` (raises on failure)."""
    senders = {"email": send_email, "webhook": send_webhook}
    if channel not in senders:
        raise SendFailed(f"no sender for channel {channel!r}")
    if channel == "webhook" and not webhook_url():
        raise SendFailed("FIELDSALES_WEBHOOK_URL is not set")
    senders[channel](notification)
