"""Two clicks at once: one version 1 of a year's target, one adjustment of the version in force
(the target row is locked; a partial unique constraint keeps one open version)."""

from __future__ import annotations

import pytest
from helpers import client_for, run_together
from targets_support import company_payload, publish_company

from fieldsales.department.models import Target

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_company_targets_at_once_make_one(api, cast, sales_department):
    gm = cast["gm"]
    payload = company_payload(sales_department.pk, "100.00", "100.00")

    def post():
        return client_for(gm).post("/api/targets/", payload, format="json")

    codes = sorted(r.status_code for r in run_together([post, post]))
    assert codes == [201, 409]
    assert Target.objects.count() == 1


def test_two_adjustments_at_once_make_one_new_version(api, cast, sales_department):
    first = publish_company(api, sales_department.pk)
    gm = cast["gm"]

    def adjust():
        return client_for(gm).post(
            f"/api/targets/{first['id']}/adjust/", {"reason": "调整"}, format="json"
        )

    codes = sorted(r.status_code for r in run_together([adjust, adjust]))
    assert codes == [201, 409]
    assert sorted(Target.objects.values_list("version", flat=True)) == [1, 2]
