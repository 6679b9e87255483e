"""Issue 10.19: no list of ours in the Django admin offers "delete selected" (documents, policy
versions, the organisation's records): what goes is removed one by one, where each admin
decides. Third-party admins keep theirs (unlocking a login is deleting its AccessAttempt)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from fieldsales.trips.models import Advance, Claim, PolicyVersion, Trip

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda m: m._meta.label)
# Every model whose admin is one of ours (the users' admin included).
OURS = [m for m in REGISTERED if type(admin.site._registry[m]).__module__.startswith("fieldsales.")]
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
    "auth.User",
    "org.Employee",
}


def actions_of(model, user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return admin.site._registry[model].get_actions(request)


def test_the_documents_are_in_the_admin():
    assert {m._meta.label for m in OURS} >= DOCUMENTS


@pytest.mark.parametrize("model", OURS, ids=lambda m: m._meta.label)
def test_no_admin_of_ours_offers_delete_selected(cast, model):
    assert cast["admin"].is_superuser

    assert "delete_selected" not in actions_of(model, cast["admin"])


def test_a_lockout_is_still_lifted_by_deleting_it(cast):
    from axes.models import AccessAttempt

    assert "delete_selected" in actions_of(AccessAttempt, cast["admin"])


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
