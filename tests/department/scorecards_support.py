"""Data for the scorecard tests (D6): 2026Q2 for the demo's 销售部. The department's split in
force gives sales1 300,000 and sales2 200,000 for the quarter; sales1 signs four orders of
100,000 with four new customers (one installment of 100,000 due, 130,000 collected), had
100,000 the same quarter a year before, a quarterly survey of 4 and a trip whose report came
late (P7.1); sales2 signs one order of 100,000. Everything else (logs) as the demo leaves it."""

from __future__ import annotations

import itertools
import subprocess
from datetime import date
from decimal import Decimal

from factories import CustomerFactory, TripFactory
from targets_support import months_of

from fieldsales.crm.surveys.services import survey_record
from fieldsales.sales.orders.models import Collection, Installment, Order, OrderStatus
from fieldsales.trips.services.reports import trip_report_file

YEAR, QUARTER = 2026, 2
LABEL = "2026Q2"
SEQ = itertools.count(7000)


def order(person, total, signed_on, customer=None):
    return Order.objects.create(
        status=OrderStatus.SIGNED,
        year=signed_on.year,
        seq=next(SEQ),
        customer=customer or CustomerFactory(actor=person),
        salesperson=person,
        department=person.employee.department,
        total=Decimal(total),
        signed_on=signed_on,
        ordered_on=signed_on,
    )


def _split(api, cast, department_id):
    people = {cast["sales1"].pk: "1200000.00", cast["sales2"].pk: "800000.00"}
    gm, head = api("gm"), api("head")
    company = gm.post(
        "/api/targets/",
        {
            "year": YEAR,
            "level": "company",
            "sales_total": "2000000.00",
            "collections_total": "1000000.00",
            "departments": [
                {"department": department_id, "sales": "2000000.00", "collections": "1000000.00"}
            ],
        },
        format="json",
    )
    assert company.status_code == 201, company.json()
    assert gm.post(f"/api/targets/{company.json()['id']}/publish/").status_code == 200
    rows = []
    for pk, sales in people.items():
        rows.append(
            {"salesperson": pk, "measure": "sales", "year": sales, "months": months_of(sales)}
        )
        rows.append(
            {
                "salesperson": pk,
                "measure": "collections",
                "year": "500000.00",
                "months": months_of("500000.00"),
            }
        )
    split = head.post(
        "/api/targets/",
        {"year": YEAR, "level": "department", "department": department_id, "people": rows},
        format="json",
    )
    assert split.status_code == 201, split.json()
    pk = split.json()["id"]
    assert head.post(f"/api/targets/{pk}/submit/").status_code == 200
    approved = gm.post(f"/api/targets/{pk}/approve/", {"comment": "同意"}, format="json")
    assert approved.status_code == 200, approved.json()


def late_trip(person):
    """A trip in May whose report is filed only today: late by P7.1."""
    trip = TripFactory(
        traveller=person, depart=date(2026, 5, 11), return_date=date(2026, 5, 12), status="approved"
    )
    trip_report_file(trip=trip, actor=person, data={"route": "金华—杭州—金华"})
    return trip


def quarter_data(api, cast, department_id, *, split=True):
    sales1, sales2, finance = cast["sales1"], cast["sales2"], cast["finance"]
    if split:
        _split(api, cast, department_id)
    orders = [order(sales1, "100000.00", date(2026, 4, 10 + i)) for i in range(4)]
    Installment.objects.create(
        order=orders[0], label="首付款", amount=Decimal("100000.00"), due=date(2026, 5, 1)
    )
    Collection.objects.create(
        order=orders[0],
        date=date(2026, 5, 3),
        amount=Decimal("130000.00"),
        method="transfer",
        recorded_by=finance,
    )
    order(sales1, "100000.00", date(2025, 5, 5))
    order(sales2, "100000.00", date(2026, 5, 20))
    survey_record(
        actor=sales1,
        customer=orders[0].customer,
        kind="quarterly",
        score=4,
        quarter=LABEL,
        respondent="采购经理",
    )
    trip = late_trip(sales1)
    return {"orders": orders, "trip": trip}


def gather(api, who="head", department=None, quarter=LABEL):
    body = {"quarter": quarter}
    if department is not None:
        body["department"] = department
    return api(who).post("/api/scorecards/gather/", body, format="json")


def card_of(api, who, person, quarter=LABEL) -> dict:
    listed = api(who).get("/api/scorecards/", {"quarter": quarter}).json()["results"]
    row = next(r for r in listed if r["person"] == person.pk)
    return api(who).get(f"/api/scorecards/{row['id']}/").json()


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "scorecard.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
