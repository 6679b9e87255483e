"""The trips' reports (P7.1-P7.3): filed a few days after the return, with the customers'
signed visits."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from fieldsales.demo.generate.trips.plans import HOME, Data, TripPlan, World, days_between
from fieldsales.demo.generate.trips.workflow import audit
from fieldsales.trips.models import Purpose, TripReport, TripStatus

RESULTS = (
    "拜访客户，了解需求，介绍新产品。",
    "洽谈组件采购，客户有意向。",
    "回访老客户，收集意见。",
)
MARKET_REPORT = "当地光伏市场需求增长，主要竞争对手两家，建议下季度重点开发。"


def file_report(world: World, plan: TripPlan) -> None:
    """P7.1-P7.3: the report a few days after the return (now and then late), with a signed
    feedback for nearly every customer visited."""
    rng, trip = world.rng, plan.trip
    delay = rng.choices((0, 1, 2, 3, 5, 8), weights=(30, 30, 20, 10, 6, 4))[0]
    at = world.on(plan.ret + timedelta(days=delay), 9, 21)
    if plan.ret + timedelta(days=delay) == plan.ret:
        at = max(at, world.on(plan.ret, 17, 21))
    if not world.done(at):
        return
    cities = "—".join(dict.fromkeys(world.customers[c][5] for c in plan.customers))
    plan.report = TripReport(
        trip=trip,
        actual_depart=plan.depart,
        actual_return=plan.ret,
        route=f"{HOME}—{cities}—{HOME}",
        results=rng.choice(RESULTS),
        market_report=MARKET_REPORT if plan.purpose == Purpose.NEW_MARKET else "",
        submitted_on=timezone.localdate(at),
        created_at=at,
    )
    days = days_between(plan.depart, plan.ret)
    plan.visits = [(c, rng.choice(days), at) for c in plan.customers if rng.random() < 0.92]

    def data() -> Data:
        return {
            "actual_depart": plan.depart.isoformat(),
            "actual_return": plan.ret.isoformat(),
            "visits": [v.pk for v in plan.visit_rows],
        }

    plan.doc.audits.append(
        audit(plan.traveller.user.pk, "report", at, trip.status, TripStatus.REPORTED, data=data)
    )
    trip.status, trip.updated_at = TripStatus.REPORTED, at
