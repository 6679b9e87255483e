"""D1 on a 390 px phone: the head splits 销售部's 2027 target by person and month; the running
sums and the gap show as they type, a split 0.01 short is refused with the message on screen,
and the corrected one is saved and submitted to the GM."""

from __future__ import annotations

import pytest
from helpers import SCREENSHOTS, no_sideways_scroll

from fieldsales.department.targets import services
from fieldsales.department.targets.models import Target, TargetStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
YEAR = 2027


def test_head_splits_by_month_on_a_phone(phone, cast):
    department = cast["head"].employee.department
    company = services.target_create(
        actor=cast["gm"],
        data={
            "year": YEAR,
            "level": "company",
            "sales_total": "120000.00",
            "collections_total": "0.00",
            "departments": [
                {"department": department.pk, "sales": "120000.00", "collections": "0"}
            ],
        },
    )
    services.target_publish(target=company, actor=cast["gm"])
    sales1, sales2 = cast["sales1"].pk, cast["sales2"].pk

    page = phone("head")
    page.goto(f"/department/targets/?year={YEAR}")
    page.get_by_role("link", name="分解销售部目标").click()
    page.locator(f"#sales_{sales1}_year").wait_for()
    assert no_sideways_scroll(page)

    page.fill(f"#sales_{sales1}_year", "72000")
    page.locator(
        f'[data-person="{sales1}"] .split-block[data-measure="sales"] [data-spread]'
    ).click()
    page.fill(f"#sales_{sales2}_year", "48000")
    page.locator(
        f'[data-person="{sales2}"] .split-block[data-measure="sales"] [data-spread]'
    ).click()
    total = page.locator('[data-total="sales"]')
    assert "120,000.00 / 120,000.00" in total.inner_text() and "相符" in total.inner_text()

    page.fill(f"#sales_{sales1}_m12", "5999.99")  # 0.01 short of the year
    block_sum = page.locator(
        f'[data-person="{sales1}"] .split-block[data-measure="sales"] [data-sum]'
    )
    assert "差 0.01" in block_sum.inner_text()
    page.get_by_role("button", name="保存草稿").click()

    error = page.locator("#form-errors")
    error.wait_for()
    assert "差 0.01" in error.inner_text() and "张伟" in error.inner_text()
    assert error.is_visible() and no_sideways_scroll(page)
    page.screenshot(path=str(SCREENSHOTS / "targets-split-refused.png"), full_page=True)
    assert not Target.objects.filter(level="department").exists()

    page.fill(f"#sales_{sales1}_m12", "6000.00")
    assert "相符" in block_sum.inner_text()
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("button", name="提交审批").wait_for()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="提交审批").click()
    page.get_by_text("待总经理审批").first.wait_for()
    split = Target.objects.get(level="department")
    assert split.status == TargetStatus.SUBMITTED
    assert [line.amount for line in split.lines.filter(salesperson_id=sales1, month=12)] == [6000]
