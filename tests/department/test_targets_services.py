"""D1's services called directly, and the department's parameter versions."""

from __future__ import annotations

from datetime import date, time

import pytest
from targets_support import YEAR, company_payload, split_payload

from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken
from fieldsales.department.params import DEFAULT_DEPARTMENT_PARAMS
from fieldsales.department.targets import services
from fieldsales.department.targets.models import TargetStatus
from fieldsales.department.versions import DepartmentPolicyVersion, department_params_on


def test_department_parameters_default_without_a_version(db):
    params = department_params_on(date(2027, 1, 1))

    assert params == DEFAULT_DEPARTMENT_PARAMS
    assert (params.log_due, params.weekly_report_due_weekday) == (time(10, 0), 5)
    assert (params.weekly_report_due_time, params.monthly_report_due_day) == (time(9, 0), 3)


def test_department_parameters_from_the_version_in_force(db):
    DepartmentPolicyVersion.objects.create(
        name="2027 制度", effective_from=date(2027, 1, 1), log_due=time(9, 30)
    )

    assert department_params_on(date(2026, 12, 31)).log_due == time(10, 0)
    later = department_params_on(date(2027, 3, 1))
    assert (later.name, later.log_due, later.monthly_report_due_day) == (
        "2027 制度",
        time(9, 30),
        3,
    )


def test_a_new_version_in_admin_starts_from_the_latest_figures(admin_client, db):
    DepartmentPolicyVersion.objects.create(
        name="旧", effective_from=date(2026, 1, 1), log_due=time(11, 0), monthly_report_due_day=5
    )

    page = admin_client.get("/admin/department/departmentpolicyversion/add/").content.decode()

    assert 'name="log_due" value="11:00"' in page
    assert 'name="monthly_report_due_day" value="5"' in page


def test_d1_services_through_a_year(cast, sales_department):
    gm, head = cast["gm"], cast["head"]
    company = services.target_create(
        actor=gm, data=company_payload(sales_department.pk, "100.00", "50.00")
    )
    company = services.target_update(
        target=company, actor=gm, data=company_payload(sales_department.pk, "120.00", "60.00")
    )
    with pytest.raises(Forbidden):
        services.target_publish(target=company, actor=head)
    company = services.target_publish(target=company, actor=gm)
    assert (company.status, company.sales_total) == (TargetStatus.APPROVED, 120)

    people = {cast["sales1"].pk: ("120.00", "60.00")}
    split = services.target_create(actor=head, data=split_payload(sales_department.pk, people))
    split = services.target_submit(target=split, actor=head)
    split = services.target_withdraw(target=split, actor=head)
    split = services.target_submit(target=split, actor=head)
    with pytest.raises(Forbidden):
        services.target_decide(target=split, actor=head, action="approve")
    split = services.target_decide(target=split, actor=gm, action="approve", comment="")
    assert split.status == TargetStatus.APPROVED
    with pytest.raises(InvalidTransition):  # a second click
        services.target_decide(target=split, actor=gm, action="approve")

    with pytest.raises(RuleBroken):
        services.target_adjust(target=split, actor=head, reason=" ")
    adjusted = services.target_adjust(target=split, actor=head, reason="调整")
    assert (adjusted.version, adjusted.lines.count()) == (2, 26)
    adjusted = services.target_cancel(target=adjusted, actor=head)
    assert adjusted.status == TargetStatus.CANCELLED
    assert services.target_adjust(target=split, actor=head, reason="再调").version == 3
    assert split.year == YEAR
