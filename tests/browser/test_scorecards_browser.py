"""D6 in the browser: head opens the 考核 tab, picks the quarter, adds the points and a
comment; sales1 acknowledges on a 390 px phone (no sideways scrolling, the buttons within
reach); gm approves and the scorecard is frozen."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from helpers import no_sideways_scroll, shot

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "department"))

from scorecards_support import LABEL, gather, quarter_data  # noqa: E402

from fieldsales.department.scorecards.models import Scorecard, ScorecardStatus  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_head_scores_sales1_acknowledges_on_the_phone_gm_approves(desktop, phone, api, cast):
    department = cast["head"].employee.department
    quarter_data(api, cast, department.pk)
    assert gather(api, department=department.pk).status_code == 200
    card = Scorecard.objects.get(salesperson=cast["sales1"], year=2026, quarter=2)

    page = desktop("head")
    page.goto("/department/")
    page.get_by_role("link", name="考核").first.click()
    page.select_option("#sc-quarter", LABEL)
    page.get_by_role("button", name="查看").click()
    page.locator(f'tr[data-card="{card.pk}"]').get_by_role("link").click()
    page.fill("#sc-points", "8")
    page.fill("#sc-comment", "客户开发积极，回款及时。")
    page.get_by_role("button", name="保存评分并请本人确认").click()
    page.get_by_text("评分已保存").wait_for()
    shot(page, "scorecards-detail-desktop")
    card.refresh_from_db()
    assert card.status == ScorecardStatus.REVIEWED and card.manager_points == 8

    on_phone = phone("sales1")
    on_phone.goto(f"/department/scorecards/{card.pk}/")
    assert no_sideways_scroll(on_phone)
    assert "出差报告逾期" in on_phone.content()
    button = on_phone.get_by_role("button", name="确认考核结果")
    box = button.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert box["height"] >= 40
    shot(on_phone, "scorecards-acknowledge-phone")
    button.click()
    on_phone.get_by_text("已确认季度考核").wait_for()
    card.refresh_from_db()
    assert card.status == ScorecardStatus.ACKNOWLEDGED

    gm = desktop("gm")
    gm.goto(f"/department/scorecards/{card.pk}/")
    gm.once("dialog", lambda dialog: dialog.accept())
    gm.get_by_role("button", name="审批通过").click()
    gm.get_by_text("季度考核已审批").first.wait_for()
    card.refresh_from_db()
    assert card.status == ScorecardStatus.APPROVED and card.approved_by == cast["gm"]
    assert gm.get_by_role("button", name="审批通过").count() == 0
    pdf = gm.request.get(f"/department/scorecards/{card.pk}/print.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
