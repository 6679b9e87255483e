"""Issue 10.7: a document's whole approval chain as steps: done, current, to come."""

from __future__ import annotations

import pytest
from factories import AdvanceFactory, ClaimFactory, TripFactory

from fieldsales.core.models import Decision
from fieldsales.core.workflow import chain_steps
from fieldsales.trips import services

pytestmark = pytest.mark.django_db


def states(chain):
    return [(s.state, s.role, s.who) for s in chain.steps]


def test_a_submitted_trip_waits_for_the_head_then_the_gm(cast):
    trip = TripFactory(traveller=cast["sales1"], status="submitted")
    chain = chain_steps(trip)
    assert chain.author == "张伟" and chain.submitted_at is not None
    assert [(s.state, s.role) for s in chain.steps] == [
        ("current", "dept_head"),
        ("upcoming", "gm"),
    ]
    assert chain.steps[0].at == trip.submitted_at


def test_a_step_done_shows_who_when_and_the_comment(cast):
    trip = TripFactory(traveller=cast["sales1"], status="submitted")
    services.trip_decide(trip=trip, actor=cast["head"], action="approve", comment="同意前往")
    done, current = chain_steps(type(trip).objects.get(pk=trip.pk)).steps
    assert (done.state, done.comment, done.decision) == ("done", "同意前往", Decision.APPROVE.label)
    assert done.who and done.at is not None
    assert (current.state, current.role, current.at) == ("current", "gm", done.at)


def test_a_rejection_leaves_the_later_steps_not_reached_and_a_new_round_keeps_it(cast):
    trip = TripFactory(traveller=cast["sales1"], status="submitted")
    services.trip_decide(trip=trip, actor=cast["head"], action="reject", comment="改期")
    trip.refresh_from_db()
    assert [s.state for s in chain_steps(trip).steps] == ["rejected", "not_reached"]
    services.trip_submit(trip=trip, actor=cast["sales1"])
    trip.refresh_from_db()
    chain = chain_steps(trip)
    assert [s.state for s in chain.steps] == ["current", "upcoming"]
    assert [(s.state, s.comment, s.round) for s in chain.earlier] == [("rejected", "改期", 1)]


def test_a_draft_shows_the_chain_to_come(cast):
    trip = TripFactory(traveller=cast["sales1"])
    assert [s.state for s in chain_steps(trip).steps] == ["upcoming", "upcoming"]


def test_an_approved_claim_and_advance_show_every_step_done(cast):
    trip = TripFactory(traveller=cast["sales1"], status="approved")
    claim = ClaimFactory(trip=trip, status="approved", comments=["head ok", "finance ok"])
    assert [(s.state, s.comment) for s in chain_steps(claim).steps] == [
        ("done", "head ok"),
        ("done", "finance ok"),
    ]
    advance = AdvanceFactory(trip=TripFactory(traveller=cast["sales2"], status="approved"))
    assert [s.state for s in chain_steps(advance).steps][0] == "current"


@pytest.mark.parametrize("page", ["trip", "advance", "claim"])
def test_every_document_page_shows_its_chain(client, cast, page):
    trip = TripFactory(traveller=cast["sales1"], status="approved", comments=["可以", "批准"])
    url = {
        "trip": lambda: f"/trips/{trip.pk}/",
        "advance": lambda: f"/advances/{AdvanceFactory(trip=trip).pk}/",
        "claim": lambda: f"/claims/{ClaimFactory(trip=trip, status='submitted').pk}/",
    }[page]()
    client.force_login(cast["sales1"])
    html = client.get(url).content.decode()
    assert 'class="timeline approval-chain"' in html
    assert "提交申请" in html
    if page == "trip":
        assert html.count('data-step-state="done"') == 2 and "批准" in html
    else:
        assert 'data-step-state="current"' in html and 'data-step-state="upcoming"' in html
