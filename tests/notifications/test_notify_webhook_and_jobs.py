"""D11: the group robot gets the text message; a robot that fails is recorded and retried by
the periodic job (`fieldsales jobs`), and never breaks the request that moved the document."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from notify_support import Robot, free_port

from fieldsales.notifications import jobs
from fieldsales.notifications.models import Channel, Delivery, DeliveryStatus
from fieldsales.notifications.selectors import deliveries_to_retry
from fieldsales.trips import services as trip_services


def test_d11_the_robot_gets_one_text_message(cast, submitted_trip, moved, settings):
    with Robot() as robot:
        settings.FIELDSALES_WEBHOOK_URL = robot.url
        settings.FIELDSALES_BASE_URL = "https://sales.example.test"
        with moved():
            trip_services.trip_decide(trip=submitted_trip, actor=cast["head"], action="approve")
    assert len(robot.calls) == 1
    (call,) = robot.calls
    assert call["msgtype"] == "text"
    content = call["text"]["content"]
    assert content.startswith(f"陈建国：待您审批：出差申请 {submitted_trip.number}")
    assert f"https://sales.example.test/trips/{submitted_trip.pk}/" in content
    delivery = Delivery.objects.get(channel=Channel.WEBHOOK)
    assert delivery.status == DeliveryStatus.SENT


def test_d11_a_dead_robot_is_recorded_and_the_job_resends(cast, submitted_trip, moved, settings):
    settings.FIELDSALES_WEBHOOK_URL = f"http://127.0.0.1:{free_port()}/nobody-listens"
    with moved():
        decided = trip_services.trip_decide(
            trip=submitted_trip, actor=cast["head"], action="approve"
        )
    assert decided.step == 1  # the move itself went through
    delivery = Delivery.objects.get(channel=Channel.WEBHOOK)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert delivery.error
    assert deliveries_to_retry(now=timezone.now()) == [delivery.pk]
    with Robot() as robot:
        settings.FIELDSALES_WEBHOOK_URL = robot.url
        out = io.StringIO()
        call_command("jobs", stdout=out)
    assert "notifications.retry: 1" in out.getvalue()
    assert len(robot.calls) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert deliveries_to_retry(now=timezone.now()) == []


def test_d11_a_pending_delivery_whose_task_was_lost_is_resent_later(cast, submitted_trip):
    note = submitted_trip  # the head's waiting notification exists; add a stuck delivery
    from fieldsales.notifications.models import Notification

    notification = Notification.objects.get(recipient=cast["head"], object_id=note.pk)
    stuck = Delivery.objects.create(notification=notification, channel=Channel.WEBHOOK)
    now = timezone.now()
    assert deliveries_to_retry(now=now) == []
    assert deliveries_to_retry(now=now + timedelta(minutes=16)) == [stuck.pk]


def test_d11_beat_runs_every_registered_sweep():
    schedule = jobs.beat_schedule()
    assert schedule["notifications.retry"]["task"] == "fieldsales.notifications.tasks.run_sweep"
    assert schedule["notifications.retry"]["args"] == ("notifications.retry",)
    from fieldsales.celery import app

    app.finalize()
    assert "notifications.retry" in app.conf.beat_schedule
    assert "fieldsales.notifications.tasks.deliver" in app.tasks
