"""The demo's quarterly scorecards (department.md D6): the last complete quarter before today
gathered for the demo salespeople, left `gathered` (head adds points, sales1 acknowledges, gm
approves). So that the incidents show something real, sales1 has two trips in that quarter
made through the trips services: one whose report came late (P7.1) and one to 广州 beyond
P5.2's paid days without a special case (its absent days, reported on time), and a claim."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from fieldsales.core.errors import Forbidden, InvalidTransition
from fieldsales.crm.models import Customer
from fieldsales.crm.surveys.models import SatisfactionSurvey, SurveyKind
from fieldsales.crm.surveys.services import survey_record
from fieldsales.department.scorecards import services
from fieldsales.department.scorecards.quarters import Quarter, last_complete
from fieldsales.trips.models import Trip, TripReport
from fieldsales.trips.services import claims as claim_services
from fieldsales.trips.services import reports as report_services
from fieldsales.trips.services import trips as trip_services

NOTE = "季度考核演示"


def _approve(document: Any, decide: Any, name: str, users: dict[str, Any]) -> None:
    """Approve each step through the service, as whichever demo user it accepts."""
    model = type(document)
    for _step in range(5):
        if model.objects.get(pk=document.pk).status != "submitted":
            return
        for user in (users["head"], users["gm"], users["finance"]):
            try:
                decide(**{name: document}, actor=user, action="approve", comment="")
            except (Forbidden, InvalidTransition):
                continue
            break


def _trip(users: dict[str, Any], *, city: list[dict[str, str]], depart: date, back: date) -> Trip:
    sales1 = users["sales1"]
    customer = Customer.objects.filter(owner=sales1).order_by("code").first()
    trip = trip_services.trip_create(
        traveller=sales1,
        data={
            "purpose": "customer_visit",
            "destinations": city,
            "depart": depart,
            "return_date": back,
            "customers": [customer.pk] if customer else [],
            "note": NOTE,
        },
    )
    trip_services.trip_submit(trip=trip, actor=sales1)
    _approve(trip, trip_services.trip_decide, "trip", users)
    # History: the approvals came two days before departure (P1.3), as a real trip's would.
    approved = datetime.combine(
        depart - timedelta(days=2), time(10), tzinfo=timezone.get_current_timezone()
    )
    Trip.objects.filter(pk=trip.pk).update(approved_at=approved)
    return Trip.objects.get(pk=trip.pk)


def _claim(trip: Trip, users: dict[str, Any], items: list[dict[str, Any]]) -> None:
    claim = claim_services.claim_create(trip=trip, actor=users["sales1"], items=items)
    claim_services.claim_submit(claim=claim, actor=users["sales1"])
    _approve(claim, claim_services.claim_decide, "claim", users)


def _report(trip: Trip, actor: Any, route: str) -> TripReport:
    return report_services.trip_report_file(
        trip=trip, actor=actor, data={"route": route, "results": "拜访客户，了解需求。"}
    )


def _trips(users: dict[str, Any], quarter: Quarter) -> None:
    sales1 = users["sales1"]
    if Trip.objects.filter(traveller=sales1, note=NOTE).exists():
        return
    # A short trip in the quarter's second month: the report is filed only today (late).
    first = quarter.start + timedelta(days=40)
    short = _trip(users, city=[{"province": "浙江", "city": "杭州"}], depart=first, back=first)
    _report(short, sales1, "金华—杭州—金华")
    taxi = {"id": "x1", "kind": "taxi", "amount": "46.00", "city": "杭州市"}
    _claim(short, users, [taxi | {"date": first.isoformat(), "note": "拜访客户"}])
    # An eight-day trip out of the province (P5.1 pays 3 days): P5.2's days beyond are
    # absenteeism without the GM's special case. Its report was filed the day after return.
    depart = quarter.end - timedelta(days=20)
    back = depart + timedelta(days=7)
    long = _trip(users, city=[{"province": "广东", "city": "广州"}], depart=depart, back=back)
    report = _report(long, sales1, "金华—广州—金华")
    TripReport.objects.filter(pk=report.pk).update(submitted_on=back + timedelta(days=1))
    train = {"kind": "train", "seat": "second_class", "invoice": True}
    _claim(
        long,
        users,
        [
            train | {"id": "t1", "date": depart.isoformat(), "amount": "538.00", "hours": 4},
            train | {"id": "t2", "date": back.isoformat(), "amount": "538.00", "hours": 4},
        ],
    )


def _surveys(users: dict[str, Any], quarter: Quarter) -> None:
    """The quarter's 季度回访 of the salespeople's customers (one per customer and quarter)."""
    for name, scores in (("sales1", (4, 3)), ("sales2", (3, 2, 4))):
        customers = Customer.objects.filter(owner=users[name]).order_by("code")
        for customer, score in zip(customers, scores, strict=False):
            if SatisfactionSurvey.objects.filter(
                customer=customer, kind=SurveyKind.QUARTERLY, quarter=quarter.label
            ).exists():
                continue
            survey_record(
                actor=users[name],
                customer=customer,
                kind=SurveyKind.QUARTERLY,
                score=score,
                respondent="采购经理",
                quarter=quarter.label,
            )


def load(users: dict[str, Any]) -> None:
    quarter = last_complete(timezone.localdate())
    _trips(users, quarter)
    _surveys(users, quarter)
    services.gather_quarter(
        actor=users["head"],
        year=quarter.year,
        quarter=quarter.number,
        department=users["head"].employee.department_id,
    )
