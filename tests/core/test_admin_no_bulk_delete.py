"""Issue 10.19: no list in the Django admin offers "delete selected" (documents, policy versions,
anything): what goes is removed one by one, where each admin decides."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from fieldsales.trips.models import Advance, Claim, PolicyVersion, Trip

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda m: m._meta.label)
DOCUMENTS = {
    "trips.Trip",
    "trips.Advance",
    "trips.Claim",
    "trips.PolicyVersion",
    "crm.Visit",
    "crm.ServiceRequest",
    "crm.Customer",
    "crm.Opportunity",
    "crm.SatisfactionSurvey",
    "crm.CustomerTransfer",
    "core.AuditEvent",
}


def test_the_documents_are_in_the_admin():
    assert DOCUMENTS <= {m._meta.label for m in REGISTERED}


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_no_admin_offers_delete_selected(cast, model):
    request = RequestFactory().get("/admin/")
    request.user = cast["admin"]
    assert request.user.is_superuser

    actions = admin.site._registry[model].get_actions(request)

    assert "delete_selected" not in actions


@pytest.mark.parametrize("model", [Trip, Advance, Claim, PolicyVersion])
def test_the_list_page_has_no_delete_selected(cast, client, model):
    client.force_login(cast["admin"])
    page = client.get(f"/admin/{model._meta.app_label}/{model._meta.model_name}/")

    assert page.status_code == 200
    assert b"delete_selected" not in page.content


def test_posting_delete_selected_deletes_nothing(cast, client):
    client.force_login(cast["admin"])
    future = PolicyVersion.objects.create(name="2099", effective_from="2099-01-01")
    ids = [str(pk) for pk in PolicyVersion.objects.values_list("pk", flat=True)]

    client.post(
        "/admin/trips/policyversion/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )

    assert PolicyVersion.objects.count() == 2
    assert PolicyVersion.objects.filter(pk=future.pk).exists()
