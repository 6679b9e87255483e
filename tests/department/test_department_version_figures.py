"""Issue 14's parameters on the department version: attendance and duty times, the scorecard's
weights (they must add up to 100), duty weekdays, grade thresholds; admin edits them."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fieldsales.department.params import DEFAULT_DEPARTMENT_PARAMS
from fieldsales.department.versions import DepartmentPolicyVersion, department_params_on
from fieldsales.scoring.params import DEFAULT_SCORING_PARAMS, INDICATOR_KEYS


def _version(**figures):
    return DepartmentPolicyVersion(name="2027 制度", effective_from=date(2027, 1, 1), **figures)


def test_the_defaults_are_department_md_figures():
    params = DEFAULT_DEPARTMENT_PARAMS
    assert (params.work_start, params.work_end) == (time(9, 0), time(17, 30))
    assert params.duty_weekdays == (0, 2, 4)
    assert (params.duty_start, params.duty_end, params.duty_done_by) == (
        time(8, 0),
        time(8, 20),
        time(8, 30),
    )
    scoring = params.scoring
    assert [scoring.weight(key) for key in INDICATOR_KEYS] == [30, 15, 10, 10, 10, 5, 10, 10]
    assert scoring.weights_total() == 100
    assert (scoring.ratio_cap, scoring.new_customer_target) == (Decimal("1.2"), 3)
    assert (scoring.expense_ratio_target, scoring.discipline_step) == (
        Decimal("0.03"),
        Decimal("0.2"),
    )
    assert (scoring.bonus_rate, scoring.grade_a, scoring.grade_b, scoring.grade_c) == (
        Decimal("0.01"),
        100,
        85,
        70,
    )


def test_a_saved_version_gives_its_figures(db):
    version = _version(work_start=time(8, 30), duty_weekdays="1,3", w_sales=35, w_expense=0)
    version.full_clean()
    version.save()

    params = department_params_on(date(2027, 2, 1))
    assert (params.work_start, params.duty_weekdays) == (time(8, 30), (1, 3))
    assert (params.scoring.w_sales, params.scoring.w_expense) == (35, 0)
    assert params.scoring.weights_total() == 100
    assert department_params_on(date(2026, 12, 31)).scoring == DEFAULT_SCORING_PARAMS


def test_weights_that_do_not_add_up_to_100_are_refused(db):
    with pytest.raises(ValidationError) as refused:
        _version(w_sales=31).full_clean()
    assert "w_sales" in refused.value.message_dict
    assert "100" in refused.value.message_dict["w_sales"][0]


@pytest.mark.parametrize("days", ["", "7", "1,x", "-1"])
def test_duty_weekdays_must_be_0_to_6(db, days):
    with pytest.raises(ValidationError) as refused:
        _version(duty_weekdays=days).full_clean()
    assert "duty_weekdays" in refused.value.message_dict


def test_grades_must_descend_and_the_cap_be_positive(db):
    with pytest.raises(ValidationError) as refused:
        _version(grade_b=Decimal(101), ratio_cap=Decimal(0)).full_clean()
    assert {"grade_a", "ratio_cap"} <= set(refused.value.message_dict)


def test_admin_refuses_weights_off_100_and_starts_from_the_latest(admin_client, db):
    DepartmentPolicyVersion.objects.create(
        name="旧", effective_from=date(2026, 1, 1), w_sales=35, w_growth=5
    )
    page = admin_client.get("/admin/department/departmentpolicyversion/add/").content.decode()
    assert 'name="w_sales" value="35.00"' in page

    form = {"name": "新", "effective_from": "2027-01-01", "log_due": "10:00"}
    form |= {"weekly_report_due_weekday": "5", "weekly_report_due_time": "09:00"}
    form |= {"monthly_report_due_day": "3", "work_start": "09:00", "work_end": "17:30"}
    form |= {"duty_weekdays": "0,2,4", "duty_start": "08:00", "duty_end": "08:20"}
    form |= {"duty_done_by": "08:30", "ratio_cap": "1.2", "new_customer_target": "3"}
    form |= {"expense_ratio_target": "0.03", "discipline_step": "0.2", "bonus_rate": "0.01"}
    form |= {"grade_a": "100", "grade_b": "85", "grade_c": "70"}
    form |= {f"w_{key}": str(DEFAULT_SCORING_PARAMS.weight(key)) for key in INDICATOR_KEYS}
    refused = admin_client.post(
        "/admin/department/departmentpolicyversion/add/", form | {"w_manager": "11"}
    )
    assert refused.status_code == 200 and "100" in refused.content.decode()
    assert not DepartmentPolicyVersion.objects.filter(name="新").exists()

    saved = admin_client.post("/admin/department/departmentpolicyversion/add/", form)
    assert saved.status_code == 302
    assert DepartmentPolicyVersion.objects.get(name="新").scoring_params() == DEFAULT_SCORING_PARAMS
