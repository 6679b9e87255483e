"""D3 on a 390 px phone: sales1 opens 日志 in the 部门 tab, writes today's log with today's visit
listed above the three texts, and submits it; the head opens the department's day, reads the
log and comments; sales1 sees the comment."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.utils import timezone
from helpers import SCREENSHOTS, no_sideways_scroll

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "department"))
from worklogs_support import at, checked_in_visit  # noqa: E402

from fieldsales.core.workdays import (  # noqa: E402
    is_working_day,
    previous_working_day,
)
from fieldsales.crm.visits.models import Visit  # noqa: E402
from fieldsales.department.worklogs.models import WorkLog, WorkLogComment  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sales1_writes_todays_log_on_a_phone_and_the_head_comments(phone, cast):
    today = timezone.localdate()
    visit = checked_in_visit(cast, customer_name="手机日志光伏有限公司")
    day = today if is_working_day(today) else previous_working_day(today)
    if day != today:  # on a Sunday or a holiday the log is the last working day's
        Visit.objects.filter(pk=visit.pk).update(date=day, check_in_at=at(day, 9, 30))

    page = phone("sales1")
    page.goto("/department/logs/")
    page.get_by_role("link", name="写今天的日志").click()
    assert day.isoformat() in page.title() or day.isoformat() in page.inner_text("h1")
    facts = page.locator("#log-facts")
    assert "手机日志光伏有限公司" in facts.inner_text() and "介绍新组件" in facts.inner_text()
    assert no_sideways_scroll(page)
    page.fill("#id_done", "上午拜访手机日志光伏，介绍新组件")
    page.fill("#id_problems", "客户嫌交货期长")
    page.fill("#id_plan", "明天递交正式报价")
    page.screenshot(path=str(SCREENSHOTS / "worklogs-phone-write.png"), full_page=True)
    page.get_by_role("button", name="提交日志").click()
    page.locator("#log-done").wait_for()
    log = WorkLog.objects.get(person=cast["sales1"], day=day)
    assert log.status == "submitted" and log.facts["visits"][0]["purpose"] == "介绍新组件"
    assert "已提交" in page.inner_text("body")

    head = phone("head")
    head.goto(f"/department/logs/board/?day={day.isoformat()}")
    row = head.locator(f'[data-person="{cast["sales1"].pk}"]')
    assert "按时提交" in row.inner_text()
    assert no_sideways_scroll(head)
    row.click()
    head.fill("#comment-text", "报价前先和我确认底价")
    head.get_by_role("button", name="发送批注").click()
    head.get_by_text("批注已发送").wait_for()
    assert WorkLogComment.objects.get(log=log).text == "报价前先和我确认底价"

    page.goto(f"/department/logs/{log.pk}/")
    assert "报价前先和我确认底价" in page.locator("#log-comments").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "worklogs-phone-comment.png"), full_page=True)
