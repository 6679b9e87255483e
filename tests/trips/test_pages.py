"""The pages: each view's happy path and a refusal, through Django's test client."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from helpers import approved_trip, days_from_today, png_data_url, tiny_pdf

from fieldsales.crm.models import Customer
from fieldsales.trips.models import Claim, Receipt, Trip

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client, cast):
    def as_user(username):
        client.force_login(cast[username])
        return client

    return as_user


def test_anonymous_is_sent_to_login(client):
    response = client.get("/trips/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_home_shows_inbox_for_head(api, login):
    trip = (
        api("sales1")
        .post(
            "/api/trips/",
            {
                "purpose": "customer_visit",
                "destinations": [{"province": "浙江", "city": "义乌"}],
                "depart": days_from_today(1),
                "return": days_from_today(1),
            },
            format="json",
        )
        .data
    )
    api("sales1").post(f"/api/trips/{trip['id']}/submit/")
    page = login("head").get("/").content.decode()
    assert trip["number"] in page


def test_trip_form_creates_and_submits(login):
    response = login("sales1").post(
        "/trips/new/",
        {
            "purpose": "customer_visit",
            "province": "浙江省",
            "city": "杭州市",
            "depart": days_from_today(1),
            "return_date": days_from_today(2),
            "submit": "1",
        },
    )
    trip = Trip.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/trips/{trip.pk}/"
    assert trip.status == "submitted"
    assert [d.city for d in trip.destinations.all()] == ["杭州市"]


def test_trip_form_refuses_a_city_outside_the_province(login):
    response = login("sales1").post(
        "/trips/new/",
        {
            "purpose": "customer_visit",
            "province": "广东省",
            "city": "杭州市",
            "depart": days_from_today(1),
            "return_date": days_from_today(2),
        },
    )
    assert response.status_code == 200
    assert Trip.objects.count() == 0
    assert "杭州市" in response.context["form"].errors["city"][0]


def test_trip_form_refuses_return_before_depart(login):
    response = login("sales1").post(
        "/trips/new/",
        {
            "purpose": "customer_visit",
            "province": "浙江省",
            "city": "杭州市",
            "depart": days_from_today(2),
            "return_date": days_from_today(1),
        },
    )
    assert response.status_code == 200
    assert "return_date" in response.context["form"].errors


def test_estimate_preview_shows_the_allowance(login):
    response = login("sales1").post(
        "/trips/estimate/",
        {
            "purpose": "customer_visit",
            "province": "广东省",
            "city": "广州市",
            "depart": days_from_today(1),
            "return_date": days_from_today(3),
        },
    )
    assert "390.00" in response.content.decode()
    assert "P3.3" in response.content.decode()


def test_city_options_follow_the_province(login):
    page = login("sales1").get("/trips/cities/", {"province": "浙江省"}).content.decode()
    assert "浦江县" in page
    assert "广州市" not in page


def test_trip_detail_is_404_for_another_salesperson(api, login):
    trip = approved_trip(api)
    assert login("sales2").get(f"/trips/{trip}/").status_code == 404
    assert login("sales1").get(f"/trips/{trip}/").status_code == 200


def test_approve_from_page_and_refusal_message(api, login):
    trip = (
        api("sales1")
        .post(
            "/api/trips/",
            {
                "purpose": "customer_visit",
                "destinations": [{"province": "浙江", "city": "杭州"}],
                "depart": days_from_today(1),
                "return": days_from_today(1),
            },
            format="json",
        )
        .data["id"]
    )
    api("sales1").post(f"/api/trips/{trip}/submit/")
    refused = login("gm").post(f"/trips/{trip}/approve/", follow=True)
    assert "不能执行此操作" in refused.content.decode()
    assert Trip.objects.get(pk=trip).step == 0
    login("head").post(f"/trips/{trip}/approve/", {"comment": "同意"})
    assert Trip.objects.get(pk=trip).step == 1


def test_advance_form_names_the_rule(api, login):
    trip = approved_trip(api)
    response = login("sales1").post(f"/trips/{trip}/advance/", {"amount": "600"})
    assert response.status_code == 200
    assert "P2.3" in str(response.context["form"].errors)
    response = login("sales1").post(f"/trips/{trip}/advance/", {"amount": "300.5"})
    assert response.status_code == 302


def test_report_form_with_signature(api, login):
    trip = approved_trip(api)
    customer = Customer.objects.get(code="C-0001")
    response = login("sales1").post(
        f"/trips/{trip}/report/",
        {
            "actual_depart": days_from_today(0),
            "actual_return": days_from_today(2),
            "route": "金华—杭州",
            f"visit{customer.pk}-customer": customer.pk,
            f"visit{customer.pk}-visited_on": days_from_today(0),
            f"visit{customer.pk}-content": "洽谈",
            f"visit{customer.pk}-satisfaction": "4",
            f"visit{customer.pk}-signer_name": "赵经理",
            f"visit{customer.pk}-signature": png_data_url(),
        },
    )
    assert response.status_code == 302
    trip_obj = Trip.objects.get(pk=trip)
    assert trip_obj.status == "reported"
    [visit] = trip_obj.crm_visits.all()
    assert (visit.customer, visit.date.isoformat(), visit.signature.signer_name) == (
        customer,
        days_from_today(0),
        "赵经理",
    )


def claim_post(**extra):
    return {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "40",
        "items-0-kind": "lodging",
        "items-0-amount": "180.00",
        "items-0-invoice": "on",
    } | extra


def test_claim_form_prices_lines_and_keeps_the_receipt(api, login):
    trip = approved_trip(api)
    pdf = SimpleUploadedFile("发票.pdf", tiny_pdf(), content_type="application/pdf")
    response = login("sales1").post(f"/trips/{trip}/claim/", claim_post(**{"items-0-receipt": pdf}))
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert [
        (line["item"], line["reimbursed"], line["rule"]) for line in claim.evaluation["lines"]
    ] == [("allowance", "200.00", "P3.2"), ("i1", "0.00", "P3.4")]
    receipt = Receipt.objects.get()
    assert receipt.content_type == "application/pdf"
    assert login("sales1").get(f"/receipts/{receipt.pk}/").status_code == 200
    assert login("sales2").get(f"/receipts/{receipt.pk}/").status_code == 404


def test_claim_form_refuses_a_receipt_that_is_not_an_image_or_pdf(api, login):
    trip = approved_trip(api)
    fake = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = login("sales1").post(
        f"/trips/{trip}/claim/", claim_post(**{"items-0-receipt": fake})
    )
    assert response.status_code == 400
    assert "JPG" in response.content.decode()
    assert Receipt.objects.count() == 0


def test_claim_form_refuses_a_bad_amount(api, login):
    trip = approved_trip(api)
    response = login("sales1").post(
        f"/trips/{trip}/claim/", claim_post(**{"items-0-amount": "1.005"})
    )
    assert response.status_code == 400
    assert Claim.objects.count() == 0


def test_inbox_page_lists_what_waits(api, login):
    trip = approved_trip(api)
    advance = (
        api("sales1").post("/api/advances/", {"trip": trip, "amount": "100.00"}, format="json").data
    )
    page = login("finance").get("/approvals/").content.decode()
    assert advance["number"] in page
    assert "¥100.00" in page


def test_language_switch_to_english(login):
    client = login("sales1")
    client.post("/i18n/setlang/", {"language": "en", "next": "/trips/"})
    assert "Trips" in client.get("/trips/").content.decode()


def test_pages_speak_chinese_even_to_an_english_browser(login):
    page = login("sales1").get("/trips/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "出差申请" in page.content.decode()


def test_api_honours_accept_language(api):
    response = api("sales1").post(
        "/api/trips/",
        {
            "purpose": "customer_visit",
            "destinations": [{"province": "火星", "city": "x"}],
            "depart": days_from_today(1),
            "return": days_from_today(1),
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    )
    assert "省份" in str(response.data["destinations"])


def test_home_figures_count_everything_not_the_rows_listed(login, cast):
    """待我处理 and 团队逾期报告 count all that waits, not the first rows the lists show (they
    used to say 10 for an inbox of 21)."""
    import re
    from datetime import timedelta

    from factories import TripFactory
    from helpers import today

    from fieldsales.core.inbox import inbox_count
    from fieldsales.trips.selectors import overdue_reports

    sales1, head = cast["sales1"], cast["head"]
    for _ in range(11):
        TripFactory(traveller=sales1, status="submitted")
    late = [TripFactory(traveller=sales1, status="approved").pk for _ in range(11)]
    Trip.objects.filter(pk__in=late).update(
        depart=today() - timedelta(days=30), return_date=today() - timedelta(days=29)
    )
    waiting = inbox_count(user=head)
    overdue = overdue_reports(user=head).exclude(traveller=head).count()
    assert waiting > 10 and overdue > 10

    page = login("head").get("/").content.decode()

    def figure(label):
        found = re.search(label + r'</span><span class="kpi-value">(\d+)<', page)
        assert found, label
        return int(found.group(1))

    assert figure("待我处理") == waiting
    assert figure("团队逾期报告") == overdue
