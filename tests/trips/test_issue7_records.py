"""Issue 7, records: system audit entries (item 9), one visit feedback (10), report timing (11)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from factories import TripFactory
from helpers import days_from_today, png_data_url, today

from fieldsales.crm.models import (
    Customer,
    Satisfaction,
    SatisfactionSurvey,
    Visit,
    VisitSignature,
)
from fieldsales.crm.surveys.selectors import quarter_of
from fieldsales.crm.visits import feedback as visits_feedback
from fieldsales.crm.visits import services as visits_services
from fieldsales.trips.models import Trip

pytestmark = pytest.mark.django_db


def approved_trip(api, *, depart: int = 0, ret: int = 0, customers=("C-0001",)) -> Trip:
    """sales1's trip to 杭州 from `depart` to `ret` days from today, approved by both steps."""
    return TripFactory(
        traveller=get_user_model().objects.get(username="sales1"),
        depart=today() + timedelta(days=depart),
        return_date=today() + timedelta(days=ret),
        customers=[Customer.objects.get(code=c).pk for c in customers],
        status="approved",
    )


# ---------------------------------------------------------------- item 9


def test_item9_trip_page_after_claim_submitted_shows_system_entry(api, client, cast):
    trip = approved_trip(api)
    claim = api("sales1").post("/api/claims/", {"trip": trip.pk, "items": []}, format="json")
    assert api("sales1").post(f"/api/claims/{claim.data['id']}/submit/").status_code == 200
    for who in ("sales1", "head", "gm", "finance"):
        client.force_login(cast[who])
        page = client.get(f"/trips/{trip.pk}/")
        assert page.status_code == 200, who
        assert "系统" in page.content.decode()


def test_item9_trip_api_names_the_system_as_actor(api):
    trip = approved_trip(api)
    claim = api("sales1").post("/api/claims/", {"trip": trip.pk, "items": []}, format="json")
    api("sales1").post(f"/api/claims/{claim.data['id']}/submit/")
    history = api("head").get(f"/api/trips/{trip.pk}/").data["history"]
    [entry] = [e for e in history if e["action"] == "claim_submitted"]
    assert (entry["actor"], entry["actor_name"], entry["to_status"]) == (None, "系统", "claimed")


# ---------------------------------------------------------------- item 10


def visit_entry(customer_code="C-0001", day=0, **extra):
    return {
        "customer": Customer.objects.get(code=customer_code).pk,
        "visited_on": days_from_today(day),
        "content": "介绍新款组件",
        "satisfaction": 4,
        "signer_name": "赵经理",
        "signature": png_data_url(),
    } | extra


def file_report(api, trip, visits, **extra):
    return api("sales1").post(
        f"/api/trips/{trip.pk}/report/",
        {"route": "金华—杭州—金华", "visits": visits} | extra,
        format="json",
    )


def violations(api, trip) -> list[tuple[str, str | None]]:
    claim = api("sales1").post("/api/claims/", {"trip": trip.pk, "items": []}, format="json")
    assert claim.status_code == 201, claim.data
    return [(v["code"], v.get("customer")) for v in claim.data["violations"]]


def test_item10_report_visit_is_the_customers_crm_visit_with_its_signed_feedback(api, cast):
    trip = approved_trip(api, depart=-1, ret=0)
    response = file_report(api, trip, [visit_entry(day=-1, satisfaction=3, signer_title="经理")])
    assert response.status_code == 200, response.data
    [visit] = Visit.objects.filter(trip=trip)
    # The same record a phone check-in makes: a crm Visit with its VisitSignature.
    assert (
        visit.customer.code,
        visit.salesperson,
        visit.date.isoformat(),
        visit.status,
        visit.content,
    ) == ("C-0001", cast["sales1"], days_from_today(-1), "checked_out", "介绍新款组件")
    signature = VisitSignature.objects.get(visit=visit)
    assert (signature.signer_name, signature.signer_title, signature.satisfaction) == (
        "赵经理",
        "经理",
        3,
    )
    assert visits_feedback.visit_feedback_intact(signature) is True
    [row] = response.data["report"]["visits"]
    assert (row["visit"], row["visited_on"], row["signed"], row["satisfaction_label"]) == (
        visit.pk,
        days_from_today(-1),
        True,
        "满意",
    )
    # It counts for P7.2 and as the customer's satisfaction for the quarter of the visit.
    assert "missing_visit_feedback" not in dict(violations(api, trip))
    survey = SatisfactionSurvey.objects.get(visit=visit)
    assert (survey.kind, survey.score, survey.quarter, survey.salesperson) == (
        "visit",
        3,
        quarter_of(visit.date),
        cast["sales1"],
    )


def test_item10_trip_visit_shows_on_the_customers_page(api, client, cast):
    trip = approved_trip(api)
    file_report(api, trip, [visit_entry()])
    visit = Visit.objects.get(trip=trip)
    client.force_login(cast["sales1"])
    page = client.get(f"/crm/customers/{visit.customer_id}/").content.decode()
    assert f'href="/crm/visits/{visit.pk}/"' in page
    assert f"出差拜访（{trip.number}）" in page


def test_item10_the_form_prints_visited_on_as_the_visit_date(api, client, cast, tmp_path):
    import subprocess

    trip = approved_trip(api, depart=-2, ret=0)
    file_report(api, trip, [visit_entry(day=-2)])
    visit = Visit.objects.get(trip=trip)
    client.force_login(cast["head"])
    pdf = client.get(f"/feedbacks/{visit.pk}/print/")
    assert pdf["Content-Type"] == "application/pdf"
    path = tmp_path / "f.pdf"
    path.write_bytes(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    day = visit.date
    [line] = [" ".join(r.split()) for r in text.splitlines() if "拜访日期" in r]
    assert line.startswith(f"拜访日期 {day.year}年{day.month}月{day.day}日")
    # The phone visit's PDF is the same design.
    client.force_login(cast["sales1"])
    crm_pdf = client.get(f"/crm/visits/{visit.pk}/feedback.pdf")
    assert crm_pdf["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    ("day", "why"),
    [(-3, "before the actual departure"), (1, "after the actual return and today"), (None, "")],
)
def test_item10_visited_on_outside_the_trip_is_400_naming_it(api, day, why):
    trip = approved_trip(api, depart=-1, ret=1)
    entry = visit_entry()
    entry["visited_on"] = None if day is None else days_from_today(day)
    response = file_report(api, trip, [visit_entry(day=0), entry])
    assert response.status_code == 400, why
    assert list(response.data) == ["visits[1].visited_on"]
    assert Visit.objects.filter(trip=trip).count() == 0
    assert api("sales1").get(f"/api/trips/{trip.pk}/").data["report"] is None


def test_item10_visited_on_after_today_is_400_even_within_the_trip(api):
    trip = approved_trip(api, depart=0, ret=2)
    response = file_report(api, trip, [visit_entry(day=1)], actual_return=days_from_today(2))
    assert response.status_code == 400
    assert list(response.data) == ["visits[0].visited_on"]


def test_item10_a_customer_seen_twice_signs_twice(api, cast):
    trip = approved_trip(api, depart=-1, ret=0)
    response = file_report(api, trip, [visit_entry(day=-1), visit_entry(day=0)])
    assert response.status_code == 200, response.data
    visits = Visit.objects.filter(trip=trip).order_by("date")
    assert [v.date.isoformat() for v in visits] == [days_from_today(-1), days_from_today(0)]
    assert VisitSignature.objects.filter(visit__trip=trip).count() == 2
    assert "missing_visit_feedback" not in dict(violations(api, trip))


def test_item10_an_unsigned_crm_visit_on_the_trip_still_misses_p7_2(api, cast):
    # One feedback per visit: a signed report visit does not cover another, unsigned visit.
    trip = approved_trip(api)
    customer = Customer.objects.get(code="C-0001")
    visit = visits_services.visit_plan(
        actor=cast["sales1"], customer=customer, data={"date": today(), "purpose": "送样"}
    )
    visits_services.visit_update(visit=visit, actor=cast["sales1"], data={"trip": trip.pk})
    visits_services.visit_check_in(
        visit=visit, actor=cast["sales1"], latitude="30.2741", longitude="120.1551"
    )
    file_report(api, trip, [visit_entry()])
    assert ("missing_visit_feedback", "C-0001") in violations(api, trip)


def test_item10_a_crm_visit_of_the_trip_counts_without_being_repeated(api, cast):
    trip = approved_trip(api)
    customer = Customer.objects.get(code="C-0001")
    visit = visits_services.visit_plan(
        actor=cast["sales1"],
        customer=customer,
        data={"date": today(), "purpose": "送样", "trip": trip.pk},
    )
    visits_services.visit_check_in(
        visit=visit, actor=cast["sales1"], latitude="30.2741", longitude="120.1551"
    )
    visits_services.visit_record(
        visit=visit, actor=cast["sales1"], data={"content": "介绍新款组件"}
    )
    visits_services.visit_sign(
        visit=visit, actor=cast["sales1"], signer_name="赵经理", signature=png_data_url()
    )
    assert file_report(api, trip, []).status_code == 200
    assert "missing_visit_feedback" not in dict(violations(api, trip))
    assert Visit.objects.filter(trip=trip).count() == 1


def test_item10_one_four_level_scale_with_the_spec_labels():
    assert [(value, str(label)) for value, label in Satisfaction.choices] == [
        (4, "非常满意"),
        (3, "满意"),
        (2, "一般"),
        (1, "不满意"),
    ]


# ---------------------------------------------------------------- item 11


def test_item11_a_report_before_the_trip_starts_is_400(api):
    trip = approved_trip(api, depart=1, ret=2)
    response = file_report(api, trip, [])
    assert response.status_code == 400
    assert list(response.data) == ["actual_depart"]
    # A trip that started earlier than planned may report, giving its actual departure.
    early = file_report(api, trip, [], actual_depart=days_from_today(0))
    assert early.status_code == 200, early.data


def test_item11_the_report_page_refuses_a_report_before_the_trip_starts(api, client, cast):
    trip = approved_trip(api, depart=1, ret=2)
    customer = Customer.objects.get(code="C-0001")
    client.force_login(cast["sales1"])
    response = client.post(
        f"/trips/{trip.pk}/report/",
        {
            f"visit{customer.pk}-customer": customer.pk,
            "actual_depart": days_from_today(1),
            "actual_return": days_from_today(2),
            "route": "金华—杭州",
        },
    )
    assert response.status_code == 200
    assert "出差尚未开始" in response.context["form"].errors["actual_depart"][0]
    assert Trip.objects.get(pk=trip.pk).status == "approved"


def test_item11_a_missing_signature_is_added_later_through_the_api(api):
    trip = approved_trip(api, depart=-1, ret=0)
    file_report(api, trip, [])
    claim = api("sales1").post("/api/claims/", {"trip": trip.pk, "items": []}, format="json").data
    assert ("missing_visit_feedback", "C-0001") in [
        (v["code"], v.get("customer")) for v in claim["violations"]
    ]
    bad = api("sales1").post(f"/api/trips/{trip.pk}/visits/", visit_entry(day=-2), format="json")
    assert (bad.status_code, list(bad.data)) == (400, ["visited_on"])
    assert api("sales2").post(
        f"/api/trips/{trip.pk}/visits/", visit_entry(day=-1), format="json"
    ).status_code in (403, 404)
    added = api("sales1").post(f"/api/trips/{trip.pk}/visits/", visit_entry(day=-1), format="json")
    assert added.status_code == 201, added.data
    assert [v["signed"] for v in added.data["report"]["visits"]] == [True]
    submitted = api("sales1").post(f"/api/claims/{claim['id']}/submit/").data
    assert "missing_visit_feedback" not in [v["code"] for v in submitted["violations"]]
    api("head").post(f"/api/claims/{claim['id']}/approve/")
    api("finance").post(f"/api/claims/{claim['id']}/approve/")
    late = api("sales1").post(f"/api/trips/{trip.pk}/visits/", visit_entry(day=0), format="json")
    assert late.status_code == 409


def test_item11_reopening_a_filed_report_shows_it_read_only_and_adds_a_signature(api, client, cast):
    trip = approved_trip(api, depart=-1, ret=0)
    file_report(api, trip, [], results="客户有意向")
    client.force_login(cast["sales1"])
    page = client.get(f"/trips/{trip.pk}/report/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "金华—杭州—金华" in html and "客户有意向" in html
    assert 'name="route"' not in html and 'name="add-signature"' in html
    customer = Customer.objects.get(code="C-0001")
    response = client.post(
        f"/trips/{trip.pk}/report/",
        {
            "add-customer": customer.pk,
            "add-visited_on": days_from_today(-1),
            "add-content": "补签：洽谈",
            "add-satisfaction": "4",
            "add-signer_name": "赵经理",
            "add-signature": png_data_url(),
        },
    )
    assert response.status_code == 302
    assert VisitSignature.objects.get(visit__trip=trip).signer_name == "赵经理"
    # Whoever sees the trip sees what was filed, without the form.
    client.force_login(cast["head"])
    html = client.get(f"/trips/{trip.pk}/report/").content.decode()
    assert "金华—杭州—金华" in html and 'name="add-signature"' not in html
    trip_page = client.get(f"/trips/{trip.pk}/").content.decode()
    assert f'href="/feedbacks/{VisitSignature.objects.get().visit_id}/print/"' in trip_page


def test_item11_the_page_refuses_a_visit_date_outside_the_trip(api, client, cast):
    trip = approved_trip(api, depart=-1, ret=0)
    file_report(api, trip, [])
    client.force_login(cast["sales1"])
    customer = Customer.objects.get(code="C-0001")
    response = client.post(
        f"/trips/{trip.pk}/report/",
        {
            "add-customer": customer.pk,
            "add-visited_on": days_from_today(-5),
            "add-content": "洽谈",
            "add-signer_name": "赵经理",
            "add-signature": png_data_url(),
        },
    )
    assert response.status_code == 400
    assert "拜访日期须在实际出差日期内" in response.context["add_form"].errors["visited_on"][0]


def test_item11_p7_1_counts_from_the_actual_return(api):
    # Planned back today, actually back four days ago: the report filed today is late.
    trip = approved_trip(api, depart=-5, ret=0)
    file_report(
        api,
        trip,
        [],
        actual_depart=days_from_today(-5),
        actual_return=days_from_today(-4),
    )
    assert ("report_overdue", None) in violations(api, trip)


def test_item10_a_trip_visit_opens_on_the_crm_pages_and_api(api, client, cast):
    trip = approved_trip(api)
    file_report(api, trip, [visit_entry()])
    visit = Visit.objects.get(trip=trip)
    client.force_login(cast["sales1"])
    page = client.get(f"/crm/visits/{visit.pk}/")
    assert page.status_code == 200
    assert "赵经理" in page.content.decode()
    data = api("sales1").get(f"/api/visits/{visit.pk}/").data
    assert (data["trip"], data["status"], data["feedback"]["intact"]) == (
        trip.pk,
        "checked_out",
        True,
    )


def test_item11_an_unsigned_crm_visit_of_the_trip_is_signed_until_the_claim_is_approved(api, cast):
    trip = approved_trip(api)
    customer = Customer.objects.get(code="C-0001")
    visit = visits_services.visit_plan(
        actor=cast["sales1"],
        customer=customer,
        data={"date": today(), "purpose": "送样", "trip": trip.pk},
    )
    visits_services.visit_check_in(
        visit=visit, actor=cast["sales1"], latitude="30.2741", longitude="120.1551"
    )
    visits_services.visit_record(
        visit=visit, actor=cast["sales1"], data={"content": "介绍新款组件"}
    )
    file_report(api, trip, [])
    claim = api("sales1").post("/api/claims/", {"trip": trip.pk, "items": []}, format="json").data
    api("sales1").post(f"/api/claims/{claim['id']}/submit/")
    api("head").post(f"/api/claims/{claim['id']}/approve/")
    api("finance").post(f"/api/claims/{claim['id']}/approve/")
    body = {"signer_name": "赵经理", "signature": png_data_url()}
    late = api("sales1").post(f"/api/visits/{visit.pk}/sign/", body, format="json")
    assert late.status_code == 409
    assert not VisitSignature.objects.filter(visit=visit).exists()
