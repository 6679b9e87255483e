"""Item 13: a companion from another department is approved by their own department head."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from test_api_lifecycle import approved_trip

from fieldsales.org.models import Department, Employee, Role

pytestmark = pytest.mark.django_db

TRAIN = {"id": "t1", "kind": "train", "amount": "50.00", "seat": "second_class", "hours": 1}


@pytest.fixture
def tech(cast):
    """A second department, 技术部, with its head 赵敏 and an engineer 孙磊."""
    User = get_user_model()
    company = Department.objects.get(name="销售部").company
    head = User.objects.create_user("tech_head", first_name="敏", last_name="赵")
    engineer = User.objects.create_user("tech1", first_name="磊", last_name="孙")
    department = Department.objects.create(company=company, name="技术部", head=head)
    Employee.objects.create(user=head, role=Role.DEPT_HEAD, department=department)
    Employee.objects.create(user=engineer, role=Role.SALESPERSON, department=department)
    return {"head": head, "engineer": engineer, "department": department}


def test_companion_claim_goes_to_the_companions_own_department_head(api, tech):
    from rest_framework.test import APIClient

    def as_user(user):
        client = APIClient()
        client.force_authenticate(user=user)
        return client

    trip = approved_trip(api, companions=[{"user": tech["engineer"].pk, "invited": False}])
    engineer, tech_head = as_user(tech["engineer"]), as_user(tech["head"])
    claim = engineer.post("/api/claims/", {"trip": trip["id"], "items": [TRAIN]}, format="json")
    assert claim.status_code == 201, claim.data
    claim_id = claim.data["id"]
    assert engineer.post(f"/api/claims/{claim_id}/submit/").status_code == 200

    # The sales head sees the trip's claims but is not this claim's approver
    assert api("head").post(f"/api/claims/{claim_id}/approve/").status_code == 403
    # The engineer's own head sees it in the inbox, opens it and approves it
    inbox = tech_head.get("/api/approvals/inbox/").data["results"]
    assert [(i["kind"], i["id"]) for i in inbox] == [("claim", claim_id)]
    assert tech_head.get(f"/api/claims/{claim_id}/").status_code == 200
    assert tech_head.get(f"/api/trips/{trip['id']}/").status_code == 200
    approved = tech_head.post(f"/api/claims/{claim_id}/approve/")
    assert approved.status_code == 200, approved.data
    assert approved.data["status"] == "submitted"
    final = api("finance").post(f"/api/claims/{claim_id}/approve/")
    assert final.data["status"] == "approved"


def test_companion_claim_page_opens_for_the_companions_head(api, tech, client):
    trip = approved_trip(api, companions=[{"user": tech["engineer"].pk, "invited": False}])
    client.force_login(tech["engineer"])
    response = client.post(
        f"/trips/{trip['id']}/claim/",
        {
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-kind": "train",
            "items-0-amount": "50.00",
            "items-0-seat": "second_class",
            "items-0-hours": "1",
            "submit": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    claim_url = response["Location"]
    client.force_login(tech["head"])
    page = client.get(claim_url)
    assert page.status_code == 200
    assert page.context["can_decide"] is True
    assert client.get(f"/trips/{trip['id']}/").status_code == 200
