"""Two approvals of one scorecard at once: the row lock lets one through (200), the other
finds it approved (409)."""

from __future__ import annotations

import pytest
from helpers import client_for, run_together
from scorecards_support import card_of, gather, quarter_data

from fieldsales.core.audit import audit_trail
from fieldsales.department.scorecards.models import Scorecard

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_approvals_at_once_approve_once(api, cast, sales_department):
    quarter_data(api, cast, sales_department.pk)
    gather(api, department=sales_department.pk)
    pk = card_of(api, "head", cast["sales1"])["id"]
    url = f"/api/scorecards/{pk}/"
    api("head").post(f"{url}review/", {"points": "8.00"}, format="json")
    api("sales1").post(f"{url}acknowledge/")

    def approve():
        return client_for(cast["gm"]).post(f"{url}approve/")

    answers = run_together([approve, approve])

    assert sorted(r.status_code for r in answers) == [200, 409]
    steps = audit_trail(Scorecard.objects.get(pk=pk))
    assert steps.filter(action="approve").count() == 1
