"""Issue 13.7, the CI test: with Redis as the broker and a real Celery worker, an approval
produces exactly one e-mail, delivered to a local SMTP server (aiosmtpd), and exactly one
call to a local group robot (http.server). Redis must answer at 127.0.0.1:6379 (.ci/run
makes sure): without it this test fails, it never skips.

The worker runs in a thread of this process (celery.contrib.testing), reading the database
through its own connection, so the test commits for real (transactional database: SQLite and
PostgreSQL alike). Its keys carry a prefix of their own, so parallel runs sharing one Redis
(CI's SQLite and PostgreSQL runs) never take each other's tasks.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
import redis
from aiosmtpd.controller import Controller
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections
from factories import TripFactory
from notify_support import Robot, free_port
from rest_framework.test import APIClient

from fieldsales.celery import app
from fieldsales.notifications.models import Channel, Delivery, DeliveryStatus, Notification
from fieldsales.trips import services as trip_services

pytestmark = pytest.mark.django_db(transaction=True)

REDIS = os.environ.get("FIELDSALES_TEST_REDIS", "redis://127.0.0.1:6379/0")


class Mailbox:
    """aiosmtpd's handler: keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(envelope)
        return "250 OK"


def _reset_broker_connections() -> None:
    # The producers were built for the previous broker settings (or none: eager mode).
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_broker():
    """The Celery app on Redis with this run's own key prefix, tasks no longer eager; yields
    the (task, thread) of each task a worker ran."""
    prefix = f"fieldsales-test-{uuid.uuid4().hex}:"
    saved = {
        key: app.conf[key]
        for key in ("broker_url", "task_always_eager", "broker_transport_options")
    }
    app.conf.update(
        broker_url=REDIS,
        task_always_eager=False,
        broker_transport_options={"global_keyprefix": prefix},
    )
    _reset_broker_connections()

    ran: list[tuple[str, str]] = []

    def after_task(sender=None, **kwargs) -> None:
        ran.append((sender.name, threading.current_thread().name))
        connections.close_all()  # the worker thread's, before the test database is flushed

    task_postrun.connect(after_task, weak=False)
    try:
        yield ran
    finally:
        task_postrun.disconnect(after_task)
        app.conf.update(saved)
        _reset_broker_connections()
        keys = redis.Redis.from_url(REDIS)
        for key in keys.scan_iter(match=f"{prefix}*"):
            keys.delete(key)
        keys.close()


def _wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_d11_an_approval_sends_one_email_and_one_robot_call_through_a_real_worker(
    cast, settings, redis_broker
):
    sales1, head, gm = cast["sales1"], cast["head"], cast["gm"]
    sales1.email = "sales1@example.test"
    sales1.save(update_fields=["email"])
    # Before the channels are configured: submitted and approved by head (in-app only).
    trip = TripFactory(traveller=sales1)
    trip_services.trip_submit(trip=trip, actor=sales1)
    trip_services.trip_decide(trip=trip, actor=head, action="approve")
    assert Notification.objects.filter(recipient=gm, link=f"/trips/{trip.pk}/").count() == 1
    assert not Delivery.objects.exclude(channel=Channel.IN_APP).exists()

    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    try:
        with Robot() as robot, start_worker(app, perform_ping_check=False, shutdown_timeout=30):
            settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
            settings.EMAIL_HOST = "127.0.0.1"
            settings.EMAIL_PORT = smtp.port
            settings.DEFAULT_FROM_EMAIL = "fieldsales@example.test"
            settings.FIELDSALES_WEBHOOK_URL = robot.url

            client = APIClient()
            client.force_authenticate(user=gm)
            response = client.post(f"/api/trips/{trip.pk}/approve/", {"comment": "同意"})
            assert response.status_code == 200, response.data
            assert response.data["status"] == "approved"

            assert _wait_for(lambda: mailbox.messages and robot.calls), (
                mailbox.messages,
                robot.calls,
                list(Delivery.objects.values("channel", "status", "error")),
            )
            time.sleep(1.5)  # anything sent twice would arrive by now
            mails, calls = list(mailbox.messages), list(robot.calls)
    finally:
        smtp.stop()

    # The worker's thread sent them, not the request's (no eager task).
    main = threading.main_thread().name
    deliveries = [thread for task, thread in redis_broker if task.endswith(".deliver")]
    assert len(deliveries) == 2 and main not in deliveries, redis_broker
    assert len(mails) == 1
    (envelope,) = mails
    assert envelope.rcpt_tos == ["sales1@example.test"]
    assert envelope.mail_from == "fieldsales@example.test"
    message = message_from_bytes(envelope.original_content)
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == f"已通过：出差申请 {trip.number}"
    assert len(calls) == 1
    assert calls[0]["msgtype"] == "text"
    assert f"已通过：出差申请 {trip.number}" in calls[0]["text"]["content"]
    sent = Delivery.objects.filter(notification__recipient=sales1).exclude(channel=Channel.IN_APP)
    assert sorted(sent.values_list("channel", "status", "attempts")) == [
        (Channel.EMAIL, DeliveryStatus.SENT, 1),
        (Channel.WEBHOOK, DeliveryStatus.SENT, 1),
    ]
