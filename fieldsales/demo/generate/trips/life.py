"""A trip's life up to now: the request and its approvals (a plan not sent yet, withdrawn,
rejected, approved only once under way, the GM's special case), then its advance, report
and claims."""

from __future__ import annotations

from datetime import timedelta

from fieldsales.demo.generate.trips.advances import close_advances, request_advance
from fieldsales.demo.generate.trips.claims import file_claims
from fieldsales.demo.generate.trips.plans import Doc, TripPlan, World
from fieldsales.demo.generate.trips.reports import file_report
from fieldsales.demo.generate.trips.workflow import audit, decide, free_days, submit
from fieldsales.org.models import Role
from fieldsales.trips.models import Trip, TripStatus

REJECT_TRIP = "行程安排不合理，请调整后再提交。"


def trip_life(world: World, plan: TripPlan) -> None:
    """The trip's life up to now, in order: request, approvals, advance, report, claims."""
    rng, person = world.rng, plan.traveller
    me = person.user.pk
    created = world.on(plan.depart - timedelta(days=rng.randint(2, 15)))
    if created > world.now:
        created = world.now - timedelta(hours=rng.uniform(1, 30))
    trip = Trip(
        status=TripStatus.DRAFT,
        traveller=person.user,
        department_id=person.department_id,
        purpose=plan.purpose,
        depart=plan.depart,
        return_date=plan.ret,
        vehicle=plan.vehicle,
        flight_requested=plan.flight,
        chain=[],
        created_at=created,
        updated_at=created,
    )
    plan.doc = doc = Doc(trip)
    doc.audits.append(audit(me, "create", created, "", TripStatus.DRAFT))
    fate = rng.random()
    submitted = world.after(created, 0.2, 20)
    if plan.depart > world.ctx.today and fate < 0.12:  # a plan not sent yet
        free_days(plan)
        return
    chain = world.chain("trip", plan.depart, person)
    if fate > 0.97:  # withdrawn by the traveller before the first decision
        cancelled = world.after(submitted, 1, 20)
        if world.done(cancelled):
            if rng.random() < 0.5:
                submit(doc, chain, me, submitted, 1)
                trip.pending_role, trip.pending_user_id = "", None
            doc.audits.append(audit(me, "cancel", cancelled, trip.status, TripStatus.CANCELLED))
            trip.status, trip.updated_at = TripStatus.CANCELLED, cancelled
            free_days(plan)
            return
    if not world.done(submitted):
        free_days(plan)
        return
    departure = world.on(plan.depart, 7, 8)
    late = 0.94 < fate <= 0.955  # P1.3: approved only once under way
    rejected = 0.955 < fate <= 0.97
    if late:
        submitted = min(submitted, departure - timedelta(hours=2))
    submit(doc, chain, me, submitted, 1)
    window = max(0.5, (departure - submitted).total_seconds() / 3600 / (len(chain) + 1))
    spacing = (24.0, 40.0) if late else (window / 4, window)
    decided = decide(world, doc, person, submitted, spacing, reject=REJECT_TRIP if rejected else "")
    if rejected and trip.status == TripStatus.REJECTED:
        again = world.after(decided or submitted, 2, 20)
        if rng.random() < 0.5 or not world.done(again) or again >= departure:
            free_days(plan)  # left rejected: nobody travels
            return
        submit(doc, chain, me, again, 2)
        window = max(0.5, (departure - again).total_seconds() / 3600 / (len(chain) + 1))
        decided = decide(world, doc, person, again, (window / 4, window))
    if trip.status != TripStatus.APPROVED or decided is None:
        return
    if plan.ret - plan.depart >= timedelta(days=6) and rng.random() < 0.5:
        # P5.2: the GM's special case for a long trip (on site for a commissioning)
        trip.special_case, trip.special_case_reason = True, "客户项目现场调试，须驻场"
        gm = world.approver({"role": Role.GM, "user": None}, person)
        trip.special_case_by_id = gm
        doc.audits.append(
            audit(
                gm,
                "special_case",
                world.after(decided, 1, 4),
                comment=trip.special_case_reason,
                data={"rule": "P5.2"},
            )
        )
    unclaimed = rng.random() < 0.03
    request_advance(world, plan, decided, unclaimed)
    file_report(world, plan)
    if not unclaimed:
        file_claims(world, plan)
    close_advances(world, plan, unclaimed)
