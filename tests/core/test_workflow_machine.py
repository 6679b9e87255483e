"""core/workflow: the system check refuses a bad table; SYSTEM moves are the application's
alone; a role never acts on its own document; `document_moved` is sent after commit."""

from __future__ import annotations

import pytest
from helpers import approved_trip

from fieldsales.core.errors import Forbidden, InvalidTransition
from fieldsales.core.models import AuditEvent
from fieldsales.core.workflow import (
    APPROVER,
    AUTHOR,
    SYSTEM,
    Kind,
    Transition,
    apply,
    document_moved,
)
from fieldsales.core.workflow.checks import check_transition_tables
from fieldsales.org.models import RoleGrant
from fieldsales.trips.models import Advance, Trip


def trip_problems() -> list[str]:
    return [e.msg for e in check_transition_tables() if e.obj is Trip]


def test_the_real_tables_pass_the_check(db):
    assert [e.msg for e in check_transition_tables()] == []


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ({("draft", "fly"): Transition("airborne", AUTHOR)}, "not a state"),
        ({("nowhere", "cancel"): Transition("cancelled", AUTHOR)}, "not a state"),
        ({("draft", "cancel"): Transition("cancelled", SYSTEM)}, "system"),
        ({("approved", "close"): Transition("settled", AUTHOR, Kind.SYSTEM)}, "system"),
        ({("submitted", "approve"): Transition("approved", AUTHOR, Kind.APPROVE)}, "approver"),
        ({("submitted", "nod"): Transition("approved", APPROVER)}, "approver"),
        ({("draft", "cancel"): Transition("cancelled", "astronaut")}, "unknown actor"),
        ({("draft", "cancel"): Transition("cancelled", "")}, "no 'who'"),
    ],
)
def test_the_system_check_catches_a_bad_table(db, monkeypatch, table, problem):
    monkeypatch.setattr(Trip, "TRANSITIONS", table)
    problems = trip_problems()
    assert problems, table
    assert any(problem in p for p in problems), problems
    assert {e.id for e in check_transition_tables() if e.obj is Trip} == {"fieldsales.E001"}


def test_a_system_transition_refuses_a_user_and_takes_no_actor(api, cast):
    pk = approved_trip(api)
    for user in ("sales1", "gm", "admin"):
        with pytest.raises(InvalidTransition):
            apply(model=Trip, pk=pk, actor=cast[user], action="claim_submitted")
    assert Trip.objects.get(pk=pk).status == "approved"

    apply(model=Trip, pk=pk, actor=None, action="claim_submitted", data={"claim": 0})

    assert Trip.objects.get(pk=pk).status == "claimed"
    event = AuditEvent.objects.filter(object_id=pk, action="claim_submitted").get()
    assert (event.actor, event.from_status, event.to_status) == (None, "approved", "claimed")


def test_no_actor_takes_no_users_transition(api, cast):
    pk = approved_trip(api)
    with pytest.raises(InvalidTransition):
        apply(model=Trip, pk=pk, actor=None, action="report")
    assert Trip.objects.get(pk=pk).status == "approved"


def approved_advance(api) -> int:
    trip = approved_trip(api)
    pk = api("sales1").post("/api/advances/", {"trip": trip, "amount": "500.00"}).data["id"]
    api("finance").post(f"/api/advances/{pk}/approve/")
    api("gm").post(f"/api/advances/{pk}/approve/")
    assert Advance.objects.get(pk=pk).status == "approved"
    return pk


def test_a_role_transition_refuses_the_author_who_holds_the_role(api, cast):
    pk = approved_advance(api)
    RoleGrant.objects.create(employee=cast["sales1"].employee, role="finance")
    sales1 = type(cast["sales1"]).objects.get(pk=cast["sales1"].pk)  # roles loaded afresh

    with pytest.raises(Forbidden):
        apply(model=Advance, pk=pk, actor=sales1, action="pay")
    assert Advance.objects.get(pk=pk).status == "approved"

    apply(model=Advance, pk=pk, actor=cast["finance"], action="pay")
    assert Advance.objects.get(pk=pk).status == "paid"


def test_document_moved_is_sent_only_after_commit(api, cast, django_capture_on_commit_callbacks):
    pk = approved_trip(api)
    received = []

    def listener(sender, **kwargs):
        received.append((sender, kwargs["action"], kwargs["from_state"], kwargs["to_state"]))

    document_moved.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            apply(model=Trip, pk=pk, actor=None, action="claim_submitted")
            assert received == []  # inside the transaction: nothing announced yet
        assert received == []
        assert callbacks
        for callback in callbacks:
            callback()
    finally:
        document_moved.disconnect(listener)

    assert received == [(Trip, "claim_submitted", "approved", "claimed")]
