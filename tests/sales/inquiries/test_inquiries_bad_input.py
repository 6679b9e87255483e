"""Bad input to the inquiries API is a 400 naming the field, never a 500."""

from __future__ import annotations

import pytest
from helpers import days_from_today

from fieldsales.crm.models import Customer

pytestmark = pytest.mark.django_db


def body(**extra):
    return {
        "kind": "inquiry",
        "customer": Customer.objects.get(code="C-0001").pk,
        "items": [{"description": "组件", "quantity": "10"}],
        "deadline": days_from_today(5),
        "estimated_amount": "1000.00",
    } | extra


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "order"}, "kind"),
        ({"customer": "abc"}, "customer"),
        ({"customer": 999999}, "customer"),
        ({"customer": 2**70}, "customer"),
        ({"items": []}, "items"),
        ({"items": "x"}, "items"),
        ({"items": [{"description": "a", "quantity": "0"}]}, "items"),
        ({"items": [{"description": "a", "quantity": "1.0001"}]}, "items"),
        ({"items": [{"description": "a", "quantity": 5}]}, "items"),
        ({"items": [{"quantity": "5"}]}, "items"),
        ({"items": [None]}, "items"),
        ({"deadline": "tomorrow"}, "deadline"),
        ({"deadline": days_from_today(-1)}, "deadline"),
        ({"estimated_amount": 800000}, "estimated_amount"),
        ({"estimated_amount": "-1.00"}, "estimated_amount"),
        ({"estimated_amount": "1.234"}, "estimated_amount"),
        ({"estimated_amount": "NaN"}, "estimated_amount"),
        ({"opportunity": 999999}, "opportunity"),
        ({"title": "x" * 500}, "title"),
    ],
)
def test_register_bad_input_names_the_field(api, change, field):
    response = api("sales1").post("/api/inquiries/", body(**change), format="json")
    assert response.status_code == 400, response.data
    assert field in response.data


def test_missing_fields_are_named(api):
    response = api("sales1").post("/api/inquiries/", {}, format="json")
    assert response.status_code == 400
    assert {"kind", "customer", "items", "deadline", "estimated_amount"} <= set(response.data)


def test_tech_may_not_register(api):
    assert api("tech").post("/api/inquiries/", body(), format="json").status_code == 403


def test_actions_bad_input(api):
    iid = api("sales1").post("/api/inquiries/", body(), format="json").data["id"]
    url = f"/api/inquiries/{iid}"
    assert "participate" in api("head").post(f"{url}/decide/", {}, format="json").data
    bad = api("head").post(f"{url}/decide/", {"participate": "maybe"}, format="json")
    assert bad.status_code == 400
    bad = api("sales1").post(f"{url}/requests/", {"kind": "legal", "question": "?"}, format="json")
    assert bad.status_code == 400 and "kind" in bad.data
    bad = api("sales1").post(f"{url}/requests/", {"kind": "technical"}, format="json")
    assert bad.status_code == 400 and "question" in bad.data
    assert api("sales1").post(f"{url}/requests/999999/answer/", {"answer": "x"}).status_code == 404
    bad = api("sales1").post(f"{url}/outcome/", {"outcome": "draw"}, format="json")
    assert bad.status_code == 400 and "outcome" in bad.data
    bad = api("sales1").post(
        f"{url}/outcome/", {"outcome": "withdrawn", "winning_price": 5}, format="json"
    )
    assert bad.status_code == 400 and "winning_price" in bad.data
    bad = api("sales1").post(f"{url}/attachments/", {}, format="multipart")
    assert bad.status_code == 400 and "attachments" in bad.data
    assert api("sales1").get("/api/inquiries/99999999999999999999/").status_code == 404


def test_multipart_register_with_items_as_json_and_a_file(api):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from helpers import tiny_pdf

    data = body(items='[{"description": "组件", "quantity": "3"}]')
    data["attachments"] = [SimpleUploadedFile("招标文件.pdf", tiny_pdf())]
    response = api("sales1").post("/api/inquiries/", data, format="multipart")
    assert response.status_code == 201, response.data
    assert [a["name"] for a in response.data["attachments"]] == ["招标文件.pdf"]
    bad = body(items="[not json")
    assert api("sales1").post("/api/inquiries/", bad, format="multipart").status_code == 400


def test_answer_with_a_file_as_multipart(api):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from helpers import tiny_png

    iid = api("sales1").post("/api/inquiries/", body(), format="json").data["id"]
    rid = (
        api("sales1")
        .post(
            f"/api/inquiries/{iid}/requests/", {"kind": "technical", "question": "?"}, format="json"
        )
        .data["id"]
    )
    response = api("tech").post(
        f"/api/inquiries/{iid}/requests/{rid}/answer/",
        {"answer": "见图", "attachments": [SimpleUploadedFile("图.png", tiny_png())]},
        format="multipart",
    )
    assert response.status_code == 200, response.data
    assert len(response.data["attachments"]) == 1
    listed = api("sales1").get(f"/api/inquiries/{iid}/requests/")
    assert listed.status_code == 200 and listed.data[0]["answered"] is True
