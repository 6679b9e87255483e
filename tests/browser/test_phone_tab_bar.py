"""The phone's bottom tab bar: every tab a role has fits a 390-pixel screen, 审批 included
(a head has seven: 首页 出差 报销 客户 销售 审批 部门), none scrolled out of sight."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("user", ["head", "finance", "sales1"])
def test_every_tab_is_on_screen(phone, user):
    page = phone(user)
    page.goto("/")
    tabs = page.locator("nav.appnav a")
    assert tabs.count() >= 5
    width = page.evaluate("() => window.innerWidth")
    for n in range(tabs.count()):
        box = tabs.nth(n).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, n
    assert page.locator("nav.appnav a[href='/approvals/']").is_visible()
