"""The issue's story through the API alone: plan, approve, advance, report, claim, settle."""

from __future__ import annotations

import pytest
from helpers import days_from_today, png_data_url

from fieldsales.crm.models import Customer

pytestmark = pytest.mark.django_db

HANGZHOU = [{"province": "浙江", "city": "杭州"}]


def plan_trip(api, username="sales1", **extra):
    customer = Customer.objects.get(code="C-0001")
    body = {
        "purpose": "customer_visit",
        "destinations": HANGZHOU,
        "depart": days_from_today(1),
        "return": days_from_today(2),
        "customers": [customer.pk],
        "note": "拜访杭州客户",
    } | extra
    response = api(username).post("/api/trips/", body, format="json")
    assert response.status_code == 201, response.data
    return response.data


def approved_trip(api, username="sales1", **extra):
    trip = plan_trip(api, username, **extra)
    assert api(username).post(f"/api/trips/{trip['id']}/submit/").status_code == 200
    if username != "head":
        assert api("head").post(f"/api/trips/{trip['id']}/approve/", {}).status_code == 200
    response = api("gm").post(f"/api/trips/{trip['id']}/approve/", {"comment": "同意"})
    assert response.status_code == 200, response.data
    return response.data


def test_whole_story_through_the_api(api):
    # Given sales1 plans a two-day trip to 杭州 from today and sees the estimate
    trip = plan_trip(api, depart=days_from_today(0), **{"return": days_from_today(1)})
    assert trip["status"] == "draft"
    assert trip["destinations"][0]["city"] == "杭州市"
    assert trip["estimate"]["lines"][0]["reimbursed"] == "200.00"
    assert trip["estimate"]["lines"][0]["rule"] == "P3.2"
    trip_id = trip["id"]

    # When head then gm approve from their inbox
    assert api("sales1").post(f"/api/trips/{trip_id}/submit/").data["status"] == "submitted"
    inbox = api("head").get("/api/approvals/inbox/").data["results"]
    assert [(i["kind"], i["id"]) for i in inbox] == [("trip", trip_id)]
    assert api("head").post(f"/api/trips/{trip_id}/approve/", {}).data["status"] == "submitted"
    approved = api("gm").post(f"/api/trips/{trip_id}/approve/", {"comment": "同意"}).data
    assert approved["status"] == "approved"
    assert [(a["role"], a["decision"]) for a in approved["approvals"]] == [
        ("dept_head", "approve"),
        ("gm", "approve"),
    ]

    # And sales1 draws an advance of 300 that finance and gm approve and finance pays
    advance = api("sales1").post(
        "/api/advances/", {"trip": trip_id, "amount": "300.00"}, format="json"
    )
    assert advance.status_code == 201, advance.data
    advance_id = advance.data["id"]
    assert api("finance").post(f"/api/advances/{advance_id}/approve/").data["status"] == "submitted"
    assert api("gm").post(f"/api/advances/{advance_id}/approve/").data["status"] == "approved"
    paid = api("finance").post(f"/api/advances/{advance_id}/pay/")
    assert paid.data["status"] == "paid"

    # And sales1 files the report with a signed visit feedback
    customer = Customer.objects.get(code="C-0001")
    report = api("sales1").post(
        f"/api/trips/{trip_id}/report/",
        {
            "route": "金华—杭州—金华",
            "results": "客户有意向",
            "orders_signed": "无",
            "follow_up": "下周寄样",
            "visits": [
                {
                    "customer": customer.pk,
                    "visited_on": days_from_today(0),
                    "content": "介绍新款组件",
                    "satisfaction": 4,
                    "signer_name": "赵经理",
                    "signature": png_data_url(),
                }
            ],
        },
        format="json",
    )
    assert report.status_code == 200, report.data
    assert report.data["status"] == "reported"
    assert len(report.data["report"]["visits"][0]["content_hash"]) == 64

    # And claims a train ticket, a night taxi in 义乌 and a hotel bill
    items = [
        {
            "id": "t1",
            "kind": "train",
            "amount": "73.50",
            "hours": 1.2,
            "seat": "second_class",
            "invoice": True,
        },
        {
            "id": "x1",
            "kind": "taxi",
            "amount": "26.00",
            "city": "义乌市",
            "reason": "night_work",
            "from": "义乌站",
            "to": "客户工厂",
            "note": "21:40 到站，赶往客户工厂送样",
        },
        {"id": "h1", "kind": "lodging", "amount": "180.00", "invoice": True},
    ]
    claim = api("sales1").post("/api/claims/", {"trip": trip_id, "items": items}, format="json")
    assert claim.status_code == 201, claim.data
    claim_id = claim.data["id"]
    assert claim.data["totals"] == {
        "claimed": "279.50",
        "reimbursed": "299.50",
        "self_paid": "180.00",
    }
    assert api("sales1").post(f"/api/claims/{claim_id}/submit/").data["status"] == "submitted"
    assert api("sales1").get(f"/api/trips/{trip_id}/").data["status"] == "claimed"

    # Then head and finance approve and the settlement says 0.50 goes back
    assert api("head").post(f"/api/claims/{claim_id}/approve/").data["status"] == "submitted"
    final = api("finance").post(f"/api/claims/{claim_id}/approve/").data
    assert final["status"] == "approved"
    assert final["settlement"] == {
        "advance": "300.00",
        "pay_to_traveller": "0.00",
        "return_to_company": "0.50",
    }
    hotel = next(line for line in final["lines"] if line["item"] == "h1")
    assert (hotel["reimbursed"], hotel["rule"]) == ("0.00", "P3.4")
    assert hotel["reason"] == "住宿费已含在每日补贴中"
    assert api("sales1").get(f"/api/advances/{advance_id}/").data["status"] == "settled"
    assert api("sales1").get(f"/api/trips/{trip_id}/").data["status"] == "settled"

    # And finance records the return of the difference
    settled = api("finance").post(f"/api/claims/{claim_id}/settle/")
    assert settled.data["status"] == "settled"
    assert api("finance").post(f"/api/claims/{claim_id}/settle/").status_code == 409


def test_token_login_with_demo_password(api):
    response = api(None).post(
        "/api/auth/token/", {"username": "sales1", "password": "demo-pass-2026"}
    )
    assert response.status_code == 200
    client = api(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.data['token']}")
    assert client.get("/api/trips/").status_code == 200


def test_without_credentials_is_401(api):
    assert api(None).get("/api/trips/").status_code == 401


def test_head_trip_goes_straight_to_gm(api):
    trip = plan_trip(api, "head")
    submitted = api("head").post(f"/api/trips/{trip['id']}/submit/").data
    assert [s["role"] for s in [submitted["current_step"]]] == ["gm"]
    assert api("gm").post(f"/api/trips/{trip['id']}/approve/").data["status"] == "approved"


def test_p2_3_advance_above_limit_is_refused_not_cut(api):
    trip = approved_trip(api)
    response = api("sales1").post(
        "/api/advances/", {"trip": trip["id"], "amount": "500.01"}, format="json"
    )
    assert response.status_code == 400
    assert "P2.3" in str(response.data)


def test_p2_3_advance_at_limit_is_accepted(api):
    trip = approved_trip(api)
    response = api("sales1").post(
        "/api/advances/", {"trip": trip["id"], "amount": "500.00"}, format="json"
    )
    assert response.status_code == 201
    assert response.data["amount"] == "500.00"


def test_p2_4_one_open_advance(api):
    first = approved_trip(api)
    second = approved_trip(api, depart=days_from_today(5), **{"return": days_from_today(6)})
    assert (
        api("sales1")
        .post("/api/advances/", {"trip": first["id"], "amount": "100.00"}, format="json")
        .status_code
        == 201
    )
    response = api("sales1").post(
        "/api/advances/", {"trip": second["id"], "amount": "100.00"}, format="json"
    )
    assert response.status_code == 400
    assert "P2.4" in str(response.data)


def test_money_as_json_number_is_400(api):
    trip = approved_trip(api)
    response = api("sales1").post(
        "/api/advances/", {"trip": trip["id"], "amount": 300}, format="json"
    )
    assert response.status_code == 400
    assert "amount" in response.data


def test_second_pay_is_409(api):
    trip = approved_trip(api)
    advance = (
        api("sales1")
        .post("/api/advances/", {"trip": trip["id"], "amount": "200.00"}, format="json")
        .data
    )
    api("finance").post(f"/api/advances/{advance['id']}/approve/")
    api("gm").post(f"/api/advances/{advance['id']}/approve/")
    assert api("finance").post(f"/api/advances/{advance['id']}/pay/").status_code == 200
    assert api("finance").post(f"/api/advances/{advance['id']}/pay/").status_code == 409


def test_approving_twice_is_409(api):
    trip = plan_trip(api)
    api("sales1").post(f"/api/trips/{trip['id']}/submit/")
    assert api("head").post(f"/api/trips/{trip['id']}/approve/").status_code == 200
    assert api("head").post(f"/api/trips/{trip['id']}/approve/").status_code == 409


def test_nobody_approves_own_trip(api):
    trip = plan_trip(api)
    api("sales1").post(f"/api/trips/{trip['id']}/submit/")
    assert api("sales1").post(f"/api/trips/{trip['id']}/approve/").status_code == 403


def test_other_salesperson_gets_404(api):
    trip = plan_trip(api)
    assert api("sales2").get(f"/api/trips/{trip['id']}/").status_code == 404
    assert api("sales2").post(f"/api/trips/{trip['id']}/approve/").status_code == 404


def test_wrong_role_gets_403(api):
    trip = plan_trip(api)
    api("sales1").post(f"/api/trips/{trip['id']}/submit/")
    assert api("finance").post(f"/api/trips/{trip['id']}/approve/").status_code == 403


def test_editing_a_submitted_trip_is_409(api):
    trip = plan_trip(api)
    api("sales1").post(f"/api/trips/{trip['id']}/submit/")
    response = api("sales1").patch(f"/api/trips/{trip['id']}/", {"note": "改"}, format="json")
    assert response.status_code == 409


def test_rejected_trip_is_edited_and_resubmitted(api):
    trip = plan_trip(api)
    api("sales1").post(f"/api/trips/{trip['id']}/submit/")
    rejected = api("head").post(f"/api/trips/{trip['id']}/reject/", {"comment": "日期再议"})
    assert rejected.data["status"] == "rejected"
    edited = api("sales1").patch(f"/api/trips/{trip['id']}/", {"note": "改期"}, format="json")
    assert edited.status_code == 200
    assert api("sales1").post(f"/api/trips/{trip['id']}/submit/").data["status"] == "submitted"


@pytest.mark.parametrize(
    ("destinations", "field"),
    [
        ([{"province": "浙江", "city": "纽约"}], "destinations"),
        ([{"province": "火星", "city": "杭州"}], "destinations"),
        ([], "destinations"),
    ],
)
def test_bad_destinations_are_400(api, destinations, field):
    response = api("sales1").post(
        "/api/trips/",
        {
            "purpose": "customer_visit",
            "destinations": destinations,
            "depart": days_from_today(1),
            "return": days_from_today(1),
        },
        format="json",
    )
    assert response.status_code == 400
    assert field in response.data


def test_return_before_depart_is_400(api):
    response = api("sales1").post(
        "/api/trips/",
        {
            "purpose": "customer_visit",
            "destinations": HANGZHOU,
            "depart": days_from_today(2),
            "return": days_from_today(1),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "return" in response.data


def test_full_province_and_city_names_are_accepted(api):
    trip = plan_trip(api, destinations=[{"province": "广东省", "city": "广州市"}])
    assert trip["estimate"]["scope"] == "out_of_province"


def test_claim_item_errors_name_the_field(api):
    trip = approved_trip(api)
    response = api("sales1").post(
        "/api/claims/",
        {
            "trip": trip["id"],
            "items": [
                {"id": "a", "kind": "train", "amount": 73.5, "seat": "second_class", "hours": 1}
            ],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "items[0].amount" in response.data


def test_approved_claim_cannot_be_edited(api):
    trip = approved_trip(api)
    claim = (
        api("sales1").post("/api/claims/", {"trip": trip["id"], "items": []}, format="json").data
    )
    api("sales1").post(f"/api/claims/{claim['id']}/submit/")
    api("head").post(f"/api/claims/{claim['id']}/approve/")
    api("finance").post(f"/api/claims/{claim['id']}/approve/")
    response = api("sales1").patch(f"/api/claims/{claim['id']}/", {"items": []}, format="json")
    assert response.status_code == 409


def test_p9_override_by_current_approver(api):
    trip = approved_trip(api)
    claim = (
        api("sales1")
        .post(
            "/api/claims/",
            {
                "trip": trip["id"],
                "items": [{"id": "p1", "kind": "other", "amount": "15.00", "note": "停车费"}],
            },
            format="json",
        )
        .data
    )
    assert claim["lines"][1]["reimbursed"] == "0.00"
    api("sales1").post(f"/api/claims/{claim['id']}/submit/")
    assert (
        api("finance")
        .post(
            f"/api/claims/{claim['id']}/overrides/",
            {"item": "p1", "amount": "15.00", "reason": "客户处停车"},
            format="json",
        )
        .status_code
        == 403
    )
    response = api("head").post(
        f"/api/claims/{claim['id']}/overrides/",
        {"item": "p1", "amount": "15.00", "reason": "客户处停车"},
        format="json",
    )
    assert response.status_code == 200
    line = next(line for line in response.data["lines"] if line["item"] == "p1")
    assert (line["reimbursed"], line["rule"]) == ("15.00", "override")


def test_invited_companion_claim_reimburses_nothing(api, cast):
    trip = approved_trip(api, companions=[{"user": cast["sales2"].pk, "invited": True}])
    claim = api("sales2").post(
        "/api/claims/",
        {
            "trip": trip["id"],
            "items": [
                {"id": "t", "kind": "train", "amount": "50.00", "seat": "second_class", "hours": 1}
            ],
        },
        format="json",
    )
    assert claim.status_code == 201, claim.data
    assert claim.data["totals"]["reimbursed"] == "0.00"
    assert "invited_colleague" in {v["code"] for v in claim.data["violations"]}


def test_gm_records_special_case(api):
    trip = approved_trip(api)
    assert (
        api("head").post(f"/api/trips/{trip['id']}/special-case/", {"reason": "x"}).status_code
        == 403
    )
    response = api("gm").post(f"/api/trips/{trip['id']}/special-case/", {"reason": "客户验收延期"})
    assert response.status_code == 200
    assert response.data["special_case"] is True


def test_report_is_filed_once(api):
    trip = approved_trip(api, depart=days_from_today(0))
    body = {"route": "金华—杭州"}
    assert (
        api("sales1").post(f"/api/trips/{trip['id']}/report/", body, format="json").status_code
        == 200
    )
    assert (
        api("sales1").post(f"/api/trips/{trip['id']}/report/", body, format="json").status_code
        == 409
    )


def test_api_schema_is_served(api):
    response = api("sales1").get("/api/schema/")
    assert response.status_code == 200


def test_one_claim_per_traveller_and_trip(api):
    trip = approved_trip(api)
    first = api("sales1").post("/api/claims/", {"trip": trip["id"], "items": []}, format="json")
    assert first.status_code == 201
    second = api("sales1").post("/api/claims/", {"trip": trip["id"], "items": []}, format="json")
    assert second.status_code == 400
    assert "trip" in second.data


@pytest.mark.parametrize(("given", "stored"), [(4, 4), (3, 3), (1, 1), ("2", 2)])
def test_report_satisfaction_scale(api, given, stored):
    trip = approved_trip(api, depart=days_from_today(0))
    customer = Customer.objects.get(code="C-0001")
    response = api("sales1").post(
        f"/api/trips/{trip['id']}/report/",
        {
            "route": "金华—杭州",
            "visits": [
                {
                    "customer": customer.pk,
                    "visited_on": days_from_today(0),
                    "content": "洽谈",
                    "satisfaction": given,
                    "signer_name": "赵经理",
                    "signature": png_data_url(),
                }
            ],
        },
        format="json",
    )
    assert response.status_code == 200, response.data
    assert response.data["report"]["visits"][0]["satisfaction"] == stored


@pytest.mark.parametrize("given", [5, 0, "satisfied", "较满意"])
def test_report_satisfaction_outside_the_four_levels_is_400(api, given):
    trip = approved_trip(api, depart=days_from_today(0))
    customer = Customer.objects.get(code="C-0001")
    response = api("sales1").post(
        f"/api/trips/{trip['id']}/report/",
        {
            "route": "金华—杭州",
            "visits": [
                {
                    "customer": customer.pk,
                    "visited_on": days_from_today(0),
                    "content": "洽谈",
                    "satisfaction": given,
                    "signer_name": "赵经理",
                    "signature": png_data_url(),
                }
            ],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "visits[0].satisfaction" in response.data
    assert api("sales1").get(f"/api/trips/{trip['id']}/").data["report"] is None


def test_report_with_a_bad_signature_is_400_and_saves_nothing(api):
    trip = approved_trip(api, depart=days_from_today(0))
    customer = Customer.objects.get(code="C-0001")
    response = api("sales1").post(
        f"/api/trips/{trip['id']}/report/",
        {
            "route": "金华—杭州",
            "visits": [
                {
                    "customer": customer.pk,
                    "visited_on": days_from_today(0),
                    "content": "洽谈",
                    "signer_name": "赵经理",
                    "signature": "not-a-png",
                }
            ],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "visits[0].signature" in response.data
    assert api("sales1").get(f"/api/trips/{trip['id']}/").data["report"] is None


def test_p8_3_correction_is_a_new_document_settling_the_difference(api):
    trip = approved_trip(api)
    items = [{"id": "t1", "kind": "train", "amount": "73.50", "seat": "second_class", "hours": 1}]
    claim = (
        api("sales1").post("/api/claims/", {"trip": trip["id"], "items": items}, format="json").data
    )
    api("sales1").post(f"/api/claims/{claim['id']}/submit/")
    api("head").post(f"/api/claims/{claim['id']}/approve/")
    original = api("finance").post(f"/api/claims/{claim['id']}/approve/").data
    assert original["totals"]["reimbursed"] == "273.50"
    correction = api("sales1").post(f"/api/claims/{claim['id']}/correct/").data
    assert correction["corrects"] == claim["id"]
    assert correction["status"] == "draft"
    more = [
        *items,
        {"id": "t2", "kind": "train", "amount": "80.00", "seat": "second_class", "hours": 1},
    ]
    edited = (
        api("sales1").patch(f"/api/claims/{correction['id']}/", {"items": more}, format="json").data
    )
    assert edited["settlement"] == {
        "advance": "273.50",
        "pay_to_traveller": "80.00",
        "return_to_company": "0.00",
    }
    api("sales1").post(f"/api/claims/{correction['id']}/submit/")
    api("head").post(f"/api/claims/{correction['id']}/approve/")
    assert (
        api("finance").post(f"/api/claims/{correction['id']}/approve/").data["status"] == "approved"
    )
    # The original is untouched and can be corrected only once.
    assert api("sales1").get(f"/api/claims/{claim['id']}/").data["totals"] == original["totals"]
    assert api("sales1").post(f"/api/claims/{claim['id']}/correct/").status_code == 409


def test_only_an_approved_claim_is_corrected(api):
    trip = approved_trip(api)
    claim = (
        api("sales1").post("/api/claims/", {"trip": trip["id"], "items": []}, format="json").data
    )
    assert api("sales1").post(f"/api/claims/{claim['id']}/correct/").status_code == 409
    assert api("head").post(f"/api/claims/{claim['id']}/correct/").status_code == 403
    assert api("sales2").post(f"/api/claims/{claim['id']}/correct/").status_code == 404


def test_companion_by_username(api, cast):
    trip = plan_trip(api, companions=[{"user": "sales2", "invited": False}])
    assert trip["companions"] == [{"user": cast["sales2"].pk, "invited": False}]
    assert api("sales2").get(f"/api/trips/{trip['id']}/").status_code == 200


def test_unknown_companion_is_400(api):
    response = api("sales1").post(
        "/api/trips/",
        {
            "purpose": "customer_visit",
            "destinations": HANGZHOU,
            "depart": days_from_today(1),
            "return": days_from_today(1),
            "companions": [{"user": "nobody"}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "companions" in response.data


def test_gm_trip_needs_an_alternate_approver(api, cast):
    from fieldsales.org.models import AlternateApprover

    trip = plan_trip(api, "gm")
    refused = api("gm").post(f"/api/trips/{trip['id']}/submit/")
    assert refused.status_code == 400
    assert api("gm").get(f"/api/trips/{trip['id']}/").data["status"] == "draft"

    AlternateApprover.objects.create(role="gm", user=cast["head"])
    submitted = api("gm").post(f"/api/trips/{trip['id']}/submit/").data
    assert submitted["current_step"]["user"] == cast["head"].pk
    assert api("gm").post(f"/api/trips/{trip['id']}/approve/").status_code == 403
    assert api("head").post(f"/api/trips/{trip['id']}/approve/").data["status"] == "approved"


def test_head_own_claim_skips_the_head_step(api):
    trip = approved_trip(api, "head")
    claim = api("head").post("/api/claims/", {"trip": trip["id"], "items": []}, format="json").data
    submitted = api("head").post(f"/api/claims/{claim['id']}/submit/").data
    # The head's own claim skips the head step (P1.2 by analogy) and goes to finance.
    assert submitted["current_step"]["role"] == "finance"
    assert api("finance").post(f"/api/claims/{claim['id']}/approve/").data["status"] == "approved"


def test_messages_follow_accept_language(api):
    trip = approved_trip(api)
    items = [{"id": "h1", "kind": "lodging", "amount": "180.00"}]
    claim = (
        api("sales1").post("/api/claims/", {"trip": trip["id"], "items": items}, format="json").data
    )
    english = api("sales1").get(f"/api/claims/{claim['id']}/", HTTP_ACCEPT_LANGUAGE="en").data
    chinese = api("sales1").get(f"/api/claims/{claim['id']}/").data
    hotel_en = next(v for v in english["violations"] if v["code"] == "covered_by_allowance")
    hotel_zh = next(v for v in chinese["violations"] if v["code"] == "covered_by_allowance")
    assert "allowance" in hotel_en["message"]
    assert hotel_zh["message"] == "住宿费已含在每日补贴中"
    assert english["totals"] == chinese["totals"]
    assert "input" not in english
