"""D4 on a 390 px phone: sales1 opens 报告, drafts this week's report (figures and visits filled
in), writes a visit row, a problem and next week's plan, submits it; the head opens it from
待批阅 and comments; sales1 sees the comment. Then the head's 部门月报 draws its ECharts."""

from __future__ import annotations

import pytest
from django.utils import timezone
from helpers import no_sideways_scroll

from fieldsales.department.reports.models import SalesReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sales1_files_the_weekly_report_and_the_head_comments(phone, cast):
    page = phone("sales1")
    page.goto("/department/reports/")
    assert no_sideways_scroll(page)
    page.click("#new-weekly")
    page.wait_for_selector("#figures")
    assert page.locator('[data-figure="target"]').is_visible()
    assert no_sideways_scroll(page)
    page.locator('input[name="work_date"]').first.fill(timezone.localdate().isoformat())
    page.locator('input[name="work_customer"]').first.fill("金华五金")
    page.locator('textarea[name="work_content"]').first.fill("介绍新型号")
    page.fill("#problems-text", "样机交期紧")
    page.locator('input[name="plan_content"]').first.fill("义乌客户")
    page.locator('input[name="plan_outcome"]').first.fill("签约")
    page.once("dialog", lambda d: d.accept())
    page.click("#submit-report")
    page.wait_for_selector("#report-status:has-text('已提交')")
    report = SalesReport.objects.get(salesperson=cast["sales1"])
    assert report.status == "submitted"
    assert report.problems == "样机交期紧"
    assert report.work[0]["customer"] == "金华五金"

    head = phone("head")
    head.goto("/department/reports/")
    head.locator(f'#to-comment [data-report="{report.pk}"]').click()
    head.fill("#comment-input", "下周重点跟进义乌")
    head.click("#send-comment")
    head.wait_for_selector("#comment-text")
    assert no_sideways_scroll(head)

    page.goto(f"/department/reports/{report.pk}/")
    assert page.locator("#comment-text").inner_text() == "下周重点跟进义乌"


def test_department_report_charts_render(phone, cast):
    from fieldsales.department.reports import services

    services.department_report_create(
        actor=cast["head"],
        department_id=cast["head"].employee.department_id,
        period_start=timezone.localdate().replace(day=1),
    )
    page = phone("head")
    page.goto("/department/reports/")
    page.locator("#department-reports a.list-item").first.click()
    page.wait_for_selector("#chart-sales canvas")
    assert page.locator("#chart-visits canvas").count() == 1
    assert no_sideways_scroll(page)
