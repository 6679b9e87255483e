"""D11: who is told what when a document moves: once, never the actor, a muted kind not at all."""

from __future__ import annotations

import pytest
from django.core import mail
from factories import ClaimFactory, TripFactory
from notify_support import notes

from fieldsales.core.workflow import document_moved
from fieldsales.notifications import registry, services
from fieldsales.notifications.models import Channel, Delivery, DeliveryStatus, Notification
from fieldsales.trips import services as trip_services
from fieldsales.trips.models import Trip


def test_d11_a_submitted_trip_tells_the_first_approver_only(cast, submitted_trip):
    number = submitted_trip.number
    assert notes(cast["head"]) == [("waiting", f"待您审批：出差申请 {number}")]
    for other in ("sales1", "sales2", "gm", "finance", "admin"):
        assert notes(cast[other]) == [], other
    note = Notification.objects.get(recipient=cast["head"])
    assert note.link == f"/trips/{submitted_trip.pk}/"
    assert (note.content_type.model, note.object_id) == ("trip", submitted_trip.pk)
    assert note.read_at is None


def test_d11_each_step_tells_the_next_approver_and_the_last_tells_the_author(
    cast, submitted_trip, moved
):
    with moved():
        trip_services.trip_decide(trip=submitted_trip, actor=cast["head"], action="approve")
    number = submitted_trip.number
    assert notes(cast["gm"]) == [("waiting", f"待您审批：出差申请 {number}")]
    assert notes(cast["sales1"]) == []  # not decided yet
    with moved():
        trip_services.trip_decide(trip=submitted_trip, actor=cast["gm"], action="approve")
    assert notes(cast["sales1"]) == [("decision", f"已通过：出差申请 {number}")]
    # The actors are never told about their own decisions.
    assert notes(cast["head"]) == [("waiting", f"待您审批：出差申请 {number}")]
    assert notes(cast["gm"], "decision") == []


def test_d11_a_rejection_tells_the_author_with_the_reason(cast, submitted_trip, moved):
    with moved():
        trip_services.trip_decide(
            trip=submitted_trip, actor=cast["head"], action="reject", comment="日期冲突"
        )
    (note,) = Notification.objects.filter(recipient=cast["sales1"])
    assert note.kind == "decision"
    assert note.title == f"被驳回：出差申请 {submitted_trip.number}"
    assert "日期冲突" in note.body
    assert notes(cast["gm"]) == []


def test_d11_a_repeated_signal_makes_each_notification_once(cast, submitted_trip, moved):
    trip = Trip.objects.get(pk=submitted_trip.pk)
    for _ in range(3):
        with moved():
            document_moved.send(
                sender=Trip,
                document=trip,
                action="submit",
                from_state="draft",
                to_state="submitted",
                actor=cast["sales1"],
            )
    assert Notification.objects.filter(recipient=cast["head"]).count() == 1
    assert Delivery.objects.filter(notification__recipient=cast["head"]).count() == 1


def test_d11_notify_twice_with_one_key_makes_one(cast):
    first = services.notify(recipient=cast["sales2"], kind="decision", dedupe_key="k", title="a")
    again = services.notify(recipient=cast["sales2"], kind="decision", dedupe_key="k", title="b")
    assert first is not None and again is None
    assert notes(cast["sales2"]) == [("decision", "a")]


def test_d11_a_muted_kind_is_not_made(cast, submitted_trip, moved):
    services.mutes_set(user=cast["sales1"], muted=["decision"])
    with moved():
        trip_services.trip_decide(
            trip=submitted_trip, actor=cast["head"], action="reject", comment="不批"
        )
    assert notes(cast["sales1"]) == []
    services.mutes_set(user=cast["sales1"], muted=[])
    assert services.notify(recipient=cast["sales1"], kind="decision", dedupe_key="after", title="x")


def test_d11_nobody_is_told_about_their_own_action(cast, moved, monkeypatch):
    # head's own trip: its chain skips head (nobody approves their own); gm decides.
    own = TripFactory(traveller=cast["head"])
    with moved():
        trip_services.trip_submit(trip=own, actor=cast["head"])
    assert notes(cast["head"]) == []
    assert [k for k, _t in notes(cast["gm"])] == ["waiting"]
    # Whatever an app's mover says, the actor is left out.
    monkeypatch.setitem(
        registry._movers,
        "test.self",
        lambda document, action, old, new, actor: [
            registry.Message(recipient=actor, kind="decision", dedupe_key="self", title="me")
        ],
    )
    with moved():
        trip_services.trip_decide(trip=own, actor=cast["gm"], action="approve")
    assert notes(cast["gm"], "decision") == []
    assert notes(cast["head"], "decision") == [("decision", f"已通过：出差申请 {own.number}")]


def test_d11_a_claim_goes_through_the_same_path(cast, moved):
    claim = ClaimFactory(trip__traveller=cast["sales1"])
    with moved():
        trip_services.claim_submit(claim=claim, actor=cast["sales1"])
    claim.refresh_from_db()
    step = claim.current_step()
    waiting = Notification.objects.filter(kind="waiting", object_id=claim.pk)
    assert waiting.count() >= 1
    assert all(n.link == f"/claims/{claim.pk}/" for n in waiting)
    assert cast["sales1"].pk not in {n.recipient_id for n in waiting}
    approver = waiting.first().recipient
    assert step["user"] in (None, approver.pk)
    with moved():
        trip_services.claim_decide(claim=claim, actor=approver, action="reject", comment="缺发票")
    assert notes(cast["sales1"], "decision") == [("decision", f"被驳回：报销单 {claim.number}")]


def test_d11_an_order_goes_through_the_same_path(api, cast, order_ready, moved):
    order = api("sales1").post("/api/orders/", order_ready, format="json").data
    with moved():
        submitted = api("sales1").post(f"/api/orders/{order['id']}/submit/").data
    first = submitted["chain"][0]["role"]
    approver = "gm" if first == "gm" else "head"
    assert [k for k, _t in notes(cast[approver])] == ["waiting"]
    with moved():
        response = api(approver).post(
            f"/api/orders/{order['id']}/reject/", {"comment": "付款条件不清"}, format="json"
        )
    assert response.status_code == 200, response.data
    (note,) = Notification.objects.filter(recipient=cast["sales1"], kind="decision")
    assert note.title.startswith("被驳回：合同 ")
    assert note.link == f"/sales/orders/{order['id']}/"


def test_d11_email_goes_to_the_users_address_when_smtp_is_configured(
    cast, submitted_trip, moved, settings
):
    settings.EMAIL_HOST = "smtp.example.test"  # the test backend (locmem) keeps the mail
    cast["gm"].email = "gm@example.test"
    cast["gm"].save(update_fields=["email"])
    with moved():
        trip_services.trip_decide(trip=submitted_trip, actor=cast["head"], action="approve")
    assert [m.to for m in mail.outbox] == [["gm@example.test"]]
    assert mail.outbox[0].subject == f"待您审批：出差申请 {submitted_trip.number}"
    assert f"/trips/{submitted_trip.pk}/" in mail.outbox[0].body
    delivery = Delivery.objects.get(channel=Channel.EMAIL)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)
    # Sending it again (a task delivered twice) sends nothing.
    assert services.delivery_send(delivery_id=delivery.pk) is False
    assert len(mail.outbox) == 1


def test_d11_no_address_no_email(cast, submitted_trip, moved, settings):
    settings.EMAIL_HOST = "smtp.example.test"
    cast["gm"].email = ""
    cast["gm"].save(update_fields=["email"])
    with moved():
        trip_services.trip_decide(trip=submitted_trip, actor=cast["head"], action="approve")
    assert mail.outbox == []
    assert not Delivery.objects.filter(channel=Channel.EMAIL).exists()


@pytest.mark.parametrize("unknown", [["nonsense"], "decision", None, [1]])
def test_d11_muting_an_unknown_kind_is_refused_naming_the_field(cast, unknown):
    from fieldsales.core.errors import RuleBroken

    with pytest.raises(RuleBroken) as refused:
        services.mutes_set(user=cast["sales1"], muted=unknown)
    assert refused.value.field == "muted"


def test_d11_reading_is_for_the_recipient_only_and_read_all_counts_the_unread(cast):
    from fieldsales.core.errors import RuleBroken

    note = services.notify(recipient=cast["sales1"], kind="waiting", dedupe_key="r", title="t")
    services.notify(recipient=cast["sales1"], kind="waiting", dedupe_key="r2", title="t")
    with pytest.raises(RuleBroken):
        services.notification_read(notification=note, user=cast["sales2"])
    read = services.notification_read(notification=note, user=cast["sales1"])
    first = read.read_at
    assert first is not None
    assert services.notification_read(notification=note, user=cast["sales1"]).read_at == first
    assert services.notifications_read_all(user=cast["sales1"]) == 1
    assert services.notifications_read_all(user=cast["sales1"]) == 0


def test_d11_an_inactive_user_gets_nothing(cast):
    cast["sales2"].is_active = False
    cast["sales2"].save(update_fields=["is_active"])
    assert (
        services.notify(recipient=cast["sales2"], kind="waiting", dedupe_key="i", title="t") is None
    )
    with pytest.raises(ValueError):
        services.notify(recipient=cast["sales1"], kind="no-such-kind", dedupe_key="i", title="t")
