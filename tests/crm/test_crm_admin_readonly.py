"""A visit's record changes only by a correction the customer signs again: the admin shows a
visit read-only, so nothing edits a signed record behind the seal (issue 8 item 5)."""

from __future__ import annotations

import pytest
from helpers import days_from_today

from fieldsales.crm.models import Customer, Visit

pytestmark = pytest.mark.django_db


def test_admin_cannot_change_or_delete_a_visit(cast, client):
    visit = Visit.objects.create(
        customer=Customer.objects.get(code="C-0001"),
        salesperson=cast["sales1"],
        date=days_from_today(1),
        purpose="介绍新款组件",
    )
    client.force_login(cast["admin"])
    page = client.get(f"/admin/crm/visit/{visit.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    changed = client.post(f"/admin/crm/visit/{visit.pk}/change/", {"purpose": "改过的"})
    assert changed.status_code == 403
    assert client.post(f"/admin/crm/visit/{visit.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/crm/visit/add/").status_code == 403
    assert Visit.objects.get(pk=visit.pk).purpose == "介绍新款组件"
