"""The quotes API beyond the story: visibility (404), roles (403), states (409), bad input
(400, never 500), the expired status (S4.3), revise, the list's filters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fieldsales.sales.models import Quote

pytestmark = pytest.mark.django_db


def create(api, body, user="sales1"):
    response = api(user).post("/api/quotes/", body, format="json")
    assert response.status_code == 201, response.data
    return response.data


def approved(api, body):
    quote = create(api, body)
    assert api("sales1").post(f"/api/quotes/{quote['id']}/submit/").status_code == 200
    response = api("head").post(f"/api/quotes/{quote['id']}/approve/", {})
    if response.data["status"] == "submitted":
        response = api("gm").post(f"/api/quotes/{quote['id']}/approve/", {})
    assert response.data["status"] == "approved"
    return response.data


def test_s2_1_below_floor_is_400_naming_the_rule_and_the_line(api, quote_body):
    response = api("sales1").post(
        "/api/quotes/", quote_body(("TQ-M550", "10", "799.99")), format="json"
    )
    assert response.status_code == 400
    assert list(response.data) == ["lines"]
    assert response.data["lines"][0].startswith("S2.1 第1行")


def test_a_20_pct_below_market_quote_also_needs_the_gm(api, quote_body):
    quote = create(api, quote_body(("TQ-M550", "10", "800.00")))
    assert api("sales1").post(f"/api/quotes/{quote['id']}/submit/").status_code == 200
    after_head = api("head").post(f"/api/quotes/{quote['id']}/approve/", {}).data
    assert after_head["status"] == "submitted"
    assert after_head["current_step"]["role"] == "gm"
    assert api("gm").post(f"/api/quotes/{quote['id']}/approve/", {}).data["status"] == "approved"


@pytest.mark.parametrize(
    "change",
    [
        {"lines": []},
        {"lines": "x"},
        {"lines": [{"product": 1}]},
        {"lines": [{"product": "x", "quantity": "1", "unit_price": "1.00"}]},
        {"lines": [{"product": 999999, "quantity": "1", "unit_price": "1.00"}]},
        {"lines": [{"product": 2**70, "quantity": "1", "unit_price": "1.00"}]},
        {"customer": None},
        {"customer": 999999},
        {"customer": "abc"},
        {"inquiry": 999999},
        {"opportunity": 999999},
        {"valid_until": "2026-13-45"},
        {"valid_until": "2000-01-01"},
        {"note": "x" * 5000},
        {"note": "a\x00b"},
    ],
)
def test_bad_input_is_400_never_500(api, quote_body, change):
    response = api("sales1").post("/api/quotes/", quote_body() | change, format="json")
    assert response.status_code == 400, response.data


@pytest.mark.parametrize(
    "line",
    [
        {"quantity": "0", "unit_price": "1000.00"},
        {"quantity": "-1", "unit_price": "1000.00"},
        {"quantity": "1.0001", "unit_price": "1000.00"},
        {"quantity": 1.5, "unit_price": "1000.00"},
        {"quantity": "１０", "unit_price": "1000.00"},
        {"quantity": "1", "unit_price": "1000.001"},
        {"quantity": "1", "unit_price": 1000},
        {"quantity": "999999999.999", "unit_price": "999999999.99"},
    ],
)
def test_bad_lines_are_400(api, catalogue, quote_body, line):
    body = quote_body()
    body["lines"] = [{"product": catalogue["products"]["TQ-M550"].pk} | line]
    response = api("sales1").post("/api/quotes/", body, format="json")
    assert response.status_code == 400, response.data


def test_visibility_own_department_company_and_404_for_others(api, quote_body):
    quote = create(api, quote_body())
    url = f"/api/quotes/{quote['id']}/"
    for user in ("sales1", "head", "gm", "finance"):
        assert api(user).get(url).status_code == 200, user
    for user in ("sales2", "tech", "buyer"):
        assert api(user).get(url).status_code == 404, user
    assert quote["id"] not in [q["id"] for q in api("sales2").get("/api/quotes/").data["results"]]


def test_roles_that_may_not_act_get_403_and_wrong_states_409(api, quote_body):
    quote = create(api, quote_body())
    base = f"/api/quotes/{quote['id']}"
    assert api("head").post(f"{base}/submit/").status_code == 403
    assert api("head").post(f"{base}/approve/", {}).status_code == 409  # a draft
    assert api("sales1").post(f"{base}/send/").status_code == 409
    assert api("sales1").get(f"{base}/print/").status_code == 409
    assert api("sales1").post(f"{base}/submit/").status_code == 200
    assert api("sales1").post(f"{base}/approve/", {}).status_code == 403
    assert api("head").post(f"{base}/reject/", {}).status_code == 400
    assert api("head").post(f"{base}/reject/", {"comment": "再核价"}).data["status"] == "rejected"
    assert api("finance").post("/api/quotes/", {}, format="json").status_code == 400
    assert api("finance").post("/api/quotes/", quote_body(), format="json").status_code in (
        400,
        403,
    )


def test_approved_quote_is_never_edited_409(api, quote_body):
    quote = approved(api, quote_body(("TQ-M550", "10", "1000.00")))
    response = api("sales1").patch(f"/api/quotes/{quote['id']}/", {"note": "改"}, format="json")
    assert response.status_code == 409


def test_s4_3_expired_shows_expired_and_accept_is_409(api, quote_body):
    quote = approved(api, quote_body(("TQ-M550", "10", "1000.00")))
    Quote.objects.filter(pk=quote["id"]).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    shown = api("sales1").get(f"/api/quotes/{quote['id']}/").data
    assert (shown["status"], shown["stored_status"], shown["expired"]) == (
        "expired",
        "approved",
        True,
    )
    assert api("sales1").post(f"/api/quotes/{quote['id']}/accept/").status_code == 409
    assert api("sales1").post(f"/api/quotes/{quote['id']}/decline/", {}).status_code == 409
    listed = api("sales1").get("/api/quotes/?status=expired").data["results"]
    assert [q["id"] for q in listed] == [quote["id"]]
    assert api("sales1").get("/api/quotes/?status=approved").data["results"] == []
    # revise gives a new draft that can go round again
    new = api("sales1").post(f"/api/quotes/{quote['id']}/revise/")
    assert new.status_code == 201
    assert new.data["number"].endswith("-r2") and new.data["status"] == "draft"
    assert api("sales1").get(f"/api/quotes/{quote['id']}/").data["status"] == "superseded"


def test_update_a_draft_and_withdraw_cancel(api, quote_body, catalogue):
    quote = create(api, quote_body())
    patched = api("sales1").patch(
        f"/api/quotes/{quote['id']}/",
        {
            "lines": [
                {
                    "product": catalogue["products"]["TQ-CAB4"].pk,
                    "quantity": "100",
                    "unit_price": "5.00",
                }
            ]
        },
        format="json",
    )
    assert patched.status_code == 200, patched.data
    assert patched.data["total"] == "500.00"
    assert patched.data["lines"][0]["below_market_pct"] == "9.1"
    base = f"/api/quotes/{quote['id']}"
    assert api("sales1").post(f"{base}/submit/").status_code == 200
    assert api("sales1").post(f"{base}/withdraw/").data["status"] == "draft"
    assert api("sales1").post(f"{base}/cancel/").data["status"] == "cancelled"


def test_schema_lists_the_quote_endpoints(api):
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    for path in (
        "/api/quotes/",
        "/api/quotes/{id}/submit/",
        "/api/quotes/{id}/approve/",
        "/api/quotes/{id}/reject/",
        "/api/quotes/{id}/send/",
        "/api/quotes/{id}/accept/",
        "/api/quotes/{id}/decline/",
        "/api/quotes/{id}/revise/",
        "/api/quotes/{id}/print/",
    ):
        assert path in paths, path


def test_print_answers_a_client_asking_for_pdf_and_409_before_approval(api, quote_body):
    quote = create(api, quote_body(("TQ-M550", "10", "1000.00")))
    early = api("sales1").get(f"/api/quotes/{quote['id']}/print/", HTTP_ACCEPT="application/pdf")
    assert early.status_code == 409
    approved_quote = approved(api, quote_body(("TQ-M550", "10", "1000.00")))
    printed = api("head").get(
        f"/api/quotes/{approved_quote['id']}/print/", HTTP_ACCEPT="application/pdf"
    )
    assert printed.status_code == 200 and printed.content.startswith(b"%PDF")
    assert api("head").get(f"/api/quotes/{approved_quote['id']}/").data["status"] == "sent"


def test_valid_until_defaults_to_30_days(api, quote_body):
    body = quote_body()
    del body["valid_until"]
    quote = create(api, body)
    assert quote["valid_until"] == (timezone.localdate() + timedelta(days=30)).isoformat()
